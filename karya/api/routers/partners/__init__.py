"""Partners of one unit: the partners and their contacts, the agreements from exploration to
the PKS (with the head's approval), their products, obligations and document list, and the
visits with their follow-ups.

Reading needs Perm.PARTNER_VIEW, writing Perm.PARTNER_MANAGE, approving or rejecting a move
Perm.AGREEMENT_APPROVE (the head): a role without the permission gets 403 `forbidden`. Every
endpoint runs its queries, and builds its answer, inside the unit's scope; the rules are in
`karya.partners.services`. Uploading a signed scan is done on the agreement's page only; the
API lists the documents' metadata."""

from ninja import Router

from karya.api.routers.partners import agreements, partners, visits

router = Router()
router.add_router("", partners.router)
router.add_router("", agreements.router)
router.add_router("", visits.router)

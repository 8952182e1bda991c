from ninja import Router, Schema

from karya.accounts.selectors import memberships_of
from karya.api.errors import ErrorOut

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    id: int
    role: str
    scope: str
    facility_code: str | None
    region_code: str | None
    partner_id: int | None = None


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    summary="The authenticated user and their active roles",
)
def me(request):
    memberships = [
        MembershipOut(
            id=m.pk,
            role=m.role,
            scope=m.scope,
            facility_code=m.facility.code if m.facility else None,
            region_code=m.region.code if m.region else None,
            partner_id=m.partner_id,
        )
        for m in memberships_of(request.user).filter(is_active=True)
    ]
    return MeOut(
        username=request.user.username, full_name=request.user.full_name, memberships=memberships
    )

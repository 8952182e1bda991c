"""Writes on workshops."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karya.accounts.choices import Role
from karya.accounts.models import Membership
from karya.audit.services import audited_create, audited_update
from karya.core.errors import Conflict, DomainError
from karya.inmates.choices import Stage
from karya.programs.choices import WorkSession
from karya.programs.models import Workshop

M2M_FIELDS = ("supervisors", "products")


def _check(fields: dict[str, Any]) -> None:
    stages = fields.get("allowed_stages")
    if stages is not None and (not stages or set(stages) - set(Stage.values)):
        raise DomainError(_("Choose at least one pembinaan stage."), field="allowed_stages")
    days = fields.get("working_days")
    if days is not None and (not days or set(days) - set(range(7))):
        raise DomainError(_("Choose at least one working day."), field="working_days")
    sessions = fields.get("sessions")
    if sessions is not None and (not sessions or set(sessions) - set(WorkSession.values)):
        raise DomainError(_("Choose at least one session."), field="sessions")


def _set_m2m(workshop: Workshop, m2m: dict[str, Any]) -> None:
    for name, values in m2m.items():
        if values is not None:
            getattr(workshop, name).set(values)


@transaction.atomic
def workshop_create(*, actor, facility, **fields: Any) -> Workshop:
    """Create a workshop of a unit. Products must be the unit's own. Side effect: an audit
    row."""
    m2m = {name: fields.pop(name, None) for name in M2M_FIELDS}
    _check(fields)
    if Workshop.objects.filter(facility=facility, name=fields.get("name", "")).exists():
        raise Conflict(
            _("The unit already has a workshop with this name."), field="name", code="duplicate"
        )
    _check_products(facility, m2m.get("products"))
    _check_supervisors(facility, m2m.get("supervisors"))
    workshop = audited_create(actor=actor, model=Workshop, facility=facility, **fields)
    _set_m2m(workshop, m2m)
    return workshop


@transaction.atomic
def workshop_update(*, actor, workshop: Workshop, **fields: Any) -> Workshop:
    """Change a workshop. Lowering the capacity below the current allocations is allowed (no
    new allocation fits until some end). Side effect: an audit row if anything changed."""
    m2m = {name: fields.pop(name, None) for name in M2M_FIELDS}
    _check(fields)
    name = fields.get("name")
    if (
        name
        and name != workshop.name
        and Workshop.objects.filter(facility_id=workshop.facility_id, name=name).exists()
    ):
        raise Conflict(
            _("The unit already has a workshop with this name."), field="name", code="duplicate"
        )
    _check_products(workshop.facility, m2m.get("products"))
    _check_supervisors(workshop.facility, m2m.get("supervisors"))
    audited_update(actor=actor, instance=workshop, **fields)
    _set_m2m(workshop, m2m)
    return workshop


def _check_products(facility, products) -> None:
    if products and any(p.facility_id != facility.pk for p in products):
        raise DomainError(_("A workshop can only make its own unit's products."), field="products")


def _check_supervisors(facility, supervisors) -> None:
    """Supervisors are officers or heads of the unit (users or their ids)."""
    if not supervisors:
        return
    wanted = {getattr(user, "pk", user) for user in supervisors}
    allowed = set(
        Membership.objects.active()
        .filter(facility=facility, role__in=[Role.OFFICER, Role.HEAD], user_id__in=wanted)
        .values_list("user_id", flat=True)
    )
    if wanted - allowed:
        raise DomainError(
            _("A supervisor must be an officer or the head of this unit."), field="supervisors"
        )

"""Yearly targets per unit and the indicators they are set for (issue 8). National staff set
them; every dashboard compares them with the figures. The PNBP indicator's targets are the
units' PNBP targets of the finance area (`karya.finance.services.pnbp.pnbp_target_set`), never
stored here."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.errors import Conflict, DomainError
from karya.reports.choices import Measure
from karya.reports.measures import COUNT, PERCENT, QUANTITY, RUPIAH, kind_of
from karya.reports.models import Indicator, UnitTarget

FIRST_YEAR, LAST_YEAR = 2000, 2100
NAME_MAX, DESCRIPTION_MAX = 150, 300
# The indicators every unit's targets are set for (code, name, figure, position); the data
# migration 0002 adds the same ones to a new database.
BUILTIN = (
    ("partisipasi", "Partisipasi kerja WBP (%)", Measure.PARTICIPATION, 10),
    ("pnbp", "Realisasi PNBP", Measure.PNBP_DEPOSITED, 20),
    ("wbp-bersertifikat", "WBP bersertifikat kompetensi", Measure.CERTIFIED_INMATES, 30),
    ("mitra", "Mitra dengan PKS berlaku", Measure.PARTNERS_ACTIVE, 40),
    ("produk-ekatalog", "Produk tayang di e-Katalog", Measure.EKATALOG_LISTED, 50),
)


@transaction.atomic
def indicators_builtin_ensure() -> int:
    """Add the built-in indicators that are missing (a database emptied by a test's flush, an
    old backup); those present are left as they are. Returns how many were added."""
    added = 0
    for code, name, measure, position in BUILTIN:
        _indicator, created = Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "measure": measure, "builtin": True, "position": position},
        )
        added += created
    return added


def _year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("Give a year such as 2026."), field="year")
    return year


def clean_target(indicator: Indicator, value) -> Decimal | None:
    """A target typed for an indicator: empty is no target; a percentage from 0 to 100 with
    one decimal at most; a count, quantity or amount a whole number from 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation as exc:
        raise DomainError(
            _("%(name)s: give a number.") % {"name": indicator.name}, field=indicator.code
        ) from exc
    if not number.is_finite() or number < 0:
        raise DomainError(
            _("%(name)s: give a number from 0.") % {"name": indicator.name}, field=indicator.code
        )
    kind = kind_of(indicator.measure)
    if kind == PERCENT:
        if number > 100 or number != number.quantize(Decimal("0.1")):
            raise DomainError(
                _("%(name)s: give a percentage from 0 to 100, one decimal at most.")
                % {"name": indicator.name},
                field=indicator.code,
            )
    elif kind in (COUNT, QUANTITY, RUPIAH) and number != number.to_integral_value():
        raise DomainError(
            _("%(name)s: give a whole number.") % {"name": indicator.name}, field=indicator.code
        )
    return number


@transaction.atomic
def unit_targets_set(*, actor, facility, year: int, values: dict[Indicator, object]) -> int:
    """Set, change or remove (empty value) the unit's targets of a year, all or none.

    Refused: a year outside 2000–2100, the PNBP indicator (its target is the finance area's),
    a value that does not fit its indicator (see `clean_target`). Side effects: target rows
    created, changed or deleted, one audit row each. Returns how many changed."""
    year = _year(year)
    cleaned = {}
    for indicator, value in values.items():
        if indicator.reads_finance_target:
            raise DomainError(
                _("The PNBP target is set by the unit's treasurer on the PNBP page."),
                field=indicator.code,
            )
        cleaned[indicator] = clean_target(indicator, value)
    existing = {
        t.indicator_id: t
        for t in UnitTarget.objects.select_for_update().filter(
            facility=facility, year=year, indicator__in=list(cleaned)
        )
    }
    changed = 0
    for indicator, value in cleaned.items():
        target = existing.get(indicator.pk)
        if value is None and target is not None:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.DELETE,
                instance=target,
                before=snapshot(target, ["year", "indicator", "value"]),
            )
            target.delete()
            changed += 1
        elif value is not None and target is None:
            audited_create(
                actor=actor,
                model=UnitTarget,
                facility=facility,
                year=year,
                indicator=indicator,
                value=value,
            )
            changed += 1
        elif value is not None and target.value != value:
            audited_update(actor=actor, instance=target, value=value)
            changed += 1
    return changed


def _clean_indicator(name: str, description: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the indicator a name."), field="name")
    if len(name) > NAME_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NAME_MAX}, field="name")
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("At most %(max)s characters.") % {"max": DESCRIPTION_MAX}, field="description"
        )
    return name, description


def _free_code(name: str) -> str:
    base = slugify(name)[:34] or "indikator"
    code, n = base, 1
    while Indicator.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def indicator_create(*, actor, name: str, measure: str, description: str = "") -> Indicator:
    """Add an indicator for a ministry programme: a name and the figure it is measured by.

    Refused: no name, a name in use, an unknown figure. Side effect: the indicator and its
    audit row."""
    name, description = _clean_indicator(name, description)
    if measure not in Measure.values:
        raise DomainError(_("Choose the figure the indicator is measured by."), field="measure")
    if Indicator.objects.filter(name__iexact=name).exists():
        raise Conflict(_("An indicator has this name already."), code="duplicate", field="name")
    try:
        with transaction.atomic():
            return audited_create(
                actor=actor,
                model=Indicator,
                code=_free_code(name),
                name=name,
                measure=measure,
                description=description,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("An indicator has this name already."), code="duplicate", field="name"
        ) from exc


@transaction.atomic
def indicator_update(
    *, actor, indicator: Indicator, name: str, description: str = "", is_active: bool = True
) -> Indicator:
    """Rename, describe, stop or resume using an indicator (its figure never changes: the
    targets set for it stay comparable). A built-in indicator stays in use. Side effect: an
    audit row of what changed."""
    name, description = _clean_indicator(name, description)
    if Indicator.objects.filter(name__iexact=name).exclude(pk=indicator.pk).exists():
        raise Conflict(_("An indicator has this name already."), code="duplicate", field="name")
    if indicator.builtin and not is_active:
        raise DomainError(_("A built-in indicator stays in use."), field="is_active")
    return audited_update(
        actor=actor, instance=indicator, name=name, description=description, is_active=is_active
    )

"""The unit's premi setting and the workshops' premi terms per product."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.errors import DomainError
from karya.core.money import rupiah
from karya.premi.choices import PayoutChannel
from karya.premi.models import PremiProductTerms, PremiSetting
from karya.programs.models import Workshop

SETTING_FIELDS = ("spendable_percent", "payout_channel", "provider")
PROVIDER_MAX = PremiSetting._meta.get_field("provider").max_length


@transaction.atomic
def premi_setting_save(
    *, actor, facility, spendable_percent: int, payout_channel: str, provider: str = ""
) -> PremiSetting:
    """Set how premi reaches the unit's inmates and the spendable share of each credit
    (0–100%). Applies to runs approved from now on; credits already posted keep their split.
    Side effect: an audit row with the earlier values."""
    try:
        percent = int(spendable_percent)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give a whole percentage."), field="spendable_percent") from exc
    if not 0 <= percent <= 100:
        raise DomainError(_("Give a percentage from 0 to 100."), field="spendable_percent")
    if payout_channel not in PayoutChannel.values:
        raise DomainError(_("Choose how premi reaches the inmate."), field="payout_channel")
    provider = (provider or "").strip()
    if len(provider) > PROVIDER_MAX:
        raise DomainError(
            _("At most %(max)s characters.") % {"max": PROVIDER_MAX}, field="provider"
        )
    setting = PremiSetting.objects.select_for_update().filter(facility=facility).first()
    before = snapshot(setting, SETTING_FIELDS) if setting else {}
    if setting is None:
        setting = PremiSetting(facility=facility)
    setting.spendable_percent = percent
    setting.payout_channel = payout_channel
    setting.provider = provider
    setting.updated_by = actor if getattr(actor, "pk", None) else None
    setting.save()
    after = snapshot(setting, SETTING_FIELDS)
    if before != after:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            instance=setting,
            before=before,
            after=after,
        )
    return setting


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Give a number."), field=field) from exc
    if not number.is_finite():
        raise DomainError(_("Give a number."), field=field)
    return number


@transaction.atomic
def premi_terms_save(
    *, actor, workshop: Workshop, product, weight, piece_rate
) -> PremiProductTerms:
    """Set how the workshop counts one of its products for premi: the weight (above 0, at most
    two decimals) and the piece rate (whole rupiah, 0 or more). Runs already approved keep
    the weights they used. Side effect: an audit row."""
    if not workshop.products.filter(pk=product.pk).exists():
        raise DomainError(_("This workshop does not make that product."), field="product")
    weight = _decimal(weight, "weight")
    if weight <= 0 or weight > 999_999 or weight != weight.quantize(Decimal("0.01")):
        raise DomainError(
            _("The weight must be above 0, with at most two decimals."), field="weight"
        )
    try:
        rate = rupiah(piece_rate if piece_rate not in (None, "") else 0)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the piece rate in whole rupiah."), field="piece_rate") from exc
    if rate < 0 or Decimal(str(piece_rate or 0)) != rate:
        raise DomainError(_("Give the piece rate in whole rupiah."), field="piece_rate")
    terms = (
        PremiProductTerms.objects.select_for_update()
        .filter(workshop=workshop, product=product)
        .first()
    )
    before = snapshot(terms, ("weight", "piece_rate")) if terms else {}
    if terms is None:
        terms = PremiProductTerms(
            facility_id=workshop.facility_id, workshop=workshop, product=product
        )
    terms.weight = weight
    terms.piece_rate = rate
    terms.save()
    after = snapshot(terms, ("weight", "piece_rate"))
    if before != after:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            instance=terms,
            before=before,
            after=after,
        )
    return terms

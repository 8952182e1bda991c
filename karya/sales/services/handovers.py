"""Pick-ups of goods by a partner (pengambilan / serah terima hasil karya) and their BAST.

A handover is recorded as a DRAFT under an agreement of the unit, changed freely (parties,
lines, photos), then POSTED: it gets its number (BAST/<unit>/<yyyy>/<mm>/<nnnn>, dated the
handover's day in the unit's zone, never reused, without gaps) and does what its scheme implies,
all in one transaction (all of it or nothing):

- beli putus: the goods are taken out of the source location as sold, and a sale (channel
  HANDOVER) with its invoice to the partner is made at the lines' prices;
- konsinyasi: the goods move to the partner's own stock location (kind partner, linked to the
  partner; made, named after the partner, the first time) and stay the unit's until settled;
- maklon: the partner's goods leave the source location as sold (they were never valued as
  the unit's stock: the production order received them at the product's cost price only for
  tracking), and the fee (quantity × fee per unit) becomes a sale (channel MAKLON) with its
  invoice, a receivable.

Decisions (documented for users in the pages' help texts):
- The agreement must be open as an MoU or a PKS (an exploration has no agreed terms; an expired
  or terminated agreement no longer allows pick-ups), name the scheme, and be valid on the
  day of the handover (between its start and end dates when it has them).
- The invoice is due on the day the agreement's payment terms name ("… 14 hari …": 14 days
  after the handover), else DEFAULT_PAYMENT_DAYS (30) days after the handover.
- The officer must work in the unit (a membership of the unit); the head who acknowledges must
  hold the head role in the unit.
- A draft may be dated in the future (prepared ahead); it is posted only once the time has
  come.
- Photos may be added to a draft or a posted handover (they are evidence, not part of the BAST);
  they are removed only from a draft.
- A posted handover is never changed or deleted. `handover_reverse` makes a reversing handover
  (its own BAST number) that undoes stock and money exactly; it is refused while money received
  for the sale has not been paid back, and for consignment when the partner no longer holds
  the goods (they were sold or returned: settle or take them back instead).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership
from karya.accounts.permissions import access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.dates import local, tanggal
from karya.core.errors import Conflict, DomainError
from karya.core.images import clean_image
from karya.core.money import format_rupiah, rupiah
from karya.core.numbering import next_number
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockLocation
from karya.inventory.services import (
    InsufficientStock,
    stock_receive,
    stock_take,
    stock_transfer,
)
from karya.inventory.services.moves import MAX_QUANTITY, available
from karya.partners.choices import AgreementStatus
from karya.partners.models import Agreement, AgreementProduct
from karya.sales.choices import (
    SERIES_HANDOVER,
    Channel,
    CustomerKind,
    HandoverScheme,
    HandoverStatus,
)
from karya.sales.models import Handover, HandoverLine, HandoverPhoto, Sale
from karya.sales.services.payments import sale_paid
from karya.sales.services.sales import MAX_PRICE, InvoiceInput, LineInput, sale_create, sale_reverse

DEFAULT_PAYMENT_DAYS = 30
HANDOVER_OPEN_STATUSES = (AgreementStatus.MOU, AgreementStatus.PKS)
PHOTO_LIMIT = 12
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
PAYMENT_DAYS_PATTERN = re.compile(r"(\d{1,3})\s*hari", re.IGNORECASE)

TEXT_LIMITS = {
    "partner_representative": Handover._meta.get_field("partner_representative").max_length,
    "partner_representative_position": Handover._meta.get_field(
        "partner_representative_position"
    ).max_length,
    "officer_position": Handover._meta.get_field("officer_position").max_length,
    "note": 2000,
    "reason": Handover._meta.get_field("reason").max_length,
}
PARTY_FIELDS = (
    "handed_over_at",
    "source",
    "officer",
    "officer_position",
    "partner_representative",
    "partner_representative_position",
    "head",
    "note",
)


# --- checks ---------------------------------------------------------------------------------


def _text(value, field: str, *, required: bool = False, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(message, field=field)
    limit = TEXT_LIMITS[field]
    if len(value) > limit:
        raise DomainError(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def _local_day(moment: dt.datetime, facility) -> dt.date:
    return local(moment, facility.timezone).date()


def _check_agreement(agreement: Agreement, scheme: str, day: dt.date | None = None) -> None:
    """The agreement allows a pick-up under `scheme` (on `day`, when given)."""
    if agreement.status not in HANDOVER_OPEN_STATUSES:
        raise DomainError(
            _(
                "Goods are handed over only under an MoU or a PKS in force; this agreement is "
                "%(status)s."
            )
            % {"status": agreement.get_status_display()},
            code="agreement_not_open",
            field="agreement",
        )
    if scheme not in HandoverScheme.values:
        raise DomainError(
            _("Choose beli putus, konsinyasi or maklon as the scheme."), field="scheme"
        )
    if scheme not in (agreement.schemes or []):
        raise DomainError(
            _("The agreement does not provide for %(scheme)s.")
            % {"scheme": HandoverScheme(scheme).label},
            field="scheme",
        )
    if day is None:
        return
    if agreement.start_date and day < agreement.start_date:
        raise DomainError(
            _("The agreement is in force only from %(date)s.")
            % {"date": tanggal(agreement.start_date)},
            field="handed_over_at",
        )
    if agreement.end_date and day > agreement.end_date:
        raise DomainError(
            _("The agreement was in force only until %(date)s.")
            % {"date": tanggal(agreement.end_date)},
            field="handed_over_at",
        )


def _works_in(user, facility) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, scope=ScopeType.FACILITY, facility=facility)
        .exists()
    )


def _check_parties(facility, fields: dict) -> None:
    moment = fields.get("handed_over_at")
    if not isinstance(moment, dt.datetime):
        raise DomainError(_("Give the date and time of the handover."), field="handed_over_at")
    if timezone.is_naive(moment):
        raise DomainError(_("Give the time with its time zone."), field="handed_over_at")
    source = fields.get("source")
    if source is None or source.facility_id != facility.pk:
        raise DomainError(_("Choose a stock location of this unit."), field="source")
    if source.kind == LocationKind.PARTNER:
        raise DomainError(
            _("Goods are handed over from the unit's own store or gallery, not from a partner."),
            field="source",
        )
    if not source.is_active:
        raise DomainError(
            _("%(location)s is no longer in use; choose another location.")
            % {"location": source.name},
            field="source",
        )
    officer = fields.get("officer")
    if officer is None or not officer.is_active or not _works_in(officer, facility):
        raise DomainError(_("Choose an officer who works in this unit."), field="officer")
    head = fields.get("head")
    if head is None or not head.is_active or Role.HEAD not in access_for(head).roles_in(facility):
        raise DomainError(
            _("Choose the head of the unit (a user holding the head role here)."), field="head"
        )


def _clean_parties(facility, fields: dict) -> dict:
    fields = dict(fields)
    fields["partner_representative"] = _text(
        fields.get("partner_representative"),
        "partner_representative",
        required=True,
        message=_("Give the name of the partner's representative who collects the goods."),
    )
    fields["partner_representative_position"] = _text(
        fields.get("partner_representative_position"), "partner_representative_position"
    )
    fields["officer_position"] = _text(fields.get("officer_position"), "officer_position")
    fields["note"] = _text(fields.get("note"), "note")
    _check_parties(facility, fields)
    if not fields["officer_position"]:
        fields["officer_position"] = officer_position_for(fields["officer"], facility)
    return fields


def officer_position_for(user, facility) -> str:
    """What the BAST prints as the officer's position: the officer's role in the unit, in
    Indonesian (the head's role first, then the output officer's, then any other)."""
    order = [Role.HEAD, Role.OUTPUT_OFFICER, Role.OFFICER, Role.TREASURER, Role.PR, Role.SECURITY]
    roles = set(
        Membership.objects.active()
        .filter(user=user, scope=ScopeType.FACILITY, facility=facility)
        .values_list("role", flat=True)
    )
    for role in order:
        if role in roles:
            with translation.override("id"):
                return str(Role(role).label)
    return ""


def _locked(handover: Handover) -> Handover:
    return (
        Handover.objects.select_for_update(of=("self",))
        .select_related("facility", "agreement", "partner", "source")
        .get(pk=handover.pk)
    )


def _check_draft(handover: Handover) -> None:
    if handover.status != HandoverStatus.DRAFT:
        raise Conflict(
            _("%(handover)s is posted: it can no longer be changed. Reverse it instead.")
            % {"handover": handover.number},
            code="handover_posted",
        )


# --- drafts ---------------------------------------------------------------------------------


@transaction.atomic
def handover_create(
    *,
    actor,
    agreement: Agreement,
    scheme: str,
    handed_over_at: dt.datetime,
    source: StockLocation,
    officer,
    partner_representative: str,
    head,
    partner_representative_position: str = "",
    officer_position: str = "",
    note: str = "",
) -> Handover:
    """Record a draft pick-up under an open MoU or PKS of the unit, with one of the agreement's
    schemes (beli putus, konsinyasi, maklon). `handed_over_at` is aware (typed in the unit's
    zone); the source is the unit's own location in use; the officer works in the unit; the head
    holds the head role in the unit. The officer's position defaults to the officer's role.
    Side effect: the draft and its audit row. Nothing moves until it is posted."""
    facility = agreement.facility
    _check_agreement(agreement, scheme)
    fields = _clean_parties(
        facility,
        {
            "handed_over_at": handed_over_at,
            "source": source,
            "officer": officer,
            "officer_position": officer_position,
            "partner_representative": partner_representative,
            "partner_representative_position": partner_representative_position,
            "head": head,
            "note": note,
        },
    )
    _check_agreement(agreement, scheme, _local_day(handed_over_at, facility))
    return audited_create(
        actor=actor,
        model=Handover,
        facility=facility,
        agreement=agreement,
        partner_id=agreement.partner_id,
        scheme=scheme,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )


@transaction.atomic
def handover_update(*, actor, handover: Handover, **fields) -> Handover:
    """Change a draft's parties, time, source, note or scheme (fields left out keep their
    value). The scheme changes only while the draft has no lines (their prices follow it).
    Side effect: an audit row of what changed."""
    unknown = set(fields) - set(PARTY_FIELDS) - {"scheme"}
    if unknown:
        raise TypeError(f"Unknown handover fields: {sorted(unknown)}")
    current = _locked(handover)
    _check_draft(current)
    scheme = fields.pop("scheme", current.scheme)
    if scheme != current.scheme and current.lines.exists():
        raise DomainError(
            _("Remove the lines before changing the scheme: their prices follow the scheme."),
            field="scheme",
        )
    values = {name: getattr(current, name) for name in PARTY_FIELDS} | fields
    if "officer" in fields and "officer_position" not in fields:
        values["officer_position"] = ""  # the new officer's own role
    values = _clean_parties(current.facility, values)
    _check_agreement(
        current.agreement, scheme, _local_day(values["handed_over_at"], current.facility)
    )
    return audited_update(actor=actor, instance=current, scheme=scheme, **values)


@transaction.atomic
def handover_delete(*, actor, handover: Handover) -> None:
    """Delete a draft with its lines and photos (a posted handover is never deleted).
    Side effects: audit rows, the photo files removed once the deletion is committed."""
    current = _locked(handover)
    _check_draft(current)
    photos = list(current.photos.all())
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=current,
        before={
            **snapshot(current),
            "lines": [str(line) for line in current.lines.select_related("product")],
        },
    )
    names = [photo.image.name for photo in photos]
    storage = photos[0].image.storage if photos else None
    current.delete()
    if storage is not None:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _agreed(handover: Handover, product) -> AgreementProduct:
    agreed = AgreementProduct.objects.filter(agreement=handover.agreement, product=product).first()
    if agreed is None:
        raise DomainError(
            _("%(product)s is not one of the agreement's products.") % {"product": product},
            field="product",
        )
    return agreed


def default_unit_price(handover: Handover, product) -> Decimal | None:
    """The price a line takes when none is typed: the maklon fee per unit under maklon, else
    the price agreed for the product (None when the agreement sets no maklon fee)."""
    agreed = _agreed(handover, product)
    if handover.scheme == HandoverScheme.MAKLON:
        return handover.agreement.maklon_fee_per_unit
    return agreed.agreed_price


def _clean_price(handover: Handover, product, unit_price) -> Decimal:
    if unit_price is None or unit_price == "":
        price = default_unit_price(handover, product)
        if price is None:
            raise DomainError(
                _("The agreement sets no maklon fee per unit: give the fee per unit."),
                field="unit_price",
            )
        return price
    try:
        price = rupiah(unit_price)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the unit price in whole rupiah."), field="unit_price") from exc
    if price < 0 or price > MAX_PRICE:
        raise DomainError(_("Give a unit price from Rp 0."), field="unit_price")
    return price


def _clean_line(handover: Handover, product, lot, quantity) -> int:
    if product is None or product.facility_id != handover.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    _agreed(handover, product)
    if lot is not None and (
        lot.facility_id != handover.facility_id or lot.product_id != product.pk
    ):
        raise DomainError(
            _("Lot %(lot)s is not a lot of %(product)s.") % {"lot": lot.code, "product": product},
            field="lot",
        )
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise DomainError(_("Give a whole quantity above zero."), field="quantity")
    if quantity > MAX_QUANTITY:
        raise DomainError(
            _("A quantity may be at most %(max)s.")
            % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")},
            field="quantity",
        )
    return quantity


def _check_not_twice(handover: Handover, product, lot, exclude: int | None = None) -> None:
    same = HandoverLine.objects.filter(handover=handover, product=product, lot=lot)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        what = f"{product} ({lot.code})" if lot is not None else str(product)
        raise Conflict(
            _("%(item)s is already on this handover: change the quantity of that line.")
            % {"item": what},
            code="duplicate",
            field="product",
        )


@transaction.atomic
def handover_line_add(
    *, actor, handover: Handover, product, quantity: int, lot=None, unit_price=None
) -> HandoverLine:
    """Add a product (and lot) of the agreement to a draft: a whole quantity above zero at the
    agreement's price (the maklon fee per unit under maklon) unless a price is given. A product
    and lot appear once per handover. Side effect: the line and its audit row."""
    current = _locked(handover)
    _check_draft(current)
    quantity = _clean_line(current, product, lot, quantity)
    price = _clean_price(current, product, unit_price)
    _check_not_twice(current, product, lot)
    return audited_create(
        actor=actor,
        model=HandoverLine,
        facility_id=current.facility_id,
        handover=current,
        product=product,
        lot=lot,
        quantity=quantity,
        unit_price=price,
    )


@transaction.atomic
def handover_line_update(
    *, actor, line: HandoverLine, quantity: int, lot=None, unit_price=None
) -> HandoverLine:
    """Change a draft line's quantity, lot or price (an empty price takes the agreement's
    again). Side effect: an audit row of what changed."""
    current = _locked(line.handover)
    _check_draft(current)
    line = HandoverLine.objects.select_related("product").get(pk=line.pk)
    quantity = _clean_line(current, line.product, lot, quantity)
    price = _clean_price(current, line.product, unit_price)
    _check_not_twice(current, line.product, lot, exclude=line.pk)
    return audited_update(actor=actor, instance=line, quantity=quantity, lot=lot, unit_price=price)


@transaction.atomic
def handover_line_remove(*, actor, line: HandoverLine) -> None:
    """Remove a line from a draft. Side effect: an audit row."""
    current = _locked(line.handover)
    _check_draft(current)
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=line, before=snapshot(line))
    line.delete()


@transaction.atomic
def handover_photo_add(*, actor, handover: Handover, upload, caption: str = "") -> HandoverPhoto:
    """Add a photo of the pick-up (to a draft or a posted handover: photos are evidence, not
    part of the BAST): images only, at most settings.KARYA_PHOTO_MAX_BYTES, re-encoded upright
    without EXIF/GPS under a random name (karya.core.images); at most PHOTO_LIMIT per handover.
    Side effect: the photo file and row, an audit row."""
    current = _locked(handover)
    if HandoverPhoto.objects.filter(handover=current).count() >= PHOTO_LIMIT:
        raise DomainError(
            _("A handover has at most %(max)s photos.") % {"max": PHOTO_LIMIT},
            code="too_many_photos",
            field="image",
        )
    caption = (caption or "").strip()
    if len(caption) > 200:
        raise DomainError(_("At most %(max)s characters.") % {"max": 200}, field="caption")
    clean = clean_image(upload, max_bytes=settings.KARYA_PHOTO_MAX_BYTES, field="image")
    photo = HandoverPhoto(
        facility=current.facility,
        handover=current,
        caption=caption,
        width=clean.width,
        height=clean.height,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    photo.image.save(f"photo.{clean.extension}", ContentFile(clean.content), save=False)
    try:
        photo.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, instance=photo, after=snapshot(photo)
        )
    except Exception:
        photo.image.storage.delete(photo.image.name)
        raise
    return photo


@transaction.atomic
def handover_photo_remove(*, actor, photo: HandoverPhoto) -> None:
    """Remove a photo from a draft. Side effects: an audit row; the file is deleted once the
    removal is committed."""
    current = _locked(photo.handover)
    _check_draft(current)
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, instance=photo, before=snapshot(photo)
    )
    name, storage = photo.image.name, photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- posting --------------------------------------------------------------------------------


def invoice_due_on(agreement: Agreement, day: dt.date) -> dt.date:
    """When the partner must pay for a pick-up on `day`: the number of days the agreement's
    payment terms name ("… paling lambat 14 hari …"), else DEFAULT_PAYMENT_DAYS."""
    found = PAYMENT_DAYS_PATTERN.search(agreement.payment_terms or "")
    days = int(found.group(1)) if found else DEFAULT_PAYMENT_DAYS
    return day + dt.timedelta(days=days)


def partner_location(*, actor, partner) -> StockLocation:
    """The partner's stock location for goods on consignment (kind partner, linked to the
    partner), made the first time, named after the partner (with a number when the unit has a
    location of that name already). Side effect: the location and its audit row, when made."""
    found = (
        StockLocation.objects.filter(
            facility_id=partner.facility_id, kind=LocationKind.PARTNER, partner=partner
        )
        .order_by("-is_active", "pk")
        .first()
    )
    if found is not None:
        return found
    taken = {
        name.lower()
        for name in StockLocation.objects.filter(
            facility_id=partner.facility_id, name__istartswith=partner.legal_name[:140]
        ).values_list("name", flat=True)
    }
    name, n = partner.legal_name[:140], 1
    while name.lower() in taken:
        n += 1
        name = f"{partner.legal_name[:140]} ({n})"
    return audited_create(
        actor=actor,
        model=StockLocation,
        facility_id=partner.facility_id,
        name=name,
        kind=LocationKind.PARTNER,
        partner=partner,
        partner_name=partner.legal_name,
    )


def _shortages(handover: Handover, lines: list[HandoverLine]) -> list[tuple[str, int]]:
    """Every line the source cannot cover now, as ('<product> (<lot>): N unit available, M
    asked for', N) (lines of the same product and lot added up)."""
    wanted: dict[tuple, int] = {}
    for line in lines:
        key = (line.product_id, line.lot_id)
        wanted[key] = wanted.get(key, 0) + line.quantity
    problems = []
    seen = set()
    for line in lines:
        key = (line.product_id, line.lot_id)
        if key in seen:
            continue
        seen.add(key)
        have = available(handover.source, line.product, line.lot)
        if have < wanted[key]:
            what = f"{line.product} ({line.lot.code})" if line.lot_id else str(line.product)
            problems.append(
                (
                    _(
                        "%(product)s: %(available)s %(unit)s available, %(wanted)s %(unit)s "
                        "asked for"
                    )
                    % {
                        "product": what,
                        "available": have,
                        "wanted": wanted[key],
                        "unit": line.product.get_unit_of_measure_display(),
                    },
                    have,
                )
            )
    return problems


def _sale_lines(lines: list[HandoverLine]) -> list[LineInput]:
    return [LineInput(line.product, line.quantity, line.unit_price, line.lot) for line in lines]


def _invoice(handover: Handover) -> InvoiceInput:
    day = _local_day(handover.handed_over_at, handover.facility)
    return InvoiceInput(
        bill_to=handover.partner.legal_name,
        due_on=invoice_due_on(handover.agreement, day),
        partner=handover.partner,
    )


def _post_effects(actor, handover: Handover, lines: list[HandoverLine]) -> None:
    """The scheme's stock and money effects of a posted handover (inside its transaction)."""
    reference = handover.number
    if handover.scheme == HandoverScheme.KONSINYASI:
        destination = partner_location(actor=actor, partner=handover.partner)
        if not destination.is_active:
            raise DomainError(
                _("%(location)s is no longer in use: put it back in use to consign goods there.")
                % {"location": destination.name},
                field="destination",
            )
        for line in lines:
            stock_transfer(
                actor=actor,
                source=handover.source,
                destination=destination,
                product=line.product,
                lot=line.lot,
                quantity=line.quantity,
                reference=reference,
            )
        handover.destination = destination
        return
    for line in lines:
        stock_take(
            actor=actor,
            location=handover.source,
            product=line.product,
            lot=line.lot,
            quantity=line.quantity,
            kind=MoveKind.SOLD,
            reference=reference,
        )
    maklon = handover.scheme == HandoverScheme.MAKLON
    sale_create(
        actor=actor,
        facility=handover.facility,
        channel=Channel.MAKLON if maklon else Channel.HANDOVER,
        lines=_sale_lines(lines),
        sold_at=handover.handed_over_at,
        customer_kind=CustomerKind.PARTNER,
        customer_name=handover.partner.legal_name,
        partner=handover.partner,
        handover=handover,
        invoice=_invoice(handover),
        note=(_("Maklon fee, BAST %(number)s") if maklon else _("BAST %(number)s"))
        % {"number": reference},
    )


@transaction.atomic
def handover_post(*, actor, handover: Handover) -> Handover:
    """Post a draft: number it (BAST/<unit>/<yyyy>/<mm>/<nnnn> for the handover's day in the
    unit's zone), make it immutable, and do what the scheme implies (module docstring).

    Refused, with nothing written (no number used either): a posted handover, no lines, an
    agreement no longer open or not in force that day, a head or officer no longer in the unit,
    a handover time not yet come, insufficient stock at the source (the message names every
    product short and the quantity available). The handover row is locked first, so it is
    posted once. Side effects: the stock moves, the sale and invoice (beli putus, maklon), the
    partner's location (konsinyasi, the first time), audit rows."""
    current = _locked(handover)
    _check_draft(current)
    facility = current.facility
    lines = list(current.lines.select_related("product", "lot").order_by("pk"))
    if not lines:
        raise DomainError(_("Add at least one line before posting."), field="lines")
    agreement = Agreement.objects.select_for_update().get(pk=current.agreement_id)
    if current.handed_over_at > timezone.now() + FUTURE_TOLERANCE:
        raise DomainError(
            _("The handover is dated in the future: post it once the goods have been handed over."),
            field="handed_over_at",
        )
    _check_agreement(agreement, current.scheme, _local_day(current.handed_over_at, facility))
    _check_parties(facility, {name: getattr(current, name) for name in PARTY_FIELDS})
    short = _shortages(current, lines)
    if short:
        raise InsufficientStock(
            _("Not enough stock at %(location)s: %(items)s.")
            % {"location": current.source.name, "items": "; ".join(text for text, _n in short)},
            available=short[0][1],
            field="lines",
        )
    before = snapshot(current)
    current.number = next_number(
        facility, SERIES_HANDOVER, _local_day(current.handed_over_at, facility)
    )
    current.status = HandoverStatus.POSTED
    current.posted_at = timezone.now()
    current.posted_by = actor if getattr(actor, "pk", None) else None
    _post_effects(actor, current, lines)
    current.save(update_fields=["number", "status", "posted_at", "posted_by", "destination"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=current,
        before=before,
        after=snapshot(current),
        note=_("Posted"),
    )
    return current


# --- reversal -------------------------------------------------------------------------------


def _undo_effects(actor, original: Handover, reversal: Handover, lines, reason: str, when) -> None:
    reference = reversal.number
    if original.scheme == HandoverScheme.KONSINYASI:
        for line in lines:
            try:
                stock_transfer(
                    actor=actor,
                    source=original.destination,
                    destination=original.source,
                    product=line.product,
                    lot=line.lot,
                    quantity=line.quantity,
                    reference=reference,
                    note=reason[:300],
                )
            except InsufficientStock as exc:
                what = f"{line.product} ({line.lot.code})" if line.lot_id else str(line.product)
                raise Conflict(
                    _(
                        "%(partner)s no longer holds all the goods of %(handover)s: %(item)s, "
                        "%(available)s of %(wanted)s left there. Record the partner's sales or "
                        "take back what is left instead of reversing the handover."
                    )
                    % {
                        "partner": original.partner.legal_name,
                        "handover": original.number,
                        "item": what,
                        "available": exc.available,
                        "wanted": line.quantity,
                    },
                    code="consigned_goods_gone",
                ) from exc
        return
    for line in lines:
        stock_receive(
            actor=actor,
            location=original.source,
            product=line.product,
            lot=line.lot,
            quantity=line.quantity,
            kind=MoveKind.RETURNED,
            reference=reference,
            note=reason[:300],
        )
    for sale in Sale.objects.filter(handover=original, reverses__isnull=True):
        if not Sale.objects.filter(reverses=sale).exists():
            sale_reverse(actor=actor, sale=sale, reason=reason, when=when)


@transaction.atomic
def handover_reverse(
    *, actor, handover: Handover, reason: str, when: dt.datetime | None = None
) -> Handover:
    """Correct a posted handover by a reversing one (`reverses`, its own BAST number for the
    day of the reversal, the same lines) that undoes it exactly: the goods go back to the
    source (from the partner's location under konsinyasi) and the sale is cancelled by a
    reversing sale (beli putus, maklon).

    Refused: a draft, a reversal, a handover already reversed, no reason, money received for
    its sale that has not been paid back (refund it first), consigned goods the partner no
    longer holds. Side effects: the reversing handover and its lines, the stock moves, the
    reversing sale, audit rows."""
    reason = _text(reason, "reason", required=True, message=_("Say why the handover is reversed."))
    original = _locked(handover)
    if original.status != HandoverStatus.POSTED:
        raise Conflict(
            _("Only a posted handover can be reversed; delete or change a draft instead."),
            code="illegal_transition",
        )
    if original.reverses_id is not None:
        raise Conflict(_("A reversal cannot be reversed."), code="illegal_transition")
    if Handover.objects.filter(reverses=original).exists():
        raise Conflict(
            _("%(handover)s has already been reversed.") % {"handover": original.number},
            code="already_reversed",
        )
    for sale in Sale.objects.filter(handover=original, reverses__isnull=True):
        paid = sale_paid(sale)
        if paid > 0:
            raise Conflict(
                _(
                    "%(amount)s has been received for %(sale)s: pay it back first, then "
                    "reverse the handover."
                )
                % {"amount": format_rupiah(paid), "sale": sale.number},
                code="sale_paid",
            )
    facility = original.facility
    when = when or timezone.now()
    if timezone.is_naive(when):
        raise DomainError(_("Give the time with its time zone."), field="when")
    lines = list(original.lines.select_related("product", "lot").order_by("pk"))
    try:
        with transaction.atomic():
            reversal = Handover.objects.create(
                facility=facility,
                agreement=original.agreement,
                partner=original.partner,
                scheme=original.scheme,
                status=HandoverStatus.POSTED,
                number=next_number(facility, SERIES_HANDOVER, _local_day(when, facility)),
                handed_over_at=when,
                source=original.source,
                destination=original.destination,
                officer=actor,
                officer_position=officer_position_for(actor, facility),
                partner_representative=original.partner_representative,
                partner_representative_position=original.partner_representative_position,
                head=original.head,
                reverses=original,
                reason=reason,
                posted_at=timezone.now(),
                posted_by=actor if getattr(actor, "pk", None) else None,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:  # reversed meanwhile by someone else
        raise Conflict(
            _("%(handover)s has already been reversed.") % {"handover": original.number},
            code="already_reversed",
        ) from exc
    HandoverLine.objects.bulk_create(
        [
            HandoverLine(
                facility_id=facility.pk,
                handover=reversal,
                product=line.product,
                lot=line.lot,
                quantity=line.quantity,
                unit_price=line.unit_price,
            )
            for line in lines
        ]
    )
    _undo_effects(actor, original, reversal, lines, reason, when)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=reversal,
        after={**snapshot(reversal), "lines": [str(line) for line in lines]},
        note=reason,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=original,
        note=_("Reversed by %(number)s: %(reason)s")
        % {"number": reversal.number, "reason": reason},
        after={"reversed_by": reversal.number},
    )
    return reversal

"""Demo of handovers (BAST): seed 000 — on Saturday 31 January 2026 at 09.40 WIB CV. Pusat
Handicraft picks up 1,140 sapu lidi and 290 sapu lakop at Lapas Purwokerto under its PKS (beli
putus), from the lots the production orders of 22–30 January made; the pick-up is posted with
its BAST (and so its sale and invoice). As its agreement says (the partner buys outright at
the pick-up), the partner pays the invoice by transfer the same morning; the treasurer records
it, so the proceeds are split (January's PNBP payable, the broom workshop's premi pool of the
pick-up week). The partner's representative and the transfer reference are invented.

Everything goes through the services; a unit that already has handovers is left alone, and the
invoice is paid once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from karya.accounts.models import User
from karya.facilities.models import Facility
from karya.inventory.models import StockLocation
from karya.partners.models import Agreement
from karya.production.models import ProductionOrder
from karya.sales.models import Handover, Payment, Sale
from karya.sales.services.handovers import handover_create, handover_line_add, handover_post
from karya.sales.services.payments import payment_record

PICK_UP = dt.datetime(2026, 1, 31, 9, 40, tzinfo=ZoneInfo("Asia/Jakarta"))
PAID_AT = dt.datetime(2026, 1, 31, 11, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
TRANSFER_REFERENCE = "DEMO-TRF-BRI-20260131-0418"
PARTNER = "CV. Pusat Handicraft"
GOODS = (("Sapu lidi", 1140), ("Sapu lakop", 290))
TREASURER = "bendahara.pwt"


def sales_handovers_load(*, actor, facility: Facility) -> None:
    """Load one unit's demo pick-up unless it has handovers, and its payment unless it is
    paid (idempotent). Runs inside the unit's scope, after its partners and production
    orders, before the finance demo."""
    if facility.code != "LPPWT":
        return
    if not Handover.objects.filter(facility=facility).exists():
        _pick_up(actor, facility)
    _pay_pick_up(actor, facility)


def _pick_up(actor, facility: Facility) -> None:
    agreement = (
        Agreement.objects.filter(facility=facility, partner__legal_name=PARTNER, status="PKS")
        .order_by("pk")
        .first()
    )
    if agreement is None:
        return
    officer = User.objects.get(username="hasilkerja.pwt")
    head = User.objects.get(username="kalapas.pwt")
    store = StockLocation.objects.filter(facility=facility, kind="store").order_by("pk").first()
    draft = handover_create(
        actor=officer,
        agreement=agreement,
        scheme="beli_putus",
        handed_over_at=PICK_UP,
        source=store,
        officer=officer,
        partner_representative="Rudi Hartanto",
        partner_representative_position="Bagian Pemasaran CV. Pusat Handicraft",
        head=head,
        note="Hasil pembinaan kemandirian yang diselesaikan dalam waktu delapan hari.",
    )
    for name, quantity in GOODS:
        order = (
            ProductionOrder.objects.filter(facility=facility, product__name=name, lot__isnull=False)
            .select_related("product", "lot")
            .order_by("pk")
            .first()
        )
        handover_line_add(
            actor=officer,
            handover=draft,
            product=order.product,
            lot=order.lot,
            quantity=quantity,
        )
    handover_post(actor=officer, handover=draft)


def _pay_pick_up(actor, facility: Facility) -> None:
    """CV. Pusat Handicraft pays the pick-up's invoice in full by transfer, once."""
    sale = (
        Sale.objects.filter(
            facility=facility,
            handover__partner__legal_name=PARTNER,
            handover__handed_over_at=PICK_UP,
            reverses__isnull=True,
        )
        .select_related("facility")
        .first()
    )
    if sale is None or Payment.objects.filter(sale=sale).exists():
        return
    payment_record(
        actor=User.objects.filter(username=TREASURER).first() or actor,
        sale=sale,
        amount=sale.total,
        method="transfer",
        paid_at=PAID_AT,
        payer_name=PARTNER,
        reference=TRANSFER_REFERENCE,
        note="Dibayar lunas saat pengambilan (beli putus)",
    )

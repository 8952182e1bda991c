"""Demo of consignment, from seed 002: Lapas Pangkalpinang (the product owner) consigns rat
traps and lovebird nests to Toko Acun Akuarium, which promotes and sells them for a 10 %
commission (the agreement, its prices and commission come from karya.demo.partners).

Goods go from the production store to the shop's stock location (traps of the production
order's lot where it has enough, otherwise the opening stock), and the shop's sales of this
month so far are settled and confirmed, with the invoice for the net. The stock ledger dates
moves when they are written, so the settlement covers this month up to the day of loading.
Everything goes through the services, as the unit's output officer; a shop that already has a
settlement is left alone (idempotent)."""

from __future__ import annotations

from karya.accounts.models import User
from karya.core.dates import today_in
from karya.facilities.models import Facility
from karya.inventory.choices import LocationKind
from karya.inventory.models import StockBalance, StockLocation
from karya.inventory.services import stock_transfer
from karya.partners.models import Agreement
from karya.production.models import Product, ProductionOrder
from karya.sales.models import Settlement
from karya.sales.services.consignment import (
    SettlementLineInput,
    consignment_location,
    settlement_confirm,
    settlement_submit,
)

UNIT = "LPPKP"
SHOP = "Toko Acun Akuarium"
OFFICER = "hasilkerja.pkp"
# Product: (units sent to the shop, units the shop has sold this month).
CONSIGNED = {"Perangkap tikus": (40, 12), "Sarang burung lovebird": (25, 5)}


def _goods_from(store: StockLocation, product: Product, quantity: int):
    """The lot to send: the production order's lot when the store holds enough of it, else
    the goods without lot."""
    order = ProductionOrder.objects.filter(product=product, lot__isnull=False).first()
    if order is not None:
        held = StockBalance.objects.filter(location=store, product=product, lot=order.lot).first()
        if held is not None and held.quantity >= quantity:
            return order.lot
    return None


def consignment_load(*, facility: Facility) -> None:
    """Load the seed 002 consignment into Lapas Pangkalpinang, once. Runs inside the unit's
    scope, after its stock, partners and production orders."""
    if facility.code != UNIT:
        return
    agreement = (
        Agreement.objects.filter(facility=facility, partner__legal_name=SHOP)
        .select_related("partner")
        .first()
    )
    if agreement is None or Settlement.objects.filter(agreement=agreement).exists():
        return
    officer = User.objects.get(username=OFFICER)
    store = StockLocation.objects.filter(facility=facility, kind=LocationKind.STORE).first()
    shop = consignment_location(actor=officer, partner=agreement.partner)
    sold = []
    for name, (sent, sold_quantity) in CONSIGNED.items():
        product = Product.objects.get(facility=facility, name=name)
        stock_transfer(
            actor=officer,
            source=store,
            destination=shop,
            product=product,
            lot=_goods_from(store, product, sent),
            quantity=sent,
            reference=f"PKS {agreement.number}"[:100],
            note="Dititipkan untuk dipromosikan dan dipasarkan",
        )
        sold.append(SettlementLineInput(product, sold_quantity))
    today = today_in(facility.timezone)
    settlement = settlement_submit(
        actor=officer,
        agreement=agreement,
        period_start=today.replace(day=1),
        period_end=today,
        lines=sold,
        note="Laporan penjualan Toko Acun Akuarium (demo)",
    )
    settlement_confirm(actor=officer, settlement=settlement)

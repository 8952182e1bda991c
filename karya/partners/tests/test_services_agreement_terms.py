"""An agreement's terms: opening one (and renewing a PKS), changing its terms, its products
with the agreed prices, and the obligations of each side."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.partners.models import Agreement, AgreementProduct, Obligation
from karya.partners.services import agreement_terms as terms
from karya.partners.services import agreements as services
from karya.partners.tests.helpers import make_agreement, make_partner
from karya.production.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def partner(facility, officer):
    return make_partner(facility, officer)


@pytest.fixture
def agreement_in(partner, officer, head):
    def make(status, **kw):
        return make_agreement(partner, officer, head, status, **kw)

    return make


@pytest.fixture
def batik(facility):
    return Product.objects.create(
        facility=facility, name="Batik cap", category="kerajinan", unit_of_measure="lembar"
    )


def audit_rows(model):
    return AuditEntry.objects.filter(content_type__model=model._meta.model_name).count()


def refused(call, code=None, field=None, error_type=DomainError):
    with pytest.raises(error_type) as error:
        call()
    if code is not None:
        assert error.value.code == code
    if field is not None:
        assert error.value.field == field
    return error.value


# --- opening and renewing ------------------------------------------------------------------


def test_open_an_agreement_at_exploration(partner, officer):
    agreement = services.agreement_create(
        actor=officer,
        partner=partner,
        title="  Konsinyasi sapu  ",
        schemes=["pelatihan", "maklon", "maklon"],
        commission_percent=Decimal("15.50"),
    )
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status == "EXPLORATION" and agreement.title == "Konsinyasi sapu"
    assert agreement.schemes == ["maklon", "pelatihan"]  # known order, once each
    assert agreement.facility_id == partner.facility_id and agreement.created_by == officer
    entry = AuditEntry.objects.for_object(agreement).get()
    assert entry.action == "create" and entry.actor == officer


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"schemes": ["barter"]}, "schemes"),
        ({"commission_percent": Decimal("100.01")}, "commission_percent"),
        ({"commission_percent": Decimal("-1")}, "commission_percent"),
        ({"maklon_fee_per_unit": Decimal("-500")}, "maklon_fee_per_unit"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_terms_are_refused(partner, officer, fields, field):
    fields = {"title": "Kerja sama"} | fields
    refused(
        lambda: services.agreement_create(actor=officer, partner=partner, **fields), field=field
    )
    assert not Agreement.objects.exists() and audit_rows(Agreement) == 0


@pytest.mark.parametrize("status", ["PKS", "EXPIRED"])
def test_a_pks_or_an_expired_one_is_renewed_once(agreement_in, partner, officer, status):
    old = agreement_in(status)
    renewal = services.agreement_create(
        actor=officer, partner=partner, title="PKS 2030–2035", renewal_of=old
    )
    assert renewal.status == "EXPLORATION" and renewal.renewal_of == old
    refused(
        lambda: services.agreement_create(
            actor=officer, partner=partner, title="Lagi", renewal_of=old
        ),
        code="duplicate",
        field="renewal_of",
        error_type=Conflict,
    )
    assert Agreement.objects.filter(renewal_of=old).count() == 1


@pytest.mark.parametrize("status", ["EXPLORATION", "MOU", "TERMINATED"])
def test_only_a_pks_or_an_expired_one_is_renewed(agreement_in, partner, officer, status):
    old = agreement_in(status)
    refused(
        lambda: services.agreement_create(
            actor=officer, partner=partner, title="Perpanjangan", renewal_of=old
        ),
        field="renewal_of",
    )


def test_a_renewal_is_with_the_same_partner(agreement_in, facility, officer):
    old = agreement_in("PKS")
    other = make_partner(facility, officer, legal_name="Toko Acun Akuarium", legal_form="toko")
    refused(
        lambda: services.agreement_create(
            actor=officer, partner=other, title="Perpanjangan", renewal_of=old
        ),
        field="renewal_of",
    )
    assert not Agreement.objects.filter(renewal_of=old).exists()


# --- changing terms ------------------------------------------------------------------------


def test_change_terms_with_an_audit_of_what_changed(agreement_in, officer):
    agreement = agreement_in("PKS")
    services.agreement_update(
        actor=officer,
        agreement=agreement,
        payment_terms="Dibayar setiap akhir bulan",
        maklon_fee_per_unit=Decimal("7500"),
        schemes=["maklon"],
    )
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.maklon_fee_per_unit == Decimal("7500") and agreement.schemes == ["maklon"]
    changes = AuditEntry.objects.for_object(agreement).order_by("pk").last().changes
    assert changes["maklon_fee_per_unit"] == [None, "7500"]
    assert set(changes) == {"payment_terms", "maklon_fee_per_unit", "schemes"}


def test_a_pks_cannot_lose_its_end_date(agreement_in, officer):
    agreement = agreement_in("PKS")
    refused(lambda: services.agreement_update(actor=officer, agreement=agreement, end_date=None))
    refused(
        lambda: services.agreement_update(
            actor=officer, agreement=agreement, end_date=dt.date(2020, 1, 1)
        )
    )
    assert Agreement.objects.get(pk=agreement.pk).end_date == dt.date(2030, 11, 2)


@pytest.mark.parametrize(
    "field", ["status", "pending_status", "pks_signed_on", "partner", "renewal_of", "ended_on"]
)
def test_status_dates_and_partner_are_not_terms(agreement_in, officer, field):
    agreement = agreement_in("EXPLORATION")
    with pytest.raises(ValueError):
        services.agreement_update(actor=officer, agreement=agreement, **{field: None})


# --- products and prices -------------------------------------------------------------------


def test_add_a_product_and_change_its_price(agreement_in, officer, batik):
    agreement = agreement_in("PKS")
    line = terms.agreement_product_set(
        actor=officer, agreement=agreement, product=batik, agreed_price=Decimal("85000")
    )
    again = terms.agreement_product_set(
        actor=officer, agreement=agreement, product=batik, agreed_price=Decimal("90000")
    )
    assert again.pk == line.pk
    assert AgreementProduct.objects.get().agreed_price == Decimal("90000")
    entries = AuditEntry.objects.for_object(line).order_by("pk")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries.last().changes == {"agreed_price": ["85000", "90000"]}


def test_only_the_units_own_products(agreement_in, officer, other_facility):
    agreement = agreement_in("MOU")
    with scope(facility=[other_facility.pk]):
        theirs = Product.objects.create(
            facility=other_facility,
            name="Batik cap",
            category="kerajinan",
            unit_of_measure="lembar",
        )
    refused(
        lambda: terms.agreement_product_set(
            actor=officer, agreement=agreement, product=theirs, agreed_price=Decimal("1000")
        ),
        field="product",
    )
    assert not AgreementProduct.objects.exists()


@pytest.mark.parametrize("price", [Decimal("-1"), None, Decimal("1000.50")])
def test_a_bad_price_is_refused(agreement_in, officer, batik, price):
    agreement = agreement_in("MOU")
    refused(
        lambda: terms.agreement_product_set(
            actor=officer, agreement=agreement, product=batik, agreed_price=price
        ),
        field="agreed_price",
    )
    assert not AgreementProduct.objects.exists() and audit_rows(AgreementProduct) == 0


def test_remove_a_product(agreement_in, officer, batik):
    agreement = agreement_in("PKS")
    line = terms.agreement_product_set(
        actor=officer, agreement=agreement, product=batik, agreed_price=Decimal("85000")
    )
    terms.agreement_product_remove(actor=officer, line=line)
    assert not AgreementProduct.objects.exists()
    deleted = AuditEntry.objects.filter(content_type__model="agreementproduct", action="delete")
    assert deleted.get().changes["agreed_price"] == ["85000", None]


def test_an_ended_agreements_products_stay(agreement_in, partner, officer, batik):
    agreement = agreement_in("PKS")
    line = terms.agreement_product_set(
        actor=officer, agreement=agreement, product=batik, agreed_price=Decimal("85000")
    )
    services.agreement_end(
        actor=officer, agreement=agreement, to="TERMINATED", ended_on=dt.date(2025, 12, 1),
        reason="Mitra pailit",
    )  # fmt: skip
    line = AgreementProduct.objects.select_related("agreement").get(pk=line.pk)
    for call in (
        lambda: terms.agreement_product_set(
            actor=officer, agreement=line.agreement, product=batik, agreed_price=Decimal("1")
        ),
        lambda: terms.agreement_product_remove(actor=officer, line=line),
    ):
        refused(call, code="ended")
    assert AgreementProduct.objects.get().agreed_price == Decimal("85000")


# --- obligations ---------------------------------------------------------------------------


@pytest.fixture
def obligation(agreement_in, officer):
    return terms.obligation_add(
        actor=officer,
        agreement=agreement_in("PKS"),
        party="mitra",
        description="Menyediakan bahan baku kain dan malam",
        due_date=dt.date(2025, 12, 1),
    )


def test_add_an_obligation_with_an_audit_row(obligation, officer):
    assert obligation.fulfilled_on is None and obligation.party == "mitra"
    assert AuditEntry.objects.for_object(obligation).get().actor == officer


@pytest.mark.parametrize(
    "fields, field", [({"party": "pihak_ketiga"}, "party"), ({"description": "  "}, "description")]
)
def test_a_bad_obligation_is_refused(agreement_in, officer, fields, field):
    agreement = agreement_in("MOU")
    fields = {"party": "upt", "description": "Menyediakan tempat"} | fields
    refused(lambda: terms.obligation_add(actor=officer, agreement=agreement, **fields), field=field)
    assert not Obligation.objects.exists()


def test_an_ended_agreement_takes_no_new_obligation(agreement_in, officer):
    agreement = agreement_in("TERMINATED")
    refused(
        lambda: terms.obligation_add(
            actor=officer, agreement=agreement, party="upt", description="Menyediakan tempat"
        ),
        code="ended",
    )


def test_fulfil_once_with_evidence_not_in_the_future(obligation, officer, facility):
    today = today_in(facility.timezone)
    refused(
        lambda: terms.obligation_fulfil(
            actor=officer, obligation=obligation, fulfilled_on=today, evidence="   "
        ),
        field="evidence",
    )
    refused(
        lambda: terms.obligation_fulfil(
            actor=officer,
            obligation=obligation,
            fulfilled_on=today + dt.timedelta(days=1),
            evidence="BAST bahan baku",
        ),
        field="fulfilled_on",
    )
    assert Obligation.objects.get().fulfilled_on is None
    done = terms.obligation_fulfil(
        actor=officer, obligation=obligation, fulfilled_on=today, evidence=" BAST bahan baku "
    )
    done = Obligation.objects.get(pk=done.pk)
    assert (done.fulfilled_on, done.evidence, done.fulfilled_by) == (
        today,
        "BAST bahan baku",
        officer,
    )
    refused(
        lambda: terms.obligation_fulfil(
            actor=officer, obligation=obligation, fulfilled_on=today, evidence="Lagi"
        ),
        code="fulfilled",
    )
    assert Obligation.objects.get().evidence == "BAST bahan baku"
    entries = AuditEntry.objects.for_object(obligation).order_by("pk")
    assert [e.action for e in entries] == ["create", "update"]


def test_the_commission_form_refuses_more_than_two_decimals():
    from django.core.exceptions import ValidationError

    from karya.partners.forms import PercentField

    field = PercentField(required=False)
    assert str(field.clean("12,5")) == "12.50"
    with pytest.raises(ValidationError):
        field.clean("12,345")

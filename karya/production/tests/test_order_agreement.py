"""Partner material under a maklon agreement: the order names the agreement."""

import datetime as dt

import pytest
from django_scopes import scope

from karya.core.errors import DomainError
from karya.partners.services.agreements import agreement_create
from karya.partners.services.partners import partner_create
from karya.production.services.orders import order_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(facility, officer):
    from karya.production.models import Product
    from karya.programs.models import Workshop

    with scope(facility=[facility.pk]):
        batik = Product.objects.create(
            facility=facility, name="Kain batik cap", category="batik", unit_of_measure="lembar"
        )
        workshop = Workshop.objects.create(
            facility=facility, name="Batik Cap", sector="batik", capacity=10
        )
        workshop.products.add(batik)
        partner = partner_create(
            actor=officer, facility=facility, legal_form="CV", legal_name="CV Rajasa Mas Jaya"
        )
        other = partner_create(
            actor=officer, facility=facility, legal_form="UD", legal_name="UD Lain"
        )
        maklon = agreement_create(
            actor=officer, partner=partner, title="Maklon batik cap", schemes=["maklon"]
        )
        training = agreement_create(
            actor=officer, partner=partner, title="Pelatihan", schemes=["pelatihan"]
        )
        yield {
            "batik": batik,
            "workshop": workshop,
            "partner": partner,
            "other": other,
            "maklon": maklon,
            "training": training,
        }


def plan(officer, facility, setup, **kw):
    return order_plan(
        actor=officer,
        facility=facility,
        workshop=setup["workshop"],
        product=setup["batik"],
        planned_quantity=20,
        start_date=dt.date(2026, 2, 2),
        due_date=dt.date(2026, 2, 20),
        material_source="partner",
        **kw,
    )


def test_an_order_under_the_maklon_agreement(officer, facility, setup):
    order = plan(officer, facility, setup, partner=setup["partner"], agreement=setup["maklon"])
    assert order.agreement == setup["maklon"]


@pytest.mark.parametrize("partner, agreement", [("other", "maklon"), ("partner", "training")])
def test_a_wrong_agreement_is_refused(officer, facility, setup, partner, agreement):
    with pytest.raises(DomainError) as error:
        plan(officer, facility, setup, partner=setup[partner], agreement=setup[agreement])
    assert error.value.field == "agreement"

"""A lot's labels through the API: the PDF, its defaults and limits, and who may fetch it."""

import shutil
import subprocess

import pytest
from django_scopes import scope

from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_location, make_lot, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot(facility, make_user):
    lot = make_lot(make_product(facility), code="L-2026-009")
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=make_user("output_officer", facility=facility),
            location=make_location(facility),
            product=lot.product,
            lot=lot,
            quantity=4,
            kind="opening",
        )
    return lot


def path(facility, lot):
    return f"/facilities/{facility.code}/lots/{lot.pk}/labels"


def test_the_labels_pdf(api_as, officer, facility, lot):
    response = api_as(officer).get(path(facility, lot), {"count": 2, "start": 23})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert text.count("L-2026-009") == 2


def test_the_default_count_is_the_stock(api_as, officer, facility, lot):
    response = api_as(officer).get(path(facility, lot))
    assert response.status_code == 200
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert text.count("L-2026-009") == 4


@pytest.mark.parametrize(
    "params", [{"count": 0}, {"count": 241}, {"count": "dua"}, {"count": 1, "start": 25}]
)
def test_bad_numbers_are_422(api_as, officer, facility, lot, params):
    response = api_as(officer).get(path(facility, lot), params)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_permissions(api_as, make_user, facility, other_facility, lot):
    assert api_as(None).get(path(facility, lot)).status_code == 401
    stranger = make_user("officer", facility=other_facility)
    assert api_as(stranger).get(path(facility, lot)).status_code == 404
    for role in ("pr", "security"):
        user = make_user(role, facility=facility)
        assert api_as(user).get(path(facility, lot)).status_code == 403
    for role in ("treasurer", "output_officer", "head"):
        user = make_user(role, facility=facility)
        assert api_as(user).get(path(facility, lot), {"count": 1}).status_code == 200


def test_another_units_lot_is_not_found(api_as, make_user, facility, other_facility, lot):
    officer_there = make_user("officer", facility=other_facility)
    response = api_as(officer_there).get(path(other_facility, lot))
    assert response.status_code == 404

"""The dashboards, monthly reports and targets through the API: the same numbers as the pages,
the same doors (another unit or region 404, a partner nothing, anonymous 401)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scope
from openpyxl import load_workbook

from karya.accounts.services import membership_create
from karya.partners.models import Partner
from karya.reports import formats
from karya.reports.tests.pages import figure_cells
from karya.reports.tests.records import this_month_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(facility, head, make_user):
    """This month: Rp 300.000 of counter sales paid, Rp 100.000 PNBP deposited against a
    year's target of Rp 400.000."""
    treasurer = make_user("treasurer", facility=facility, username="bendahara")
    return this_month_records(facility, seller=head, treasurer=treasurer)


def test_a_units_dashboard_through_the_api_is_the_pages(api_as, facility, head, records, login):
    body = api_as(head).get("/facilities/LPPWT/dashboard").json()
    assert body["level"] == "unit" and body["code"] == "LPPWT"
    figures = {f["measure"]: f for f in body["figures"]}
    assert Decimal(figures["revenue"]["month"]) == 300000
    assert Decimal(figures["pnbp_deposited"]["year_to_date"]) == 100000
    channels = {c["key"]: c for c in body["channels"]}
    assert Decimal(channels["counter"]["month"]) == 300000
    pnbp = next(t for t in body["targets"] if t["indicator"] == "pnbp")
    assert (Decimal(pnbp["target"]), Decimal(pnbp["percent"])) == (400000, Decimal("25.0"))
    assert pnbp["from_finance"] is True
    # The page writes the same numbers.
    page = figure_cells(login(head).get("/upt/LPPWT/laporan/").content.decode())
    with translation.override("id"):
        for measure, figure in figures.items():
            month = None if figure["month"] is None else Decimal(figure["month"])
            ytd = None if figure["year_to_date"] is None else Decimal(figure["year_to_date"])
            assert page[measure] == (
                formats.value(month, figure["kind"]),
                formats.value(ytd, figure["kind"]),
            ), measure


def test_the_reports_are_files(api_as, facility, head, records, make_user):
    client = api_as(head)
    pdf = client.get("/facilities/LPPWT/monthly-report.pdf", {"month": f"{records:%Y-%m}"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/facilities/LPPWT/monthly-report.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.worksheets) >= 4
    regional = api_as(make_user("regional", region=facility.region))
    assert regional.get("/regions/jawa-tengah/monthly-report.xlsx").status_code == 200
    national = api_as(make_user("national"))
    assert national.get("/country/monthly-report.pdf").content.startswith(b"%PDF")
    assert client.get("/facilities/LPPWT/dashboard", {"month": "2999-01"}).status_code == 400
    assert client.get("/facilities/LPPWT/dashboard", {"month": "januari"}).status_code == 400


def test_region_and_country_dashboards(api_as, facility, other_facility, records, make_user):
    regional = api_as(make_user("regional", region=facility.region))
    body = regional.get("/regions/jawa-tengah/dashboard").json()
    assert {c["code"] for c in body["compared"]} == {"LPPWT", "LPNPWT"}
    assert {r["key"] for r in body["rankings"]} == {
        "participation",
        "pnbp_realisation",
        "revenue_per_worker",
    }
    pnbp = next(r for r in body["rankings"] if r["key"] == "pnbp_realisation")
    assert [(i["code"], i["value"]) for i in pnbp["items"]] == [("LPPWT", "25.0"), ("LPNPWT", None)]
    country = api_as(make_user("national")).get("/country/dashboard").json()
    assert country["level"] == "country"
    assert [c["code"] for c in country["compared"]] == ["jawa-tengah"]


def test_only_the_units_region_and_country_staff_get_in(
    api_as, facility, other_facility, far_facility, make_user
):
    unit_paths = [
        "/facilities/LPPWT/dashboard",
        "/facilities/LPPWT/monthly-report.pdf",
        "/facilities/LPPWT/monthly-report.xlsx",
        "/facilities/LPPWT/targets",
    ]
    region_paths = [
        "/regions/jawa-tengah/dashboard",
        "/regions/jawa-tengah/monthly-report.pdf",
        "/regions/jawa-tengah/monthly-report.xlsx",
    ]
    country_paths = [
        "/country/dashboard",
        "/country/monthly-report.pdf",
        "/country/monthly-report.xlsx",
    ]
    everything = unit_paths + region_paths + country_paths + ["/report-indicators"]
    anonymous = api_as(None)
    assert {p: anonymous.get(p).status_code for p in everything} == dict.fromkeys(everything, 401)
    neighbour = api_as(make_user("head", facility=other_facility))
    assert {p: neighbour.get(p).status_code for p in unit_paths + region_paths} == dict.fromkeys(
        unit_paths + region_paths, 404
    )
    assert {p: neighbour.get(p).status_code for p in country_paths} == dict.fromkeys(
        country_paths, 403
    )
    far = api_as(make_user("regional", region=far_facility.region))
    assert {p: far.get(p).status_code for p in unit_paths + region_paths} == dict.fromkeys(
        unit_paths + region_paths, 404
    )
    assert far.get("/regions/jawa-timur/dashboard").status_code == 200
    with scope(facility=[facility.pk]):
        partner = Partner.objects.create(facility=facility, legal_form="CV", legal_name="CV A")
    partner_user = make_user(username="mitra")
    membership_create(actor=None, user=partner_user, role="partner", partner=partner)
    theirs = api_as(partner_user)
    assert {p: theirs.get(p).status_code for p in unit_paths + region_paths} == dict.fromkeys(
        unit_paths + region_paths, 404
    )
    assert {p: theirs.get(p).status_code for p in country_paths} == dict.fromkeys(
        country_paths, 403
    )
    assert theirs.get("/report-indicators").status_code == 403
    security = api_as(make_user("security", facility=facility))
    assert security.get("/facilities/LPPWT/dashboard").status_code == 403


def test_ditjenpas_sets_targets_and_indicators(api_as, facility, head, records, make_user):
    national = api_as(make_user("national"))
    year = records.year
    saved = national.put(
        "/facilities/LPPWT/targets",
        {"values": {"mitra": "3", "partisipasi": "55"}},
        query_params={"year": year},
    )
    assert saved.status_code == 200
    lines = {t["indicator"]: t for t in saved.json()}
    assert Decimal(lines["mitra"]["target"]) == 3 and Decimal(lines["partisipasi"]["target"]) == 55
    seen = {t["indicator"]: t for t in api_as(head).get("/facilities/LPPWT/targets").json()}
    assert Decimal(seen["mitra"]["target"]) == 3
    refused = national.put("/facilities/LPPWT/targets", {"values": {"pnbp": "5"}})
    assert refused.status_code == 400 and refused.json()["field"] == "pnbp"
    unknown = national.put("/facilities/LPPWT/targets", {"values": {"nope": "5"}})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_indicator"
    too_much = national.put("/facilities/LPPWT/targets", {"values": {"partisipasi": "101"}})
    assert too_much.status_code == 400
    assert api_as(head).put("/facilities/LPPWT/targets", {"values": {}}).status_code == 403
    added = national.post(
        "/report-indicators", {"name": "Pelatihan diselenggarakan", "measure": "trainings_held"}
    )
    assert added.status_code == 201 and added.json()["kind"] == "count"
    assert (
        api_as(head).post("/report-indicators", {"name": "Lain", "measure": "revenue"}).status_code
        == 403
    )
    codes = [i["code"] for i in api_as(head).get("/report-indicators").json()]
    assert "pelatihan-diselenggarakan" in codes and "pnbp" in codes

"""Handovers through the API: a draft with its lines, posting (number and the scheme's
effects), refusals as JSON with their codes, reversal, the BAST as PDF, the list's filters."""

# The sales fixtures (the workshop making the brooms replaces the programme's one here).
# ruff: noqa: F401, F811

import pytest
from django_scopes import scopes_disabled

from karya.inventory.tests.conftest import quantity_at
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import Handover, HandoverLine, Sale
from karya.sales.tests.conftest import (
    broom,
    lakop,
    output_officer,
    stocked,
    store,
    treasurer,
    workshop,
)
from karya.sales.tests.handover_fixtures import agreement, make_draft

pytestmark = pytest.mark.django_db


def path(facility, tail=""):
    return f"/facilities/{facility.code}/handovers{tail}"


@pytest.fixture
def body(agreement, store, output_officer, head):
    return {
        "agreement_id": agreement.pk,
        "scheme": "beli_putus",
        "handed_over_at": "2026-01-31T09:40:00+07:00",
        "source_id": store.pk,
        "officer_id": output_officer.pk,
        "partner_representative": "Budi Santoso",
        "partner_representative_position": "Direktur",
        "head_id": head.pk,
    }


@pytest.fixture
def api(api_as, output_officer):
    return api_as(output_officer)


def test_record_post_and_print_a_pick_up(
    api, facility, body, broom, lakop, stocked, store, monkeypatch
):
    response = api.post(path(facility), body)
    assert response.status_code == 201, response.json()
    draft = response.json()
    assert draft["status"] == "draft" and draft["number"] == ""
    assert draft["handed_over_at"] == "2026-01-31T09:40:00+07:00"
    assert draft["officer_position"] == "Petugas pengelolaan hasil kerja"
    lines = path(facility, f"/{draft['id']}/lines")
    assert (
        api.post(
            lines, {"product_id": broom.pk, "lot_id": stocked.pk, "quantity": 1140}
        ).status_code
        == 201
    )
    response = api.post(lines, {"product_id": lakop.pk, "quantity": 290, "unit_price": "7000"})
    assert response.status_code == 201
    assert [
        (line["product_name"], line["quantity"], line["unit_price"])
        for line in response.json()["lines"]
    ] == [
        ("Sapu lidi", 1140, "2500"),
        ("Sapu lakop", 290, "7000"),
    ]
    assert response.json()["total"] == str(1140 * 2500 + 290 * 7000)

    response = api.post(path(facility, f"/{draft['id']}/post"))
    assert response.status_code == 200, response.json()
    posted = response.json()
    assert posted["number"] == "BAST/LPPWT/2026/01/0001" and posted["status"] == "posted"
    assert [s["number"] for s in posted["sales"]] == ["PJ/LPPWT/2026/01/0001"]
    assert posted["sales"][0]["invoice_number"] == "INV/LPPWT/2026/01/0001"
    assert posted["sales"][0]["due_on"] == "2026-02-14"
    assert quantity_at(store, broom, stocked) == 360

    capture_html(monkeypatch, fake_pdf=True)
    pdf = api.get(path(facility, f"/{draft['id']}/bast"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "bast-lppwt-2026-01-0001.pdf" in pdf["Content-Disposition"]

    detail = api.get(path(facility, f"/{draft['id']}")).json()
    assert detail == posted


def test_refusals_are_json_with_the_field_and_nothing_is_written(
    api, facility, other_facility, body, broom, make_user
):
    from karya.inventory.tests.conftest import make_location

    theirs = make_location(other_facility)
    for change, status, field in [
        ({"agreement_id": 999999}, 400, "agreement_id"),
        ({"source_id": theirs.pk}, 400, "source_id"),
        ({"officer_id": 999999}, 400, "officer_id"),
        ({"head_id": body["officer_id"]}, 400, "head_id"),
        ({"scheme": "pelatihan"}, 422, None),
        ({"handed_over_at": "2026-01-31T09:40:00"}, 422, None),
        ({"partner_representative": ""}, 400, "partner_representative"),
        ({"partner_representative": "x" * 151}, 422, None),
        ({"handed_over_at": "2024-01-31T09:40:00+07:00"}, 400, "handed_over_at"),
    ]:
        response = api.post(path(facility), body | change)
        assert response.status_code == status, (change, response.json())
        assert response.json()["field"] == field, change
    with scopes_disabled():
        assert not Handover.objects.exists()


def test_bad_lines_and_short_stock_are_refused(api, facility, body, broom, lakop, stocked, store):
    draft = api.post(path(facility), body).json()
    lines = path(facility, f"/{draft['id']}/lines")
    for line, field in [
        ({"product_id": 999999, "quantity": 1}, "product_id"),
        ({"product_id": broom.pk, "quantity": 0}, "quantity"),
        ({"product_id": broom.pk, "quantity": 1, "unit_price": "-1"}, "unit_price"),
        ({"product_id": broom.pk, "quantity": 1, "lot_id": 999999}, "lot_id"),
    ]:
        response = api.post(lines, line)
        assert response.status_code == 400 and response.json()["field"] == field, line
    api.post(lines, {"product_id": broom.pk, "lot_id": stocked.pk, "quantity": 2000})
    response = api.post(path(facility, f"/{draft['id']}/post"))
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert "1500" in response.json()["message"]
    with scopes_disabled():
        assert Handover.objects.get().status == "draft" and not Sale.objects.exists()
    assert quantity_at(store, broom, stocked) == 1500


def test_a_draft_is_changed_its_lines_edited_and_deleted(api, facility, body, broom, lakop):
    draft = api.post(path(facility), body).json()
    changed = api.patch(path(facility, f"/{draft['id']}"), {"scheme": "konsinyasi", "note": "Pagi"})
    assert changed.status_code == 200 and changed.json()["scheme"] == "konsinyasi"
    assert api.patch(path(facility, f"/{draft['id']}"), {"note": None}).status_code == 422
    line = api.post(
        path(facility, f"/{draft['id']}/lines"), {"product_id": lakop.pk, "quantity": 3}
    )
    line_id = line.json()["lines"][0]["id"]
    put = api.put(path(facility, f"/{draft['id']}/lines/{line_id}"), {"quantity": 5})
    assert put.status_code == 200 and put.json()["lines"][0]["quantity"] == 5
    removed = api.delete(path(facility, f"/{draft['id']}/lines/{line_id}"))
    assert removed.status_code == 200 and removed.json()["lines"] == []
    assert api.delete(path(facility, f"/{draft['id']}")).status_code == 204
    with scopes_disabled():
        assert not Handover.objects.exists() and not HandoverLine.objects.exists()


def test_a_posted_handover_is_reversed_not_changed(api, facility, make_draft, output_officer):
    from karya.sales.services.handovers import handover_post

    with scopes_disabled():
        posted = handover_post(actor=output_officer, handover=make_draft())
    for response in (
        api.patch(path(facility, f"/{posted.pk}"), {"note": "x"}),
        api.delete(path(facility, f"/{posted.pk}")),
        api.post(path(facility, f"/{posted.pk}/post")),
    ):
        assert response.status_code == 409 and response.json()["code"] == "handover_posted"
    assert api.post(path(facility, f"/{posted.pk}/reverse"), {"reason": ""}).status_code == 422
    response = api.post(path(facility, f"/{posted.pk}/reverse"), {"reason": "Salah jumlah"})
    assert response.status_code == 201
    reversal = response.json()
    assert reversal["reverses_id"] == posted.pk and reversal["number"].startswith("BAST/LPPWT/")
    assert api.get(path(facility, f"/{posted.pk}")).json()["reversed_by_id"] == reversal["id"]
    again = api.post(path(facility, f"/{posted.pk}/reverse"), {"reason": "Lagi"})
    assert again.status_code == 409 and again.json()["code"] == "already_reversed"


def test_the_list_filters_and_pages(api, facility, make_draft, output_officer, lakop):
    import datetime as dt

    from karya.sales.services.handovers import handover_post

    with scopes_disabled():
        for _ in range(3):
            handover_post(actor=output_officer, handover=make_draft(lines=[(lakop, 1, None)]))
        make_draft(lines=[(lakop, 1, None)], at=dt.datetime(2026, 2, 3, 2, 0, tzinfo=dt.UTC))
    first = api.get(path(facility), {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = api.get(path(facility), {"limit": 2, "after": first["next_cursor"]}).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert len(api.get(path(facility), {"status": "draft"}).json()["items"]) == 1
    assert len(api.get(path(facility), {"month": "2026-01"}).json()["items"]) == 3
    assert api.get(path(facility), {"month": "2026-13"}).status_code == 422

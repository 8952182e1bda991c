"""The newsroom through the API: events, generated releases and their approval, and the quote
requests from the catalogue; another unit's user gets 404, a role without the right 403, no
token 401."""

import pytest
from django_scopes import scopes_disabled

from karya.catalogue.services import quote_request_create
from karya.newsroom.models import PressRelease
from karya.newsroom.tests.conftest import HEAD_QUOTE

pytestmark = pytest.mark.django_db

EVENT = {
    "kind": "pickup",
    "title": "Pengambilan sapu oleh CV. Pusat Handicraft",
    "starts_at": "2026-01-31T09:40:00+07:00",
    "place": "Lapas Kelas IIA Purwokerto",
}


def test_from_event_to_published_release(api_as, humas, head, pickup, inmates):
    client = api_as(humas)
    created = client.post(
        "/facilities/LPPWT/news-events", {**EVENT, "handover_id": pickup.handover.pk}
    )
    assert created.status_code == 201, created.json()
    event = created.json()
    assert event["starts_at"] == "2026-01-31T09:40:00+07:00"
    assert client.get("/facilities/LPPWT/news-events").json()["items"][0]["id"] == event["id"]
    patched = client.patch(f"/facilities/LPPWT/news-events/{event['id']}", {"place": "Aula"})
    assert patched.json()["place"] == "Aula" and patched.json()["handover_id"]
    draft = client.post(
        f"/facilities/LPPWT/news-events/{event['id']}/press-releases", {"quotes": [HEAD_QUOTE]}
    )
    assert draft.status_code == 201
    release = draft.json()
    assert "1.140 batang sapu lidi dan 290 buah sapu lakop" in release["body"]
    assert "delapan hari" in release["body"] and "Sabtu, 31 Januari 2026" in release["body"]
    rid = release["id"]
    assert client.post(f"/facilities/LPPWT/press-releases/{rid}/approve").status_code == 403
    assert client.post(f"/facilities/LPPWT/press-releases/{rid}/submit").json()["status"] == (
        "submitted"
    )
    boss = api_as(head)
    assert boss.post(f"/facilities/LPPWT/press-releases/{rid}/approve").json()["status"] == (
        "approved"
    )
    published = client.post(f"/facilities/LPPWT/press-releases/{rid}/publish")
    assert published.json()["status"] == "published"
    refused = client.patch(f"/facilities/LPPWT/press-releases/{rid}", {"title": "Baru"})
    assert refused.status_code == 409
    withdrawn = client.post(f"/facilities/LPPWT/press-releases/{rid}/withdraw").json()
    assert withdrawn["status"] == "approved"
    edited = client.patch(
        f"/facilities/LPPWT/press-releases/{rid}", {"body": f"{release['body']}\n\nTambahan."}
    ).json()
    assert edited["status"] == "draft" and edited["title"] == release["title"]
    named = client.patch(
        f"/facilities/LPPWT/press-releases/{rid}", {"body": f"Bersama {inmates[0].name}."}
    )
    assert named.status_code == 400 and named.json()["code"] == "inmate_identity"
    sent_back = boss.post(f"/facilities/LPPWT/press-releases/{rid}/return", {"note": "Foto"})
    assert sent_back.status_code == 409
    listing = client.get("/facilities/LPPWT/press-releases", {"status": "draft"}).json()
    assert [r["id"] for r in listing["items"]] == [rid]


def test_links_must_be_records_of_the_unit(api_as, humas, make_user, other_facility, pickup):
    client = api_as(humas)
    response = client.post("/facilities/LPPWT/news-events", {**EVENT, "agreement_id": 999999})
    assert response.status_code == 400 and response.json()["field"] == "agreement_id"
    neighbour = api_as(make_user("pr", facility=other_facility))
    response = neighbour.post(
        f"/facilities/{other_facility.code}/news-events",
        {**EVENT, "handover_id": pickup.handover.pk},
    )
    assert response.status_code == 400 and response.json()["field"] == "handover_id"


def test_who_may_use_the_newsroom(api_as, make_user, facility, other_facility, humas, pickup):
    event = api_as(humas).post("/facilities/LPPWT/news-events", EVENT).json()
    paths = ["/facilities/LPPWT/news-events", f"/facilities/LPPWT/news-events/{event['id']}"]
    for path in paths:
        assert api_as(make_user("head", facility=other_facility)).get(path).status_code == 404
        assert api_as(make_user("security", facility=facility)).get(path).status_code == 403
        assert api_as(None).get(path).status_code == 401
    with scopes_disabled():
        assert not PressRelease.objects.exists()


def test_quote_requests_through_the_api(api_as, make_user, facility, other_facility, pickup):
    with scopes_disabled():
        pickup.broom.is_published = True
        pickup.broom.save()
    quote = quote_request_create(
        unit_code="LPPWT",
        product_id=pickup.broom.pk,
        name="Bu Rina",
        contact="081234567890",
        quantity=20,
    )
    officer = api_as(make_user("output_officer", facility=facility))
    items = officer.get("/facilities/LPPWT/quote-requests").json()["items"]
    assert [(q["name"], q["product_name"], q["status"]) for q in items] == [
        ("Bu Rina", "Sapu lidi", "new")
    ]
    path = f"/facilities/LPPWT/quote-requests/{quote.pk}/handle"
    handled = officer.post(path, {"handling_note": "Ditelepon"})
    assert handled.json()["status"] == "handled"
    assert officer.post(path, {"handling_note": "Lagi"}).status_code == 409
    assert (
        api_as(make_user("pr", facility=facility))
        .get("/facilities/LPPWT/quote-requests")
        .status_code
        == 403
    )
    assert (
        api_as(make_user("output_officer", facility=other_facility))
        .post(path, {"handling_note": "x"})
        .status_code
        == 404
    )

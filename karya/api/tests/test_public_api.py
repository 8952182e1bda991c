"""The public catalogue API answers anyone without a token, and shows only what the public
site shows: published products, published news, lots with counts of workers, never a name."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_search_the_catalogue_without_a_token(api_as, world):
    anonymous = api_as(None)
    response = anonymous.get("/public/products", {"q": "sapu", "sort": "harga-terendah"})
    assert response.status_code == 200
    data = response.json()
    assert [p["name"] for p in data["items"]] == ["Sapu lidi", "Sapu lakop"]
    broom = data["items"][0]
    assert broom["price"] == 15000 and broom["availability"] == "available"
    assert broom["unit"]["code"] == "LPPWT" and broom["url"].endswith("-sapu-lidi/")
    assert broom["photo"]["urls"]["320"].endswith("/320.jpg")
    assert data["count"] == 2 and data["pages"] == 1
    everything = anonymous.get("/public/products", {"limit": 100}).json()
    names = {p["name"] for p in everything["items"]}
    assert names == {"Sapu lidi", "Sapu lakop", "Miniatur perahu"}
    assert anonymous.get("/public/products", {"category": "nope"}).status_code == 422


def test_a_product_and_a_unit(api_as, world):
    anonymous = api_as(None)
    detail = anonymous.get(f"/public/units/LPPWT/products/{world.broom.pk}").json()
    assert detail["in_gallery"] is True
    assert detail["partner_shops"] == [{"name": "Toko Acun Akuarium", "city": "Purwokerto"}]
    assert detail["lots"][0]["code"] == "SAPU-LIDI-20260130-1"
    for hidden in (world.secret, world.far_product):
        assert anonymous.get(f"/public/units/LPPWT/products/{hidden.pk}").status_code == 404
    unit = anonymous.get("/public/units/LPPWT").json()
    assert unit["unit"]["name"] == "Lapas Kelas IIA Purwokerto"
    assert {p["name"] for p in unit["products"]} == {"Sapu lidi", "Sapu lakop"}
    assert [n["title"] for n in unit["news"]] == [world.published.title]
    assert anonymous.get("/public/units/NOPE").status_code == 404


def test_news_only_when_published(api_as, world):
    anonymous = api_as(None)
    news = anonymous.get("/public/news").json()
    assert [n["title"] for n in news["items"]] == [world.published.title]
    item = anonymous.get(f"/public/units/LPPWT/news/{world.published.pk}").json()
    assert item["paragraphs"][-1] == "(Humas Lapas Purwokerto)"
    for hidden in (world.draft, world.neighbour_draft):
        code = hidden.facility.code
        assert anonymous.get(f"/public/units/{code}/news/{hidden.pk}").status_code == 404


def test_trace_counts_never_names(api_as, world):
    anonymous = api_as(None)
    response = anonymous.get("/public/trace", {"unit": "LPPWT", "lot": "SAPU-LIDI-20260130-1"})
    data = response.json()
    assert data["workers"] == 3 and data["workshop"] == "Bengkel Sapu Lidi dan Sapu Lakop"
    assert data["trainings"][0]["participants"] == 3
    text = json.dumps(data)
    for inmate in world.inmates:
        assert inmate.name not in text and inmate.registration_number not in text
    assert anonymous.get("/public/trace", {"unit": "LPPWT", "lot": "X"}).status_code == 404
    assert anonymous.get("/public/trace", {"unit": "LPPWT"}).status_code == 422

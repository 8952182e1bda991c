"""The unit's officers read and handle the requests sent through the catalogue: output
officers and the head; another unit's user, a partner's user and roles without sales rights do
not; anonymous visitors are sent to the login page."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.accounts.services import membership_create
from karya.catalogue.models import QuoteRequest
from karya.catalogue.services import quote_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(world):
    return quote_request_create(
        unit_code="LPPWT",
        product_id=world.broom.pk,
        name="Bu Rina",
        institution="Dinas Koperasi",
        contact="081234567890",
        quantity=200,
        message="Untuk kantor.",
    )


@pytest.fixture
def output_officer(make_user, facility):
    return make_user("output_officer", facility=facility)


def pages(quote):
    return [
        ("get", reverse("quote-requests:list", args=["LPPWT"])),
        ("get", reverse("quote-requests:detail", args=["LPPWT", quote.pk])),
        ("post", reverse("quote-requests:handle", args=["LPPWT", quote.pk])),
        ("post", reverse("quote-requests:quote", args=["LPPWT", quote.pk])),
    ]


def test_anonymous_is_sent_to_login(client, quote):
    for method, url in pages(quote):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/akun/masuk/" in response.url


def test_outsiders_get_404_and_other_roles_403(login, make_user, quote, other_facility, world):
    stranger = login(make_user("output_officer", facility=other_facility))
    partner_user = make_user()
    membership_create(actor=None, user=partner_user, role="partner", partner=world.shop)
    for method, url in pages(quote):
        assert getattr(stranger, method)(url).status_code == 404
        assert getattr(login(partner_user), method)(url).status_code == 404
    pr = login(make_user("pr", facility=quote.facility))
    for method, url in pages(quote):
        assert getattr(pr, method)(url).status_code == 403


def test_the_treasurer_reads_but_does_not_handle(login, make_user, quote, facility):
    client = login(make_user("treasurer", facility=facility))
    html = client.get(reverse("quote-requests:detail", args=["LPPWT", quote.pk])).content
    assert b"Bu Rina" in html and b"Tandai sudah ditangani" not in html
    url = reverse("quote-requests:handle", args=["LPPWT", quote.pk])
    assert client.post(url, {"handling_note": "x"}).status_code == 403


def test_an_output_officer_handles_a_request(login, output_officer, quote):
    client = login(output_officer)
    listing = client.get(reverse("quote-requests:list", args=["LPPWT"])).content.decode()
    assert "Bu Rina (Dinas Koperasi)" in listing and "200 batang" in listing
    url = reverse("quote-requests:handle", args=["LPPWT", quote.pk])
    response = client.post(url, {"handling_note": ""})
    assert (
        response.status_code == 200 and "Bidang ini tidak boleh kosong" in response.content.decode()
    )
    response = client.post(url, {"handling_note": "Penawaran dikirim lewat WhatsApp"}, follow=True)
    html = response.content.decode()
    assert "Permintaan ditandai sudah ditangani." in html
    assert "Penawaran dikirim lewat WhatsApp" in html
    with scopes_disabled():
        handled = QuoteRequest.objects.get(pk=quote.pk)
    assert handled.status == "handled" and handled.handled_by == output_officer
    response = client.post(url, {"handling_note": "lagi"})
    assert "Permintaan ini sudah ditangani." in response.content.decode()
    assert (
        "Permintaan ini sudah ditangani."
        not in client.get(reverse("quote-requests:list", args=["LPPWT"])).content.decode()
    )


def test_the_list_takes_a_fixed_number_of_queries(
    login, output_officer, world, django_assert_max_num_queries
):
    client = login(output_officer)
    url = reverse("quote-requests:list", args=["LPPWT"])

    def add(n):
        for i in range(n):
            quote_request_create(
                unit_code="LPPWT",
                product_id=world.broom.pk,
                name=f"Pembeli {i}",
                contact="081234567890",
                quantity=1,
            )

    add(2)
    with django_assert_max_num_queries(14):
        client.get(url)
    add(20)
    with django_assert_max_num_queries(14):
        assert b"Pembeli 19" in client.get(url).content


def test_an_output_officer_makes_a_quotation_from_a_request(login, output_officer, quote):
    client = login(output_officer)
    url = reverse("quote-requests:quote", args=["LPPWT", quote.pk])
    response = client.post(url, follow=True)
    html = response.content.decode()
    with scopes_disabled():
        handled = QuoteRequest.objects.select_related("quotation").get(pk=quote.pk)
        order = handled.quotation
        line = order.lines.get()
    assert response.redirect_chain[-1][0].endswith(f"/penjualan/pesanan/{order.pk}/")
    assert f"Penawaran {order.number} sudah dibuat." in html
    assert order.status == "quotation" and order.customer_name == "Dinas Koperasi"
    assert order.customer_kind == "institution" and "Bu Rina" in order.customer_contact
    assert (line.product_id, line.quantity) == (quote.product_id, 200)
    assert handled.status == "handled" and order.number in handled.handling_note
    # A request is made into a quotation once.
    again = client.post(url, follow=True).content.decode()
    assert "Permintaan ini sudah ditangani." in again
    with scopes_disabled():
        assert type(order).objects.count() == 1


def test_a_request_for_a_product_no_longer_sold_is_refused_and_stays_new(
    login, output_officer, quote
):
    with scopes_disabled():
        type(quote.product).objects.filter(pk=quote.product_id).update(is_active=False)
    client = login(output_officer)
    response = client.post(reverse("quote-requests:quote", args=["LPPWT", quote.pk]), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/permintaan/{quote.pk}/")
    with scopes_disabled():
        assert QuoteRequest.objects.get(pk=quote.pk).status == "new"

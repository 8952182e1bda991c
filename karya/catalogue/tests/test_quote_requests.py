"""A visitor asks for a quotation or orders from a product's page: the request is stored and
lands in the inbox of the unit's output officers; bad input gets a clear message next to its
field; a robot filling the hidden field and a flood from one address are held off."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.catalogue.models import QuoteRequest
from karya.notifications.models import Notification

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "quote",
    "name": "Bu Rina",
    "institution": "Dinas Koperasi Banyumas",
    "contact": "0812-3456-7890",
    "quantity": "200",
    "message": "Untuk kantor, dikirim Februari.",
    "website": "",
}


def url(world):
    return reverse("catalogue:product", args=["LPPWT", world.broom.pk, "sapu-lidi"])


def stored():
    with scopes_disabled():
        return list(QuoteRequest.objects.order_by("pk"))


@pytest.fixture
def output_officer(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja", email="hk@x.id")


def test_a_request_reaches_the_output_officers(client, world, output_officer, head, mailoutbox):
    response = client.post(url(world), GOOD, follow=True)
    html = response.content.decode()
    assert "Terima kasih, permintaan Anda telah dikirim ke Lapas Kelas IIA Purwokerto" in html
    [request] = stored()
    assert (request.name, request.quantity, request.status) == ("Bu Rina", 200, "new")
    assert request.product_id == world.broom.pk and request.facility_id == world.broom.facility_id
    [notice] = Notification.objects.all()  # the output officer only: the head is not bothered
    assert notice.user == output_officer
    assert notice.title == "Permintaan penawaran: 200 Sapu lidi"
    assert "Dinas Koperasi Banyumas" in notice.body and "0812-3456-7890" in notice.body
    assert notice.url == reverse("quote-requests:detail", args=["LPPWT", request.pk])


def test_without_output_officers_the_head_is_told(client, world, head):
    client.post(url(world), {**GOOD, "kind": "order"})
    [notice] = Notification.objects.all()
    assert notice.user == head and notice.title.startswith("Permintaan pesanan")


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("name", "", "Tulis nama Anda."),
        ("name", "A", "Tulis nama Anda."),
        ("contact", "", "Tulis nomor telepon (WhatsApp) atau alamat e-mail"),
        ("contact", "besok saja", "Ini bukan nomor telepon (8 sampai 15 angka)"),
        ("contact", "0812", "Ini bukan nomor telepon"),
        ("contact", "rina@", "Ini bukan nomor telepon"),
        ("quantity", "", "Tulis berapa yang Anda butuhkan."),
        ("quantity", "dua", "Tulis jumlah sebagai bilangan bulat."),
        ("quantity", "0", "Jumlah paling sedikit 1."),
        ("quantity", "1000000", "Jumlah harus bilangan bulat dari 1 sampai 100.000."),
        ("kind", "gratis", "Masukkan pilihan yang valid"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, world, field, value, message):
    response = client.post(url(world), {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored() == [] and not Notification.objects.exists()


def test_an_email_address_is_a_good_contact(client, world):
    client.post(url(world), {**GOOD, "contact": "rina@dinkop.banyumaskab.go.id"})
    assert len(stored()) == 1


def test_a_robot_filling_the_honeypot_stores_nothing(client, world, output_officer):
    response = client.post(url(world), {**GOOD, "website": "http://spam.example"}, follow=True)
    assert response.status_code == 200
    assert "Terima kasih" in response.content.decode()
    assert stored() == [] and not Notification.objects.exists()


def test_one_address_sends_at_most_the_hourly_limit(settings, world):
    settings.KARYA_QUOTE_REQUESTS_PER_HOUR = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        assert client.post(url(world), {**GOOD, "name": f"Pembeli {n}"}).status_code == 302
    response = client.post(url(world), {**GOOD, "name": "Pembeli 4"})
    assert response.status_code == 429
    assert "Anda sudah mengirim 3 permintaan dalam satu jam terakhir" in response.content.decode()
    assert len(stored()) == 3
    # Another address is not held back; refused input does not use up the limit.
    other = Client(REMOTE_ADDR="198.51.100.9")
    other.post(url(world), {**GOOD, "contact": "x"})
    assert other.post(url(world), GOOD).status_code == 302
    assert len(stored()) == 4


def test_an_unpublished_product_takes_no_request(client, world):
    secret = reverse("catalogue:product", args=["LPPWT", world.secret.pk, "kain-batik-rahasia"])
    assert client.post(secret, GOOD).status_code == 404
    assert stored() == []


def test_the_service_refuses_a_product_of_another_unit(world):
    from karya.catalogue.services import quote_request_create
    from karya.core.errors import DomainError

    with pytest.raises(DomainError, match="tidak ditawarkan lagi"):
        quote_request_create(
            unit_code="LPPWT",
            product_id=world.far_product.pk,
            name="Bu Rina",
            contact="081234567890",
            quantity=3,
        )


def _token(response) -> str:
    html = response.content.decode()
    marker = 'name="csrfmiddlewaretoken" value="'
    return html[html.index(marker) + len(marker) :].split('"', 1)[0]


def test_the_product_page_is_kept_and_each_visitor_gets_a_working_token(world, output_officer):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    kept_for_first = first.get(url(world))
    served_to_second = second.get(url(world))

    assert "X-Karya-Cache" not in kept_for_first
    assert served_to_second["X-Karya-Cache"] == "hit"
    assert "karya-csrf-token" not in served_to_second.content.decode()
    assert "public" not in served_to_second.get("Cache-Control", "")
    assert second.cookies["csrftoken"].value  # the visitor's own CSRF cookie is set
    token = _token(served_to_second)
    assert token != _token(kept_for_first)

    refused = second.post(url(world), {**GOOD, "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403 and stored() == []
    sent = second.post(url(world), {**GOOD, "csrfmiddlewaretoken": token}, follow=True)
    assert sent.status_code == 200 and len(stored()) == 1
    # The thanks shows on the page after the redirect: a page with messages is not the kept one.
    assert "X-Karya-Cache" not in sent
    assert "Terima kasih, permintaan Anda telah dikirim" in sent.content.decode()
    assert "Terima kasih" not in first.get(url(world)).content.decode()

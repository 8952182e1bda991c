"""Newsroom pages: who may open them (humas, officers and the head; another unit's user, a
partner's user and security staff may not; anonymous → login), recording an event, generating
and exporting a release, and the list's query count."""

import io
import zipfile

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.accounts.services import membership_create
from karya.newsroom.models import Event, PressRelease
from karya.newsroom.services import release_generate
from karya.newsroom.tests.conftest import HEAD_QUOTE

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(pickup_event, humas, in_scope):
    return release_generate(actor=humas, event=pickup_event, quotes=[HEAD_QUOTE])


def pages(event, release):
    code = "LPPWT"
    return [
        ("get", reverse("newsroom:home", args=[code])),
        ("get", reverse("newsroom:event-create", args=[code])),
        ("get", reverse("newsroom:event-detail", args=[code, event.pk])),
        ("get", reverse("newsroom:event-update", args=[code, event.pk])),
        ("get", reverse("newsroom:photo-add", args=[code, event.pk])),
        ("get", reverse("newsroom:release-generate", args=[code, event.pk])),
        ("get", reverse("newsroom:release-detail", args=[code, release.pk])),
        ("get", reverse("newsroom:release-update", args=[code, release.pk])),
        ("get", reverse("newsroom:release-docx", args=[code, release.pk])),
        ("get", reverse("newsroom:release-text", args=[code, release.pk])),
        ("post", reverse("newsroom:release-submit", args=[code, release.pk])),
        ("post", reverse("newsroom:release-publish", args=[code, release.pk])),
        ("post", reverse("newsroom:release-withdraw", args=[code, release.pk])),
    ]


HEAD_PAGES = ("release-approve", "release-return")


def test_anonymous_is_sent_to_login(client, pickup_event, release):
    for method, url in pages(pickup_event, release):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/akun/masuk/" in response.url, url


def test_outsiders_get_404(login, make_user, other_facility, pickup, pickup_event, release):
    stranger = login(make_user("head", facility=other_facility))
    partner_user = make_user()
    membership_create(actor=None, user=partner_user, role="partner", partner=pickup.partner)
    for client in (stranger, login(partner_user)):
        for method, url in pages(pickup_event, release):
            assert getattr(client, method)(url).status_code == 404, url
        for name in HEAD_PAGES:
            url = reverse(f"newsroom:{name}", args=["LPPWT", release.pk])
            assert client.post(url).status_code == 404


def test_security_staff_and_the_treasurer_get_403(
    login, make_user, facility, pickup_event, release
):
    for role in ("security", "treasurer"):
        client = login(make_user(role, facility=facility))
        for method, url in pages(pickup_event, release):
            assert getattr(client, method)(url).status_code == 403, url


def test_humas_may_not_approve(login, humas, release):
    client = login(humas)
    for name in HEAD_PAGES:
        url = reverse(f"newsroom:{name}", args=["LPPWT", release.pk])
        assert client.post(url, {"note": "x"}).status_code == 403
    with scopes_disabled():
        assert PressRelease.objects.get(pk=release.pk).status == "draft"


def test_another_units_records_through_our_address_are_404(
    login, head, make_user, other_facility, release
):
    with scopes_disabled():
        theirs = Event.objects.create(
            facility=other_facility, kind="other", title="Milik tetangga",
            starts_at=release.event.starts_at,
        )  # fmt: skip
    client = login(head)
    assert (
        client.get(reverse("newsroom:event-detail", args=["LPPWT", theirs.pk])).status_code == 404
    )


def test_recording_an_event_and_generating_its_release(login, humas, pickup):
    client = login(humas)
    response = client.post(
        reverse("newsroom:event-create", args=["LPPWT"]),
        {
            "kind": "pickup",
            "title": "Pengambilan sapu oleh CV. Pusat Handicraft",
            "date": "2026-01-31",
            "starts_at": "09.40",
            "place": "Lapas Kelas IIA Purwokerto",
            "handover": pickup.handover.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        event = Event.objects.get()
    assert event.starts_at.hour == 2 and event.starts_at.minute == 40  # 09.40 WIB in UTC
    detail = client.get(response.url).content.decode()
    assert "31 Januari 2026, 09.40 WIB" in detail and "BAST/LPPWT/2026/01/0001" in detail
    response = client.post(
        reverse("newsroom:release-generate", args=["LPPWT", event.pk]),
        {
            "quote_1_name": HEAD_QUOTE["name"],
            "quote_1_role": HEAD_QUOTE["role"],
            "quote_1_text": HEAD_QUOTE["text"],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Draf sudah dibuat" in html and "1.140 batang sapu lidi" in html
    assert "delapan hari" in html and "Aliandra Harahap" in html


def test_a_quote_naming_an_inmate_is_refused_on_the_page(login, humas, pickup_event, inmates):
    response = login(humas).post(
        reverse("newsroom:release-generate", args=["LPPWT", pickup_event.pk]),
        {"quote_1_name": inmates[0].name, "quote_1_text": "Saya senang."},
    )
    assert response.status_code == 200
    assert "Naskah menyebut nama atau nomor registrasi WBP" in response.content.decode()
    with scopes_disabled():
        assert not PressRelease.objects.exists()


def test_exports_as_docx_and_text(login, humas, release):
    client = login(humas)
    response = client.get(reverse("newsroom:release-docx", args=["LPPWT", release.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "siaran-pers-lppwt-hasil-karya" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        xml = docx.read("word/document.xml").decode()
        core = docx.read("docProps/core.xml").decode()
    assert "1.140 batang sapu lidi dan 290 buah sapu lakop" in xml
    assert "(Humas Lapas Purwokerto)" in xml and "python-docx" not in core
    text = client.get(reverse("newsroom:release-text", args=["LPPWT", release.pk]))
    body = text.content.decode()
    assert body.startswith(release.title + "\n\nPURWOKERTO – ")
    assert "delapan hari" in body


def test_the_newsroom_list_takes_a_fixed_number_of_queries(
    login, humas, facility, pickup_event, release, django_assert_max_num_queries
):
    client = login(humas)
    url = reverse("newsroom:home", args=["LPPWT"])
    with django_assert_max_num_queries(16):
        client.get(url)
    with scopes_disabled():
        for n in range(15):
            event = Event.objects.create(
                facility=facility, kind="other", title=f"Kegiatan {n}",
                starts_at=pickup_event.starts_at, agreement_id=None,
            )  # fmt: skip
            PressRelease.objects.create(
                facility=facility, event=event, title=f"Rilis {n}", body="Isi."
            )
    with django_assert_max_num_queries(16):
        html = client.get(url).content.decode()
    assert "Kegiatan 14" in html and "Rilis 14" in html


def test_the_event_page_links_only_what_its_reader_may_open(
    login, humas, head, pickup_event, release
):
    """Humas reads the event without links to the programme's or the sales' pages it may
    not open; the head, who may, follows them to the pick-up and the training."""
    import datetime as dt
    import re

    from karya.programs.models import Training

    with scopes_disabled():
        pickup_event.training = Training.objects.create(
            facility=pickup_event.facility, title="Pelatihan Anyaman Tikar Pandan",
            provider_name="CV. Rajasa Mas Jaya Cilacap", hours_jp=40,
            competency_units="Membuat anyaman tikar dari daun pandan",
            start_date=dt.date(2025, 7, 24), end_date=dt.date(2025, 7, 31),
        )  # fmt: skip
        pickup_event.save()
    url = reverse("newsroom:event-detail", args=["LPPWT", pickup_event.pk])
    reader = login(humas)
    page = reader.get(url).content.decode()
    links = set(re.findall(r'href="(/upt/LPPWT/[^"#?]+)"', page))
    assert links
    for link in links:
        assert reader.get(link).status_code == 200, link
    handover = reverse("sales:handover-detail", args=["LPPWT", pickup_event.handover_id])
    training = reverse("programs:training-detail", args=["LPPWT", pickup_event.training_id])
    assert handover not in page and training not in page
    assert "Pelatihan Anyaman Tikar Pandan" in page
    head_page = login(head).get(url).content.decode()
    assert handover in head_page and training in head_page

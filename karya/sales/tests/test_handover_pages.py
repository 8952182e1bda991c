"""The handover pages as an output officer uses them: record a pick-up (time typed in the unit's
zone), add lines, post it after confirming, print the BAST, reverse it; refusals are shown on the
page and change nothing; the list filters by partner, status and month without its query count
growing with the rows."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.inventory.tests.conftest import quantity_at
from karya.partners.tests.conftest import PNG_BYTES
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import Handover, HandoverLine, HandoverPhoto, Sale
from karya.sales.services.handovers import handover_post
from karya.sales.tests.conftest import make_agreement

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def text(response) -> str:
    return response.content.decode()


def error_on(page: str, field: str | None) -> bool:
    """The page shows an error next to the field (None: above the form)."""
    if field is None:
        return 'class="errorlist"' in page
    return re.search(rf'class="field has-error">\s*<label for="id_{field}"', page) is not None


@pytest.fixture
def client_(login, output_officer):
    return login(output_officer)


def _form(under, where, by, acknowledging, **changes):
    data = {
        "agreement": under.pk,
        "scheme": "beli_putus",
        "date": "2026-01-31",
        "time": "09.40",
        "source": where.pk,
        "officer": by.pk,
        "partner_representative": "Budi Santoso",
        "partner_representative_position": "Direktur",
        "head": acknowledging.pk,
    }
    data.update(changes)
    return data


def test_an_officer_records_posts_and_prints_a_pick_up(
    client_, facility, agreement, store, output_officer, head, broom, lakop, stocked, monkeypatch
):
    # The form opens from the agreement with the agreement chosen and the officer filled in.
    page = text(client_.get(url("handover-create", facility) + f"?kerja_sama={agreement.pk}"))
    assert f'<option value="{agreement.pk}" selected>' in page
    assert f'<option value="{output_officer.pk}" selected>' in page

    response = client_.post(
        url("handover-create", facility), _form(agreement, store, output_officer, head)
    )
    with scopes_disabled():
        draft = Handover.objects.get()
    assert (
        response.status_code == 302
        and response.url == url("handover-detail", facility, draft.pk) + "#lines"
    )
    assert draft.handed_over_at == dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # 09.40 WIB

    for product, lot, quantity in ((broom, stocked.pk, "1140"), (lakop, "", "290")):
        response = client_.post(
            url("handover-line-add", facility, draft.pk),
            {"product": product.pk, "lot": lot, "quantity": quantity, "unit_price": ""},
        )
        assert response.status_code == 302
    page = text(client_.get(url("handover-detail", facility, draft.pk)))
    assert "Rp 5.025.000" in page and url("handover-post", facility, draft.pk) in page

    confirm = client_.get(url("handover-post", facility, draft.pk))
    assert confirm.status_code == 200 and "1500" in text(confirm)  # what the store holds
    response = client_.post(url("handover-post", facility, draft.pk), {})
    assert response.status_code == 302
    page = text(client_.get(response.url))
    assert "BAST/LPPWT/2026/01/0001" in page
    assert url("handover-post", facility, draft.pk) not in page  # posted: no more changes
    assert quantity_at(store, broom, stocked) == 360

    capture_html(monkeypatch, fake_pdf=True)
    pdf = client_.get(url("handover-pdf", facility, draft.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="bast-lppwt-2026-01-0001.pdf"'


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(
    client_, facility, other_facility, agreement, store, output_officer, head, make_user
):
    stranger = make_user("officer", facility=other_facility, username="luar")
    for changes, field in [
        ({"partner_representative": ""}, "partner_representative"),
        ({"partner_representative": "x" * 151}, "partner_representative"),
        ({"time": "25.99"}, "time"),
        ({"date": "31-31-2026"}, "date"),
        ({"officer": stranger.pk}, "officer"),
        ({"head": output_officer.pk}, "head"),
        ({"source": 999999}, "source"),
        ({"agreement": 999999}, "agreement"),
        ({"scheme": "pelatihan"}, "scheme"),
        ({"date": "2025-01-31"}, None),  # before the agreement: said above the form
    ]:
        response = client_.post(
            url("handover-create", facility),
            _form(agreement, store, output_officer, head, **changes),
        )
        assert response.status_code == 200, changes
        assert error_on(text(response), field), changes
    with scopes_disabled():
        assert not Handover.objects.exists()


def test_posting_without_enough_stock_says_what_is_there(
    client_, facility, make_draft, broom, stocked, store
):
    draft = make_draft(lines=[(broom, 1600, stocked)])
    page = text(client_.get(url("handover-detail", facility, draft.pk)))
    assert "1500" in page  # shown next to the line before posting
    response = client_.post(url("handover-post", facility, draft.pk), {})
    assert response.status_code == 200
    assert "1500" in text(response) and "1600" in text(response)
    with scopes_disabled():
        assert Handover.objects.get().status == "draft" and not Sale.objects.exists()
    assert quantity_at(store, broom, stocked) == 1500


def test_lines_are_changed_and_removed_on_a_draft(client_, facility, make_draft, lakop):
    draft = make_draft()
    with scopes_disabled():
        line = HandoverLine.objects.get(handover=draft, product=lakop)
    response = client_.post(
        url("handover-line-update", facility, draft.pk, line.pk),
        {"lot": "", "quantity": "250", "unit_price": "Rp 7.000"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.quantity, line.unit_price) == (250, 7000)
    response = client_.post(
        url("handover-line-update", facility, draft.pk, line.pk),
        {"quantity": "0", "unit_price": ""},
    )
    assert response.status_code == 200 and 'class="error"' in text(response)
    client_.post(url("handover-line-remove", facility, draft.pk, line.pk))
    with scopes_disabled():
        assert not HandoverLine.objects.filter(pk=line.pk).exists()


def test_a_posted_handover_is_reversed_with_a_reason(
    client_, facility, make_draft, output_officer, store, broom, stocked
):
    with scopes_disabled():
        posted = handover_post(actor=output_officer, handover=make_draft())
    assert client_.get(url("handover-update", facility, posted.pk)).status_code == 302
    assert client_.get(url("handover-post", facility, posted.pk)).status_code == 302
    response = client_.post(url("handover-reverse", facility, posted.pk), {"reason": ""})
    assert response.status_code == 200
    response = client_.post(
        url("handover-reverse", facility, posted.pk), {"reason": "Salah jumlah"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        reversal = Handover.objects.get(reverses=posted)
    assert response.url == url("handover-detail", facility, reversal.pk)
    assert reversal.number == "BAST/LPPWT/" + reversal.number.split("/", 2)[2]
    assert quantity_at(store, broom, stocked) == 1500
    page = text(client_.get(url("handover-detail", facility, posted.pk)))
    assert reversal.number in page and url("handover-reverse", facility, posted.pk) not in page


def test_a_draft_is_deleted_after_confirming(client_, facility, make_draft):
    draft = make_draft()
    assert client_.get(url("handover-delete", facility, draft.pk)).status_code == 200
    response = client_.post(url("handover-delete", facility, draft.pk), {})
    assert response.status_code == 302 and response.url == url("handover-list", facility)
    with scopes_disabled():
        assert not Handover.objects.exists()


def test_photos_are_uploaded_and_served_to_readers(
    client_, facility, make_draft, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft()
    upload = SimpleUploadedFile("foto.png", PNG_BYTES, content_type="image/png")
    response = client_.post(
        url("handover-photo-add", facility, draft.pk), {"image": upload, "caption": "Pemuatan"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        photo = HandoverPhoto.objects.get()
    served = client_.get(url("handover-photo", facility, draft.pk, photo.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    bad = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    client_.post(url("handover-photo-add", facility, draft.pk), {"image": bad})
    with scopes_disabled():
        assert HandoverPhoto.objects.count() == 1
    client_.post(url("handover-photo-remove", facility, draft.pk, photo.pk))
    with scopes_disabled():
        assert not HandoverPhoto.objects.exists()


def test_the_list_filters_by_partner_status_and_month(
    client_, facility, make_draft, output_officer, lakop, broom
):
    with scopes_disabled():
        handover_post(actor=output_officer, handover=make_draft(lines=[(lakop, 1, None)]))
        make_draft(
            lines=[(lakop, 2, None)], at=dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.UTC)
        )  # 1 February, 00.30 WIB
        other = make_agreement(
            facility, schemes=["beli_putus"], name="UD Lain", prices=[(broom, 2000)]
        )
    page = text(client_.get(url("handover-list", facility)))
    assert page.count('data-label="Nomor"') + page.count('data-label="Number"') == 2
    posted_only = text(client_.get(url("handover-list", facility), {"status": "posted"}))
    assert (
        "BAST/LPPWT/2026/01/0001" in posted_only
        and "#" not in posted_only.split("<tbody>")[1].split("</tbody>")[0]
    )
    february = text(client_.get(url("handover-list", facility), {"month": "2026-02"}))
    assert "BAST/LPPWT/2026/01/0001" not in february
    january = text(client_.get(url("handover-list", facility), {"month": "2026-01"}))
    assert "BAST/LPPWT/2026/01/0001" in january
    nobody = text(client_.get(url("handover-list", facility), {"partner": other.partner_id}))
    assert "BAST/LPPWT" not in nobody


def test_the_list_query_count_does_not_grow_with_rows(
    client_, facility, make_draft, output_officer, lakop, django_assert_max_num_queries
):
    with scopes_disabled():
        handover_post(actor=output_officer, handover=make_draft(lines=[(lakop, 1, None)]))
    with django_assert_max_num_queries(25) as few:
        assert client_.get(url("handover-list", facility)).status_code == 200
    with scopes_disabled():
        for _ in range(8):
            handover_post(actor=output_officer, handover=make_draft(lines=[(lakop, 1, None)]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client_.get(url("handover-list", facility)))
    assert "BAST/LPPWT/2026/01/0009" in page


def test_the_agreement_page_links_to_its_pick_ups(
    client_, login, facility, agreement, make_draft, make_user
):
    draft = make_draft()
    page = text(
        client_.get(reverse("partners:agreement-detail", args=[facility.code, agreement.pk]))
    )
    assert url("handover-create", facility) + f"?kerja_sama={agreement.pk}" in page
    assert url("handover-detail", facility, draft.pk) in page
    # A work-programme officer reads partners but not sales: no handover section.
    officer = login(make_user("officer", facility=facility))
    page = text(
        officer.get(reverse("partners:agreement-detail", args=[facility.code, agreement.pk]))
    )
    assert url("handover-list", facility) not in page

"""Who may open which partner page: anonymous → login; another unit's user → 404 (and another
unit's records through our unit's URLs → 404); security staff → 403 everywhere; PR and the
treasurer read but never write; only the head approves or rejects."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.partners.models import Agreement
from karya.partners.tests.conftest import url
from karya.programs.tests.test_documents_support import capture_html

pytestmark = pytest.mark.django_db

# (url name, the records it needs from a PartnerSet, method, kind)
PAGES = [
    ("partner-list", (), "get", "read"),
    ("obligation-due-list", (), "get", "read"),
    ("partner-detail", ("partner",), "get", "read"),
    ("agreement-detail", ("agreement",), "get", "read"),
    ("agreement-pdf", ("agreement",), "get", "read"),
    ("agreement-document", ("agreement", "document"), "get", "read"),
    ("visit-detail", ("visit",), "get", "read"),
    ("partner-history", ("partner",), "get", "audit"),
    ("agreement-history", ("agreement",), "get", "audit"),
    ("visit-history", ("visit",), "get", "audit"),
    ("partner-create", (), "get", "write"),
    ("partner-update", ("partner",), "get", "write"),
    ("contact-create", ("partner",), "get", "write"),
    ("contact-update", ("partner", "contact"), "get", "write"),
    ("agreement-create", ("partner",), "get", "write"),
    ("visit-create", ("partner",), "get", "write"),
    ("agreement-update", ("agreement",), "get", "write"),
    ("agreement-renew", ("agreement",), "get", "write"),
    ("agreement-terminate", ("agreement",), "get", "write"),
    ("agreement-product", ("agreement",), "get", "write"),
    ("agreement-document-add", ("agreement",), "get", "write"),
    ("obligation-add", ("agreement",), "get", "write"),
    ("obligation-fulfil", ("agreement", "obligation"), "get", "write"),
    ("visit-update", ("visit",), "get", "write"),
    ("follow-up-add", ("visit",), "get", "write"),
    ("agreement-request", ("agreement",), "post", "write"),
    ("agreement-product-remove", ("agreement", "line"), "post", "write"),
    ("follow-up-done", ("follow_up",), "post", "write"),
    ("agreement-approve", ("agreement",), "get", "approve"),
    ("agreement-reject", ("agreement",), "get", "approve"),
]
IDS = [p[0] for p in PAGES]
OBJECT_PAGES = [p for p in PAGES if p[1]]
WRITES = [p for p in PAGES if p[3] in ("write", "approve")]
READS = [p for p in PAGES if p[3] == "read"]


def page_url(page, facility, records, override=None):
    name, needs, *_ = page
    args = []
    for attr in needs:
        source = override if override is not None and attr == needs[-1] else records
        args.append(getattr(source, attr).pk)
    return url(name, facility, *args)


def call(client, page, target, data=None):
    return getattr(client, page[2])(target, data or {})


@pytest.fixture
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, ours, page):
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_user_gets_404(login, make_user, facility, other_facility, ours, page):
    stranger = login(make_user("head", facility=other_facility))
    assert call(stranger, page, page_url(page, facility, ours)).status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_records_through_our_url_are_404(login, head, facility, ours, theirs, page):
    client = login(head)
    assert call(client, page, page_url(page, facility, theirs)).status_code == 404
    if len(page[1]) > 1:  # their contact, line, document or obligation under our record
        assert (
            call(client, page, page_url(page, facility, ours, override=theirs)).status_code == 404
        )


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_security_staff_get_403(login, make_user, facility, ours, page):
    client = login(make_user("security", facility=facility))
    assert call(client, page, page_url(page, facility, ours)).status_code == 403


@pytest.mark.parametrize("role", ["pr", "treasurer"])
@pytest.mark.parametrize("page", WRITES, ids=[p[0] for p in WRITES])
def test_readers_cannot_write(login, make_user, facility, ours, role, page):
    client = login(make_user(role, facility=facility))
    target = page_url(page, facility, ours)
    assert call(client, page, target).status_code == 403
    assert client.post(target, {"to": "MOU", "reason": "x"}).status_code == 403
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=ours.agreement.pk)
    assert agreement.pending_status == "" and agreement.status == "EXPLORATION"


@pytest.mark.parametrize("role", ["pr", "treasurer"])
@pytest.mark.parametrize("page", READS, ids=[p[0] for p in READS])
def test_readers_read_without_write_controls(
    login, make_user, facility, ours, role, page, fast_pdf
):
    client = login(make_user(role, facility=facility))
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 200
    if response.get("Content-Type", "").startswith("text/html"):
        text = response.content.decode()
        for name, needs, _method, _kind in WRITES:
            if len(needs) <= 1:
                assert page_url((name, needs), facility, ours) not in text, name


def test_an_officer_cannot_approve_or_reject(login, officer, facility, ours):
    with scopes_disabled():
        Agreement.objects.filter(pk=ours.agreement.pk).update(pending_status="MOU")
    client = login(officer)
    for name in ("agreement-approve", "agreement-reject"):
        target = url(name, facility, ours.agreement.pk)
        for response in (
            client.get(target),
            client.post(target, {"signed_on": "2025-09-01", "reason": "Belum lengkap"}),
        ):
            assert response.status_code == 403
            assert "Hanya kepala UPT yang menyetujui MoU atau PKS." in response.content.decode()
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=ours.agreement.pk)
    assert (agreement.status, agreement.pending_status, agreement.mou_signed_on) == (
        "EXPLORATION",
        "MOU",
        None,
    )
    detail = client.get(url("agreement-detail", facility, ours.agreement.pk)).content.decode()
    assert url("agreement-approve", facility, ours.agreement.pk) not in detail


def test_url_paths(facility, ours):
    assert url("partner-list", facility) == "/upt/LPPWT/mitra/"
    assert url("obligation-due-list", facility) == "/upt/LPPWT/mitra/kewajiban/"
    pk = ours.agreement.pk
    assert url("agreement-pdf", facility, pk) == f"/upt/LPPWT/mitra/kerja-sama/{pk}/ringkasan.pdf"

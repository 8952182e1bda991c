"""Who may open which handover page: anonymous → login; another unit's user and a partner's own
user → 404 (and another unit's records through our unit's URLs → 404); security staff → 403;
the treasurer reads but never writes."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import Handover, HandoverLine, HandoverPhoto
from karya.sales.tests.handover_fixtures import draft_world

pytestmark = pytest.mark.django_db

# (url name, the records it needs, method, kind)
PAGES = [
    ("handover-list", (), "get", "read"),
    ("handover-detail", ("handover",), "get", "read"),
    ("handover-pdf", ("handover",), "get", "read"),
    ("handover-photo", ("handover", "photo"), "get", "read"),
    ("handover-history", ("handover",), "get", "audit"),
    ("handover-create", (), "get", "write"),
    ("handover-update", ("handover",), "get", "write"),
    ("handover-line-add", ("handover",), "get", "write"),
    ("handover-line-update", ("handover", "line"), "get", "write"),
    ("handover-line-remove", ("handover", "line"), "post", "write"),
    ("handover-photo-add", ("handover",), "post", "write"),
    ("handover-photo-remove", ("handover", "photo"), "post", "write"),
    ("handover-post", ("handover",), "get", "write"),
    ("handover-reverse", ("handover",), "get", "write"),
    ("handover-delete", ("handover",), "get", "write"),
]
IDS = [p[0] for p in PAGES]
OBJECT_PAGES = [p for p in PAGES if p[1]]
WRITES = [p for p in PAGES if p[3] == "write"]
READS = [p for p in PAGES if p[3] == "read"]


class Records:
    def __init__(self, handover, line, photo):
        self.handover, self.line, self.photo = handover, line, photo


def _records(facility, actor, head, settings, tmp_path, name="CV. Pusat Handicraft"):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    _agreement, handover, line = draft_world(facility, actor, head, name=name)
    with scopes_disabled():
        photo = HandoverPhoto(facility=facility, handover=handover, width=1, height=1)
        photo.image.save("foto.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    return Records(handover, line, photo)


@pytest.fixture
def ours(facility, output_officer, head, settings, tmp_path):
    return _records(facility, output_officer, head, settings, tmp_path)


@pytest.fixture
def theirs(other_facility, make_user, settings, tmp_path):
    return _records(
        other_facility,
        make_user("output_officer", facility=other_facility, username="hasil2"),
        make_user("head", facility=other_facility, username="kalapas2"),
        settings,
        tmp_path,
        name="UD Lain",
    )


def page_url(page, facility, records, override=None):
    name, needs, *_ = page
    args = []
    for attr in needs:
        source = override if override is not None and attr == needs[-1] else records
        args.append(getattr(source, attr).pk)
    return reverse(f"sales:{name}", args=[facility.code, *args])


def call(client, page, target, data=None):
    return getattr(client, page[2])(target, data or {})


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


def _unchanged(records):
    with scopes_disabled():
        handover = Handover.objects.get(pk=records.handover.pk)
        assert handover.status == "draft" and handover.partner_representative == "Budi"
        assert HandoverLine.objects.filter(pk=records.line.pk).exists()
        assert HandoverPhoto.objects.filter(pk=records.photo.pk).exists()


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, ours, page):
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_user_gets_404(login, make_user, facility, other_facility, ours, page):
    stranger = login(make_user("head", facility=other_facility))
    assert call(stranger, page, page_url(page, facility, ours)).status_code == 404
    _unchanged(ours)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_partner_user_gets_404_even_for_its_own_pick_ups(login, make_user, facility, ours, page):
    from karya.accounts.models import Membership

    user = make_user(username="mitra")
    Membership.objects.create(
        user=user, role="partner", scope="partner", partner=ours.handover.partner
    )
    assert call(login(user), page, page_url(page, facility, ours)).status_code == 404
    _unchanged(ours)


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_records_through_our_url_are_404(login, head, facility, ours, theirs, page):
    client = login(head)
    assert call(client, page, page_url(page, facility, theirs)).status_code == 404
    if len(page[1]) > 1:  # their line or photo under our handover
        assert (
            call(client, page, page_url(page, facility, ours, override=theirs)).status_code == 404
        )
    _unchanged(theirs)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_security_staff_get_403(login, make_user, facility, ours, page):
    client = login(make_user("security", facility=facility))
    assert call(client, page, page_url(page, facility, ours)).status_code == 403


@pytest.mark.parametrize("page", WRITES, ids=[p[0] for p in WRITES])
def test_the_treasurer_reads_but_cannot_write(login, treasurer, facility, ours, page):
    client = login(treasurer)
    target = page_url(page, facility, ours)
    assert call(client, page, target).status_code == 403
    assert client.post(target, {"reason": "x", "quantity": "1"}).status_code == 403
    _unchanged(ours)


@pytest.mark.parametrize("page", READS, ids=[p[0] for p in READS])
def test_the_treasurer_reads_without_write_controls(login, treasurer, facility, ours, page):
    client = login(treasurer)
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 200
    if response.get("Content-Type", "").startswith("text/html"):
        text = response.content.decode()
        for name, needs, _method, _kind in WRITES:
            if len(needs) <= 1:
                assert page_url((name, needs), facility, ours) not in text, name


def test_the_history_is_for_the_head(login, head, output_officer, facility, ours):
    assert login(head).get(page_url(PAGES[4], facility, ours)).status_code == 200
    assert login(output_officer).get(page_url(PAGES[4], facility, ours)).status_code == 403


def test_url_paths(facility, ours):
    pk = ours.handover.pk
    assert page_url(PAGES[0], facility, ours) == "/upt/LPPWT/penjualan/serah-terima/"
    assert page_url(PAGES[2], facility, ours) == f"/upt/LPPWT/penjualan/serah-terima/{pk}/bast.pdf"

"""Who may open which premi page: anonymous → login; another unit's user → 404, and another
unit's records through our unit's URLs → 404; a partner's user → 404; security staff and
officers → 403; the head reads and approves but does not prepare; the treasurer prepares but
does not approve."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.accounts.services import membership_create
from karya.partners.models import Partner
from karya.premi.models import InmateLedgerEntry, PremiRun
from karya.premi.tests.conftest import make_world
from karya.programs.tests.test_documents_support import capture_html

pytestmark = pytest.mark.django_db

# (url name, the records it needs from a World, method, kind)
PAGES = [
    ("run-list", (), "get", "read"),
    ("run-detail", ("run",), "get", "read"),
    ("run-pdf", ("run",), "get", "read"),
    ("run-slips", ("run",), "get", "read"),
    ("share-slip", ("run", "share"), "get", "read"),
    ("ledger-list", (), "get", "read"),
    ("ledger-detail", ("inmate",), "get", "read"),
    ("ledger-statement", ("inmate",), "get", "read"),
    ("entry-receipt", ("paid", "payout"), "get", "read"),
    ("run-create", (), "get", "write"),
    ("run-preview-unit", (), "get", "write"),
    ("adjustment-add", ("preview",), "get", "write"),
    ("ledger-withdraw", ("inmate",), "get", "write"),
    ("ledger-payout", ("paid",), "get", "write"),
    ("setting", (), "get", "write"),
    ("workshop-terms", ("workshop",), "get", "write"),
    ("run-refresh", ("preview",), "post", "write"),
    ("run-discard", ("preview",), "post", "write"),
    ("adjustment-remove", ("preview", "adjustment"), "post", "write"),
    ("run-approve", ("preview",), "post", "approve"),
]
IDS = [p[0] for p in PAGES]
OBJECT_PAGES = [p for p in PAGES if p[1]]
READS = [p for p in PAGES if p[3] == "read"]
WRITES = [p for p in PAGES if p[3] == "write"]


def record(world, attr):
    return world.sapu.workshop if attr == "workshop" else getattr(world, attr)


def page_url(page, facility, world, override=None):
    name, needs, *_ = page
    args = [facility.code]
    for attr in needs:
        source = override if override is not None and attr == needs[-1] else world
        args.append(record(source, attr).pk)
    return reverse(f"premi:{name}", args=args)


def call(client, page, target):
    return getattr(client, page[2])(target)


@pytest.fixture
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


@pytest.fixture
def theirs(other_facility, make_user, proceeds):
    return make_world(
        other_facility,
        make_user("officer", facility=other_facility),
        make_user("treasurer", facility=other_facility),
        make_user("head", facility=other_facility),
        proceeds,
    )


def unchanged(world):
    with scopes_disabled():
        return (
            PremiRun.objects.get(pk=world.preview.pk).status,
            PremiRun.objects.filter(pk=world.preview.pk).count(),
            world.preview.adjustments.count(),
            InmateLedgerEntry.objects.count(),
        )


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, world, page):
    response = call(client, page, page_url(page, facility, world))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_user_gets_404(login, make_user, facility, other_facility, world, page):
    for role in ("treasurer", "head"):
        stranger = login(make_user(role, facility=other_facility))
        assert call(stranger, page, page_url(page, facility, world)).status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_records_through_our_url_are_404(
    login, treasurer, head, facility, world, theirs, page, fast_pdf
):
    client = login(head if page[3] == "approve" else treasurer)
    assert call(client, page, page_url(page, facility, theirs)).status_code == 404
    if len(page[1]) > 1:  # their share, adjustment or receipt under our record
        assert (
            call(client, page, page_url(page, facility, world, override=theirs)).status_code == 404
        )


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_partners_user_gets_404(login, make_user, facility, world, page, officer):
    with scopes_disabled():
        partner = Partner.objects.create(
            facility=facility, legal_form="CV", legal_name="CV. Pusat Handicraft"
        )
    user = make_user(username="mitra")
    membership_create(actor=None, user=user, role="partner", partner=partner)
    assert call(login(user), page, page_url(page, facility, world)).status_code == 404
    assert unchanged(world) == ("preview", 1, 1, 4)


@pytest.mark.parametrize("role", ["security", "officer", "output_officer", "pr"])
@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_roles_without_premi_get_403(login, make_user, facility, world, role, page):
    client = login(make_user(role, facility=facility))
    assert call(client, page, page_url(page, facility, world)).status_code == 403


@pytest.mark.parametrize("page", READS, ids=[p[0] for p in READS])
def test_the_head_reads_everything(login, head, facility, world, page, fast_pdf):
    assert call(login(head), page, page_url(page, facility, world)).status_code == 200


@pytest.mark.parametrize("page", WRITES, ids=[p[0] for p in WRITES])
def test_the_head_approves_but_does_not_prepare(login, head, facility, world, page):
    client = login(head)
    assert call(client, page, page_url(page, facility, world)).status_code == 403
    assert unchanged(world) == ("preview", 1, 1, 4)


def test_the_treasurer_prepares_but_does_not_approve(login, treasurer, facility, world):
    client = login(treasurer)
    approve = reverse("premi:run-approve", args=[facility.code, world.preview.pk])
    assert client.post(approve).status_code == 403
    assert unchanged(world) == ("preview", 1, 1, 4)
    detail = client.get(reverse("premi:run-detail", args=[facility.code, world.preview.pk]))
    assert approve not in detail.content.decode()


def test_url_paths(facility, world):
    assert reverse("premi:run-list", args=[facility.code]) == "/upt/LPPWT/premi/"
    assert (
        reverse("premi:ledger-detail", args=[facility.code, world.inmate.pk])
        == f"/upt/LPPWT/premi/wbp/{world.inmate.pk}/"
    )

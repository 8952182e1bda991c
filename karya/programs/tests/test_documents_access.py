"""Who may open the document pages: anonymous → login; another unit's user → 404 (also for
another unit's record through one's own unit); a role without the permission → 403."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.programs.models import SkillsRecordPrint, Training, TrainingParticipant
from karya.programs.tests.test_documents_support import capture_html
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(facility, inmates):
    with scopes_disabled():
        training = Training.objects.create(
            facility=facility,
            title="Membatik Cap",
            provider_name="CV Rajasa Mas Jaya",
            hours_jp=40,
            start_date=dt.date(2025, 11, 3),
            end_date=dt.date(2025, 11, 7),
        )
        return TrainingParticipant.objects.create(
            facility=facility, training=training, inmate=inmates[0], result="kompeten"
        )


@pytest.fixture
def pages(facility, inmates, participant):
    """(method, url) of every document page of the unit."""
    code = facility.code
    return {
        "work list": ("get", reverse("programs:doc-work-list", args=[code])),
        "work list pdf": ("get", reverse("programs:doc-work-list-pdf", args=[code])),
        "certificate": (
            "get",
            reverse("programs:doc-training-certificate", args=[code, participant.pk]),
        ),
        "release list": ("get", reverse("programs:doc-release-list", args=[code])),
        "skills record": (
            "post",
            reverse("programs:doc-skills-record", args=[code, inmates[0].pk]),
        ),
    }


def _call(client, method, url):
    return getattr(client, method)(url)


def test_anonymous_is_sent_to_login(client, pages):
    for name, (method, url) in pages.items():
        response = _call(client, method, url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_another_units_user_gets_404(login, make_user, other_facility, pages):
    client = login(make_user("head", facility=other_facility))
    for name, (method, url) in pages.items():
        assert _call(client, method, url).status_code == 404, name
    with scopes_disabled():
        assert not SkillsRecordPrint.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("pr", set()),
        ("output_officer", set()),
        ("treasurer", set()),
        ("security", {"work list", "work list pdf"}),
        ("officer", {"work list", "work list pdf", "certificate", "release list", "skills record"}),
        ("head", {"work list", "work list pdf", "certificate", "release list", "skills record"}),
    ],
)
def test_each_role_opens_only_its_documents(
    login, make_user, facility, pages, role, allowed, monkeypatch
):
    capture_html(monkeypatch, fake_pdf=True)
    client = login(make_user(role, facility=facility))
    for name, (method, url) in pages.items():
        expected = 200 if name in allowed else 403
        assert _call(client, method, url).status_code == expected, (role, name)


def test_another_units_record_through_ones_own_unit_is_404(
    login, officer, facility, other_facility, monkeypatch
):
    html = capture_html(monkeypatch, fake_pdf=True)
    with scopes_disabled():
        stranger = InmateFactory(facility=other_facility, name="Orang Lain")
        training = Training.objects.create(
            facility=other_facility,
            title="Pelatihan Lain",
            provider_name="BLK",
            hours_jp=10,
            start_date=dt.date(2025, 1, 6),
            end_date=dt.date(2025, 1, 7),
        )
        theirs = TrainingParticipant.objects.create(
            facility=other_facility, training=training, inmate=stranger
        )
    client = login(officer)
    code = facility.code
    url = reverse("programs:doc-training-certificate", args=[code, theirs.pk])
    assert client.get(url).status_code == 404
    url = reverse("programs:doc-skills-record", args=[code, stranger.pk])
    assert client.post(url).status_code == 404
    assert html == []
    with scopes_disabled():
        assert not SkillsRecordPrint.objects.exists()


def test_skills_record_is_printed_by_post_only(login, officer, facility, inmates):
    url = reverse("programs:doc-skills-record", args=[facility.code, inmates[0].pk])
    assert login(officer).get(url).status_code == 405
    with scopes_disabled():
        assert not SkillsRecordPrint.objects.exists()

"""notify(): one inbox row per active user, and the same notice by e-mail after commit."""

import pytest
from django.core import mail
from django.db import transaction

from karya.notifications.models import Notification
from karya.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_each_active_user_gets_one_notification(make_user, facility):
    head = make_user("head", facility=facility, email="kalapas@example.id")
    guard = make_user("security", facility=facility, email="")
    gone = make_user("security", facility=facility, email="lama@example.id", is_active=False)
    rows = notify(
        users=[head, guard, gone, head],
        facility=facility,
        kind="tool_missing",
        title="Alat hilang",
        body="Pisau P-01",
        url="/upt/LPPWT/kerja/alat/hilang/",
    )
    assert len(rows) == 2
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        head.username,
        guard.username,
    }
    assert Notification.objects.filter(facility=facility, read_at__isnull=True).count() == 2


def test_email_leaves_after_commit_to_users_with_an_address(
    make_user, facility, django_capture_on_commit_callbacks, settings
):
    settings.KARYA_SITE_URL = "https://karya.example.id"
    head = make_user("head", facility=facility, email="kalapas@example.id")
    guard = make_user("security", facility=facility, email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            users=[head, guard],
            facility=facility,
            kind="tool_missing",
            title="Alat hilang",
            body="Pisau P-01",
            url="/upt/LPPWT/kerja/alat/hilang/",
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kalapas@example.id"]
    assert message.subject == "Alat hilang"
    assert "Pisau P-01" in message.body
    assert "https://karya.example.id/upt/LPPWT/kerja/alat/hilang/" in message.body


def test_a_rolled_back_write_sends_no_email(
    make_user, facility, django_capture_on_commit_callbacks
):
    head = make_user("head", facility=facility, email="kalapas@example.id")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(users=[head], facility=facility, kind="x", title="t", body="b", url="")
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failing_mail_server_does_not_break_the_write(
    make_user, facility, django_capture_on_commit_callbacks, monkeypatch
):
    head = make_user("head", facility=facility, email="kalapas@example.id")

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("karya.notifications.services.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[head], facility=facility, kind="x", title="t", body="b", url="")
    assert Notification.objects.filter(user=head).count() == 1


def test_no_email_when_asked_not_to(make_user, facility, django_capture_on_commit_callbacks):
    head = make_user("head", facility=facility, email="kalapas@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[head], facility=None, kind="x", title="t", body="", url="", email=False)
    assert mail.outbox == []
    assert Notification.objects.get().facility is None

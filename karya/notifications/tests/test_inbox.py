"""The inbox page: own notifications only, newest first, open, mark read, mark all read."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from karya.notifications.models import Notification
from karya.notifications.services import notify

pytestmark = pytest.mark.django_db

INBOX = "/kotak-masuk/"


def _notice(user, title, facility=None, url="/upt/LPPWT/kerja/alat/hilang/", **fields):
    [notification] = notify(
        users=[user], facility=facility, kind="test", title=title, body="", url=url, email=False
    )
    if fields:
        Notification.objects.filter(pk=notification.pk).update(**fields)
        notification.refresh_from_db()
    return notification


def test_url_name():
    assert reverse("notifications:inbox") == INBOX


def test_anonymous_is_sent_to_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_own_notifications_only_newest_first(login, head, make_user, facility):
    other = make_user("security", facility=facility)
    _notice(head, "Pemberitahuan lama", facility, created_at=timezone.now() - dt.timedelta(days=2))
    _notice(head, "Pemberitahuan baru", facility)
    _notice(other, "Punya orang lain", facility)
    response = login(head).get(INBOX)
    assert response.status_code == 200
    text = response.text
    assert "Punya orang lain" not in text
    assert text.index("Pemberitahuan baru") < text.index("Pemberitahuan lama")
    assert "Kotak masuk" in text  # Indonesian by default


def test_unread_count_in_the_navigation(login, head, facility):
    _notice(head, "Satu", facility)
    _notice(head, "Dua", facility)
    _notice(head, "Tiga", facility, read_at=timezone.now())
    response = login(head).get(reverse("unit-home", args=[facility.code]))
    assert 'class="inbox">Kotak masuk <strong>(2)</strong>' in response.text


def test_open_marks_read_and_follows_the_link(login, head, facility):
    notification = _notice(head, "Alat hilang", facility)
    response = login(head).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == "/upt/LPPWT/kerja/alat/hilang/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_never_redirects_to_another_site(login, head, facility):
    notification = _notice(head, "Tautan aneh", facility, url="https://evil.example/")
    response = login(head).get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == INBOX


def test_mark_one_read(login, head, facility):
    notification = _notice(head, "Alat hilang", facility)
    response = login(head).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_reading_twice_keeps_the_first_time(login, head, facility):
    first = timezone.now() - dt.timedelta(hours=3)
    notification = _notice(head, "Alat hilang", facility, read_at=first)
    login(head).post(reverse("notifications:read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first


def test_someone_elses_notification_is_404(login, head, make_user, facility):
    other = make_user("security", facility=facility)
    notification = _notice(other, "Rahasia", facility)
    client = login(head)
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_own(login, head, make_user, facility):
    other = make_user("security", facility=facility)
    _notice(head, "Satu", facility)
    _notice(head, "Dua", facility)
    _notice(other, "Tiga", facility)
    response = login(head).post(reverse("notifications:read-all"), follow=True)
    assert "Semua pemberitahuan sudah ditandai dibaca." in response.text
    assert not Notification.objects.filter(user=head, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1


def test_unread_filter(login, head, facility):
    _notice(head, "Belum dibaca", facility)
    _notice(head, "Sudah dibaca", facility, read_at=timezone.now())
    response = login(head).get(INBOX, {"belum": "1"})
    assert "Belum dibaca" in response.text and "Sudah dibaca" not in response.text


def test_inbox_query_count_does_not_grow_with_rows(
    login, head, facility, far_facility, django_assert_max_num_queries
):
    client = login(head)
    for i in range(3):
        _notice(head, f"N{i}", facility)
    with django_assert_max_num_queries(12) as few:
        client.get(INBOX)
    for i in range(30):
        _notice(head, f"M{i}", far_facility if i % 2 else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INBOX)

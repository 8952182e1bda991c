"""BAST numbers are consecutive per unit and month, never reused and without gaps, even when
two officers post at the same moment.

On PostgreSQL (the production database) real threads, each with its own connection and
transaction, post at once; on SQLite, which serialises writing transactions anyway, the same
postings run one after the other. Neither form is skipped."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.sales.models import Handover
from karya.sales.services.handovers import handover_post

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 20  # seconds; far more than any step needs


def _post(facility, actor, draft):
    with scope(facility=[facility.pk]):
        return handover_post(actor=actor, handover=draft).number


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except Exception as exc:  # the test looks at what each thread got
            results[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def _numbers() -> list[str]:
    with scopes_disabled():
        return sorted(Handover.objects.exclude(number="").values_list("number", flat=True))


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_postings_at_the_same_instant_get_consecutive_numbers(
    facility, output_officer, head, make_draft, lakop
):
    drafts = [make_draft(lines=[(lakop, 10, None)]) for _ in range(4)]
    expected = [f"BAST/LPPWT/2026/01/{n:04d}" for n in range(1, 5)]
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        got = [_post(facility, output_officer, draft) for draft in drafts]
        assert got == expected and _numbers() == expected
        return

    start = threading.Barrier(len(drafts), timeout=WAIT)
    results = {}

    def racer(draft, actor):
        def run():
            start.wait()
            return _post(facility, actor, draft)

        return run

    threads = [
        _in_thread(racer(draft, output_officer if n % 2 else head), results, f"t{n}")
        for n, draft in enumerate(drafts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert sorted(results.values()) == expected, results
    assert _numbers() == expected


def test_a_second_posting_waits_for_the_first_and_takes_the_next_number(
    facility, output_officer, head, make_draft, lakop
):
    first_draft, second_draft = (make_draft(lines=[(lakop, 10, None)]) for _ in range(2))
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        assert _post(facility, output_officer, first_draft).endswith("/0001")
        assert _post(facility, head, second_draft).endswith("/0002")
        return

    posted, release = threading.Event(), threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            number = _post(facility, output_officer, first_draft)
            posted.set()
            assert release.wait(WAIT)
        return number

    def second():
        assert posted.wait(WAIT)
        return _post(facility, head, second_draft)

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    while _lock_waiters() == 0:  # the second posting waits on the first one's counter
        assert time.monotonic() < deadline, "the second posting never waited for the first"
        assert "second" not in results, results
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert results == {"first": "BAST/LPPWT/2026/01/0001", "second": "BAST/LPPWT/2026/01/0002"}


def test_a_refused_posting_leaves_no_gap(facility, output_officer, make_draft, lakop):
    first = make_draft(lines=[(lakop, 10, None)])
    too_many = make_draft(lines=[(lakop, 100_000, None)])
    third = make_draft(lines=[(lakop, 10, None)])
    assert _post(facility, output_officer, first).endswith("/0001")
    with pytest.raises(DomainError, match="Not enough stock"):
        _post(facility, output_officer, too_many)
    assert _post(facility, output_officer, third).endswith("/0002")
    assert _numbers() == ["BAST/LPPWT/2026/01/0001", "BAST/LPPWT/2026/01/0002"]

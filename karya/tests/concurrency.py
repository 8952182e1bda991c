"""Races for the concurrency tests (DESIGN.md §6): attempts that start at the same instant.

On PostgreSQL each attempt runs in a thread with its own connection and transaction, all
released by one barrier; on SQLite, which serialises writing transactions anyway, they run one
after the other. Neither form is skipped (see karya/inventory/tests/test_concurrency.py)."""

import threading

from django.db import connection, connections
from django_scopes import scope

WAIT = 20  # seconds; far more than any step needs


def race(facility, attempts: dict) -> dict:
    """Run each attempt (name → callable) in the unit's scope; on PostgreSQL in threads
    released together. Returns name → result or the exception raised."""
    results = {}

    def run(name, attempt):
        try:
            with scope(facility=[facility.pk]):
                results[name] = attempt()
        except Exception as exc:  # the test looks at what each attempt got
            results[name] = exc

    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        for name, attempt in attempts.items():
            run(name, attempt)
        return results
    start = threading.Barrier(len(attempts), timeout=WAIT)

    def thread(name, attempt):
        def body():
            try:
                start.wait()
                run(name, attempt)
            finally:
                connections.close_all()

        return threading.Thread(target=body, name=name)

    threads = [thread(name, attempt) for name, attempt in attempts.items()]
    for each in threads:
        each.start()
    for each in threads:
        each.join(WAIT)
    assert not any(each.is_alive() for each in threads), "an attempt never finished"
    return results

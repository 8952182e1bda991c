"""Which database a query goes to when a read replica is configured.

`DATABASE_REPLICA_URL` (see settings) adds the alias "replica": a PostgreSQL hot standby fed by
streaming replication from the primary ("default"). The replica is read-only and a little
behind the primary, so Karya never sends a query there by chance:

- every write goes to the primary;
- a read goes to the replica only inside `replica_reads(...)`, and only for the models named
  there; every other read (sessions, users, memberships, the records themselves) goes to the
  primary, so what a user has just saved is what the next page shows;
- without a replica the router says nothing and Django uses "default" for everything.

Who enters `replica_reads` decides when the replica is current enough for what it reads: the
dashboards do it once the replica holds the same figures as the primary (see
`karya.reports.dashboards.fresh_figures`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"

# The labels of the models whose reads may go to the replica now (none outside replica_reads).
_on_replica: ContextVar[frozenset[str]] = ContextVar("karya_replica_reads", default=frozenset())


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads(models: Iterable) -> Iterator[None]:
    """Inside, reads of `models` (model classes) go to the replica, when one is configured."""
    labels = frozenset(model._meta.label for model in models)
    token = _on_replica.set(_on_replica.get() | labels)
    try:
        yield
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    """Primary for writes and for reads outside `replica_reads`; nothing without a replica."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        return REPLICA if model._meta.label in _on_replica.get() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY if replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows read from either may be related.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema from the primary through replication.
        return False if db == REPLICA else None

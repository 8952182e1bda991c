"""`karya bench` writes millions of rows: it runs only on a PostgreSQL database that holds no
real data — an empty one (tables made by `migrate`, the reference list of units at most), or
one that already holds a benchmark dataset (then only with `--reuse`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from karya.bench.models import BenchDataset
from karya.inmates.models import Inmate
from karya.partners.models import Partner
from karya.production.models import Product
from karya.programs.models import Workshop
from karya.sales.models import Sale


class Refused(Exception):
    """The database is not one the benchmark may write to; the message says why."""


def real_rows() -> list[str]:
    """What in the database looks like real data (none in an empty or a benchmark one)."""
    found = []
    with scopes_disabled():
        for model in (Inmate, Workshop, Product, Partner, Sale):
            if model.objects.exists():
                found.append(str(model._meta.verbose_name_plural))
        users = get_user_model().objects.exclude(username__startswith="bench-")
        if users.exists():
            found.append("users")
    return found


def check_database(*, reuse: bool) -> BenchDataset | None:
    """The benchmark dataset to measure again (with `reuse`), or None when the database is
    empty and a dataset may be generated; Refused otherwise."""
    if connection.vendor != "postgresql":
        raise Refused(
            _(
                "The benchmark runs on PostgreSQL only. Point DATABASE_URL at an empty "
                "PostgreSQL database of its own (see the README)."
            )
        )
    dataset = BenchDataset.objects.first()
    if dataset is not None:
        if reuse:
            return dataset
        raise Refused(
            _(
                "This database already holds a benchmark dataset (%(dataset)s). Measure it "
                "again with --reuse, or give an empty database."
            )
            % {"dataset": dataset}
        )
    found = real_rows()
    if found:
        raise Refused(
            _(
                "This database holds data (%(what)s): the benchmark writes millions of rows "
                "and refuses to run on it. Give it an empty PostgreSQL database of its own "
                "with DATABASE_URL (see the README)."
            )
            % {"what": ", ".join(found)}
        )
    if reuse:
        raise Refused(_("There is no benchmark dataset to reuse in this database."))
    return None

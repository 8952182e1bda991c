"""The database router: nothing without a replica; with one, only the reads a caller names go
there, and every write goes to the primary. (test_read_replica.py in karya/reports runs it
against a real streaming replica.)"""

import warnings

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from karya.accounts.models import User
from karya.core.db import ReplicaRouter, replica_reads
from karya.reports.models import UnitMonth

router = ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    databases = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Overriding setting DATABASES": no query is made
        with override_settings(DATABASES=databases):
            yield


def test_without_a_replica_the_router_leaves_every_query_to_django(settings):
    assert "replica" not in settings.DATABASES
    with replica_reads([UnitMonth]):
        assert router.db_for_read(UnitMonth) is None
        assert router.db_for_write(UnitMonth) is None
    assert router.allow_migrate("default", "reports") is None


def test_with_a_replica_only_the_named_reads_go_there(with_replica):
    assert router.db_for_read(UnitMonth) == "default"
    with replica_reads([UnitMonth]):
        assert router.db_for_read(UnitMonth) == "replica"
        # Sessions and users stay on the primary: a login is seen by the very next request.
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
        assert router.db_for_write(UnitMonth) == "default"
    assert router.db_for_read(UnitMonth) == "default"


def test_the_replica_is_never_migrated(with_replica):
    assert router.allow_migrate("replica", "reports") is False
    assert router.allow_migrate("default", "reports") is None

"""Reports test data: the generated world of three units in two regions (see world.py)."""

from __future__ import annotations

import pytest
from django.utils import translation

from karya.reports.tests.world import build_world


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db, monkeypatch, make_user, django_capture_on_commit_callbacks):
    """Four months of records of three units in two regions, posted through the services
    with their on-commit refreshes run (the monthly figures kept incrementally)."""
    return build_world(monkeypatch, make_user, django_capture_on_commit_callbacks)

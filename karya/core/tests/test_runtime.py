"""A served worker settles before its first request: the long-lived heap (Django, the apps,
every view reached from the URL patterns) is kept out of the garbage collector's full passes
(see karya.core.runtime and the B4 figure of docs/bench)."""

import gc
import importlib

import pytest


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on collecting as before


def test_the_wsgi_worker_freezes_its_heap_once_loaded(unfrozen):
    import karya.wsgi  # the first import settles this process too

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    importlib.reload(karya.wsgi)

    assert callable(karya.wsgi.application)
    assert gc.get_freeze_count() > 10_000  # Django and every app, not a handful of objects


def test_settling_loads_every_view_first(unfrozen):
    from django.urls import clear_url_caches, get_resolver

    from karya.core.runtime import settle

    clear_url_caches()
    assert not get_resolver()._populated
    settle()

    resolver = get_resolver()
    assert resolver._populated  # every URL's view imported before the heap was frozen
    assert gc.get_freeze_count() > 10_000

"""Caching of the public site (DESIGN.md §4: the public site is fast).

`public_page` keeps a whole public page for anonymous visitors, keyed by its path and query,
the language and a *generation* number. A change that the public can see (a product, a
price, a photo, a published news item — see karya/catalogue/signals.py) bumps the generation,
so every kept page is out of date at once; pages also expire after
settings.KARYA_PUBLIC_CACHE_SECONDS. Logged-in users always get a fresh page (it shows their own
menu). Pages kept this way must not carry a CSRF token: the public base template has none,
and the one page with a form (the product page) is not kept whole — its data is
(see `cached`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

GENERATION_KEY = "karya:public:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate() -> None:
    """Make every kept public page and datum out of date (called after public changes)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _key(kind: str, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"karya:public:{kind}:{generation()}:{translation.get_language()}:{digest}"


def cached(name: str, compute: Callable, *args):
    """`compute(*args)` kept for the public cache time, until the next public change."""
    key = _key("data", f"{name}:{args!r}")
    value = cache.get(key)
    if value is None:
        value = compute(*args)
        cache.set(key, value, settings.KARYA_PUBLIC_CACHE_SECONDS)
    return value


def public_page(view):
    """Keep the page's 200 answers to anonymous GET requests (see the module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _key("page", request.build_absolute_uri())
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            response = HttpResponse(content, content_type=content_type)
            response["X-Karya-Cache"] = "hit"
            return _public_headers(response)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.KARYA_PUBLIC_CACHE_SECONDS,
            )
        return _public_headers(response)

    return wrapped


def _public_headers(response):
    if response.status_code == 200 and not response.has_header("Cache-Control"):
        seconds = min(settings.KARYA_PUBLIC_CACHE_SECONDS, 300)
        response["Cache-Control"] = f"public, max-age={seconds}"
    return response

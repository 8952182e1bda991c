"""Caching of the public site (DESIGN.md §4: the public site is fast).

`public_page` keeps a whole public page for anonymous visitors, keyed by its path and query,
the language and a *generation* number. A change that the public can see (a product, a
price, a photo, a published news item — see karya/catalogue/signals.py) bumps the generation,
so every kept page is out of date at once; pages also expire after
settings.KARYA_PUBLIC_CACHE_SECONDS. Logged-in users always get a fresh page (it shows their own
menu). Pages kept this way must not carry a CSRF token: the public base template has none.

`public_form_page` keeps a page with a form (the product page and its quote form) the same
way, with the CSRF token taken out: each visitor's own token is put back into the kept page
(and Django's CSRF middleware sets the visitor's cookie, as for a freshly rendered page). Such
a page is not kept, nor served from the cache, when the visitor has messages to read (a form
just sent), and carries no public Cache-Control (a shared cache must not hand one visitor's
token to another).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

GENERATION_KEY = "karya:public:generation"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"karya-csrf-token-of-the-visitor"


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
    return _kept(view, form=False)


def public_form_page(view):
    """`public_page` for a page with a form (see the module docstring)."""
    return _kept(view, form=True)


def _kept(view, *, form: bool):
    def headers(response):
        return response if form else _public_headers(response)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if form and len(get_messages(request)):
            return view(request, *args, **kwargs)  # the page shows the visitor's messages
        key = _key("page", request.build_absolute_uri())
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            if form:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, content_type=content_type)
            response["X-Karya-Cache"] = "hit"
            return headers(response)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            content = response.content
            if form:
                content = CSRF_FIELD.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", content)
            cache.set(
                key,
                (content, response["Content-Type"]),
                settings.KARYA_PUBLIC_CACHE_SECONDS,
            )
        return headers(response)

    return wrapped


def _public_headers(response):
    if response.status_code == 200 and not response.has_header("Cache-Control"):
        seconds = min(settings.KARYA_PUBLIC_CACHE_SECONDS, 300)
        response["Cache-Control"] = f"public, max-age={seconds}"
    return response

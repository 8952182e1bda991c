"""Holding off spam on the public forms without any outside service: a honeypot field that
people never see (a robot fills it in) and a limit of requests per client address per hour,
counted in the cache (settings.KARYA_QUOTE_REQUESTS_PER_HOUR). The address itself is kept
only as a hash, only in the cache, and only for the hour."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from karya.core.errors import DomainError

HONEYPOT = "website"  # a field name a form-filling robot finds tempting
WINDOW_SECONDS = 60 * 60


class RateLimited(DomainError):
    status = 429


def client_address(request) -> str:
    """The address the request came from. Behind a reverse proxy set HTTPS=1 (or run the
    proxy on the same machine): only then is X-Forwarded-For trusted, its last hop."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:40]
    return f"karya:quote-rate:{digest}"


def check_rate(address: str) -> None:
    """Refuse (429) when the address has sent its hourly number of requests already."""
    if (cache.get(_key(address)) or 0) >= settings.KARYA_QUOTE_REQUESTS_PER_HOUR:
        raise RateLimited(
            _(
                "You have sent %(count)d requests in the last hour, the most we accept from "
                "one connection. Please try again later, or call the unit."
            )
            % {"count": settings.KARYA_QUOTE_REQUESTS_PER_HOUR},
            code="rate_limited",
        )


def count_request(address: str) -> None:
    """Count one accepted request of the address (the window starts with the first)."""
    key = _key(address)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)


def is_robot(data) -> bool:
    """True when the honeypot field came filled in."""
    return bool((data.get(HONEYPOT) or "").strip())

"""The first authentication backend: django-axes' lock-out check for logins over HTTP."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out username (see settings, "Login throttling").

    Only logins made through a request are throttled: every login page passes its request. A
    call without one (a management command, a test client's `login`) is not a login over the
    network and is left to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_client_address(request) -> str | None:
    """The address a login came from, for the lock-out (None when it is not an IP address,
    e.g. a test request without one)."""
    from ipaddress import ip_address

    from karya.catalogue.spam import client_address

    address = client_address(request)
    try:
        return str(ip_address(address))
    except ValueError:
        return None

"""Every route has an authorization rule, checked from the URL configuration itself.

The test walks `get_resolver()` and sorts each route into one of three kinds:

- PUBLIC: reachable without logging in (login, logout, language switch, health check; the API,
  which `karya/api/tests` covers; static files);
- PERSONAL: any logged-in user's own pages (profile, inbox, the landing redirect, the unit
  directory, whose list is filtered by the user's memberships);
- everything else is a STAFF page and must be guarded by `FacilityPermissionMixin` (pages under
  /upt/<facility_code>/) or `GlobalPermissionMixin` (administration).

A page added later without a rule makes these tests fail and names the route. Every int URL
argument is filled with a pk that does not exist (999999), so a user who may open the page gets
404 (or 403/405), never 200 and never 500.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from karya.accounts.mixins import FacilityPermissionMixin, GlobalPermissionMixin
from karya.accounts.permissions import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db

PUBLIC_NAMES = {"accounts:login", "accounts:logout", "set_language", "healthz"}
PUBLIC_PREFIXES = ("api/v1/", settings.STATIC_URL.lstrip("/"))
PERSONAL_NAMES = {
    "home",
    "unit-directory",
    "accounts:profile",
    "accounts:password-change",
    "accounts:token-revoke",
    "notifications:inbox",
    "notifications:open",
    "notifications:read",
    "notifications:read-all",
}
MISSING_PK = 999999
SLUGS = {"action": "start"}  # allocation-transition
UNIT_ROLES = ["officer", "output_officer", "treasurer", "head", "pr", "security"]
COUNTRY_ROLES = ["national", "admin"]


@dataclass
class Route:
    name: str  # "namespace:name", or the route itself when unnamed
    route: str  # "upt/<str:facility_code>/wbp/<int:pk>/"
    view_class: type | None

    @property
    def is_unit(self) -> bool:
        return "<str:facility_code>" in self.route

    @property
    def has_int_arg(self) -> bool:
        return "<int:" in self.route

    @property
    def post_only(self) -> bool:
        return self.view_class is not None and not hasattr(self.view_class, "get")

    @property
    def permission(self):
        return getattr(self.view_class, "permission", None)

    def url(self, facility_code: str) -> str:
        def fill(match):
            converter, kwarg = match.group(1), match.group(2)
            if kwarg == "facility_code":
                return facility_code
            if converter == "int":
                return str(MISSING_PK)
            return SLUGS[kwarg]

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, self.route)

    def __str__(self):
        return f"{self.name} (/{self.route})"


def walk(resolver=None, prefix="", namespace=""):
    """Every URLPattern under the resolver, with its full route and namespaced name."""
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = entry.pattern
        assert isinstance(pattern, RoutePattern), f"re_path not supported here: {pattern}"
        route = prefix + str(pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else route
            yield Route(name, route, getattr(entry.callback, "view_class", None))


def all_routes():
    return list(walk())


def staff_routes():
    return [
        r
        for r in all_routes()
        if r.name not in PUBLIC_NAMES | PERSONAL_NAMES and not r.route.startswith(PUBLIC_PREFIXES)
    ]


def personal_routes():
    return [r for r in all_routes() if r.name in PERSONAL_NAMES]


def call(client: Client, method: str, url: str):
    """The status code, or "500 <exception>" when the view raised."""
    try:
        return getattr(client, method)(url)
    except Exception as exc:  # noqa: BLE001 - any exception is the 500 the test reports
        return f"500 {type(exc).__name__}: {exc}"


def status(response):
    return response if isinstance(response, str) else response.status_code


def methods(route: Route, *, all_methods=False):
    if route.post_only:
        return ["post"]
    if all_methods and route.view_class is not None and hasattr(route.view_class, "post"):
        return ["get", "post"]
    return ["get"]


def report(what: str, problems: list[str]) -> str:
    return f"{len(problems)} route(s) {what}:\n  " + "\n  ".join(problems)


@pytest.fixture
def code(facility):
    return facility.code


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the routes themselves ---------------------------------------------------------------------


def test_the_route_lists_name_existing_routes():
    names = {r.name for r in all_routes()}
    assert (PUBLIC_NAMES | PERSONAL_NAMES) - names == set()
    assert len(staff_routes()) > 100


def test_every_staff_route_has_a_permission_mixin():
    """A unit page uses FacilityPermissionMixin; any other staff page GlobalPermissionMixin."""
    problems = []
    for route in staff_routes():
        cls = route.view_class
        wanted = FacilityPermissionMixin if route.is_unit else GlobalPermissionMixin
        if cls is None or not issubclass(cls, wanted):
            problems.append(f"{route}: {cls} is not a {wanted.__name__}")
        elif not route.permission:
            problems.append(f"{route}: {cls.__name__} sets no permission")
    assert not problems, report("without a permission rule", problems)


# --- who gets what -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(code):
    client = Client()
    login = resolve_url(settings.LOGIN_URL)
    problems = []
    for route in staff_routes() + personal_routes():
        for method in methods(route, all_methods=True):
            response = call(client, method, route.url(code))
            got = status(response)
            if got != 302 or urlsplit(response["Location"]).path != login:
                where = "" if isinstance(response, str) else response.get("Location", "")
                problems.append(f"{method.upper()} {route} → {got} {where}")
    assert not problems, report("not sending an anonymous user to the login page", problems)


def test_a_user_without_membership_gets_nothing(code, make_user):
    client = client_for(make_user(username="tanpa-peran"))
    problems = []
    for route in staff_routes():
        for method in methods(route, all_methods=True):
            got = status(call(client, method, route.url(code)))
            if got not in (403, 404):
                problems.append(f"{method.upper()} {route} → {got}")
    for route in personal_routes():
        for method in methods(route):
            got = status(call(client, method, route.url(code)))
            if not isinstance(got, int) or got >= 500:
                problems.append(f"{method.upper()} {route} → {got}")
    assert not problems, report("open to a user without a membership", problems)


def test_an_officer_of_another_unit_gets_404(code, make_user, other_facility, far_facility):
    problems = []
    for unit in (other_facility, far_facility):
        client = client_for(make_user("officer", facility=unit))
        for route in staff_routes():
            if not route.is_unit:
                continue
            for method in methods(route, all_methods=True):
                got = status(call(client, method, route.url(code)))
                if got != 404:
                    problems.append(f"{method.upper()} {route} as officer of {unit.code} → {got}")
    assert not problems, report("not answering 404 to another unit's officer", problems)


def test_a_regional_user_of_another_region_gets_404(code, make_user, far_facility):
    client = client_for(make_user("regional", region=far_facility.region))
    problems = []
    for route in staff_routes():
        if route.is_unit:
            for method in methods(route):
                got = status(call(client, method, route.url(code)))
                if got != 404:
                    problems.append(f"{method.upper()} {route} → {got}")
    assert not problems, report("open to another region's regional staff", problems)


def _check_role(client, role, code, problems):
    perms = ROLE_PERMISSIONS[role]
    for route in staff_routes() + personal_routes():
        for method in methods(route):
            got = status(call(client, method, route.url(code)))
            label = f"{method.upper()} {route} as {role} → {got}"
            if not isinstance(got, int) or got >= 500:
                problems.append(label)
            elif route.name in PERSONAL_NAMES:
                continue
            elif not route.is_unit and role != "admin" and got not in (403, 404):
                problems.append(label + " (administration page)")
            elif route.permission and route.permission not in perms and route.is_unit:
                if got != 403:
                    problems.append(label + f" (role lacks {route.permission})")
            elif route.has_int_arg and got not in (403, 404, 405):
                problems.append(label + f" (pk {MISSING_PK} does not exist)")


def test_the_roles_of_the_unit_get_no_500(code, facility, make_user):
    problems = []
    for role in UNIT_ROLES:
        _check_role(client_for(make_user(role, facility=facility)), role, code, problems)
    assert not problems, report("failing for a role of the unit", problems)


def test_regional_national_and_admin_get_no_500(code, facility, make_user):
    problems = []
    regional = make_user("regional", region=facility.region)
    _check_role(client_for(regional), "regional", code, problems)
    for role in COUNTRY_ROLES:
        _check_role(client_for(make_user(role)), role, code, problems)
    assert not problems, report("failing for a regional or national role", problems)

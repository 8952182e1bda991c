"""Every route has an authorization rule, checked from the URL configuration itself.

The test walks `get_resolver()` and sorts each route into one of four kinds:

- PUBLIC: reachable without logging in (login and its code step, logout, language switch,
  health check, the start page; the API, which `karya/api/tests` covers; static files; the
  public site — catalogue, news, traceability, sitemap, robots.txt — which
  karya/catalogue/tests covers);
- PERSONAL: any logged-in user's own pages (profile, inbox, the unit directory, whose list is
  filtered by the user's memberships, the user guide);
- PORTAL: the partner portal under /portal-mitra/, guarded by `PartnerPortalMixin` (a partner's
  own users only: anyone else gets 404);
- everything else is a STAFF page and must be guarded by `FacilityPermissionMixin` (pages under
  /upt/<facility_code>/), `RegionPermissionMixin` (pages of a region as a whole, under
  /wilayah/<region_code>/) or `GlobalPermissionMixin` (administration, national pages). A
  partner's own user gets 404 on every one of them.

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
from django_scopes import scopes_disabled

from karya.accounts.choices import ROLE_SCOPE, ScopeType
from karya.accounts.mixins import (
    FacilityPermissionMixin,
    GlobalPermissionMixin,
    PartnerPortalMixin,
    RegionPermissionMixin,
)
from karya.accounts.permissions import ROLE_PERMISSIONS, Perm

pytestmark = pytest.mark.django_db

PUBLIC_NAMES = {
    "accounts:login",
    "accounts:login-code",  # the second step of a login: without the first, back to login
    "accounts:logout",
    "set_language",
    "healthz",
    "home",
}
PUBLIC_PREFIXES = (
    "api/v1/",
    settings.STATIC_URL.lstrip("/"),
    "katalog/",
    "berita/",
    "telusur/",
    "sitemap.xml",
    "robots.txt",
)
PORTAL_PREFIX = "portal-mitra/"
PERSONAL_NAMES = {
    "unit-directory",
    "accounts:profile",
    "accounts:password-change",
    "accounts:token-revoke",
    "accounts:two-factor",
    "accounts:two-factor-start",
    "accounts:two-factor-confirm",
    "accounts:two-factor-remove",
    "notifications:inbox",
    "notifications:open",
    "notifications:read",
    "notifications:read-all",
    # the user guide (its public chapter is open to visitors; the view decides, see
    # karya/handbook/tests/test_help_pages.py)
    "handbook:index",
    "handbook:chapter",
    "handbook:pdf",
    "handbook:image",
    "handbook:operations-id",
    "handbook:operations-en",
}
MISSING_PK = 999999
# allocation-transition; no such region; no such chapter or picture of the guide
SLUGS = {
    "action": "start",
    "region_code": "tidak-ada",
    "chapter": "tidak-ada",
    "name": "tidak-ada.webp",
}
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
    def is_region(self) -> bool:
        return "<str:region_code>" in self.route

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
        if r.name not in PUBLIC_NAMES | PERSONAL_NAMES
        and not r.route.startswith(PUBLIC_PREFIXES)
        and not r.route.startswith(PORTAL_PREFIX)
    ]


def portal_routes():
    return [r for r in all_routes() if r.route.startswith(PORTAL_PREFIX)]


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


def test_every_portal_route_has_the_portal_mixin():
    routes = portal_routes()
    assert len(routes) >= 8
    problems = [
        f"{route}: {route.view_class} is not a PartnerPortalMixin"
        for route in routes
        if route.view_class is None or not issubclass(route.view_class, PartnerPortalMixin)
    ]
    assert not problems, report("of the portal without the portal mixin", problems)


def test_every_staff_route_has_a_permission_mixin():
    """A unit page uses FacilityPermissionMixin, a region's RegionPermissionMixin; any other
    staff page GlobalPermissionMixin."""
    problems = []
    for route in staff_routes():
        cls = route.view_class
        wanted = (
            FacilityPermissionMixin
            if route.is_unit
            else RegionPermissionMixin
            if route.is_region
            else GlobalPermissionMixin
        )
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
    for route in staff_routes() + personal_routes() + portal_routes():
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


def test_a_partner_user_gets_404_on_every_staff_page(code, make_user, facility):
    from karya.accounts.services import membership_create
    from karya.partners.models import Partner

    with scopes_disabled():
        partner = Partner.objects.create(facility=facility, legal_form="CV", legal_name="CV. X")
    user = make_user()
    membership_create(actor=None, user=user, role="partner", partner=partner)
    client = client_for(user)
    problems = []
    for route in staff_routes() + [r for r in personal_routes() if r.name == "unit-directory"]:
        for method in methods(route, all_methods=True):
            got = status(call(client, method, route.url(code)))
            if got != 404:
                problems.append(f"{method.upper()} {route} → {got}")
    assert not problems, report("not answering 404 to a partner's user", problems)


def test_staff_and_users_without_membership_get_404_on_the_portal(code, facility, make_user):
    users = [(role, make_user(role, facility=facility)) for role in UNIT_ROLES]
    users += [(role, make_user(role)) for role in COUNTRY_ROLES]
    users += [("regional", make_user("regional", region=facility.region)), ("none", make_user())]
    problems = []
    for label, user in users:
        client = client_for(user)
        for route in portal_routes():
            for method in methods(route, all_methods=True):
                got = status(call(client, method, route.url(code)))
                if got != 404:
                    problems.append(f"{method.upper()} {route} as {label} → {got}")
    assert not problems, report("of the portal open to staff", problems)


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


def _national(role, route) -> bool:
    """Whether the role acts for the whole country with the page's permission (the system
    administrator's pages; Ditjenpas staff's split rules)."""
    return ROLE_SCOPE[role] == ScopeType.COUNTRY and route.permission in ROLE_PERMISSIONS[role]


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
            elif not route.is_unit and not _national(role, route) and got not in (403, 404):
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


# --- the same rules on real records (the demo's Purwokerto) ------------------------------------
#
# With pk 999999 a page that forgot its check would still answer 404; here the URL arguments
# name real records of the unit, so another unit's officer must still get 404, a role without
# the permission 403, and a role with it 200 (the page opens). Arguments with no rule
# below (or no record in the demo: product photos, stock counts, ...) keep 999999.

DEMO_UNIT = "LPPWT"


def _real_args(unit):
    """[(route-name regex, {kwarg: pk})], first match wins."""
    from django.apps import apps
    from django_scopes import scopes_disabled

    from karya.notifications.models import Notification

    def first(label, **filters):
        with scopes_disabled():
            return apps.get_model(label).objects.filter(**filters).order_by("pk").first()

    mine = {"facility": unit}
    inmate = first("inmates.Inmate", **mine, departed_on__isnull=True)
    contact = first("partners.PartnerContact", partner__facility=unit)
    line = first("partners.AgreementProduct", agreement__facility=unit)
    obligation = first("partners.Obligation", agreement__facility=unit)
    participant = first("programs.TrainingParticipant", **mine)
    member = first("accounts.Membership", facility=unit, is_active=True)
    pk = lambda obj: getattr(obj, "pk", MISSING_PK)  # noqa: E731
    return [
        (r"^inmates:", {"pk": pk(inmate)}),
        (r"^inventory:location-", {"pk": pk(first("inventory.StockLocation", **mine))}),
        (r"^inventory:count-", {"pk": pk(first("inventory.StockCount", **mine))}),
        (r"^programs:application-decline$", {"pk": pk(first("programs.Application", **mine))}),
        (r"^inventory:label-", {"lot_id": pk(first("inventory.Lot", **mine))}),
        (r"^partners:contact-update$", {"pk": contact.partner_id, "contact_pk": pk(contact)}),
        (r"^partners:(agreement|visit)-create$", {"partner_pk": contact.partner_id}),
        (r"^partners:(partner-|contact-)", {"pk": contact.partner_id}),
        (r"^partners:agreement-product-remove$", {"pk": line.agreement_id, "line_pk": pk(line)}),
        (
            r"^partners:obligation-fulfil$",
            {"pk": obligation.agreement_id, "obligation_pk": pk(obligation)},
        ),
        (r"^partners:agreement-renew$", {"renew_pk": line.agreement_id}),
        (r"^partners:(agreement-|obligation-add)", {"pk": line.agreement_id}),
        (r"^partners:(visit-|follow-up-add)", {"pk": pk(first("partners.PartnerVisit", **mine))}),
        (
            r"^partners:follow-up-done$",
            {"pk": pk(first("partners.FollowUp", visit__facility=unit))},
        ),
        (r"^production:material-", {"pk": pk(first("production.Material", **mine))}),
        (r"^production:order-", {"pk": pk(first("production.ProductionOrder", **mine))}),
        (r"^production:product-", {"pk": pk(first("production.Product", **mine))}),
        (
            r"^programs:(workshop-|application-(create|approve)$|allocate$|attendance-day$)",
            {"pk": pk(first("programs.Workshop", **mine))},
        ),
        (
            r"^programs:tool-(session|issue|count-back)",
            {"workshop_pk": pk(first("programs.Workshop", **mine))},
        ),
        (r"^programs:allocation-", {"pk": pk(first("programs.Allocation", **mine))}),
        (
            r"^programs:training-participant-",
            {"pk": participant.training_id, "participant_pk": pk(participant)},
        ),
        (r"^programs:training-", {"pk": participant.training_id}),
        (r"^programs:tool-update$", {"pk": pk(first("programs.Tool", **mine))}),
        (r"^programs:doc-training-certificate$", {"pk": pk(participant)}),
        (r"^programs:doc-skills-record$", {"pk": pk(inmate)}),
        (r"^accounts:membership-end$", {"pk": pk(member)}),
        (r"^accounts:", {"pk": member.user_id}),
        (r"^facilities:region-", {"pk": unit.region_id}),
        (r"^facilities:facility-", {"pk": unit.pk}),
        (r"^split_rules:", {"pk": pk(first("finance.SplitRule"))}),
        (r"^notifications:", {"pk": pk(Notification.objects.order_by("pk").first())}),
        (r"^newsroom:release-generate$", {"pk": pk(first("newsroom.Event", **mine))}),  # an event
        (r"^newsroom:release-", {"pk": pk(first("newsroom.PressRelease", **mine))}),
        (r"^newsroom:", {"pk": pk(first("newsroom.Event", **mine))}),
    ]


def _real_url(route, unit, rules):
    args = next((args for regex, args in rules if re.search(regex, route.name)), {})

    def fill(match):
        converter, kwarg = match.group(1), match.group(2)
        if kwarg == "facility_code":
            return unit.code
        if converter == "int":
            return str(args.get(kwarg, MISSING_PK))
        return SLUGS[kwarg]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route.route)


@pytest.fixture
def demo(make_user):
    from django.core.management import call_command

    from karya.facilities.models import Facility

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    unit = Facility.objects.select_related("region").get(code=DEMO_UNIT)
    _add_what_the_demo_lacks(unit, make_user("head", facility=unit))
    return unit, _real_args(unit)


def _add_what_the_demo_lacks(unit, head):
    """An open stock count and a waiting-list application (the demo has neither)."""
    from django_scopes import scope

    from karya.core.dates import today_in
    from karya.inmates.models import Inmate
    from karya.inventory.models import StockLocation
    from karya.inventory.services.counts import stock_count_create
    from karya.programs.models import Workshop
    from karya.programs.services.allocations import application_create

    with scope(facility=[unit.pk]):
        location = StockLocation.objects.filter(facility=unit).order_by("pk").first()
        stock_count_create(actor=head, location=location, counted_on=today_in(unit.timezone))
        workshop = Workshop.objects.filter(facility=unit).order_by("pk").first()
        inmate = (
            Inmate.objects.filter(facility=unit, departed_on__isnull=True, allocations=None)
            .order_by("pk")
            .first()
        )
        session = workshop.sessions[0]
        application_create(actor=head, workshop=workshop, inmate=inmate, session=session)


def test_real_records_of_a_unit_stay_in_it(demo, make_user):
    from karya.accounts.models import User
    from karya.facilities.models import Facility

    unit, rules = demo
    neighbour = Facility.objects.filter(region=unit.region).exclude(pk=unit.pk).first()
    far = Facility.objects.exclude(region=unit.region).first()
    outsiders = [
        ("officer of " + neighbour.code, make_user("officer", facility=neighbour)),
        ("head of " + far.code, make_user("head", facility=far)),
        ("regional of " + far.region.code, make_user("regional", region=far.region)),
        ("no membership", make_user()),
        ("the demo partner's user", User.objects.get(username="mitra.handicraft")),
    ]
    problems = []
    for label, user in outsiders:
        client = client_for(user)
        for route in staff_routes():
            if route.is_unit:
                for method in methods(route, all_methods=True):
                    got = status(call(client, method, _real_url(route, unit, rules)))
                    if got != 404:
                        problems.append(f"{method.upper()} {route} as {label} → {got}")
    assert not problems, report("showing a unit's records to an outsider", problems)


def test_real_records_open_for_every_role_without_500(demo, make_user):
    unit, rules = demo
    users = [(role, make_user(role, facility=unit)) for role in UNIT_ROLES]
    users += [("regional", make_user("regional", region=unit.region))]
    users += [(role, make_user(role)) for role in COUNTRY_ROLES]
    problems = []
    for role, user in users:
        client = client_for(user)
        perms = ROLE_PERMISSIONS[role]
        for route in staff_routes():
            rule = DECIDED_INSIDE.get(route.name, route.permission)
            for method in methods(route):
                got = status(call(client, method, _real_url(route, unit, rules)))
                label = f"{method.upper()} {route} as {role} → {got}"
                if not isinstance(got, int) or got >= 500:
                    problems.append(label)
                elif route.is_unit and rule not in perms and got != 403:
                    problems.append(label + f" (role lacks {rule})")
                elif (
                    route.is_unit
                    and method == "get"
                    and rule in perms
                    and _names_real_records(route, rules)
                    and got not in OPENS_WITH.get(route.name, (200, 302))  # 302: on to a form
                ):
                    problems.append(label + f" (the role holds {rule})")
    assert not problems, report("failing on real records", problems)


# Pages whose view decides with a stronger permission than its `permission` (a head's
# decision, explained on a refusal page to the officer who may open the agreement).
DECIDED_INSIDE = {
    "partners:agreement-approve": Perm.AGREEMENT_APPROVE,
    "partners:agreement-reject": Perm.AGREEMENT_APPROVE,
}
# What a permitted GET gets where it is not a page of its own.
OPENS_WITH = {
    "programs:application-approve": (405,),  # an action: the waiting list's form posts to it
    "inventory:label-pdf": (400,),  # needs the label form's count and start (400 names them)
}


def _names_real_records(route, rules) -> bool:
    """Whether every int argument of the route names a real record of the demo."""
    args = next((args for regex, args in rules if re.search(regex, route.name)), {})
    wanted = re.findall(r"<int:(\w+)>", route.route)
    return all(args.get(name, MISSING_PK) != MISSING_PK for name in wanted)


# --- a partner's records in the portal (the demo's two partners) --------------------------------

PORTAL_RECORDS = {  # portal route → the model its pk names, found through its partner
    "portal:agreement-detail": "partners.Agreement",
    "portal:sales-report": "partners.Agreement",
    "portal:handover-detail": "sales.Handover",
    "portal:handover-pdf": "sales.Handover",
    "portal:settlement-detail": "sales.Settlement",
    "portal:invoice-pdf": "sales.Invoice",
}


def test_a_partner_s_records_open_for_its_users_only(demo, monkeypatch):
    """Each demo partner's user opens its own agreements, BAST, settlements and invoices in the
    portal; the other partner's user gets 404 on every one of them. A portal route with a pk
    and no entry in PORTAL_RECORDS fails here and names the route."""
    from django.apps import apps

    from karya.accounts.models import User
    from karya.programs.tests.test_documents_support import capture_html

    capture_html(monkeypatch, fake_pdf=True)
    with_pk = [r for r in portal_routes() if r.has_int_arg]
    assert sorted(r.name for r in with_pk) == sorted(PORTAL_RECORDS)
    users = {name: User.objects.get(username=name) for name in ("mitra.handicraft", "mitra.acun")}
    problems, opened = [], set()
    for owner, user in users.items():
        partner_id = user.memberships.get(is_active=True).partner_id
        own, other = client_for(user), client_for(next(u for n, u in users.items() if n != owner))
        for route in with_pk:
            model = apps.get_model(PORTAL_RECORDS[route.name])
            with scopes_disabled():
                pks = list(model.objects.filter(partner_id=partner_id).values_list("pk", flat=True))
            for pk in pks[:2]:
                url = "/" + re.sub(r"<int:\w+>", str(pk), route.route)
                mine, theirs = status(call(own, "get", url)), status(call(other, "get", url))
                if mine == 200:
                    opened.add(route.name)
                elif mine != 404:  # 404: a sales report of an agreement without consignment
                    problems.append(f"GET {route} as {owner} → {mine}")
                if theirs != 404:
                    problems.append(f"GET {route} of {owner} as the other partner → {theirs}")
    assert not problems, report("of the portal crossing partners", problems)
    assert opened == set(PORTAL_RECORDS), f"no record opened for {set(PORTAL_RECORDS) - opened}"

"""The API's authorization matrix: every operation of the OpenAPI document × every role of a
unit, its region's and the country's staff, the system administrator, an anonymous caller, an
officer of another unit, a Kanwil user of another region, the unit's partner's user and another
partner's user, each with the answer the rule table below gives.

RULES names the rule of every operation ("METHOD /path" of /api/v1/): an operation added later
without a rule makes the test fail and names it. The rules:

- unit(perm): a unit's operation (/facilities/{code}/…). Anonymous: 401. A user whose
  memberships do not cover the unit (another unit, another region, a partner's user, no
  membership): 404. A role of the unit without `perm`: 403. With it: 200 on a read of a real
  record; a write is let through to its service (any documented answer but 401/403/5xx).
- region(perm): /regions/{region_code}/…, read by the region's Kanwil and the country's staff.
- country(perm): national operations, for country-wide memberships holding `perm`.
- REPORTERS: anyone holding a role that reads reports.
- ANY_USER: any logged-in caller (its own profile, the units it may see).
- PARTNER: a partner's own user; another partner's agreement answers 404, staff see nothing.
- PUBLIC: everyone, anonymous included.

The world is the demo (`karya load-demo`), loaded once for the module: Lapas Purwokerto
(LPPWT) with its workshops, inmates, partner CV. Pusat Handicraft, the BAST of 31 January
2026, its invoice and payment, premi runs, press releases. Every `{…_id}` of a path names one of
the unit's real records; writes get a minimal body that passes the document's validation, so
the permission check, not the body's validation, answers the callers who may not write. Every
answer must also match the OpenAPI document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_scopes import scopes_disabled

from karya.accounts.permissions import ROLE_PERMISSIONS, Perm
from karya.api.api import api
from karya.api.tests.openapi_check import SchemaMismatch, check_response
from karya.tests.api_params import ids_of, model_for

pytestmark = pytest.mark.django_db

API = "/api/v1"
UNIT = "LPPWT"
FAR_UNIT = "LPPMK"  # Pamekasan, Jawa Timur: another region
UNIT_ROLES = ["officer", "output_officer", "treasurer", "head", "pr", "security"]


@dataclass(frozen=True)
class Rule:
    kind: str
    perm: Perm | None = None


def unit(perm: Perm) -> Rule:
    return Rule("unit", perm)


def region(perm: Perm) -> Rule:
    return Rule("region", perm)


def country(perm: Perm) -> Rule:
    return Rule("country", perm)


PUBLIC = Rule("public")
PARTNER = Rule("partner")
ANY_USER = Rule("any_user")
REPORTERS = Rule("reporters")

RULES: dict[str, Rule] = {
    "GET /me": ANY_USER,
    "GET /facilities": ANY_USER,
    "GET /facilities/{code}/inmates": unit(Perm.INMATE_VIEW),
    "POST /facilities/{code}/inmates": unit(Perm.INMATE_CHANGE),
    "GET /facilities/{code}/inmates/{inmate_id}": unit(Perm.INMATE_VIEW),
    "PATCH /facilities/{code}/inmates/{inmate_id}": unit(Perm.INMATE_CHANGE),
    "GET /facilities/{code}/trainings": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/trainings": unit(Perm.TRAINING_MANAGE),
    "GET /facilities/{code}/trainings/{training_id}": unit(Perm.WORKSHOP_VIEW),
    "PATCH /facilities/{code}/trainings/{training_id}": unit(Perm.TRAINING_MANAGE),
    "POST /facilities/{code}/trainings/{training_id}/participants": unit(Perm.TRAINING_MANAGE),
    "PUT /facilities/{code}/trainings/{training_id}/participants/{participant_id}/result": unit(
        Perm.TRAINING_MANAGE
    ),
    "DELETE /facilities/{code}/trainings/{training_id}/participants/{participant_id}": unit(
        Perm.TRAINING_MANAGE
    ),
    "GET /facilities/{code}/tools": unit(Perm.TOOL_VIEW),
    "POST /facilities/{code}/tools": unit(Perm.TOOL_MANAGE),
    "GET /facilities/{code}/tools/{tool_id}": unit(Perm.TOOL_VIEW),
    "PATCH /facilities/{code}/tools/{tool_id}": unit(Perm.TOOL_MANAGE),
    "GET /facilities/{code}/tool-issues": unit(Perm.TOOL_VIEW),
    "POST /facilities/{code}/tool-issues": unit(Perm.TOOL_MANAGE),
    "POST /facilities/{code}/tool-count-backs": unit(Perm.TOOL_MANAGE),
    "POST /facilities/{code}/tool-issues/{issue_id}/found": unit(Perm.TOOL_MANAGE),
    "GET /facilities/{code}/work-list": unit(Perm.WORKLIST_VIEW),
    "GET /facilities/{code}/release-list": unit(Perm.SKILLS_RECORD),
    "POST /facilities/{code}/inmates/{inmate_id}/skills-record": unit(Perm.SKILLS_RECORD),
    "GET /facilities/{code}/training-participants/{participant_id}/certificate": unit(
        Perm.TRAINING_MANAGE
    ),
    "GET /facilities/{code}/workshops": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/workshops": unit(Perm.WORKSHOP_MANAGE),
    "GET /facilities/{code}/workshops/{workshop_id}": unit(Perm.WORKSHOP_VIEW),
    "PATCH /facilities/{code}/workshops/{workshop_id}": unit(Perm.WORKSHOP_MANAGE),
    "GET /facilities/{code}/workshops/{workshop_id}/applications": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/workshops/{workshop_id}/applications": unit(Perm.ALLOCATION_MANAGE),
    "POST /facilities/{code}/workshops/{workshop_id}/applications/{application_id}/decline": unit(
        Perm.ALLOCATION_MANAGE
    ),
    "POST /facilities/{code}/workshops/{workshop_id}/applications/approve": unit(
        Perm.ALLOCATION_MANAGE
    ),
    "GET /facilities/{code}/workshops/{workshop_id}/suitability": unit(Perm.ALLOCATION_MANAGE),
    "GET /facilities/{code}/allocations": unit(Perm.WORKSHOP_VIEW),
    "GET /facilities/{code}/allocations/{allocation_id}": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/workshops/{workshop_id}/allocations": unit(Perm.ALLOCATION_MANAGE),
    "POST /facilities/{code}/allocations/{allocation_id}/start": unit(Perm.ALLOCATION_MANAGE),
    "POST /facilities/{code}/allocations/{allocation_id}/suspend": unit(Perm.ALLOCATION_MANAGE),
    "POST /facilities/{code}/allocations/{allocation_id}/resume": unit(Perm.ALLOCATION_MANAGE),
    "POST /facilities/{code}/allocations/{allocation_id}/end": unit(Perm.ALLOCATION_MANAGE),
    "GET /facilities/{code}/workshops/{workshop_id}/days/{date}": unit(Perm.ATTENDANCE_RECORD),
    "PUT /facilities/{code}/workshops/{workshop_id}/days/{date}": unit(Perm.ATTENDANCE_RECORD),
    "GET /facilities/{code}/products": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/products": unit(Perm.PRODUCT_MANAGE),
    "GET /facilities/{code}/products/{product_id}": unit(Perm.WORKSHOP_VIEW),
    "PATCH /facilities/{code}/products/{product_id}": unit(Perm.PRODUCT_MANAGE),
    "GET /facilities/{code}/products/{product_id}/prices": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/products/{product_id}/prices": unit(Perm.PRODUCT_MANAGE),
    "POST /facilities/{code}/products/{product_id}/publish": unit(Perm.PRODUCT_MANAGE),
    "POST /facilities/{code}/products/{product_id}/unpublish": unit(Perm.PRODUCT_MANAGE),
    "PUT /facilities/{code}/products/{product_id}/ekatalog": unit(Perm.PRODUCT_MANAGE),
    "GET /facilities/{code}/stock-locations": unit(Perm.STOCK_VIEW),
    "POST /facilities/{code}/stock-locations": unit(Perm.STOCK_MANAGE),
    "PATCH /facilities/{code}/stock-locations/{location_id}": unit(Perm.STOCK_MANAGE),
    "GET /facilities/{code}/stock-balances": unit(Perm.STOCK_VIEW),
    "GET /facilities/{code}/stock-moves": unit(Perm.STOCK_VIEW),
    "POST /facilities/{code}/stock-receipts": unit(Perm.STOCK_MANAGE),
    "POST /facilities/{code}/stock-transfers": unit(Perm.STOCK_MANAGE),
    "POST /facilities/{code}/stock-write-offs": unit(Perm.STOCK_APPROVE),
    "POST /facilities/{code}/stock-counts": unit(Perm.STOCK_MANAGE),
    "GET /facilities/{code}/stock-counts/{count_id}": unit(Perm.STOCK_VIEW),
    "POST /facilities/{code}/stock-counts/{count_id}/submit": unit(Perm.STOCK_MANAGE),
    "POST /facilities/{code}/stock-counts/{count_id}/approve": unit(Perm.STOCK_APPROVE),
    "POST /facilities/{code}/stock-counts/{count_id}/reject": unit(Perm.STOCK_APPROVE),
    "GET /facilities/{code}/partners": unit(Perm.PARTNER_VIEW),
    "POST /facilities/{code}/partners": unit(Perm.PARTNER_MANAGE),
    "GET /facilities/{code}/partners/{partner_id}": unit(Perm.PARTNER_VIEW),
    "PATCH /facilities/{code}/partners/{partner_id}": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/partners/{partner_id}/contacts": unit(Perm.PARTNER_MANAGE),
    "GET /facilities/{code}/agreements": unit(Perm.PARTNER_VIEW),
    "POST /facilities/{code}/agreements": unit(Perm.PARTNER_MANAGE),
    "GET /facilities/{code}/agreements/{agreement_id}": unit(Perm.PARTNER_VIEW),
    "PATCH /facilities/{code}/agreements/{agreement_id}": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/agreements/{agreement_id}/request": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/agreements/{agreement_id}/approve": unit(Perm.AGREEMENT_APPROVE),
    "POST /facilities/{code}/agreements/{agreement_id}/reject": unit(Perm.AGREEMENT_APPROVE),
    "POST /facilities/{code}/agreements/{agreement_id}/end": unit(Perm.PARTNER_MANAGE),
    "PUT /facilities/{code}/agreements/{agreement_id}/products/{product_id}": unit(
        Perm.PARTNER_MANAGE
    ),
    "DELETE /facilities/{code}/agreements/{agreement_id}/products/{product_id}": unit(
        Perm.PARTNER_MANAGE
    ),
    "POST /facilities/{code}/agreements/{agreement_id}/obligations": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/agreements/{agreement_id}/obligations/{obligation_id}/fulfil": unit(
        Perm.PARTNER_MANAGE
    ),
    "GET /facilities/{code}/obligations": unit(Perm.PARTNER_VIEW),
    "GET /facilities/{code}/visits": unit(Perm.PARTNER_VIEW),
    "GET /facilities/{code}/visits/{visit_id}": unit(Perm.PARTNER_VIEW),
    "PATCH /facilities/{code}/visits/{visit_id}": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/partners/{partner_id}/visits": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/visits/{visit_id}/follow-ups": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/visits/{visit_id}/follow-ups/{follow_up_id}/done": unit(
        Perm.PARTNER_MANAGE
    ),
    "GET /facilities/{code}/lots/{lot_id}/labels": unit(Perm.STOCK_VIEW),
    "GET /facilities/{code}/materials": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/materials": unit(Perm.MATERIAL_MANAGE),
    "POST /facilities/{code}/materials/{material_id}/purchases": unit(Perm.MATERIAL_MANAGE),
    "POST /facilities/{code}/materials/{material_id}/supplies": unit(Perm.MATERIAL_MANAGE),
    "GET /facilities/{code}/production-orders": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/production-orders": unit(Perm.PRODUCTION_MANAGE),
    "GET /facilities/{code}/production-orders/{order_id}": unit(Perm.WORKSHOP_VIEW),
    "POST /facilities/{code}/production-orders/{order_id}/start": unit(Perm.PRODUCTION_MANAGE),
    "POST /facilities/{code}/production-orders/{order_id}/consumptions": unit(
        Perm.PRODUCTION_MANAGE
    ),
    "POST /facilities/{code}/production-orders/{order_id}/finish": unit(Perm.PRODUCTION_MANAGE),
    "POST /facilities/{code}/production-orders/{order_id}/cancel": unit(Perm.PRODUCTION_MANAGE),
    "POST /facilities/{code}/products/{product_id}/photos": unit(Perm.PRODUCT_MANAGE),
    "POST /facilities/{code}/agreements/{agreement_id}/documents": unit(Perm.PARTNER_MANAGE),
    "POST /facilities/{code}/visits/{visit_id}/photos": unit(Perm.PARTNER_MANAGE),
    "GET /facilities/{code}/sales": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/sales/{sale_id}": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/invoices": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/invoices/{invoice_id}": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/invoices/{invoice_id}/pdf": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/payments": unit(Perm.PAYMENT_RECORD),
    "POST /facilities/{code}/payments/{payment_id}/refund": unit(Perm.PAYMENT_RECORD),
    "GET /facilities/{code}/payments/{payment_id}/receipt": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/counter-products": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/counter-sales": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/counter-sales/{sale_id}/cancel": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/counter-days/{date}": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/consignment/holdings": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/consignment/overdue": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/consignment/settlements": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/consignment/settlements": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/consignment/settlements/{settlement_id}": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/consignment/settlements/{settlement_id}/confirm": unit(
        Perm.SALES_MANAGE
    ),
    "POST /facilities/{code}/consignment/settlements/{settlement_id}/reject": unit(
        Perm.SALES_MANAGE
    ),
    "GET /facilities/{code}/consignment/returns": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/consignment/returns": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/handovers": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/handovers": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/handovers/{handover_id}": unit(Perm.SALES_VIEW),
    "PATCH /facilities/{code}/handovers/{handover_id}": unit(Perm.SALES_MANAGE),
    "DELETE /facilities/{code}/handovers/{handover_id}": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/handovers/{handover_id}/lines": unit(Perm.SALES_MANAGE),
    "PUT /facilities/{code}/handovers/{handover_id}/lines/{line_id}": unit(Perm.SALES_MANAGE),
    "DELETE /facilities/{code}/handovers/{handover_id}/lines/{line_id}": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/handovers/{handover_id}/post": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/handovers/{handover_id}/reverse": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/handovers/{handover_id}/bast": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/customer-orders": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/customer-orders": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/customer-orders/{order_id}": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/customer-orders/{order_id}/lines": unit(Perm.SALES_MANAGE),
    "PATCH /facilities/{code}/customer-orders/{order_id}/lines/{line_id}": unit(Perm.SALES_MANAGE),
    "DELETE /facilities/{code}/customer-orders/{order_id}/lines/{line_id}": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/customer-orders/{order_id}/confirm": unit(Perm.SALES_MANAGE),
    "PUT /facilities/{code}/customer-orders/{order_id}/production": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/customer-orders/{order_id}/deliver": unit(Perm.SALES_MANAGE),
    "POST /facilities/{code}/customer-orders/{order_id}/cancel": unit(Perm.SALES_MANAGE),
    "GET /facilities/{code}/customer-orders/{order_id}/quotation": unit(Perm.SALES_VIEW),
    "GET /facilities/{code}/premi-runs": unit(Perm.PREMI_VIEW),
    "POST /facilities/{code}/premi-runs": unit(Perm.PREMI_MANAGE),
    "POST /facilities/{code}/premi-runs/preview-all": unit(Perm.PREMI_MANAGE),
    "GET /facilities/{code}/premi-runs/{run_id}": unit(Perm.PREMI_VIEW),
    "POST /facilities/{code}/premi-runs/{run_id}/approve": unit(Perm.PREMI_APPROVE),
    "GET /facilities/{code}/premi-runs/{run_id}/slips": unit(Perm.PREMI_VIEW),
    "GET /facilities/{code}/inmates/{inmate_id}/premi-ledger": unit(Perm.PREMI_VIEW),
    "GET /facilities/{code}/inmates/{inmate_id}/premi-ledger/entries": unit(Perm.PREMI_VIEW),
    "POST /facilities/{code}/inmates/{inmate_id}/premi-ledger/withdrawals": unit(Perm.PREMI_MANAGE),
    "POST /facilities/{code}/inmates/{inmate_id}/premi-ledger/payout": unit(Perm.PREMI_MANAGE),
    "GET /facilities/{code}/news-events": unit(Perm.NEWS_MANAGE),
    "POST /facilities/{code}/news-events": unit(Perm.NEWS_MANAGE),
    "GET /facilities/{code}/news-events/{event_id}": unit(Perm.NEWS_MANAGE),
    "PATCH /facilities/{code}/news-events/{event_id}": unit(Perm.NEWS_MANAGE),
    "POST /facilities/{code}/news-events/{event_id}/press-releases": unit(Perm.NEWS_MANAGE),
    "GET /facilities/{code}/press-releases": unit(Perm.NEWS_MANAGE),
    "GET /facilities/{code}/press-releases/{release_id}": unit(Perm.NEWS_MANAGE),
    "PATCH /facilities/{code}/press-releases/{release_id}": unit(Perm.NEWS_MANAGE),
    "POST /facilities/{code}/press-releases/{release_id}/submit": unit(Perm.NEWS_MANAGE),
    "POST /facilities/{code}/press-releases/{release_id}/approve": unit(Perm.NEWS_APPROVE),
    "POST /facilities/{code}/press-releases/{release_id}/return": unit(Perm.NEWS_APPROVE),
    "POST /facilities/{code}/press-releases/{release_id}/publish": unit(Perm.NEWS_MANAGE),
    "POST /facilities/{code}/press-releases/{release_id}/withdraw": unit(Perm.NEWS_MANAGE),
    "GET /facilities/{code}/quote-requests": unit(Perm.SALES_VIEW),
    "POST /facilities/{code}/quote-requests/{request_id}/handle": unit(Perm.SALES_MANAGE),
    "GET /partner/agreements": PARTNER,
    "GET /partner/agreements/{agreement_id}": PARTNER,
    "GET /partner/consignment/stock": PARTNER,
    "GET /partner/consignment/settlements": PARTNER,
    "POST /partner/consignment/settlements": PARTNER,
    "GET /public/products": PUBLIC,
    "GET /public/units/{code}/products/{product_id}": PUBLIC,
    "GET /public/units/{code}": PUBLIC,
    "GET /public/news": PUBLIC,
    "GET /public/units/{code}/news/{news_id}": PUBLIC,
    "GET /public/trace": PUBLIC,
    "GET /split-rules": country(Perm.SPLIT_RULE_MANAGE),
    "POST /split-rules": country(Perm.SPLIT_RULE_MANAGE),
    "GET /split-rules/{rule_id}": country(Perm.SPLIT_RULE_MANAGE),
    "POST /split-rules/{rule_id}/supersede": country(Perm.SPLIT_RULE_MANAGE),
    "GET /facilities/{code}/split-rules": unit(Perm.FINANCE_VIEW),
    "GET /facilities/{code}/proceeds-splits": unit(Perm.FINANCE_VIEW),
    "GET /facilities/{code}/pnbp/{year}": unit(Perm.FINANCE_VIEW),
    "GET /facilities/{code}/pnbp-deposits": unit(Perm.FINANCE_VIEW),
    "POST /facilities/{code}/pnbp-deposits": unit(Perm.PNBP_MANAGE),
    "POST /facilities/{code}/pnbp-deposits/{deposit_id}/cancel": unit(Perm.PNBP_MANAGE),
    "GET /facilities/{code}/pnbp-targets": unit(Perm.FINANCE_VIEW),
    "PUT /facilities/{code}/pnbp-targets/{year}": unit(Perm.PNBP_MANAGE),
    "GET /facilities/{code}/dashboard": unit(Perm.REPORT_VIEW),
    "GET /facilities/{code}/monthly-report.pdf": unit(Perm.REPORT_VIEW),
    "GET /facilities/{code}/monthly-report.xlsx": unit(Perm.REPORT_VIEW),
    "GET /regions/{region_code}/dashboard": region(Perm.REPORT_VIEW),
    "GET /regions/{region_code}/monthly-report.pdf": region(Perm.REPORT_VIEW),
    "GET /regions/{region_code}/monthly-report.xlsx": region(Perm.REPORT_VIEW),
    "GET /country/dashboard": country(Perm.REPORT_VIEW),
    "GET /country/monthly-report.pdf": country(Perm.REPORT_VIEW),
    "GET /country/monthly-report.xlsx": country(Perm.REPORT_VIEW),
    "GET /facilities/{code}/targets": unit(Perm.REPORT_VIEW),
    "PUT /facilities/{code}/targets": unit(Perm.TARGET_MANAGE),
    "GET /report-indicators": REPORTERS,
    "POST /report-indicators": country(Perm.TARGET_MANAGE),
}


# --- the callers -------------------------------------------------------------------------------


@dataclass
class Caller:
    label: str
    client: Client
    unit_perms: frozenset | None = None  # None: its memberships do not cover the unit
    region_perms: frozenset | None = None  # over the unit's region as a whole
    global_perms: frozenset = frozenset()
    reporter: bool = False
    partner_id: int | None = None
    anonymous: bool = False
    answers: dict = field(default_factory=dict)


def _client(user=None) -> Client:
    from karya.accounts.services import api_token_create

    if user is None:
        return Client()
    _token, raw = api_token_create(actor=user, name="matrix")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _callers(unit_obj, neighbour, far) -> list[Caller]:
    from karya.accounts.models import User
    from karya.accounts.services import membership_create
    from karya.tests.factories import UserFactory, grant

    def user(role=None, **scope):
        made = UserFactory()
        if role:
            grant(made, role, **scope)
        return made

    perms = ROLE_PERMISSIONS
    callers = [Caller("anonymous", _client(), anonymous=True)]
    for role in UNIT_ROLES:
        callers.append(
            Caller(
                role,
                _client(user(role, facility=unit_obj)),
                unit_perms=perms[role],
                reporter=Perm.REPORT_VIEW in perms[role],
            )
        )
    regional = perms["regional"]
    callers.append(
        Caller(
            "regional",
            _client(user("regional", region=unit_obj.region)),
            unit_perms=regional,
            region_perms=regional,
            reporter=True,
        )
    )
    for role in ("national", "admin"):
        callers.append(
            Caller(
                role,
                _client(user(role)),
                unit_perms=perms[role],
                region_perms=perms[role],
                global_perms=perms[role],
                reporter=Perm.REPORT_VIEW in perms[role],
            )
        )
    callers.append(
        Caller(
            f"officer of {neighbour.code}",
            _client(user("officer", facility=neighbour)),
            reporter=True,
        )
    )
    callers.append(
        Caller(
            f"regional of {far.region.code}",
            _client(user("regional", region=far.region)),
            reporter=True,
        )
    )
    callers.append(Caller("no membership", _client(user())))
    for username in ("mitra.handicraft", "mitra.acun"):
        partner_user = User.objects.get(username=username)
        membership = partner_user.memberships.get(is_active=True)
        callers.append(
            Caller(
                f"partner user {username}", _client(partner_user), partner_id=membership.partner_id
            )
        )
    del membership_create
    return callers


# --- the world ---------------------------------------------------------------------------------


@dataclass
class World:
    unit: object
    callers: list[Caller]
    args: dict  # {path argument: value} for the unit's operations
    partner_args: dict  # for /partner/… (CV. Pusat Handicraft's agreement)
    public_args: dict  # for /public/… (a published product, a published release)
    own_partner_id: int


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    from karya.facilities.models import Facility
    from karya.newsroom.models import PressRelease
    from karya.partners.models import Agreement
    from karya.production.models import Product

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        unit_obj = Facility.objects.select_related("region").get(code=UNIT)
        far = Facility.objects.select_related("region").get(code=FAR_UNIT)
        neighbour = Facility.objects.filter(region=unit_obj.region).exclude(pk=unit_obj.pk).first()
        callers = _callers(unit_obj, neighbour, far)
        handicraft = next(c for c in callers if c.label.endswith("mitra.handicraft")).partner_id
        with scopes_disabled():
            agreement = Agreement.objects.filter(partner_id=handicraft).order_by("pk").first()
            product = Product.objects.filter(facility=unit_obj, is_published=True).first()
            news = PressRelease.objects.filter(facility=unit_obj, status="published").first()
        yield World(
            unit=unit_obj,
            callers=callers,
            args={
                "code": UNIT,
                "region_code": unit_obj.region.code,
                "year": 2026,
                "date": "2026-01-31",
            },
            partner_args={"agreement_id": agreement.pk},
            public_args={"code": UNIT, "product_id": product.pk, "news_id": news.pk},
            own_partner_id=handicraft,
        )
        transaction.set_rollback(True)


# --- requests ----------------------------------------------------------------------------------


def _document() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema()))


def operations(doc) -> list[tuple[str, str, dict]]:
    """[(method, path without /api/v1, operation)] of the document."""
    return [
        (method.upper(), path.removeprefix(API), operation)
        for path, methods in doc["paths"].items()
        for method, operation in methods.items()
    ]


def _resolve(doc, schema):
    while "$ref" in schema:
        node = doc
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        schema = node
    return schema


def minimal(doc, schema):
    """The smallest value the schema accepts: every required property, the first choice of an
    enum, the least number, a short string of the allowed length."""
    schema = _resolve(doc, schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(doc, o).get("type") != "null"]
            return minimal(doc, options[0])
    if "allOf" in schema:
        return minimal(doc, schema["allOf"][0])
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: minimal(doc, schema["properties"][name]) for name in schema.get("required", [])
        }
    if kind == "array":
        return [minimal(doc, schema["items"]) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        least = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
        return max(least, 1) if schema.get("maximum", 1) >= 1 else least
    if kind == "boolean":
        return False
    if kind == "string":
        formats = {
            "date": "2026-01-31",
            "date-time": "2026-01-31T09:00:00+07:00",
            "time": "09:00:00",
            "email": "uji@example.com",
            "uri": "https://example.com/",
        }
        if schema.get("format") in formats:
            return formats[schema["format"]]
        return "1" * max(schema.get("minLength", 1), 1)
    return None


def fill(path: str, args: dict, unit_obj) -> tuple[str, bool]:
    """The path with every argument filled, and whether each names a real record."""
    real = True

    def one(match):
        nonlocal real
        name = match.group(1)
        if name in args:
            return str(args[name])
        label = model_for(path, name)
        ids = ids_of(label, unit_obj) if label else []
        if name == "rule_id":
            from karya.finance.models import SplitRule

            with scopes_disabled():
                ids = list(SplitRule.objects.order_by("pk").values_list("pk", flat=True))
        if not ids:
            real = False
            return "999999"
        return str(ids[0])

    return re.sub(r"\{(\w+)\}", one, path), real


def query_of(doc, operation) -> dict:
    return {
        p["name"]: minimal(doc, p["schema"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }


def body_of(doc, operation):
    """A JSON body, or for an upload {field: a small PNG file} and the form's fields."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return minimal(doc, content["application/json"]["schema"])
    if "multipart/form-data" in content:
        schema = _resolve(doc, content["multipart/form-data"]["schema"])
        form = {}
        for name in schema.get("required", []):
            prop = _resolve(doc, schema["properties"][name])
            form[name] = PNG if prop.get("format") == "binary" else minimal(doc, prop)
        return Upload(form)
    return None


class Upload(dict):
    """A multipart form; PNG stands for a small picture."""


PNG = object()


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


# --- what each caller must get -----------------------------------------------------------------

WRITE_THROUGH = {200, 201, 204, 400, 404, 409, 422}


def expected(rule: Rule, caller: Caller, method: str, path: str, found: str, world) -> set[int]:
    """The answers the rule allows the caller. `found`: "record" when every argument names a
    real record, "none" when one names none, "search" for a read with a made-up search."""
    if method != "GET":
        through = WRITE_THROUGH
    else:
        through = {"record": {200}, "none": {404}, "search": {200, 400, 404}}[found]
    if rule.kind == "public":
        return through
    if caller.anonymous:
        return {401}
    if rule.kind == "any_user":
        return through
    if rule.kind == "reporters":
        return through if caller.reporter else {403}
    if rule.kind == "country":
        return through if rule.perm in caller.global_perms else {403}
    if rule.kind == "partner":
        own = caller.partner_id == world.own_partner_id
        if "{agreement_id}" in path or method != "GET":
            return through if own else {404}
        return through  # the lists: a caller who is no partner's user gets an empty list
    if rule.kind == "region":
        if caller.region_perms is None:
            return {404}
        return through if rule.perm in caller.region_perms else {403}
    if caller.unit_perms is None:
        return {404}
    return through if rule.perm in caller.unit_perms else {403}


def test_every_operation_has_a_rule():
    doc = _document()
    names = {f"{method} {path}" for method, path, _op in operations(doc)}
    assert sorted(names - set(RULES)) == [], "operations without a rule in RULES"
    assert sorted(set(RULES) - names) == [], "rules of operations that no longer exist"


def test_every_caller_gets_the_answer_of_the_rule(world, monkeypatch):
    from karya.programs.tests.test_documents_support import capture_html

    capture_html(monkeypatch, fake_pdf=True)  # who may print, not how the page is drawn
    doc = _document()
    ops = sorted(operations(doc), key=lambda op: op[0] != "GET")  # reads before writes
    problems = []
    for method, path, operation in ops:
        rule = RULES.get(f"{method} {path}")
        if rule is None:
            continue  # test_every_operation_has_a_rule names it
        args = {**world.args}
        if rule.kind == "partner":
            args.update(world.partner_args)
        if rule.kind == "public":
            args.update(world.public_args)
        url, real = fill(path, args, world.unit)
        query, body = query_of(doc, operation), body_of(doc, operation)
        found = "search" if query else "record" if real else "none"
        callers = world.callers
        if method != "GET":  # callers who may not write first: the world is unchanged for them
            callers = sorted(
                callers,
                key=lambda c: expected(rule, c, method, path, found, world) == WRITE_THROUGH,
            )
        for caller in callers:
            want = expected(rule, caller, method, path, found, world)
            response = _call(caller.client, method, API + url, query, body)
            got = response if isinstance(response, str) else response.status_code
            if got not in want:
                problems.append(f"{method} {url} as {caller.label} → {got}, not {sorted(want)}")
                continue
            try:
                check_response(doc, method, API + url, response)
            except SchemaMismatch as mismatch:
                problems.append(f"{method} {url} as {caller.label}: {mismatch}")
    assert not problems, f"{len(problems)} answer(s) against the rules:\n  " + "\n  ".join(problems)


def _call(client, method, url, query, body):
    try:
        if method == "GET":
            return client.get(url, query)
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        call = getattr(client, method.lower())
        if body is None:
            return call(url)
        if isinstance(body, Upload):  # a fresh file each time: a file is read once
            return call(url, {k: _png() if v is PNG else v for k, v in body.items()})
        return call(url, json.dumps(body), content_type="application/json")
    except Exception as exc:  # noqa: BLE001 - any exception is the 500 the test reports
        return f"500 {type(exc).__name__}: {exc}"

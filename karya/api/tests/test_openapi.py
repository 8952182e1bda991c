"""The OpenAPI document and the docs page, and the response checker the other tests rely on."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from karya.api.tests.openapi_check import SchemaMismatch, check_response, errors

EXPOSED = {
    "/api/v1/facilities/{code}/dashboard": {"get"},
    "/api/v1/facilities/{code}/monthly-report.pdf": {"get"},
    "/api/v1/facilities/{code}/monthly-report.xlsx": {"get"},
    "/api/v1/facilities/{code}/targets": {"get", "put"},
    "/api/v1/regions/{region_code}/dashboard": {"get"},
    "/api/v1/regions/{region_code}/monthly-report.pdf": {"get"},
    "/api/v1/regions/{region_code}/monthly-report.xlsx": {"get"},
    "/api/v1/country/dashboard": {"get"},
    "/api/v1/country/monthly-report.pdf": {"get"},
    "/api/v1/country/monthly-report.xlsx": {"get"},
    "/api/v1/report-indicators": {"get", "post"},
    "/api/v1/facilities/{code}/premi-runs": {"get", "post"},
    "/api/v1/facilities/{code}/premi-runs/preview-all": {"post"},
    "/api/v1/facilities/{code}/premi-runs/{run_id}": {"get"},
    "/api/v1/facilities/{code}/premi-runs/{run_id}/approve": {"post"},
    "/api/v1/facilities/{code}/premi-runs/{run_id}/slips": {"get"},
    "/api/v1/facilities/{code}/inmates/{inmate_id}/premi-ledger": {"get"},
    "/api/v1/facilities/{code}/inmates/{inmate_id}/premi-ledger/entries": {"get"},
    "/api/v1/facilities/{code}/inmates/{inmate_id}/premi-ledger/withdrawals": {"post"},
    "/api/v1/facilities/{code}/inmates/{inmate_id}/premi-ledger/payout": {"post"},
    "/api/v1/partner/agreements": {"get"},
    "/api/v1/partner/agreements/{agreement_id}": {"get"},
    "/api/v1/partner/consignment/stock": {"get"},
    "/api/v1/partner/consignment/settlements": {"get", "post"},
    "/api/v1/facilities/{code}/products/{product_id}/photos": {"post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/documents": {"post"},
    "/api/v1/facilities/{code}/visits/{visit_id}/photos": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/facilities": {"get"},
    "/api/v1/facilities/{code}/inmates": {"get", "post"},
    "/api/v1/facilities/{code}/inmates/{inmate_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/work-list": {"get"},
    "/api/v1/facilities/{code}/release-list": {"get"},
    "/api/v1/facilities/{code}/inmates/{inmate_id}/skills-record": {"post"},
    "/api/v1/facilities/{code}/training-participants/{participant_id}/certificate": {"get"},
    "/api/v1/facilities/{code}/tools": {"get", "post"},
    "/api/v1/facilities/{code}/tools/{tool_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/tool-issues": {"get", "post"},
    "/api/v1/facilities/{code}/tool-issues/{issue_id}/found": {"post"},
    "/api/v1/facilities/{code}/tool-count-backs": {"post"},
    "/api/v1/facilities/{code}/trainings": {"get", "post"},
    "/api/v1/facilities/{code}/trainings/{training_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/trainings/{training_id}/participants": {"post"},
    "/api/v1/facilities/{code}/trainings/{training_id}/participants/{participant_id}": {"delete"},
    "/api/v1/facilities/{code}/trainings/{training_id}/participants/{participant_id}/result": {
        "put"
    },
    "/api/v1/facilities/{code}/workshops": {"get", "post"},
    "/api/v1/facilities/{code}/workshops/{workshop_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/workshops/{workshop_id}/applications": {"get", "post"},
    "/api/v1/facilities/{code}/workshops/{workshop_id}/applications/{application_id}/decline": {
        "post"
    },
    "/api/v1/facilities/{code}/workshops/{workshop_id}/applications/approve": {"post"},
    "/api/v1/facilities/{code}/workshops/{workshop_id}/suitability": {"get"},
    "/api/v1/facilities/{code}/workshops/{workshop_id}/allocations": {"post"},
    "/api/v1/facilities/{code}/workshops/{workshop_id}/days/{date}": {"get", "put"},
    "/api/v1/facilities/{code}/allocations": {"get"},
    "/api/v1/facilities/{code}/allocations/{allocation_id}": {"get"},
    "/api/v1/facilities/{code}/allocations/{allocation_id}/start": {"post"},
    "/api/v1/facilities/{code}/allocations/{allocation_id}/suspend": {"post"},
    "/api/v1/facilities/{code}/allocations/{allocation_id}/resume": {"post"},
    "/api/v1/facilities/{code}/allocations/{allocation_id}/end": {"post"},
    "/api/v1/facilities/{code}/products": {"get", "post"},
    "/api/v1/facilities/{code}/products/{product_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/products/{product_id}/prices": {"get", "post"},
    "/api/v1/facilities/{code}/products/{product_id}/publish": {"post"},
    "/api/v1/facilities/{code}/products/{product_id}/unpublish": {"post"},
    "/api/v1/facilities/{code}/products/{product_id}/ekatalog": {"put"},
    "/api/v1/facilities/{code}/stock-locations": {"get", "post"},
    "/api/v1/facilities/{code}/stock-locations/{location_id}": {"patch"},
    "/api/v1/facilities/{code}/stock-balances": {"get"},
    "/api/v1/facilities/{code}/stock-moves": {"get"},
    "/api/v1/facilities/{code}/stock-receipts": {"post"},
    "/api/v1/facilities/{code}/stock-transfers": {"post"},
    "/api/v1/facilities/{code}/stock-write-offs": {"post"},
    "/api/v1/facilities/{code}/stock-counts": {"post"},
    "/api/v1/facilities/{code}/stock-counts/{count_id}": {"get"},
    "/api/v1/facilities/{code}/stock-counts/{count_id}/submit": {"post"},
    "/api/v1/facilities/{code}/stock-counts/{count_id}/approve": {"post"},
    "/api/v1/facilities/{code}/stock-counts/{count_id}/reject": {"post"},
    "/api/v1/facilities/{code}/partners": {"get", "post"},
    "/api/v1/facilities/{code}/partners/{partner_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/partners/{partner_id}/contacts": {"post"},
    "/api/v1/facilities/{code}/partners/{partner_id}/visits": {"post"},
    "/api/v1/facilities/{code}/agreements": {"get", "post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/request": {"post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/approve": {"post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/reject": {"post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/end": {"post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/products/{product_id}": {"put", "delete"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/obligations": {"post"},
    "/api/v1/facilities/{code}/agreements/{agreement_id}/obligations/{obligation_id}/fulfil": {
        "post"
    },
    "/api/v1/facilities/{code}/obligations": {"get"},
    "/api/v1/facilities/{code}/visits": {"get"},
    "/api/v1/facilities/{code}/visits/{visit_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/visits/{visit_id}/follow-ups": {"post"},
    "/api/v1/facilities/{code}/visits/{visit_id}/follow-ups/{follow_up_id}/done": {"post"},
    "/api/v1/facilities/{code}/lots/{lot_id}/labels": {"get"},
    "/api/v1/facilities/{code}/materials": {"get", "post"},
    "/api/v1/facilities/{code}/materials/{material_id}/purchases": {"post"},
    "/api/v1/facilities/{code}/materials/{material_id}/supplies": {"post"},
    "/api/v1/facilities/{code}/production-orders": {"get", "post"},
    "/api/v1/facilities/{code}/production-orders/{order_id}": {"get"},
    "/api/v1/facilities/{code}/production-orders/{order_id}/start": {"post"},
    "/api/v1/facilities/{code}/production-orders/{order_id}/consumptions": {"post"},
    "/api/v1/facilities/{code}/production-orders/{order_id}/finish": {"post"},
    "/api/v1/facilities/{code}/production-orders/{order_id}/cancel": {"post"},
    "/api/v1/facilities/{code}/customer-orders": {"get", "post"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}": {"get"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/lines": {"post"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/lines/{line_id}": {"patch", "delete"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/confirm": {"post"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/production": {"put"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/deliver": {"post"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/cancel": {"post"},
    "/api/v1/facilities/{code}/customer-orders/{order_id}/quotation": {"get"},
    "/api/v1/facilities/{code}/news-events": {"get", "post"},
    "/api/v1/facilities/{code}/news-events/{event_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/news-events/{event_id}/press-releases": {"post"},
    "/api/v1/facilities/{code}/press-releases": {"get"},
    "/api/v1/facilities/{code}/press-releases/{release_id}": {"get", "patch"},
    "/api/v1/facilities/{code}/press-releases/{release_id}/submit": {"post"},
    "/api/v1/facilities/{code}/press-releases/{release_id}/approve": {"post"},
    "/api/v1/facilities/{code}/press-releases/{release_id}/return": {"post"},
    "/api/v1/facilities/{code}/press-releases/{release_id}/publish": {"post"},
    "/api/v1/facilities/{code}/press-releases/{release_id}/withdraw": {"post"},
    "/api/v1/facilities/{code}/quote-requests": {"get"},
    "/api/v1/facilities/{code}/quote-requests/{request_id}/handle": {"post"},
    "/api/v1/public/products": {"get"},
    "/api/v1/public/units/{code}": {"get"},
    "/api/v1/public/units/{code}/products/{product_id}": {"get"},
    "/api/v1/public/news": {"get"},
    "/api/v1/public/units/{code}/news/{news_id}": {"get"},
    "/api/v1/public/trace": {"get"},
    "/api/v1/facilities/{code}/consignment/holdings": {"get"},
    "/api/v1/facilities/{code}/consignment/overdue": {"get"},
    "/api/v1/facilities/{code}/consignment/settlements": {"get", "post"},
    "/api/v1/facilities/{code}/consignment/settlements/{settlement_id}": {"get"},
    "/api/v1/facilities/{code}/consignment/settlements/{settlement_id}/confirm": {"post"},
    "/api/v1/facilities/{code}/consignment/settlements/{settlement_id}/reject": {"post"},
    "/api/v1/facilities/{code}/consignment/returns": {"get", "post"},
    "/api/v1/facilities/{code}/handovers": {"get", "post"},
    "/api/v1/facilities/{code}/handovers/{handover_id}": {"get", "patch", "delete"},
    "/api/v1/facilities/{code}/handovers/{handover_id}/lines": {"post"},
    "/api/v1/facilities/{code}/handovers/{handover_id}/lines/{line_id}": {"put", "delete"},
    "/api/v1/facilities/{code}/handovers/{handover_id}/post": {"post"},
    "/api/v1/facilities/{code}/handovers/{handover_id}/reverse": {"post"},
    "/api/v1/facilities/{code}/handovers/{handover_id}/bast": {"get"},
    "/api/v1/split-rules": {"get", "post"},
    "/api/v1/split-rules/{rule_id}": {"get"},
    "/api/v1/split-rules/{rule_id}/supersede": {"post"},
    "/api/v1/facilities/{code}/split-rules": {"get"},
    "/api/v1/facilities/{code}/proceeds-splits": {"get"},
    "/api/v1/facilities/{code}/pnbp/{year}": {"get"},
    "/api/v1/facilities/{code}/pnbp-deposits": {"get", "post"},
    "/api/v1/facilities/{code}/pnbp-deposits/{deposit_id}/cancel": {"post"},
    "/api/v1/facilities/{code}/pnbp-targets": {"get"},
    "/api/v1/facilities/{code}/pnbp-targets/{year}": {"put"},
    "/api/v1/facilities/{code}/sales": {"get"},
    "/api/v1/facilities/{code}/sales/{sale_id}": {"get"},
    "/api/v1/facilities/{code}/invoices": {"get"},
    "/api/v1/facilities/{code}/invoices/{invoice_id}": {"get"},
    "/api/v1/facilities/{code}/invoices/{invoice_id}/pdf": {"get"},
    "/api/v1/facilities/{code}/payments": {"post"},
    "/api/v1/facilities/{code}/payments/{payment_id}/refund": {"post"},
    "/api/v1/facilities/{code}/payments/{payment_id}/receipt": {"get"},
    "/api/v1/facilities/{code}/counter-products": {"get"},
    "/api/v1/facilities/{code}/counter-sales": {"post"},
    "/api/v1/facilities/{code}/counter-sales/{sale_id}/cancel": {"post"},
    "/api/v1/facilities/{code}/counter-days/{date}": {"get"},
}
# Read without authentication: the public catalogue (karya/api/routers/public.py).
PUBLIC_PREFIX = "/api/v1/public/"


# Media types of the files some operations answer (PDF documents, XLSX reports).
FILES = {"application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def test_the_document_is_json_with_every_path(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "Karya API" and doc["info"]["version"] == "1.0.0"
    assert {path: set(ops) for path, ops in doc["paths"].items()} == EXPOSED


def test_the_document_is_the_one_the_checker_uses(client, openapi_doc):
    assert json.loads(client.get("/api/v1/openapi.json").content) == openapi_doc


def test_every_operation_declares_its_errors_and_auth(openapi_doc):
    for path, operations in openapi_doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if path.startswith(PUBLIC_PREFIX):
                assert "security" not in operation and "401" not in responses, path
            else:
                assert "401" in responses, f"{method} {path}: 401 not declared"
                assert {"TokenAuth": []} in operation["security"]
            for status, declared in responses.items():
                if status == "204":
                    assert "content" not in declared, f"{method} {path}: 204 with a body"
                    continue
                if set(declared.get("content", {})) & FILES:
                    assert status == "200", f"{method} {path}: a file is only a success"
                    continue
                schema = declared["content"]["application/json"]["schema"]
                if int(status) >= 400:
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}
            if "{code}" in path and not path.startswith(PUBLIC_PREFIX):
                assert {"403", "404", "422"} <= set(responses), f"{method} {path}"


def test_every_ref_resolves(openapi_doc):
    text = json.dumps(openapi_doc)
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in openapi_doc["components"]["schemas"], ref


def test_the_checker_catches_a_drifted_response(openapi_doc):
    error_schema = {"$ref": "#/components/schemas/ErrorOut"}
    assert errors({"code": "x", "message": "y", "field": None, "details": []}, error_schema,
                  openapi_doc) == []  # fmt: skip
    assert errors({"detail": "x"}, error_schema, openapi_doc)
    assert errors({"code": 1, "message": "y"}, error_schema, openapi_doc)
    page = {"$ref": "#/components/schemas/InmatePage"}
    assert errors({"items": [{"id": 1}], "next_cursor": None}, page, openapi_doc)
    assert errors({"items": [], "next_cursor": "x"}, page, openapi_doc)

    class FakeResponse(dict):
        status_code = 418
        content = b"{}"

    with pytest.raises(SchemaMismatch, match="not declared"):
        check_response(openapi_doc, "GET", "/api/v1/me", FakeResponse())
    with pytest.raises(SchemaMismatch, match="not in the OpenAPI document"):
        check_response(openapi_doc, "DELETE", "/api/v1/me", FakeResponse())


def test_the_docs_page_loads_nothing_from_another_host():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    # The CSRF token is random text: leave it out before looking for "cdn".
    without_token = re.sub(r'data-csrf-token="[^"]*"', "", html)
    assert "cdn" not in without_token.lower()
    urls = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', html)
    assert any(u.endswith(".js") for u in urls), urls
    for found in urls:
        parts = urlsplit(found)
        assert not parts.scheme and not parts.netloc, f"loads {found} from another host"
    for found in urls:
        assert Client().get(found).status_code == 200, found
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])
    assert settings["validatorUrl"] is None


def test_the_docs_page_sends_the_csrf_token_for_session_writes(login, officer):
    html = login(officer).get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in html


def test_no_two_schemas_share_a_name():
    """The OpenAPI document keys schemas by class name: two routers defining the same name
    would silently describe one of them wrongly. The same holds for the choice enums the
    schemas use (production's and sales' OrderStatus once clashed)."""
    import enum
    import inspect
    import pkgutil
    from importlib import import_module

    from ninja import Schema

    import karya.api.routers as routers

    seen: dict[str, str] = {}
    clashes = []
    for module_info in pkgutil.walk_packages(routers.__path__, "karya.api.routers."):
        module = import_module(module_info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Schema) and value.__module__ == module.__name__:
                if name in seen and seen[name] != module.__name__:
                    clashes.append(f"{name}: {seen[name]} and {module.__name__}")
                seen.setdefault(name, module.__name__)
            elif issubclass(value, enum.Enum):
                where = f"{value.__module__}.{value.__qualname__}"
                if name in seen and seen[name] != where:
                    clashes.append(f"{name}: {seen[name]} and {where}")
                seen.setdefault(name, where)
    assert clashes == []

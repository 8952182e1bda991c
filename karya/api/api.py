"""The versioned REST API at /api/v1/ with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI, Swagger

from karya.api import errors
from karya.api.auth import AUTH
from karya.api.parser import StrictParser
from karya.api.routers import (
    accounts,
    documents,
    facilities,
    finance,
    inmates,
    labels,
    newsroom,
    partner_portal,
    partners,
    premi,
    production_orders,
    products,
    programs,
    public,
    reports,
    sales,
    stock,
    tools,
    trainings,
    uploads,
)

api = NinjaAPI(
    title="Karya API",
    version="1.0.0",
    description=(
        "Karya's API. Authenticate with `Authorization: Bearer <token>` (create a token on "
        "your profile page). Errors are JSON: `{code, message, field, details}`."
    ),
    auth=AUTH,
    parser=StrictParser(),
    urls_namespace="api-1.0.0",
    # Everything the docs page loads is served by Karya itself: no CDN, no online validator.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)
api.add_router("/", accounts.router)
api.add_router("/facilities", facilities.router)
api.add_router("/facilities", inmates.router)
api.add_router("/facilities", trainings.router)
api.add_router("/facilities", tools.router)
api.add_router("/facilities", documents.router)
api.add_router("/facilities", programs.router)
api.add_router("/facilities", products.router)
api.add_router("/facilities", stock.router)
api.add_router("/facilities", partners.router)
api.add_router("/facilities", labels.router)
api.add_router("/facilities", production_orders.router)
api.add_router("/facilities", uploads.router)
api.add_router("/facilities", sales.router)
api.add_router("/facilities", premi.router)
api.add_router("/facilities", newsroom.router)
api.add_router("/partner", partner_portal.router)
api.add_router("/public", public.router)
api.add_router("/", finance.router)
api.add_router("/", reports.router)

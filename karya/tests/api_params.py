"""The records an API path argument names, by the argument's name: the authorization matrix
and the schemathesis run fill each `{…_id}` of a path with a real record of the unit."""

import re

from django.apps import apps
from django_scopes import scopes_disabled

# {path argument: model label}; a path where the same name means another model is listed in
# BY_PATH (the first match of the path wins).
PARAMS = {
    "inmate_id": "inmates.Inmate",
    "training_id": "programs.Training",
    "participant_id": "programs.TrainingParticipant",
    "tool_id": "programs.Tool",
    "issue_id": "programs.ToolIssue",
    "workshop_id": "programs.Workshop",
    "application_id": "programs.Application",
    "allocation_id": "programs.Allocation",
    "product_id": "production.Product",
    "location_id": "inventory.StockLocation",
    "count_id": "inventory.StockCount",
    "partner_id": "partners.Partner",
    "agreement_id": "partners.Agreement",
    "obligation_id": "partners.Obligation",
    "visit_id": "partners.PartnerVisit",
    "follow_up_id": "partners.FollowUp",
    "lot_id": "inventory.Lot",
    "material_id": "production.Material",
    "order_id": "production.ProductionOrder",
    "sale_id": "sales.Sale",
    "invoice_id": "sales.Invoice",
    "payment_id": "sales.Payment",
    "settlement_id": "sales.Settlement",
    "handover_id": "sales.Handover",
    "line_id": "sales.HandoverLine",
    "run_id": "premi.PremiRun",
    "event_id": "newsroom.Event",
    "release_id": "newsroom.PressRelease",
    "news_id": "newsroom.PressRelease",
    "request_id": "catalogue.QuoteRequest",
    "rule_id": "finance.SplitRule",
    "deposit_id": "finance.PnbpDeposit",
}
BY_PATH = [
    (r"/customer-orders/\{order_id\}/lines/", {"line_id": "sales.OrderLine"}),
    (r"/customer-orders/", {"order_id": "sales.CustomerOrder"}),
]
# Filters that make a record "of the unit" when the model has no facility of its own.
THROUGH = {
    "programs.TrainingParticipant": "training__facility",
    "partners.Obligation": "agreement__facility",
    "partners.FollowUp": "visit__facility",
    "sales.HandoverLine": "handover__facility",
    "sales.OrderLine": "order__facility",
}


def model_for(path: str, name: str) -> str | None:
    for pattern, names in BY_PATH:
        if re.search(pattern, path) and name in names:
            return names[name]
    return PARAMS.get(name)


def ids_of(label: str, facility, **filters) -> list[int]:
    """The pks of the unit's records of a model (global ones for a model without a unit)."""
    model = apps.get_model(label)
    field = THROUGH.get(label, "facility")
    names = {f.name for f in model._meta.get_fields()}
    global_model = field == "facility" and "facility" not in names
    scoped = {} if global_model else {field: facility}
    with scopes_disabled():
        return list(
            model.objects.filter(**scoped, **filters).order_by("pk").values_list("pk", flat=True)
        )

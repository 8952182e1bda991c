"""The figures a dashboard, a report or a target can be about, and the breakdowns."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    CHANNEL = "channel", _("Sales channel")
    SECTOR = "sector", _("Workshop sector")
    PRODUCT = "product", _("Product")


class ChannelBucket(models.TextChoices):
    """How sales are told apart on the dashboards. Each sale line falls in exactly one: a
    service (a product of the category jasa) whatever the channel, else an e-Katalog order,
    else the sale's channel."""

    HANDOVER = "handover", _("Partner pick-ups")
    CONSIGNMENT = "consignment", _("Consignment")
    COUNTER = "counter", _("Counter")
    ORDER = "order", _("Orders")
    EKATALOG = "ekatalog", _("e-Katalog")
    SERVICES = "services", _("Services")
    MAKLON = "maklon", _("Maklon fees")


class Measure(models.TextChoices):
    """Every figure Karya keeps per unit and month (see `karya.reports.measures` for how each
    adds up over months and units)."""

    PARTICIPATION = "participation", _("Participation (inmates working / in the unit)")
    POPULATION = "population", _("Inmates in the unit")
    WORKING = "working", _("Inmates working")
    WORKSHOPS_ACTIVE = "workshops_active", _("Workshops with inmates working")
    TRAININGS_HELD = "trainings_held", _("Trainings held")
    CERTIFICATES = "certificates", _("Certificates earned")
    CERTIFIED_INMATES = "certified_inmates", _("Certified inmates")
    PLANNED_QUANTITY = "planned_quantity", _("Production planned (units)")
    GOOD_QUANTITY = "good_quantity", _("Production made, good (units)")
    REVENUE = "revenue", _("Sales")
    SERVICES_REVENUE = "services_revenue", _("Sales of services")
    EKATALOG_REVENUE = "ekatalog_revenue", _("e-Katalog sales")
    EKATALOG_TRANSACTIONS = "ekatalog_transactions", _("e-Katalog transactions")
    EKATALOG_BUYERS = "ekatalog_buyers", _("e-Katalog buying units")
    EKATALOG_LISTED = "ekatalog_listed", _("Products listed on the e-Katalog")
    REVENUE_PER_WORKER = "revenue_per_worker", _("Sales per working inmate")
    PROCEEDS = "proceeds", _("Money received")
    PREMI_SHARE = "premi_share", _("Premi part of the money received")
    PNBP_SHARE = "pnbp_share", _("PNBP part of the money received")
    CAPITAL_SHARE = "capital_share", _("Capital and operational part")
    PNBP_DEPOSITED = "pnbp_deposited", _("PNBP deposited")
    PREMI_CREDITED = "premi_credited", _("Premi credited to inmates")
    PREMI_PAID_OUT = "premi_paid_out", _("Premi paid out to inmates")
    SAVINGS_HELD = "savings_held", _("Inmates' savings held")
    LEDGER_BALANCE = "ledger_balance", _("Premi held for inmates")
    AGREEMENTS_ACTIVE = "agreements_active", _("Agreements in force")
    PARTNERS_ACTIVE = "partners_active", _("Partners with an agreement in force")
    OBLIGATIONS_DUE = "obligations_due", _("Agreement obligations due")
    OBLIGATIONS_FULFILLED = "obligations_fulfilled", _("Obligations due and fulfilled")
    STOCK_VALUE = "stock_value", _("Stock value at cost")


class Period(models.TextChoices):
    MONTH = "month", _("The month")
    YEAR_TO_DATE = "ytd", _("Year to date")

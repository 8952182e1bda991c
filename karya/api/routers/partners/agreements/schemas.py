"""What the agreement routers share: the answers for an agreed product and an obligation, and
the API's names of the fields a service's error may name."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from karya.api.routers.partners.common import username
from karya.partners.choices import Party

FIELD_NAMES = {"partner": "partner_id", "renewal_of": "renewal_of_id", "product": "product_id"}


class AgreementProductOut(Schema):
    product_id: int
    product_name: str
    unit_of_measure: str
    agreed_price: Decimal = Field(..., description="Rupiah per unit, a whole number.")

    @staticmethod
    def resolve_product_name(obj):
        return obj.product.name

    @staticmethod
    def resolve_unit_of_measure(obj):
        return obj.product.unit_of_measure


class ObligationOut(Schema):
    id: int
    agreement_id: int
    party: Party
    description: str
    due_date: dt.date | None
    fulfilled_on: dt.date | None
    evidence: str
    fulfilled_by: str | None = Field(None, description="Username of who marked it fulfilled.")

    @staticmethod
    def resolve_fulfilled_by(obj):
        return username(obj.fulfilled_by)

"""Writes on products."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.services import audited_create, audited_update
from karya.core.errors import Conflict
from karya.production.models import Product


def _check_name(facility_id: int, name: str, exclude: int | None = None) -> None:
    same = Product.objects.filter(facility_id=facility_id, name__iexact=name.strip())
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise Conflict(
            _("The unit already has a product with this name."), code="duplicate", field="name"
        )


@transaction.atomic
def product_create(*, actor, facility, **fields: Any) -> Product:
    """Add a product (or service) to a unit's catalogue. Side effect: an audit row."""
    _check_name(facility.pk, fields.get("name", ""))
    fields["name"] = fields.get("name", "").strip()
    return audited_create(actor=actor, model=Product, facility=facility, **fields)


@transaction.atomic
def product_update(*, actor, product: Product, **fields: Any) -> Product:
    """Change a product. Side effect: an audit row if anything changed."""
    if "name" in fields:
        _check_name(product.facility_id, fields["name"], exclude=product.pk)
        fields["name"] = fields["name"].strip()
    return audited_update(actor=actor, instance=product, **fields)

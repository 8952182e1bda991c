"""Products: the catalogue entry itself, its food legality, publication and e-Katalog flag."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.services import audited_create, audited_update
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.production import selectors
from karya.production.choices import FOOD_CATEGORIES
from karya.production.models import Product

PRODUCT_FIELDS = (
    "name",
    "category",
    "unit_of_measure",
    "description",
    "is_active",
    "pirt_number",
    "halal_number",
    "halal_valid_until",
    "shelf_life_days",
)
FOOD_FIELDS = ("pirt_number", "halal_number", "halal_valid_until", "shelf_life_days")
SHELF_LIFE_MAX = 3650


def _check_name(facility_id: int, name: str, exclude: int | None = None) -> None:
    if not name:
        raise DomainError(_("Give the product a name."), field="name")
    same = Product.objects.filter(facility_id=facility_id, name__iexact=name)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise Conflict(
            _("The unit already has a product with this name."), code="duplicate", field="name"
        )


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown product fields: {sorted(unknown)}")
    for name in ("name", "pirt_number", "halal_number"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    return fields


def _check_food(values: dict[str, Any]) -> None:
    """The food rules on the product's values as they will be after the write."""
    if values.get("category") not in FOOD_CATEGORIES:
        for name in FOOD_FIELDS:
            if values.get(name) not in (None, ""):
                raise DomainError(
                    _(
                        "Only food products (category Food and drink) have a P-IRT number, a "
                        "halal certificate or a shelf life."
                    ),
                    code="not_food",
                    field=name,
                )
        return
    pirt = values.get("pirt_number") or ""
    if pirt and not re.search(r"\d", pirt):
        raise DomainError(
            _("A P-IRT number is made of digits, e.g. 2063302010123-25."), field="pirt_number"
        )
    if values.get("halal_valid_until") and not values.get("halal_number"):
        raise DomainError(
            _("Give the number of the halal certificate as well as its end date."),
            field="halal_number",
        )
    shelf_life = values.get("shelf_life_days")
    if shelf_life is not None and not 1 <= shelf_life <= SHELF_LIFE_MAX:
        raise DomainError(
            _("The shelf life is from 1 to %(max)s days.") % {"max": SHELF_LIFE_MAX},
            field="shelf_life_days",
        )


@transaction.atomic
def product_create(*, actor, facility, **fields: Any) -> Product:
    """Add a product (or service) to a unit's catalogue, unpublished. Side effect: an audit
    row."""
    fields = _normalise(fields)
    _check_name(facility.pk, fields.get("name", ""))
    _check_food(fields)
    return audited_create(actor=actor, model=Product, facility=facility, **fields)


@transaction.atomic
def product_update(*, actor, product: Product, **fields: Any) -> Product:
    """Change a product. Taking it out of use also withdraws it from the public catalogue; a
    published food product keeps its P-IRT number. Side effect: an audit row if anything
    changed."""
    fields = _normalise(fields)
    current = Product.objects.select_for_update().get(pk=product.pk)
    if "name" in fields:
        _check_name(current.facility_id, fields["name"], exclude=current.pk)
    values = {name: getattr(current, name) for name in PRODUCT_FIELDS} | fields
    _check_food(values)
    if values["is_active"] is False and current.is_published:
        fields["is_published"] = False
    elif (
        current.is_published and values["category"] in FOOD_CATEGORIES and not values["pirt_number"]
    ):
        raise DomainError(
            _(
                "A published food product needs its P-IRT number; withdraw it from the "
                "public catalogue first."
            ),
            code="published",
            field="pirt_number",
        )
    return audited_update(actor=actor, instance=current, **fields)


def publish_problems(product: Product, *, today: dt.date | None = None) -> list[str]:
    """Why the product cannot be published now (empty: it can). Two queries at most."""
    if today is None:
        today = today_in(product.facility.timezone)
    problems = []
    if not product.is_active:
        problems.append(_("An inactive product cannot be published."))
    price = selectors.price_on(product, today)
    if price is None:
        problems.append(
            _("Add a price valid today first: the public catalogue shows the public price.")
        )
    elif price.public_price <= 0:
        problems.append(_("The public price valid today is zero; add a price above zero first."))
    if product.is_food and not product.pirt_number:
        problems.append(_("A food product needs its P-IRT number before it is published."))
    return problems


@transaction.atomic
def product_publish(*, actor, product: Product) -> Product:
    """Show the product in the public catalogue. Needs a public price valid today (above
    zero), an active product and, for food, a P-IRT number. Publishing a published product
    changes nothing. Side effect: an audit row."""
    current = Product.objects.select_for_update().select_related("facility").get(pk=product.pk)
    if current.is_published:
        return current
    problems = publish_problems(current)
    if problems:
        raise DomainError(" ".join(problems), code="cannot_publish", details=problems)
    return audited_update(actor=actor, instance=current, is_published=True)


@transaction.atomic
def product_unpublish(*, actor, product: Product) -> Product:
    """Withdraw the product from the public catalogue. Side effect: an audit row."""
    current = Product.objects.select_for_update().get(pk=product.pk)
    return audited_update(actor=actor, instance=current, is_published=False)


@transaction.atomic
def product_ekatalog_set(*, actor, product: Product, listed: bool, reference: str = "") -> Product:
    """Mark the product as listed on the government e-Katalog (LKPP) with its listing
    reference, or as not listed (the reference is then cleared; the audit log keeps it).
    Side effect: an audit row if anything changed."""
    reference = (reference or "").strip()
    if listed and not reference:
        raise DomainError(
            _("Give the e-Katalog listing reference of the product."),
            code="reference_required",
            field="ekatalog_reference",
        )
    current = Product.objects.select_for_update().get(pk=product.pk)
    return audited_update(
        actor=actor,
        instance=current,
        ekatalog_listed=listed,
        ekatalog_reference=reference if listed else "",
    )

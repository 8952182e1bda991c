"""Writes of the public catalogue: a visitor's quote or order request, and an officer
marking it handled."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.audit.services import audited_create, audited_update
from karya.catalogue.choices import RequestKind, RequestStatus
from karya.catalogue.models import QuoteRequest
from karya.core.errors import Conflict, DomainError
from karya.facilities.models import Facility
from karya.notifications.services import notify
from karya.production.models import Product
from karya.sales.choices import CustomerKind
from karya.sales.models import CustomerOrder
from karya.sales.services.orders import QuoteLine, order_quote

MAX_QUANTITY = 100_000
MAX_MESSAGE = 2000
PHONE_DIGITS = re.compile(r"\d")
PHONE_CHARACTERS = re.compile(r"^[\d\s+().-]+$")


def _valid_contact(contact: str) -> bool:
    """An e-mail address, or a phone number of 8 to 15 digits ("0812-3456-7890")."""
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            return False
        return True
    digits = len(PHONE_DIGITS.findall(contact))
    return bool(PHONE_CHARACTERS.match(contact)) and 8 <= digits <= 15


def _check(*, name: str, institution: str, contact: str, quantity, message: str, kind: str):
    if len(name) < 2:
        raise DomainError(_("Write your name."), field="name")
    if len(name) > 150:
        raise DomainError(_("The name is too long (150 characters at most)."), field="name")
    if len(institution) > 200:
        raise DomainError(
            _("The institution's name is too long (200 characters at most)."), field="institution"
        )
    if not contact:
        raise DomainError(
            _("Write a phone number (WhatsApp) or an e-mail address where the unit can reach you."),
            field="contact",
        )
    if len(contact) > 200 or not _valid_contact(contact):
        raise DomainError(
            _(
                "This is neither a phone number (8 to 15 digits) nor an e-mail address; "
                "please check it."
            ),
            field="contact",
        )
    if (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or not (1 <= quantity <= MAX_QUANTITY)
    ):
        raise DomainError(
            _("The quantity must be a whole number from 1 to %(max)s.")
            % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")},
            field="quantity",
        )
    if len(message) > MAX_MESSAGE:
        raise DomainError(
            _("The message is too long (%(max)d characters at most).") % {"max": MAX_MESSAGE},
            field="message",
        )
    if kind not in RequestKind.values:
        raise DomainError(_("Choose a quotation or an order."), field="kind")


def _recipients(facility: Facility):
    """The unit's output officers; its head when it has none."""
    for role in (Role.OUTPUT_OFFICER, Role.HEAD):
        users = list(
            User.objects.filter(
                is_active=True,
                memberships__facility=facility,
                memberships__role=role,
                memberships__is_active=True,
            ).distinct()
        )
        if users:
            return users
    return []


@transaction.atomic
def quote_request_create(
    *,
    actor=None,
    unit_code: str,
    product_id: int,
    name: str,
    contact: str,
    quantity: int,
    institution: str = "",
    message: str = "",
    kind: str = RequestKind.QUOTE,
) -> QuoteRequest:
    """Store a visitor's request for a published product and tell the unit's output officers
    (their inbox and e-mail; the unit's head when it has no output officer).

    `actor` is None for an anonymous visitor. Raises DomainError for bad input or a product
    that is not offered (unknown, unpublished, inactive, another unit's). Side effects: the
    request, its audit row, the notifications."""
    name, contact = (name or "").strip(), (contact or "").strip()
    institution, message = (institution or "").strip(), (message or "").strip()
    _check(
        name=name,
        institution=institution,
        contact=contact,
        quantity=quantity,
        message=message,
        kind=kind,
    )
    facility = Facility.objects.filter(code=(unit_code or "").upper(), is_active=True).first()
    not_offered = DomainError(
        _("This product is not offered in the catalogue any more."), code="not_found"
    )
    if facility is None:
        raise not_offered
    with scope(facility=[facility.pk]):
        product = Product.objects.filter(
            facility=facility, pk=product_id, is_published=True, is_active=True
        ).first()
        if product is None:
            raise not_offered
        request = audited_create(
            actor=actor,
            model=QuoteRequest,
            facility=facility,
            product=product,
            kind=kind,
            name=name,
            institution=institution,
            contact=contact,
            quantity=quantity,
            message=message,
        )
        with translation.override(settings.LANGUAGE_CODE):
            title = (
                _("Order request: %(quantity)s %(product)s")
                if kind == RequestKind.ORDER
                else _("Quotation request: %(quantity)s %(product)s")
            ) % {"quantity": f"{quantity:,}".replace(",", "."), "product": product.name}
            who = f"{name} ({institution})" if institution else name
            body = _("From %(who)s, contact %(contact)s.") % {"who": who, "contact": contact}
            if message:
                body = f"{body}\n\n{message}"
        notify(
            users=_recipients(facility),
            facility=facility,
            kind="quote_request",
            title=title,
            body=body,
            url=reverse("quote-requests:detail", args=[facility.code, request.pk]),
        )
    return request


@transaction.atomic
def quote_request_handle(*, actor, request: QuoteRequest, note: str) -> QuoteRequest:
    """NEW → HANDLED with what was done (a quotation sent, a call returned). Handling it again
    is refused. Side effects: the request, its audit row."""
    current = QuoteRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != RequestStatus.NEW:
        raise Conflict(_("This request was handled already."), code="handled")
    note = (note or "").strip()
    if not note:
        raise DomainError(
            _("Write what was done (e.g. quotation sent by WhatsApp)."), field="handling_note"
        )
    return audited_update(
        actor=actor,
        instance=current,
        status=RequestStatus.HANDLED,
        handled_at=timezone.now(),
        handled_by=actor,
        handling_note=note[:300],
    )


@transaction.atomic
def quote_request_quote(*, actor, request: QuoteRequest) -> CustomerOrder:
    """Turn a new request into a quotation of the sales area (karya.sales.services.orders
    .order_quote): the requested product and quantity at the default price, the visitor's
    institution (or name) as customer, the name and contact as the contact, the message as
    the note; the request is marked handled with the quotation's number and linked to it.
    Refused as `order_quote` refuses (e.g. a product no longer sold) and for a request already
    handled; nothing is written then. Side effects: the quotation and its lines, the request,
    their audit rows."""
    current = QuoteRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != RequestStatus.NEW:
        raise Conflict(_("This request was handled already."), code="handled")
    institution = current.institution.strip()
    order = order_quote(
        actor=actor,
        facility=current.facility,
        customer_kind=CustomerKind.INSTITUTION if institution else CustomerKind.PERSON,
        customer_name=institution or current.name,
        customer_contact=f"{current.name}, {current.contact}" if institution else current.contact,
        lines=[QuoteLine(product=current.product, quantity=current.quantity)],
        note=current.message[:2000],
    )
    return audited_update(
        actor=actor,
        instance=current,
        status=RequestStatus.HANDLED,
        handled_at=timezone.now(),
        handled_by=actor,
        handling_note=(_("Quotation %(number)s made.") % {"number": order.number})[:300],
        quotation=order,
    ).quotation

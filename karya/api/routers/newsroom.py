"""The newsroom of one unit (Humas): the activity log of events, press releases generated from
them and their approval and publication; and the quote requests sent through the public
catalogue. Everything needs Perm.NEWS_MANAGE (approving and sending back Perm.NEWS_APPROVE);
the quote requests need Perm.SALES_VIEW to read and Perm.SALES_MANAGE to handle. Times are
sent with their zone and answered in the unit's zone."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.routers.common import Moment, api_fields, facility_for, in_unit
from karya.api.routers.partners.common import ERRORS, local
from karya.catalogue import request_selectors
from karya.catalogue.choices import RequestKind, RequestStatus
from karya.catalogue.services import quote_request_handle
from karya.newsroom import services
from karya.newsroom.choices import EventKind, ReleaseStatus
from karya.newsroom.models import Event, PressRelease
from karya.newsroom.services import LINKS
from karya.partners.models import Agreement, PartnerVisit
from karya.production.models import ProductionOrder
from karya.programs.models import Training
from karya.sales.models import Handover

router = Router(tags=["newsroom"])
LINK_MODELS = {
    "handover": Handover,
    "agreement": Agreement,
    "training": Training,
    "production_order": ProductionOrder,
    "partner_visit": PartnerVisit,
}
FIELD_NAMES = {link: f"{link}_id" for link in LINKS}


# --- schemas -------------------------------------------------------------------------------


class NewsEventOut(Schema):
    id: int
    kind: EventKind
    title: str
    starts_at: dt.datetime = Field(..., description="In the unit's own zone.")
    ends_at: dt.datetime | None = Field(..., description="null: until done.")
    place: str
    participants: str
    description: str
    handover_id: int | None
    agreement_id: int | None
    training_id: int | None
    production_order_id: int | None
    partner_visit_id: int | None

    @staticmethod
    def resolve_starts_at(obj):
        return local(obj.starts_at, obj.facility)

    @staticmethod
    def resolve_ends_at(obj):
        return local(obj.ends_at, obj.facility)


class NewsEventIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    kind: EventKind
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: Moment = Field(..., description="With its zone, e.g. +07:00 for WIB.")
    ends_at: Moment | None = Field(None, description="Not before the start.")
    place: str = Field("", max_length=200)
    participants: str = Field("", max_length=2000, description="Never an inmate's name.")
    description: str = Field("", max_length=10000)
    handover_id: int | None = Field(None, description="A posted handover (BAST) of the unit.")
    agreement_id: int | None = None
    training_id: int | None = None
    production_order_id: int | None = None
    partner_visit_id: int | None = None


class NewsEventPatch(Schema):
    """Only the fields sent are changed; `null` clears an end or a link."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    kind: EventKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    place: str | None = Field(None, max_length=200)
    participants: str | None = Field(None, max_length=2000)
    description: str | None = Field(None, max_length=10000)
    handover_id: int | None = None
    agreement_id: int | None = None
    training_id: int | None = None
    production_order_id: int | None = None
    partner_visit_id: int | None = None

    @model_validator(mode="after")
    def _not_null(self):
        nullable = {"ends_at", *FIELD_NAMES.values()}
        for name in self.model_fields_set - nullable:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class NewsEventPage(Schema):
    items: list[NewsEventOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class NewsEventFilter(Schema):
    kind: EventKind | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class QuoteIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(..., max_length=150, description="Who said it (never an inmate).")
    role: str = Field("", max_length=200, description="Their position.")
    text: str = Field(..., max_length=2000)


class GenerateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    quotes: list[QuoteIn] = Field(default_factory=list, max_length=services.MAX_QUOTES)


class PressReleaseOut(Schema):
    id: int
    event_id: int
    title: str
    summary: str
    body: str = Field(..., description="Paragraphs separated by an empty line.")
    status: ReleaseStatus
    return_note: str
    approved_by_id: int | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None

    @staticmethod
    def resolve_approved_at(obj):
        return local(obj.approved_at, obj.facility)

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.published_at, obj.facility)


class PressReleasePage(Schema):
    items: list[PressReleaseOut]
    next_cursor: int | None = None


class PressReleaseFilter(Schema):
    status: ReleaseStatus | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class PressReleasePatch(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=250)
    summary: str | None = Field(None, max_length=300)
    body: str | None = Field(None, min_length=1)


class ReturnIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    note: str = Field(..., min_length=1, max_length=300, description="What should change.")


class QuoteRequestOut(Schema):
    id: int
    product_id: int
    product_name: str
    kind: RequestKind
    name: str
    institution: str
    contact: str
    quantity: int
    message: str
    status: RequestStatus
    created_at: dt.datetime
    handled_at: dt.datetime | None
    handling_note: str

    @staticmethod
    def resolve_product_name(obj):
        return obj.product.name

    @staticmethod
    def resolve_created_at(obj):
        return local(obj.created_at, obj.facility)

    @staticmethod
    def resolve_handled_at(obj):
        return local(obj.handled_at, obj.facility)


class QuoteRequestPage(Schema):
    items: list[QuoteRequestOut]
    next_cursor: int | None = None


class QuoteRequestFilter(Schema):
    status: RequestStatus | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class HandleIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    handling_note: str = Field(..., min_length=1, max_length=300, description="What was done.")


# --- helpers -------------------------------------------------------------------------------


def _page(schema, rows, filters):
    """One page of `rows` (newest id first), after the cursor `filters.after`."""
    rows = rows.select_related("facility").order_by("-pk")
    if filters.after is not None:
        rows = rows.filter(pk__lt=filters.after)
    found = list(rows[: filters.limit + 1])
    more = len(found) > filters.limit
    found = found[: filters.limit]
    return schema(items=found, next_cursor=found[-1].pk if more and found else None)


def _links_in(facility, data: dict) -> dict:
    for link, model in LINK_MODELS.items():
        key = f"{link}_id"
        if key in data:
            data[link] = in_unit(
                model, facility, data.pop(key), key, _("Choose a record of this unit.")
            )
    if "kind" in data and data["kind"] is not None:
        data["kind"] = data["kind"].value
    return data


def _event(facility, event_id: int) -> Event:
    return get_object_or_404(
        Event.objects.filter(facility=facility).select_related("facility"), pk=event_id
    )


def _release(facility, release_id: int) -> PressRelease:
    return get_object_or_404(
        PressRelease.objects.filter(facility=facility).select_related("facility"), pk=release_id
    )


# --- events --------------------------------------------------------------------------------


@router.get(
    "/{code}/news-events",
    response={200: NewsEventPage, **ERRORS},
    summary="The unit's activity log, latest recorded first (keyset pagination by id)",
)
def news_event_list(request, code: str, filters: Query[NewsEventFilter]):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]):
        events = Event.objects.filter(facility=facility)
        if filters.kind:
            events = events.filter(kind=filters.kind)
        return _page(NewsEventPage, events, filters)


@router.post(
    "/{code}/news-events",
    response={201: NewsEventOut, **ERRORS},
    summary="Record an event, linked to the unit's records it concerns",
)
def news_event_create(request, code: str, payload: NewsEventIn):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        event = services.event_create(
            actor=request.user,
            facility=facility,
            **_links_in(facility, payload.model_dump(mode="python")),
        )
        return Status(201, NewsEventOut.from_orm(_event(facility, event.pk)))


@router.get(
    "/{code}/news-events/{event_id}",
    response={200: NewsEventOut, **ERRORS},
    summary="One event of the activity log",
)
def news_event_detail(request, code: str, event_id: int):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]):
        return NewsEventOut.from_orm(_event(facility, event_id))


@router.patch(
    "/{code}/news-events/{event_id}",
    response={200: NewsEventOut, **ERRORS},
    summary="Change an event (fields left out keep their value)",
)
def news_event_update(request, code: str, event_id: int, payload: NewsEventPatch):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        services.event_update(
            actor=request.user,
            event=_event(facility, event_id),
            **_links_in(facility, payload.model_dump(mode="python", exclude_unset=True)),
        )
        return NewsEventOut.from_orm(_event(facility, event_id))


@router.post(
    "/{code}/news-events/{event_id}/press-releases",
    response={201: PressReleaseOut, **ERRORS},
    summary="Generate a press-release draft from the event, with the quotes given",
    description="A quote that names or numbers one of the unit's inmates is a 400 "
    "`inmate_identity`.",
)
def press_release_generate(request, code: str, event_id: int, payload: GenerateIn):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]):
        release = services.release_generate(
            actor=request.user,
            event=_event(facility, event_id),
            quotes=[q.model_dump() for q in payload.quotes],
        )
        return Status(201, PressReleaseOut.from_orm(_release(facility, release.pk)))


# --- press releases --------------------------------------------------------------------------


@router.get(
    "/{code}/press-releases",
    response={200: PressReleasePage, **ERRORS},
    summary="The unit's press releases, newest first (keyset pagination by id)",
)
def press_release_list(request, code: str, filters: Query[PressReleaseFilter]):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]):
        releases = PressRelease.objects.filter(facility=facility)
        if filters.status:
            releases = releases.filter(status=filters.status)
        return _page(PressReleasePage, releases, filters)


@router.get(
    "/{code}/press-releases/{release_id}",
    response={200: PressReleaseOut, **ERRORS},
    summary="One press release",
)
def press_release_detail(request, code: str, release_id: int):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]):
        return PressReleaseOut.from_orm(_release(facility, release_id))


@router.patch(
    "/{code}/press-releases/{release_id}",
    response={200: PressReleaseOut, **ERRORS},
    summary="Edit a release not yet published (a changed approved one goes back to draft)",
)
def press_release_update(request, code: str, release_id: int, payload: PressReleasePatch):
    facility = facility_for(request, code, Perm.NEWS_MANAGE)
    with scope(facility=[facility.pk]):
        release = _release(facility, release_id)
        data = payload.model_dump(exclude_unset=True)
        services.release_update(
            actor=request.user,
            release=release,
            title=data.get("title") or release.title,
            body=data.get("body") or release.body,
            summary=data.get("summary"),
        )
        return PressReleaseOut.from_orm(_release(facility, release_id))


def _transition(request, code, release_id, perm, action, **extra):
    facility = facility_for(request, code, perm)
    with scope(facility=[facility.pk]):
        action(actor=request.user, release=_release(facility, release_id), **extra)
        return PressReleaseOut.from_orm(_release(facility, release_id))


@router.post(
    "/{code}/press-releases/{release_id}/submit",
    response={200: PressReleaseOut, **ERRORS},
    summary="Send a draft to the head for approval",
)
def press_release_submit(request, code: str, release_id: int):
    return _transition(request, code, release_id, Perm.NEWS_MANAGE, services.release_submit)


@router.post(
    "/{code}/press-releases/{release_id}/approve",
    response={200: PressReleaseOut, **ERRORS},
    summary="The head approves a release",
)
def press_release_approve(request, code: str, release_id: int):
    return _transition(request, code, release_id, Perm.NEWS_APPROVE, services.release_approve)


@router.post(
    "/{code}/press-releases/{release_id}/return",
    response={200: PressReleaseOut, **ERRORS},
    summary="The head sends a release back as a draft, saying what should change",
)
def press_release_return(request, code: str, release_id: int, payload: ReturnIn):
    return _transition(
        request, code, release_id, Perm.NEWS_APPROVE, services.release_return, note=payload.note
    )


@router.post(
    "/{code}/press-releases/{release_id}/publish",
    response={200: PressReleaseOut, **ERRORS},
    summary="Publish an approved release on the unit's public page",
)
def press_release_publish(request, code: str, release_id: int):
    return _transition(request, code, release_id, Perm.NEWS_MANAGE, services.release_publish)


@router.post(
    "/{code}/press-releases/{release_id}/withdraw",
    response={200: PressReleaseOut, **ERRORS},
    summary="Take a published release off the public site",
)
def press_release_withdraw(request, code: str, release_id: int):
    return _transition(request, code, release_id, Perm.NEWS_MANAGE, services.release_withdraw)


# --- quote requests --------------------------------------------------------------------------


@router.get(
    "/{code}/quote-requests",
    response={200: QuoteRequestPage, **ERRORS},
    summary="Quote and order requests sent through the public catalogue, newest first",
)
def quote_request_list(request, code: str, filters: Query[QuoteRequestFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        requests = request_selectors.request_list(facility=facility, status=filters.status or "")
        return _page(QuoteRequestPage, requests, filters)


@router.post(
    "/{code}/quote-requests/{request_id}/handle",
    response={200: QuoteRequestOut, **ERRORS},
    summary="Mark a request handled, saying what was done (once: else 409)",
)
def quote_request_mark_handled(request, code: str, request_id: int, payload: HandleIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        found = request_selectors.request_get(facility=facility, pk=request_id)
        if found is None:
            raise Http404
        quote_request_handle(actor=request.user, request=found, note=payload.handling_note)
        return QuoteRequestOut.from_orm(
            request_selectors.request_list(facility=facility)
            .select_related("facility")
            .get(pk=request_id)
        )

"""The tools register of one unit: tools, issuing for a session, counting back, missing tools.
Every query runs inside the unit's scope."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.programs.choices import WorkSession
from karya.programs.models import Tool, ToolIssue, Workshop
from karya.programs.selectors import tools as selectors
from karya.programs.services import tools as services

router = Router(tags=["tools"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ToolOut(Schema):
    id: int
    workshop_id: int
    code: str
    name: str
    is_dangerous: bool
    is_active: bool
    pending_state: ToolIssue.State | None = Field(
        None, description="`keluar` while out, `hilang` while reported missing, else null."
    )

    @staticmethod
    def resolve_pending_state(obj):
        return getattr(obj, "pending_state", None) or None


class ToolPage(Schema):
    items: list[ToolOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class ToolIn(Schema):
    workshop_id: int
    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=150)
    is_dangerous: bool = True
    is_active: bool = True


class ToolPatch(Schema):
    workshop_id: int | None = None
    code: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=150)
    is_dangerous: bool | None = None
    is_active: bool | None = None


class ToolFilter(Schema):
    workshop_id: int | None = None
    q: str = ""
    active: bool | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class ToolIssueOut(Schema):
    id: int
    tool_id: int
    tool_code: str
    workshop_id: int
    date: dt.date
    session: WorkSession
    state: ToolIssue.State
    issued_at: dt.datetime
    counted_at: dt.datetime | None
    note: str

    @staticmethod
    def resolve_tool_code(obj):
        return obj.tool.code

    @staticmethod
    def resolve_workshop_id(obj):
        return obj.tool.workshop_id


class ToolIssuePage(Schema):
    items: list[ToolIssueOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class ToolIssueFilter(Schema):
    state: ToolIssue.State | None = None
    workshop_id: int | None = None
    date: dt.date | None = None
    session: WorkSession | None = None
    after: int | None = Field(None, description="Cursor: the id below which to continue.")
    limit: int = Field(100, ge=1, le=500)


class IssueIn(Schema):
    workshop_id: int
    date: dt.date
    session: WorkSession
    tool_ids: list[int] = Field(..., min_length=1)


class MissingIn(Schema):
    tool_id: int
    note: str = Field("", max_length=300)


class CountBackIn(Schema):
    workshop_id: int
    date: dt.date
    session: WorkSession
    returned: list[int] = Field(default_factory=list, description="Ids of the tools returned.")
    missing: list[MissingIn] = Field(default_factory=list, description="Tools not returned.")


class CountBackOut(Schema):
    returned: list[ToolIssueOut]
    missing: list[ToolIssueOut]
    alerted: int = Field(..., description="How many head and security users were alerted.")


class FoundIn(Schema):
    note: str = Field(..., min_length=1, max_length=200)


def _workshop(facility, pk: int) -> Workshop:
    return get_object_or_404(Workshop.objects.filter(facility=facility), pk=pk)


def _tool(facility, pk: int) -> Tool:
    return get_object_or_404(Tool.objects.filter(facility=facility), pk=pk)


@router.get(
    "/{code}/tools",
    response={200: ToolPage, **ERRORS},
    summary="List a unit's tools (keyset pagination by id)",
)
def tool_list(request, code: str, filters: Query[ToolFilter]):
    facility = facility_for(request, code, Perm.TOOL_VIEW)
    with scope(facility=[facility.pk]):
        workshop = _workshop(facility, filters.workshop_id) if filters.workshop_id else None
        tools = selectors.tool_list(
            facility=facility, workshop=workshop, query=filters.q.strip(), active=filters.active
        ).order_by("pk")
        if filters.after is not None:
            tools = tools.filter(pk__gt=filters.after)
        items = list(tools[: filters.limit + 1])
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return ToolPage(items=items, next_cursor=items[-1].pk if more else None)


@router.get("/{code}/tools/{tool_id}", response={200: ToolOut, **ERRORS}, summary="One tool")
def tool_detail(request, code: str, tool_id: int):
    facility = facility_for(request, code, Perm.TOOL_VIEW)
    with scope(facility=[facility.pk]):
        return get_object_or_404(selectors.tool_list(facility=facility), pk=tool_id)


@router.post("/{code}/tools", response={201: ToolOut, **ERRORS}, summary="Add a tool")
def tool_create(request, code: str, payload: ToolIn):
    facility = facility_for(request, code, Perm.TOOL_MANAGE)
    with scope(facility=[facility.pk]):
        data = payload.dict()
        workshop = _workshop(facility, data.pop("workshop_id"))
        tool = services.tool_create(actor=request.user, workshop=workshop, **data)
    return Status(201, tool)


@router.patch("/{code}/tools/{tool_id}", response={200: ToolOut, **ERRORS}, summary="Change a tool")
def tool_update(request, code: str, tool_id: int, payload: ToolPatch):
    facility = facility_for(request, code, Perm.TOOL_MANAGE)
    with scope(facility=[facility.pk]):
        tool = _tool(facility, tool_id)
        data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
        if "workshop_id" in data:
            data["workshop"] = _workshop(facility, data.pop("workshop_id"))
        services.tool_update(actor=request.user, tool=tool, **data)
        return get_object_or_404(selectors.tool_list(facility=facility), pk=tool_id)


@router.get(
    "/{code}/tool-issues",
    response={200: ToolIssuePage, **ERRORS},
    summary="List tool issues, newest first (state `keluar`: out now; `hilang`: missing)",
)
def tool_issue_list(request, code: str, filters: Query[ToolIssueFilter]):
    facility = facility_for(request, code, Perm.TOOL_VIEW)
    with scope(facility=[facility.pk]):
        workshop = _workshop(facility, filters.workshop_id) if filters.workshop_id else None
        issues = selectors.tool_issue_list(
            facility=facility,
            state=filters.state or "",
            workshop=workshop,
            date=filters.date,
            session=filters.session or "",
        ).order_by("-pk")
        if filters.after is not None:
            issues = issues.filter(pk__lt=filters.after)
        items = list(issues[: filters.limit + 1])
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return ToolIssuePage(items=items, next_cursor=items[-1].pk if more else None)


@router.post(
    "/{code}/tool-issues",
    response={201: list[ToolIssueOut], **ERRORS},
    summary="Issue tools of a workshop for a session (all or none)",
)
def tools_issue(request, code: str, payload: IssueIn):
    facility = facility_for(request, code, Perm.TOOL_MANAGE)
    with scope(facility=[facility.pk]):
        workshop = _workshop(facility, payload.workshop_id)
        issues = services.tools_issue(
            actor=request.user,
            workshop=workshop,
            date=payload.date,
            session=payload.session,
            tools=payload.tool_ids,
        )
    return Status(201, issues)


@router.post(
    "/{code}/tool-count-backs",
    response={200: CountBackOut, **ERRORS},
    summary="Count back a session's tools: each one out is returned or missing",
    description=(
        "Every tool still out from the session must be listed, in `returned` or in `missing`. "
        "A missing tool alerts the unit's head and security staff at once (inbox and e-mail)."
    ),
)
def tools_count_back(request, code: str, payload: CountBackIn):
    facility = facility_for(request, code, Perm.TOOL_MANAGE)
    with scope(facility=[facility.pk]):
        workshop = _workshop(facility, payload.workshop_id)
        result = services.tools_count_back(
            actor=request.user,
            workshop=workshop,
            date=payload.date,
            session=payload.session,
            returned=payload.returned,
            missing=[(m.tool_id, m.note) for m in payload.missing],
        )
    return CountBackOut(
        returned=result.returned, missing=result.missing, alerted=len(result.notified)
    )


@router.post(
    "/{code}/tool-issues/{issue_id}/found",
    response={200: ToolIssueOut, **ERRORS},
    summary="Record that a missing tool was found",
)
def tool_found(request, code: str, issue_id: int, payload: FoundIn):
    facility = facility_for(request, code, Perm.TOOL_MANAGE)
    with scope(facility=[facility.pk]):
        issue = get_object_or_404(
            ToolIssue.objects.filter(facility=facility).select_related("tool"), pk=issue_id
        )
        return services.tool_issue_found(actor=request.user, issue=issue, note=payload.note)

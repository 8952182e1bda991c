"""Reads on the tools register. Every query is filtered by the unit and runs inside its scope;
each read takes a fixed number of queries whatever the number of tools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery

from karya.programs.models import Tool, ToolIssue, Workshop

PENDING = (ToolIssue.State.OUT, ToolIssue.State.MISSING)


def tool_workshops(*, facility) -> QuerySet[Workshop]:
    """The unit's workshops, for choosing where tools belong."""
    return Workshop.objects.filter(facility=facility).order_by("name")


def tool_list(
    *, facility, workshop: Workshop | None = None, query: str = "", active: bool | None = None
) -> QuerySet[Tool]:
    """The unit's tools with their workshop and, when a tool is out or missing, that issue's
    state, date and session (`pending_state`, `pending_date`, `pending_session`)."""
    pending = ToolIssue.objects.filter(tool=OuterRef("pk"), state__in=PENDING).order_by("-pk")
    tools = (
        Tool.objects.filter(facility=facility)
        .select_related("workshop")
        .annotate(
            pending_state=Subquery(pending.values("state")[:1]),
            pending_date=Subquery(pending.values("date")[:1]),
            pending_session=Subquery(pending.values("session")[:1]),
        )
        .order_by("workshop__name", "code", "pk")
    )
    if workshop is not None:
        tools = tools.filter(workshop=workshop)
    if query:
        tools = tools.filter(Q(code__icontains=query) | Q(name__icontains=query))
    if active is not None:
        tools = tools.filter(is_active=active)
    return tools


@dataclass
class SessionSheet:
    """What the session screen of one workshop, date and session shows."""

    workshop: Workshop
    date: dt.date
    session: str
    available: list[Tool] = field(default_factory=list)  # in use, in the store: can be issued
    out: list[ToolIssue] = field(default_factory=list)  # issued for this session, to count back
    out_elsewhere: list[ToolIssue] = field(default_factory=list)  # still out from another session
    missing: list[ToolIssue] = field(default_factory=list)  # reported missing, not yet found
    counted: list[ToolIssue] = field(default_factory=list)  # this session, already counted back


def session_sheet(*, workshop: Workshop, date: dt.date, session: str) -> SessionSheet:
    """The state of a workshop's tools for one session (two queries)."""
    sheet = SessionSheet(workshop=workshop, date=date, session=session)
    issues = (
        ToolIssue.objects.filter(facility_id=workshop.facility_id, tool__workshop=workshop)
        .filter(Q(state__in=PENDING) | Q(date=date, session=session))
        .select_related("tool", "issued_by", "counted_by")
        .order_by("tool__code", "pk")
    )
    busy: set[int] = set()
    for issue in issues:
        this_session = issue.date == date and issue.session == session
        if issue.state == ToolIssue.State.OUT:
            busy.add(issue.tool_id)
            (sheet.out if this_session else sheet.out_elsewhere).append(issue)
        elif issue.state == ToolIssue.State.MISSING:
            busy.add(issue.tool_id)
            sheet.missing.append(issue)
            if this_session:
                sheet.counted.append(issue)
        else:
            sheet.counted.append(issue)
    sheet.available = [
        tool
        for tool in Tool.objects.filter(facility_id=workshop.facility_id, workshop=workshop)
        .filter(is_active=True)
        .order_by("code", "pk")
        if tool.pk not in busy
    ]
    return sheet


def open_issues(*, workshop: Workshop, date: dt.date, session: str) -> QuerySet[ToolIssue]:
    """The workshop's tools still out from one session (what a count-back must cover)."""
    return (
        ToolIssue.objects.filter(
            facility_id=workshop.facility_id,
            tool__workshop=workshop,
            date=date,
            session=session,
            state=ToolIssue.State.OUT,
        )
        .select_related("tool")
        .order_by("tool__code", "pk")
    )


def tool_issue_list(
    *,
    facility,
    state: str = "",
    workshop: Workshop | None = None,
    date: dt.date | None = None,
    session: str = "",
) -> QuerySet[ToolIssue]:
    """The unit's tool issues, newest first, with tool, workshop and officers."""
    issues = (
        ToolIssue.objects.filter(facility=facility)
        .select_related("tool", "tool__workshop", "issued_by", "counted_by")
        .order_by("-date", "tool__code", "-pk")
    )
    if state:
        issues = issues.filter(state=state)
    if workshop is not None:
        issues = issues.filter(tool__workshop=workshop)
    if date is not None:
        issues = issues.filter(date=date)
    if session:
        issues = issues.filter(session=session)
    return issues


def missing_tools(*, facility) -> QuerySet[ToolIssue]:
    """Tools reported missing and not yet found, most recent first."""
    return tool_issue_list(facility=facility, state=ToolIssue.State.MISSING).order_by(
        "-counted_at", "-pk"
    )

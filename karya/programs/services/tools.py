"""The tools register (Sarana Kerja): each workshop's tools, issued at the start of a session
and counted back at its end. A tool not returned is marked missing, which at once alerts the
head of the unit and the security staff (inbox and e-mail)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import User
from karya.audit.models import AuditEntry
from karya.audit.services import (
    audit_record,
    audit_record_many,
    audited_create,
    audited_update,
    snapshot,
)
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.notifications.models import Notification
from karya.notifications.services import notify
from karya.programs.choices import WorkSession
from karya.programs.models import Tool, ToolIssue, Workshop

TOOL_FIELDS = ("workshop", "code", "name", "is_dangerous", "is_active")
COUNT_FIELDS = ("state", "counted_at", "counted_by", "note")
NOTE_MAX = ToolIssue._meta.get_field("note").max_length
ALERT_ROLES = (Role.HEAD, Role.SECURITY)
KIND_MISSING = "tool_missing"
KIND_FOUND = "tool_found"


def _codes(tools: Iterable[Tool]) -> str:
    return ", ".join(f"{tool.code} ({tool.name})" for tool in tools)


# --- the register ---------------------------------------------------------------------------


def _check_workshop(facility_id: int, workshop: Workshop) -> None:
    if workshop is None or workshop.facility_id != facility_id:
        raise DomainError(_("Choose a workshop of this unit."), field="workshop")


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError(_("Give the tool a code."), field="code")
    return code


def _check_code_free(facility_id: int, code: str, exclude: Tool | None = None) -> None:
    taken = Tool.objects.filter(facility_id=facility_id, code__iexact=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise Conflict(
            _("The unit already has a tool with the code %(code)s.") % {"code": code},
            code="duplicate",
            field="code",
        )


@transaction.atomic
def tool_create(
    *,
    actor,
    workshop: Workshop,
    code: str,
    name: str,
    is_dangerous: bool = True,
    is_active: bool = True,
) -> Tool:
    """Add a tool to a workshop's register. The code is unique in the unit (whatever its
    case). Side effect: an audit row."""
    code = _clean_code(code)
    _check_code_free(workshop.facility_id, code)
    return audited_create(
        actor=actor,
        model=Tool,
        facility_id=workshop.facility_id,
        workshop=workshop,
        code=code,
        name=(name or "").strip(),
        is_dangerous=is_dangerous,
        is_active=is_active,
    )


@transaction.atomic
def tool_update(*, actor, tool: Tool, **fields) -> Tool:
    """Change a tool (workshop, code, name, dangerous, in use). A tool that is out cannot move
    to another workshop or be taken out of use until it is counted back. Side effect: an audit
    row if anything changed."""
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown tool fields: {sorted(unknown)}")
    current = Tool.objects.select_for_update().get(pk=tool.pk)
    if "code" in fields:
        fields["code"] = _clean_code(fields["code"])
        if fields["code"] != current.code:
            _check_code_free(current.facility_id, fields["code"], exclude=current)
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    moving = "workshop" in fields and fields["workshop"].pk != current.workshop_id
    if moving:
        _check_workshop(current.facility_id, fields["workshop"])
    retiring = fields.get("is_active") is False and current.is_active
    if (moving or retiring) and current.issues.filter(state=ToolIssue.State.OUT).exists():
        raise DomainError(
            _("%(tool)s is out: count it back before moving it or taking it out of use.")
            % {"tool": current.code},
            code="tool_out",
            field="workshop" if moving else "is_active",
        )
    return audited_update(actor=actor, instance=current, **fields)


# --- issuing and counting back ----------------------------------------------------------------


def _check_session_value(session: str) -> None:
    if session not in WorkSession.values:
        raise DomainError(_("Choose a session."), field="session")


def _check_not_future(workshop: Workshop, date: dt.date) -> None:
    if date > today_in(workshop.facility.timezone):
        raise DomainError(
            _("Tools cannot be issued or counted for a day that has not come yet."),
            field="date",
        )


@transaction.atomic
def tools_issue(
    *, actor, workshop: Workshop, date: dt.date, session: str, tools: Iterable[Tool | int]
) -> list[ToolIssue]:
    """Issue several tools of a workshop for one session at once, all or none.

    Refused for a day not yet come, a session the workshop does not work in, a tool of
    another workshop, a tool not in use, one still out (not yet counted back, whatever the
    session) and one reported missing and not yet found. The tools are locked so that two
    officers cannot issue the same tool twice. Side effects: one audit row per issue.
    """
    _check_session_value(session)
    if session not in workshop.sessions:
        raise DomainError(_("The workshop does not work in this session."), field="session")
    _check_not_future(workshop, date)
    ids = list(dict.fromkeys(t.pk if isinstance(t, Tool) else int(t) for t in tools))
    if not ids:
        raise DomainError(_("Choose at least one tool to issue."), field="tools")
    locked = {
        tool.pk: tool
        for tool in Tool.objects.select_for_update().filter(pk__in=ids, workshop=workshop)
    }
    if len(locked) != len(ids):
        raise DomainError(
            _("Some of the chosen tools are not tools of this workshop."),
            code="unknown_tool",
            field="tools",
        )
    chosen = [locked[pk] for pk in ids]
    retired = [tool for tool in chosen if not tool.is_active]
    if retired:
        raise DomainError(
            _("Not in use, cannot be issued: %(tools)s.") % {"tools": _codes(retired)},
            code="tool_inactive",
            field="tools",
        )
    busy = {
        issue.tool_id: issue.state
        for issue in ToolIssue.objects.filter(
            tool_id__in=ids, state__in=(ToolIssue.State.OUT, ToolIssue.State.MISSING)
        )
    }
    out = [tool for tool in chosen if busy.get(tool.pk) == ToolIssue.State.OUT]
    if out:
        raise Conflict(
            _("Already out and not yet counted back: %(tools)s.") % {"tools": _codes(out)},
            code="already_out",
            field="tools",
        )
    lost = [tool for tool in chosen if busy.get(tool.pk) == ToolIssue.State.MISSING]
    if lost:
        raise DomainError(
            _("Reported missing; record it as found before issuing it: %(tools)s.")
            % {"tools": _codes(lost)},
            code="tool_missing",
            field="tools",
        )
    rows = [
        ToolIssue(
            facility_id=workshop.facility_id,
            tool=tool,
            date=date,
            session=session,
            state=ToolIssue.State.OUT,
            issued_by=actor,
        )
        for tool in chosen
    ]
    try:
        with transaction.atomic():
            rows = ToolIssue.objects.bulk_create(rows)
    except IntegrityError as exc:  # another officer issued one of them at the same moment
        raise Conflict(
            _("One of the tools was issued by someone else meanwhile; reload the page."),
            code="already_out",
            field="tools",
        ) from exc
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        items=[(row, {}, snapshot(row)) for row in rows],
    )
    return rows


@dataclass
class CountBackResult:
    returned: list[ToolIssue] = field(default_factory=list)
    missing: list[ToolIssue] = field(default_factory=list)
    notified: list[Notification] = field(default_factory=list)


@transaction.atomic
def tools_count_back(
    *,
    actor,
    workshop: Workshop,
    date: dt.date,
    session: str,
    returned: Iterable[int],
    missing: Iterable[tuple[int, str]],
) -> CountBackResult:
    """Count back the tools issued to a workshop for one session: every tool still out from
    that session must be either returned or marked missing (with an optional note), all in
    one go; nothing is written otherwise.

    Marking a tool missing alerts at once, in the same transaction, every active user who is
    head or security staff of the unit (inbox; e-mail after commit). Side effects: one audit
    row per issue counted; the notifications.
    """
    _check_session_value(session)
    returned_ids = [int(pk) for pk in returned]
    missing_notes = {int(pk): (note or "").strip() for pk, note in missing}
    open_issues = {
        issue.tool_id: issue
        for issue in ToolIssue.objects.select_for_update(of=("self",))
        .filter(
            facility_id=workshop.facility_id,
            tool__workshop=workshop,
            date=date,
            session=session,
            state=ToolIssue.State.OUT,
        )
        .select_related("tool")
    }
    if not open_issues:
        raise DomainError(_("No tool is out in this session."), code="nothing_out")
    both = set(returned_ids) & set(missing_notes)
    if both or len(returned_ids) != len(set(returned_ids)):
        raise DomainError(
            _("Each tool is either returned or missing, not both."),
            code="ambiguous",
            field="returned",
        )
    answered = set(returned_ids) | set(missing_notes)
    if answered - set(open_issues):
        raise DomainError(
            _("Some of the tools counted are not out in this session."),
            code="not_out",
            field="returned",
        )
    unanswered = [issue.tool for tid, issue in open_issues.items() if tid not in answered]
    if unanswered:
        raise DomainError(
            _("Mark every tool still out as returned or missing: %(tools)s.")
            % {"tools": _codes(unanswered)},
            code="incomplete",
            field="returned",
        )
    too_long = [
        open_issues[tid].tool for tid, note in missing_notes.items() if len(note) > NOTE_MAX
    ]
    if too_long:
        raise DomainError(
            _("A note may have at most %(max)s characters: %(tools)s.")
            % {"max": NOTE_MAX, "tools": _codes(too_long)},
            field="missing",
        )

    now = timezone.now()
    result = CountBackResult()
    audit_items = []
    for tool_id, issue in open_issues.items():
        before = snapshot(issue, COUNT_FIELDS)
        issue.counted_at = now
        issue.counted_by = actor
        if tool_id in missing_notes:
            issue.state = ToolIssue.State.MISSING
            issue.note = missing_notes[tool_id]
            result.missing.append(issue)
        else:
            issue.state = ToolIssue.State.RETURNED
            result.returned.append(issue)
        audit_items.append((issue, before, snapshot(issue, COUNT_FIELDS)))
    ToolIssue.objects.bulk_update(list(open_issues.values()), list(COUNT_FIELDS))
    audit_record_many(actor=actor, action=AuditEntry.Action.UPDATE, items=audit_items)
    if result.missing:
        result.notified = _alert(actor, workshop, result.missing, found=False)
    return result


@transaction.atomic
def tool_issue_found(*, actor, issue: ToolIssue, note: str) -> ToolIssue:
    """A tool reported missing has been found: the issue becomes returned, the note says
    where and how, and the head and security staff are told. Side effect: an audit row."""
    current = (
        ToolIssue.objects.select_for_update(of=("self",))
        .select_related("tool__workshop")
        .get(pk=issue.pk)
    )
    if current.state != ToolIssue.State.MISSING:
        raise DomainError(_("This tool is not reported missing."), code="not_missing")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say where and how the tool was found."), field="note")
    found = _("found on %(date)s: %(note)s") % {
        "date": tanggal(today_in(current.tool.workshop.facility.timezone)),
        "note": note,
    }
    combined = f"{current.note} · {found}" if current.note else found
    if len(combined) > NOTE_MAX:
        raise DomainError(
            _("The note is too long (at most %(max)s characters in all).") % {"max": NOTE_MAX},
            field="note",
        )
    # Only the counting fields are audited here (the audit snapshot of COUNT_FIELDS).
    before = snapshot(current, COUNT_FIELDS)
    current.state = ToolIssue.State.RETURNED
    current.note = combined
    current.save(update_fields=["state", "note"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=current,
        before=before,
        after=snapshot(current, COUNT_FIELDS),
    )
    _alert(actor, current.tool.workshop, [current], found=True, note=note)
    return current


# --- alerts -------------------------------------------------------------------------------------


def alert_recipients(facility) -> list[User]:
    """Active users who are head or security staff of the unit itself (unit memberships)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__scope=ScopeType.FACILITY,
            memberships__facility=facility,
            memberships__role__in=ALERT_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


def _alert(actor, workshop: Workshop, issues: list[ToolIssue], *, found: bool, note: str = ""):
    """One notice to the head and security staff about these issues (all of one session).

    The stored and mailed text is in the installation's language (the recipients' pages are
    Indonesian by default), whatever language the acting officer reads."""
    facility = workshop.facility
    first = issues[0]
    with translation.override(settings.LANGUAGE_CODE):
        tools = _codes(issue.tool for issue in issues)
        values = {
            "workshop": workshop.name,
            "tools": tools,
            "date": tanggal(first.date),
            "session": WorkSession(first.session).label,
            "officer": getattr(actor, "display_name", "") or "—",
        }
        if found:
            title = _("Tool found in %(workshop)s: %(tools)s") % values
            body = _(
                "Reported missing on %(date)s (%(session)s session); found, as recorded by "
                "%(officer)s: %(note)s"
            ) % {**values, "note": note}
        else:
            title = _("Tool missing in %(workshop)s: %(tools)s") % values
            lines = "\n".join(
                f"- {issue.tool.code} {issue.tool.name}"
                + (f" ({issue.note})" if issue.note else "")
                for issue in issues
            )
            body = (
                _(
                    "Not returned at the count-back of the %(session)s session of %(date)s in "
                    "%(workshop)s, counted by %(officer)s:"
                )
                % values
                + "\n"
                + lines
            )
    return notify(
        users=alert_recipients(facility),
        facility=facility,
        kind=KIND_FOUND if found else KIND_MISSING,
        title=title,
        body=body,
        url=reverse("programs:tool-missing", args=[facility.code]),
    )

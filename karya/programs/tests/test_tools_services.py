"""The tools register's rules: the register, issuing for a session, counting back, and the
alert to the head and the security staff when a tool is not returned."""

import datetime as dt

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from karya.accounts.models import Membership
from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.notifications.models import Notification
from karya.programs.models import Tool, ToolIssue
from karya.programs.services import tools as services
from karya.programs.tests.tools_setup import make_tool, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(facility):
    return make_workshop(facility)


@pytest.fixture
def knives(workshop):
    return [
        make_tool(workshop, "P-01", "Pisau ukir"),
        make_tool(workshop, "P-02", "Pisau ukir"),
        make_tool(workshop, "G-01", "Gergaji"),
    ]


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def unit(facility):
    with scope(facility=[facility.pk]):
        yield facility


def _issue(officer, workshop, today, tools, session="pagi"):
    return services.tools_issue(
        actor=officer, workshop=workshop, date=today, session=session, tools=tools
    )


# --- the register ---------------------------------------------------------------------------


def test_create_a_tool_with_an_audit_row(unit, officer, workshop):
    tool = services.tool_create(actor=officer, workshop=workshop, code=" M-01 ", name="Mesin jahit")
    assert tool.code == "M-01" and tool.facility_id == unit.pk and tool.is_dangerous
    entry = AuditEntry.objects.for_object(tool).get()
    assert entry.action == "create" and entry.actor == officer


def test_code_is_unique_in_the_unit_whatever_the_case(unit, officer, workshop, knives):
    other = make_workshop(unit, name="Bengkel Konveksi")
    with pytest.raises(Conflict) as error:
        services.tool_create(actor=officer, workshop=other, code="p-01", name="Gunting")
    assert error.value.field == "code"
    assert Tool.objects.count() == 3


def test_the_same_code_may_exist_in_another_unit(officer, workshop, knives, far_facility):
    far = make_workshop(far_facility)
    with scope(facility=[far_facility.pk]):
        tool = services.tool_create(actor=officer, workshop=far, code="P-01", name="Pisau")
    assert tool.facility == far_facility


def test_update_records_before_and_after(unit, officer, knives):
    services.tool_update(actor=officer, tool=knives[0], name="Pisau ukir besar")
    entry = AuditEntry.objects.for_object(knives[0]).get()
    assert entry.changes["name"] == ["Pisau ukir", "Pisau ukir besar"]


def test_a_tool_out_cannot_be_retired_or_moved(unit, officer, workshop, knives, today):
    _issue(officer, workshop, today, [knives[0]])
    with pytest.raises(DomainError):
        services.tool_update(actor=officer, tool=knives[0], is_active=False)
    other = make_workshop(unit, name="Bengkel Konveksi")
    with pytest.raises(DomainError):
        services.tool_update(actor=officer, tool=knives[0], workshop=other)
    knives[0].refresh_from_db()
    assert knives[0].is_active and knives[0].workshop == workshop


def test_a_tool_cannot_move_to_another_units_workshop(unit, officer, knives, far_facility):
    far = make_workshop(far_facility)
    with pytest.raises(DomainError):
        services.tool_update(actor=officer, tool=knives[0], workshop=far)


# --- issuing --------------------------------------------------------------------------------


def test_issue_several_tools_at_once(unit, officer, workshop, knives, today):
    issues = _issue(officer, workshop, today, knives[:2])
    assert {i.tool.code for i in issues} == {"P-01", "P-02"}
    assert all(i.state == "keluar" and i.issued_by == officer for i in issues)
    assert AuditEntry.objects.filter(action="create", object_repr__contains="P-0").count() == 2


def test_a_tool_already_out_is_refused_and_nothing_is_written(
    unit, officer, workshop, knives, today
):
    _issue(officer, workshop, today, [knives[0]])
    with pytest.raises(Conflict) as error:
        _issue(officer, workshop, today, [knives[1], knives[0]], session="siang")
    assert "P-01" in error.value.message
    assert ToolIssue.objects.count() == 1  # P-02 was not issued either


def test_an_inactive_tool_is_refused(unit, officer, workshop, knives, today):
    retired = make_tool(workshop, "G-09", "Gergaji tumpul", is_active=False)
    with pytest.raises(DomainError) as error:
        _issue(officer, workshop, today, [knives[0], retired])
    assert error.value.code == "tool_inactive"
    assert not ToolIssue.objects.exists()


def test_another_workshops_tool_is_refused(unit, officer, workshop, today):
    other = make_workshop(unit, name="Bengkel Konveksi")
    scissors = make_tool(other, "K-01", "Gunting")
    with pytest.raises(DomainError) as error:
        _issue(officer, workshop, today, [scissors])
    assert error.value.code == "unknown_tool"


def test_another_units_tool_is_refused(unit, officer, workshop, today, far_facility):
    far_tool = make_tool(make_workshop(far_facility), "X-01", "Pisau")
    with pytest.raises(DomainError):
        _issue(officer, workshop, today, [far_tool.pk])
    with scopes_disabled():
        assert not ToolIssue.objects.exists()


def test_no_tool_chosen_is_refused(unit, officer, workshop, today):
    with pytest.raises(DomainError) as error:
        _issue(officer, workshop, today, [])
    assert error.value.field == "tools"


def test_a_session_the_workshop_does_not_work_is_refused(unit, officer, workshop, knives, today):
    with pytest.raises(DomainError) as error:
        _issue(officer, workshop, today, knives, session="penuh")
    assert error.value.field == "session"


def test_a_future_day_is_refused(unit, officer, workshop, knives, today):
    with pytest.raises(DomainError) as error:
        _issue(officer, workshop, today + dt.timedelta(days=1), knives)
    assert error.value.field == "date"


# --- counting back --------------------------------------------------------------------------


def test_all_returned(unit, officer, workshop, knives, today, django_capture_on_commit_callbacks):
    _issue(officer, workshop, today, knives)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[t.pk for t in knives],
            missing=[],
        )
    assert len(result.returned) == 3 and result.missing == [] and result.notified == []
    assert set(ToolIssue.objects.values_list("state", flat=True)) == {"kembali"}
    assert ToolIssue.objects.filter(counted_by=officer, counted_at__isnull=False).count() == 3
    assert not Notification.objects.exists() and mail.outbox == []
    assert AuditEntry.objects.filter(action="update").count() == 3


def test_every_tool_out_must_be_accounted_for(unit, officer, workshop, knives, today):
    _issue(officer, workshop, today, knives)
    with pytest.raises(DomainError) as error:
        services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[knives[0].pk],
            missing=[],
        )
    assert error.value.code == "incomplete"
    assert "P-02" in error.value.message and "G-01" in error.value.message
    assert not ToolIssue.objects.exclude(state="keluar").exists()


def test_returned_and_missing_at_once_is_refused(unit, officer, workshop, knives, today):
    _issue(officer, workshop, today, knives[:1])
    with pytest.raises(DomainError):
        services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[knives[0].pk],
            missing=[(knives[0].pk, "")],
        )
    assert ToolIssue.objects.get().state == "keluar"


def test_a_tool_not_out_in_that_session_is_refused(unit, officer, workshop, knives, today):
    _issue(officer, workshop, today, knives[:1])
    _issue(officer, workshop, today, knives[1:2], session="siang")
    with pytest.raises(DomainError) as error:
        services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[knives[0].pk, knives[1].pk],
            missing=[],
        )
    assert error.value.code == "not_out"


def test_nothing_out_is_refused(unit, officer, workshop, knives, today):
    with pytest.raises(DomainError) as error:
        services.tools_count_back(
            actor=officer, workshop=workshop, date=today, session="pagi", returned=[], missing=[]
        )
    assert error.value.code == "nothing_out"


def _staff(make_user, facility, other_facility, region):
    """Who should and should not be alerted."""
    from karya.tests.factories import grant

    people = {
        "head": make_user("head", facility=facility, email="kalapas@example.id"),
        "guard": make_user("security", facility=facility, email="rupam@example.id"),
        "guard_no_mail": make_user("security", facility=facility, email=""),
        "officer": make_user("officer", facility=facility, email="petugas2@example.id"),
        "other_head": make_user("head", facility=other_facility, email="lain@example.id"),
        "regional": make_user("regional", region=region, email="kanwil@example.id"),
        "inactive": make_user("security", facility=facility, email="x@example.id", is_active=False),
        "ended": make_user("security", facility=facility, email="y@example.id"),
    }
    Membership.objects.filter(user=people["ended"]).update(is_active=False)
    grant(people["head"], "security", facility=facility)  # two roles: alerted once
    return people


def test_a_missing_tool_alerts_head_and_security_at_once(
    unit,
    officer,
    workshop,
    knives,
    today,
    make_user,
    other_facility,
    region,
    django_capture_on_commit_callbacks,
):
    people = _staff(make_user, unit, other_facility, region)
    _issue(officer, workshop, today, knives)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[knives[0].pk, knives[2].pk],
            missing=[(knives[1].pk, "  tidak ada di rak  ")],
        )
        # In the same transaction: the inbox rows exist before the commit.
        assert Notification.objects.count() == 3
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    missing = ToolIssue.objects.get(tool=knives[1])
    assert missing.state == "hilang" and missing.note == "tidak ada di rak"
    assert [i.tool for i in result.missing] == [knives[1]]
    alerted = {n.user for n in Notification.objects.all()}
    assert alerted == {people["head"], people["guard"], people["guard_no_mail"]}
    notice = Notification.objects.filter(user=people["head"]).get()
    assert notice.kind == "tool_missing" and notice.facility == unit
    assert "P-02" in notice.title and "Bengkel Kayu" in notice.title
    assert notice.title.startswith("Alat hilang")  # Indonesian, the unit's language
    assert "tidak ada di rak" in notice.body
    assert notice.url == f"/upt/{unit.code}/kerja/alat/hilang/"
    assert sorted(m.to[0] for m in mail.outbox) == ["kalapas@example.id", "rupam@example.id"]
    assert all("P-02" in m.subject for m in mail.outbox)


def test_missing_alert_is_in_indonesian_even_for_an_english_officer(
    unit, officer, workshop, knives, today, make_user
):
    from django.utils import translation

    make_user("head", facility=unit)
    _issue(officer, workshop, today, knives[:1])
    with translation.override("en"):
        services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[],
            missing=[(knives[0].pk, "")],
        )
    assert Notification.objects.get().title.startswith("Alat hilang")


def test_a_refused_count_alerts_nobody(
    unit, officer, workshop, knives, today, make_user, django_capture_on_commit_callbacks
):
    make_user("head", facility=unit, email="kalapas@example.id")
    _issue(officer, workshop, today, knives)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.tools_count_back(
            actor=officer,
            workshop=workshop,
            date=today,
            session="pagi",
            returned=[],
            missing=[(knives[0].pk, "")],
        )
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_missing_tool_cannot_be_issued_until_found(
    unit, officer, head, workshop, knives, today, django_capture_on_commit_callbacks
):
    _issue(officer, workshop, today, knives[:1])
    services.tools_count_back(
        actor=officer,
        workshop=workshop,
        date=today,
        session="pagi",
        returned=[],
        missing=[(knives[0].pk, "hilang saat istirahat")],
    )
    with pytest.raises(DomainError) as error:
        _issue(officer, workshop, today, knives[:1], session="siang")
    assert error.value.code == "tool_missing"

    issue = ToolIssue.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.tool_issue_found(actor=officer, issue=issue, note="di bawah meja kerja")
    issue.refresh_from_db()
    assert issue.state == "kembali"
    assert "hilang saat istirahat" in issue.note and "di bawah meja kerja" in issue.note
    found = Notification.objects.filter(kind="tool_found").get()
    assert found.user == head and "P-01" in found.title
    assert _issue(officer, workshop, today, knives[:1], session="siang")


def test_found_needs_a_note_and_a_missing_tool(unit, officer, workshop, knives, today):
    [issue] = _issue(officer, workshop, today, knives[:1])
    with pytest.raises(DomainError):
        services.tool_issue_found(actor=officer, issue=issue, note="ketemu")
    services.tools_count_back(
        actor=officer,
        workshop=workshop,
        date=today,
        session="pagi",
        returned=[],
        missing=[(knives[0].pk, "")],
    )
    with pytest.raises(DomainError) as error:
        services.tool_issue_found(actor=officer, issue=issue, note="  ")
    assert error.value.field == "note"

"""The tools register pages: who may see and change what, the register, the session screen
(issue, count back) and the list of missing tools."""

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.notifications.models import Notification
from karya.programs.models import Tool, ToolIssue
from karya.programs.tests.tools_setup import make_tool, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(facility):
    return make_workshop(facility)


@pytest.fixture
def knives(workshop):
    return [
        make_tool(workshop, "P-01", "Pisau ukir"),
        make_tool(workshop, "P-02", "Pisau ukir kecil"),
        make_tool(workshop, "G-01", "Gergaji"),
    ]


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def missing_issue(facility, workshop, knives, officer, today):
    with scopes_disabled():
        return ToolIssue.objects.create(
            facility=facility,
            tool=knives[2],
            date=today,
            session="pagi",
            state="hilang",
            issued_by=officer,
            note="tidak kembali",
        )


def url(name, facility, *args):
    return reverse(f"programs:{name}", args=[facility.code, *args])


def _pages(facility, workshop, tool, issue):
    """Every page of the area, with the permission it needs."""
    return [
        ("get", url("tool-list", facility), "view"),
        ("get", url("tool-create", facility), "manage"),
        ("get", url("tool-update", facility, tool.pk), "manage"),
        ("get", url("tool-session-pick", facility), "view"),
        ("get", url("tool-session", facility, workshop.pk), "view"),
        ("post", url("tool-issue", facility, workshop.pk), "manage"),
        ("post", url("tool-count-back", facility, workshop.pk), "manage"),
        ("get", url("tool-missing", facility), "view"),
        ("get", url("tool-found", facility, issue.pk), "manage"),
    ]


def test_url_names_and_paths(facility, workshop, knives):
    assert url("tool-list", facility) == "/upt/LPPWT/kerja/alat/"
    session = url("tool-session", facility, workshop.pk)
    assert session == f"/upt/LPPWT/kerja/alat/sesi/{workshop.pk}/"
    assert url("tool-missing", facility) == "/upt/LPPWT/kerja/alat/hilang/"


def test_anonymous_is_sent_to_login(client, facility, workshop, knives, missing_issue):
    for method, path, _need in _pages(facility, workshop, knives[0], missing_issue):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert reverse("accounts:login") in response.url


def test_another_units_user_gets_404(
    login, make_user, facility, other_facility, workshop, knives, missing_issue
):
    stranger = login(make_user("officer", facility=other_facility))
    for method, path, _need in _pages(facility, workshop, knives[0], missing_issue):
        assert getattr(stranger, method)(path).status_code == 404, path
    # Another unit's objects through the stranger's own unit URL do not exist either.
    for method, path, _need in _pages(other_facility, workshop, knives[0], missing_issue):
        if any(str(pk) in path for pk in (workshop.pk, knives[0].pk, missing_issue.pk)):
            assert getattr(stranger, method)(path).status_code == 404, path


@pytest.mark.parametrize("role", ["pr", "treasurer"])
def test_roles_without_permission_get_403(
    login, make_user, facility, workshop, knives, missing_issue, role
):
    client = login(make_user(role, facility=facility))
    for method, path, _need in _pages(facility, workshop, knives[0], missing_issue):
        assert getattr(client, method)(path).status_code == 403, path


def test_security_staff_read_but_do_not_change(
    login, make_user, facility, workshop, knives, missing_issue
):
    client = login(make_user("security", facility=facility))
    for method, path, need in _pages(facility, workshop, knives[0], missing_issue):
        expected = 200 if need == "view" else 403
        response = getattr(client, method)(path)
        if response.status_code == 302:  # the session picker without a choice shows its form
            pytest.fail(path)
        assert response.status_code == expected, path
    page = client.get(url("tool-session", facility, workshop.pk)).text
    assert 'name="tools"' not in page  # no issuing form for a reader


def test_register_lists_tools_with_where_they_are(
    login, officer, facility, workshop, knives, today, missing_issue
):
    with scopes_disabled():
        ToolIssue.objects.create(
            facility=facility, tool=knives[0], date=today, session="pagi", issued_by=officer
        )
    response = login(officer).get(url("tool-list", facility))
    assert response.status_code == 200
    text = response.text
    assert "P-01" in text and "P-02" in text and "G-01" in text
    assert "Keluar:" in text and "Hilang" in text and "Di gudang" in text


def test_register_filters_by_workshop(login, officer, facility, workshop, knives):
    other = make_workshop(facility, name="Bengkel Konveksi")
    make_tool(other, "K-01", "Gunting kain")
    response = login(officer).get(url("tool-list", facility), {"bengkel": other.pk})
    assert "K-01" in response.text and "P-01" not in response.text


def test_register_query_count_does_not_grow_with_rows(
    login, officer, facility, workshop, today, django_assert_max_num_queries
):
    client = login(officer)
    for i in range(3):
        make_tool(workshop, f"A-{i:02d}")
    with django_assert_max_num_queries(15) as few:
        client.get(url("tool-list", facility))
    for i in range(40):
        tool = make_tool(make_workshop(facility, name=f"Bengkel {i}"), f"B-{i:02d}")
        with scopes_disabled():
            ToolIssue.objects.create(
                facility=facility,
                tool=tool,
                date=today,
                session="pagi",
                state="keluar" if i % 2 else "hilang",
                issued_by=officer,
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("tool-list", facility))


def test_missing_list_query_count_does_not_grow_with_rows(
    login, officer, facility, workshop, today, django_assert_max_num_queries
):
    client = login(officer)

    def lose(n, start):
        for i in range(start, start + n):
            tool = make_tool(workshop, f"H-{i:02d}")
            with scopes_disabled():
                ToolIssue.objects.create(
                    facility=facility,
                    tool=tool,
                    date=today,
                    session="pagi",
                    state="hilang",
                    issued_by=officer,
                    counted_by=officer,
                )

    lose(2, 0)
    with django_assert_max_num_queries(15) as few:
        client.get(url("tool-missing", facility))
    lose(30, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("tool-missing", facility))
    assert "H-31" in response.text


def test_session_screen_query_count_does_not_grow_with_rows(
    login, officer, facility, workshop, today, django_assert_max_num_queries
):
    client = login(officer)
    path = url("tool-session", facility, workshop.pk)

    def add(n, start):
        for i in range(start, start + n):
            tool = make_tool(workshop, f"S-{i:02d}")
            if i % 2:
                with scopes_disabled():
                    ToolIssue.objects.create(
                        facility=facility, tool=tool, date=today, session="pagi", issued_by=officer
                    )

    add(2, 0)
    with django_assert_max_num_queries(20) as few:
        client.get(path)
    add(30, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(path)


def test_officer_adds_and_edits_a_tool(login, officer, facility, workshop):
    client = login(officer)
    response = client.post(
        url("tool-create", facility),
        {"workshop": workshop.pk, "code": "M-01", "name": "Mesin jahit", "is_active": "on"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        tool = Tool.objects.get(code="M-01")
    assert tool.facility == facility and not tool.is_dangerous and tool.is_active
    assert AuditEntry.objects.for_object(tool).get().actor == officer

    response = client.post(
        url("tool-update", facility, tool.pk),
        {"workshop": workshop.pk, "code": "M-01", "name": "Mesin jahit listrik", "is_active": "on"},
    )
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.name == "Mesin jahit listrik"
    entry = AuditEntry.objects.for_object(tool).filter(action="update").get()
    assert entry.changes["name"] == ["Mesin jahit", "Mesin jahit listrik"]


def test_edit_form_shows_the_tool(login, officer, facility, knives):
    response = login(officer).get(url("tool-update", facility, knives[0].pk))
    assert "P-01" in response.text and "Pisau ukir" in response.text


def test_duplicate_code_is_refused_in_indonesian(login, officer, facility, workshop, knives):
    response = login(officer).post(
        url("tool-create", facility),
        {"workshop": workshop.pk, "code": "p-01", "name": "Pisau lain"},
    )
    assert response.status_code == 200
    assert "sudah mempunyai alat dengan kode p-01" in response.text
    with scopes_disabled():
        assert Tool.objects.count() == 3


def test_another_units_workshop_is_refused(login, officer, facility, far_facility):
    far = make_workshop(far_facility)
    response = login(officer).post(
        url("tool-create", facility), {"workshop": far.pk, "code": "Z-01", "name": "Pisau"}
    )
    assert response.status_code == 200
    assert "Pilih bengkel kerja UPT ini." in response.text
    with scopes_disabled():
        assert not Tool.objects.exists()


def test_session_picker_goes_to_the_session_screen(login, officer, facility, workshop, today):
    response = login(officer).get(
        url("tool-session-pick", facility),
        {"bengkel": workshop.pk, "tanggal": today.isoformat(), "sesi": "siang"},
    )
    assert response.status_code == 302
    assert response.url.startswith(url("tool-session", facility, workshop.pk))
    assert "sesi=siang" in response.url


def _issue(client, facility, workshop, today, tools, session="pagi"):
    return client.post(
        url("tool-issue", facility, workshop.pk),
        {"date": today.isoformat(), "session": session, "tools": [t.pk for t in tools]},
    )


def test_issue_then_count_back_on_the_session_screen(
    login, officer, make_user, facility, workshop, knives, today, django_capture_on_commit_callbacks
):
    head = make_user("head", facility=facility, email="kalapas@example.id")
    guard = make_user("security", facility=facility, email="rupam@example.id")
    client = login(officer)
    response = _issue(client, facility, workshop, today, knives)
    assert response.status_code == 302
    with scopes_disabled():
        assert ToolIssue.objects.filter(state="keluar").count() == 3

    page = client.get(response.url).text
    assert "Masih keluar dari sesi ini: 3 alat" in page
    assert 'type="radio"' in page

    data = {
        "date": today.isoformat(),
        "session": "pagi",
        f"state_{knives[0].pk}": "kembali",
        f"state_{knives[1].pk}": "hilang",
        f"note_{knives[1].pk}": "dicari di blok B",
        f"state_{knives[2].pk}": "kembali",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("tool-count-back", facility, workshop.pk), data, follow=True)
    assert response.status_code == 200
    assert "Kepala UPT dan petugas keamanan sudah diberi peringatan" in response.text
    with scopes_disabled():
        assert ToolIssue.objects.get(tool=knives[1]).state == "hilang"
        assert ToolIssue.objects.filter(state="kembali").count() == 2
    assert {n.user for n in Notification.objects.all()} == {head, guard}
    assert sorted(m.to[0] for m in mail.outbox) == ["kalapas@example.id", "rupam@example.id"]

    # The head sees it in the inbox and on the missing list.
    head_client = login(head)
    assert "Alat hilang" in head_client.get(reverse("notifications:inbox")).text
    missing = head_client.get(url("tool-missing", facility)).text
    assert "P-02" in missing and "dicari di blok B" in missing


def test_count_back_must_answer_every_tool(login, officer, facility, workshop, knives, today):
    client = login(officer)
    _issue(client, facility, workshop, today, knives[:2])
    response = client.post(
        url("tool-count-back", facility, workshop.pk),
        {"date": today.isoformat(), "session": "pagi", f"state_{knives[0].pk}": "kembali"},
    )
    assert response.status_code == 200
    assert "Tandai setiap alat yang masih keluar" in response.text and "P-02" in response.text
    with scopes_disabled():
        assert ToolIssue.objects.filter(state="keluar").count() == 2
    assert not Notification.objects.exists()


def test_issuing_a_tool_already_out_is_refused(login, officer, facility, workshop, knives, today):
    client = login(officer)
    _issue(client, facility, workshop, today, knives[:1])
    response = _issue(client, facility, workshop, today, knives[:2], session="siang")
    assert response.status_code == 200
    assert "Masih keluar dan belum dihitung kembali: P-01" in response.text
    with scopes_disabled():
        assert ToolIssue.objects.count() == 1


def test_issuing_nothing_is_refused(login, officer, facility, workshop, knives, today):
    response = _issue(login(officer), facility, workshop, today, [])
    assert response.status_code == 200
    assert "Pilih paling sedikit satu alat" in response.text


def test_issuing_another_units_tool_is_refused(
    login, officer, facility, workshop, knives, today, far_facility
):
    far_tool = make_tool(make_workshop(far_facility), "X-01", "Pisau")
    response = _issue(login(officer), facility, workshop, today, [far_tool])
    assert response.status_code == 200
    assert "bukan alat bengkel kerja ini" in response.text
    with scopes_disabled():
        assert not ToolIssue.objects.exists()


def test_bad_day_in_the_form_is_refused(login, officer, facility, workshop, knives):
    response = login(officer).post(
        url("tool-issue", facility, workshop.pk),
        {"date": "31-02-2026", "session": "pagi", "tools": [knives[0].pk]},
    )
    assert response.status_code == 200
    assert "Hari atau sesi pada formulir tidak sah." in response.text
    with scopes_disabled():
        assert not ToolIssue.objects.exists()


def test_bad_date_in_the_address_shows_today(login, officer, facility, workshop):
    response = login(officer).get(url("tool-session", facility, workshop.pk), {"tanggal": "x"})
    assert response.status_code == 200
    assert "Pilih tanggal dan sesi yang sah" in response.text


def test_a_tool_out_from_another_session_is_shown(
    login, officer, facility, workshop, knives, today
):
    client = login(officer)
    _issue(client, facility, workshop, today, knives[:1], session="pagi")
    page = client.get(url("tool-session", facility, workshop.pk), {"sesi": "siang"}).text
    assert "Masih keluar dari sesi lain" in page and "P-01" in page


def test_found_tool(
    login, officer, head, facility, missing_issue, django_capture_on_commit_callbacks
):
    client = login(officer)
    path = url("tool-found", facility, missing_issue.pk)
    response = client.post(path, {"note": ""})
    assert response.status_code == 200
    missing_issue.refresh_from_db()
    assert missing_issue.state == "hilang"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"note": "terselip di bawah meja"})
    assert response.status_code == 302
    missing_issue.refresh_from_db()
    assert missing_issue.state == "kembali" and "terselip" in missing_issue.note
    assert Notification.objects.get(user=head).kind == "tool_found"
    # Once found, it is no longer on the list and cannot be found twice.
    assert "G-01" not in client.get(url("tool-missing", facility)).text
    assert client.get(path).status_code == 404


def test_session_picker_needs_a_workshop_of_the_unit(login, officer, facility, far_facility, today):
    far = make_workshop(far_facility)
    response = login(officer).get(
        url("tool-session-pick", facility),
        {"bengkel": far.pk, "tanggal": "", "sesi": "pagi"},
    )
    assert response.status_code == 200
    assert "Pilih bengkel kerja UPT ini." in response.text and "Pilih tanggal." in response.text

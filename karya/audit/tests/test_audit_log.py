"""The audit log: every write service appends one row, an update that changes nothing appends
none, secrets never reach it, and no one can change or delete a row once written."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scope, scopes_disabled

from karya.accounts import services as accounts
from karya.audit.models import AppendOnlyError, AuditEntry
from karya.audit.services import audit_record
from karya.core.errors import DomainError
from karya.facilities import services as facilities
from karya.inmates import services as inmates_services
from karya.inmates.models import Inmate
from karya.tests.factories import InmateFactory, grant

pytestmark = pytest.mark.django_db

STRONG = "Sandi-Kuat-Sekali-2026"


def only_entry():
    [entry] = AuditEntry.objects.all()
    return entry


def rows_for(obj):
    return AuditEntry.objects.for_object(obj)


# --- every write service writes a row ------------------------------------------------------


def test_region_create_and_update(admin_user):
    region = facilities.region_create(actor=admin_user, code="bali", name="Bali")
    entry = only_entry()
    assert (entry.action, entry.actor, entry.object_id) == ("create", admin_user, str(region.pk))
    assert entry.changes == {"code": [None, "bali"], "name": [None, "Bali"]}
    facilities.region_update(actor=admin_user, region=region, name="Bali dan Nusra")
    entry = rows_for(region).first()
    assert entry.action == "update" and entry.changes == {"name": ["Bali", "Bali dan Nusra"]}
    assert entry.object_repr == "Kanwil Bali dan Nusra"


def test_facility_create_and_update(admin_user, region):
    unit = facilities.facility_create(
        actor=admin_user, region=region, code="rtbms", name="Rutan Banyumas", type="rutan",
        facility_class="IIB",
    )  # fmt: skip
    entry = only_entry()
    assert entry.action == "create" and entry.changes["code"] == [None, "RTBMS"]
    assert entry.changes["region"] == [None, region.pk]
    facilities.facility_update(actor=admin_user, facility=unit, timezone="Asia/Makassar")
    assert rows_for(unit).first().changes == {"timezone": ["Asia/Jakarta", "Asia/Makassar"]}


def test_user_create_update_and_password(admin_user):
    user = accounts.user_create(actor=admin_user, username="rina", password=STRONG,
                                full_name="Rina")  # fmt: skip
    created = only_entry()
    assert created.action == "create" and created.changes["username"] == [None, "rina"]
    accounts.user_update(actor=admin_user, user=user, full_name="Rina W.")
    assert rows_for(user).first().changes == {"full_name": ["Rina", "Rina W."]}
    accounts.user_set_password(actor=admin_user, user=user, password="Lain-Kuat-Sekali-2026")
    entry = rows_for(user).first()
    assert entry.action == "password" and entry.changes == {}
    assert rows_for(user).count() == 3


def test_membership_create_and_end(admin_user, officer, facility):
    membership = accounts.membership_create(
        actor=admin_user, user=officer, role="head", facility=facility
    )
    entry = rows_for(membership).get()
    assert entry.action == "create" and entry.changes["role"] == [None, "head"]
    assert entry.facility == facility  # a unit role is logged against its unit
    accounts.membership_end(actor=admin_user, membership=membership)
    assert rows_for(membership).first().changes == {"is_active": [True, False]}


def test_api_token_create_and_revoke(officer):
    token, raw = accounts.api_token_create(actor=officer, name="skrip")
    entry = rows_for(token).get()
    assert entry.action == "create" and entry.actor == officer
    assert entry.changes["name"] == [None, "skrip"]
    accounts.api_token_revoke(actor=officer, token=token)
    revoked = rows_for(token).first()
    assert revoked.action == "update" and set(revoked.changes) == {"revoked_at"}
    for row in AuditEntry.objects.all():
        text = str(row.changes) + row.note + row.object_repr
        assert raw not in text and token.key_hash not in text and "key_hash" not in text


def test_inmate_create_and_update(officer, facility):
    with scope(facility=[facility.pk]):
        inmate = inmates_services.inmate_create(
            actor=officer, facility=facility, registration_number="BI.5/2026", name="Eko",
            sex="L", status="narapidana", security_class="medium",
        )  # fmt: skip
        inmates_services.inmate_update(actor=officer, inmate=inmate, block="C")
    created, updated = rows_for(inmate).order_by("pk")
    assert created.action == "create" and created.facility == facility
    assert updated.changes == {"block": ["", "C"]} and updated.facility == facility


def test_inmate_import_writes_a_row_per_changed_inmate(officer, facility):
    content = (
        b"no_registrasi,nama,jenis_kelamin,status,klasifikasi\n"
        b"BI.1/2026,Agus,L,narapidana,medium\n"
        b"BI.2/2026,Budi,L,tahanan,minimum\n"
    )
    with scope(facility=[facility.pk]):
        inmates_services.inmates_import(
            actor=officer, facility=facility, file_name="sdp.csv", content=content
        )
        # The same file again changes nothing and logs nothing.
        inmates_services.inmates_import(
            actor=officer, facility=facility, file_name="sdp.csv", content=content
        )
    entries = AuditEntry.objects.filter(action="import")
    assert entries.count() == 2
    assert all(e.facility == facility and "sdp.csv" in e.note for e in entries)


# --- no change, no row; failure, no row ----------------------------------------------------


def test_updates_that_change_nothing_write_nothing(admin_user, officer, region, facility):
    token, _raw = accounts.api_token_create(actor=officer, name="skrip")
    membership = officer.memberships.get()
    with scopes_disabled():
        inmate = InmateFactory(facility=facility, block="A")
    before = AuditEntry.objects.count()
    facilities.region_update(actor=admin_user, region=region, name=region.name)
    facilities.facility_update(actor=admin_user, facility=facility, code=facility.code.lower())
    accounts.user_update(actor=admin_user, user=officer, full_name=officer.full_name)
    accounts.api_token_revoke(actor=officer, token=token)
    accounts.api_token_revoke(actor=officer, token=token)  # already revoked
    accounts.membership_end(actor=admin_user, membership=membership)
    accounts.membership_end(actor=admin_user, membership=membership)  # already ended
    with scope(facility=[facility.pk]):
        inmates_services.inmate_update(actor=officer, inmate=inmate, block="A",
                                       sentence_start=dt.date(2024, 1, 10))  # fmt: skip
    assert AuditEntry.objects.count() == before + 2  # the revoke and the end, once each


def test_audit_record_skips_an_empty_update_but_not_a_password_change(officer):
    nothing = audit_record(actor=officer, action="update", instance=officer, before={}, after={})
    assert nothing is None
    assert audit_record(actor=officer, action="password", instance=officer) is not None


def test_a_refused_write_leaves_no_row(admin_user, region, facility):
    with pytest.raises(DomainError):
        facilities.facility_create(actor=admin_user, region=region, code="LPPWT",
                                   name="Kembar", type="lapas", facility_class="IIA")  # fmt: skip
    with pytest.raises(DomainError):
        accounts.user_create(actor=admin_user, username="lemah", password="123")
    with pytest.raises(DomainError):
        accounts.membership_create(actor=admin_user, user=admin_user, role="officer")
    with pytest.raises(DomainError):
        accounts.api_token_create(actor=admin_user, name="  ")
    assert not AuditEntry.objects.exists()


def test_the_write_and_its_row_commit_together(admin_user, monkeypatch):
    """If writing the audit row fails, the write itself is rolled back."""

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("karya.audit.services.audit_record", broken)
    with pytest.raises(RuntimeError):
        facilities.region_create(actor=admin_user, code="bali", name="Bali")
    from karya.facilities.models import Region

    assert not Region.objects.filter(code="bali").exists()


def test_system_writes_have_no_actor(region):
    facilities.region_update(actor=None, region=region, name="Jateng")
    assert only_entry().actor is None


# --- append-only ---------------------------------------------------------------------------


@pytest.fixture
def entry(admin_user):
    facilities.region_create(actor=admin_user, code="bali", name="Bali")
    return only_entry()


def test_an_entry_cannot_be_changed_or_deleted_through_the_app(entry):
    entry.note = "diubah"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="diubah")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(note="diubah")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["note"])
    clone = AuditEntry.objects.get(pk=entry.pk)
    clone.note = "ditimpa"
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create(
            [clone], update_conflicts=True, unique_fields=["id"], update_fields=["note"]
        )
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert fresh.note == "" and fresh.changes == {"code": [None, "bali"], "name": [None, "Bali"]}


def test_the_actor_of_an_entry_cannot_be_deleted(entry, admin_user):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        admin_user.delete()
    assert AuditEntry.objects.filter(pk=entry.pk, actor=admin_user).exists()


def test_raw_sql_cannot_change_or_delete_entries(entry):
    """The database itself refuses: on PostgreSQL a trigger (migration audit/0002), on SQLite
    triggers with RAISE(ABORT) (audit/0003). Raw SQL through Karya's own connection, as an
    injected statement would run, changes nothing."""
    assert connection.vendor in {"postgresql", "sqlite"}, "a new backend needs its triggers"
    for sql in (
        "UPDATE audit_auditentry SET note = 'x' WHERE id = %s",
        "UPDATE audit_auditentry SET changes = '{}' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry")
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert fresh.note == "" and fresh.changes == {"code": [None, "bali"], "name": [None, "Bali"]}


def test_truncate_is_refused_on_postgresql(entry):
    if connection.vendor != "postgresql":
        # SQLite has no TRUNCATE: its "DELETE FROM table" is refused above.
        assert connection.vendor == "sqlite"
        return
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else: "pending trigger events"
        cursor.execute("TRUNCATE audit_auditentry CASCADE")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_alone_may_empty_the_log(admin_user):
    """`flush` (the test suite between transactional tests, an operator before a restore)
    empties the log; the guard is back on right after it."""
    from django.core.management import call_command

    facilities.region_create(actor=admin_user, code="bali", name="Bali")
    assert AuditEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    facilities.region_create(actor=None, code="ntb", name="NTB")
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_entries_of_an_inmate_carry_the_unit(officer, facility):
    with scopes_disabled():
        inmate = InmateFactory(facility=facility)
    with scope(facility=[facility.pk]):
        inmates_services.inmate_update(actor=officer, inmate=inmate, cell="X-1")
        assert Inmate.objects.filter(pk=inmate.pk, cell="X-1").exists()
    assert AuditEntry.objects.get().facility_id == facility.pk


def test_history_of_a_membership_lists_both_rows(admin_user, make_user, facility):
    user = make_user()
    membership = grant(user, "pr", facility=facility)
    accounts.membership_end(actor=admin_user, membership=membership)
    assert [e.action for e in rows_for(membership)] == ["update"]


def test_the_history_page_shows_names_not_ids(login, admin_user, region,
                                                           make_user):  # fmt: skip
    from django.urls import reverse

    east = facilities.region_create(actor=admin_user, code="jatim", name="Jawa Timur")
    unit = facilities.facility_create(
        actor=admin_user, region=region, code="RTBMS", name="Rutan Banyumas", type="rutan",
        facility_class="IIB",
    )  # fmt: skip
    facilities.facility_update(actor=admin_user, facility=unit, region=east, is_active=False)
    page = login(admin_user).get(reverse("facilities:facility-history", args=[unit.pk]))
    assert "<del>Kanwil Jawa Tengah</del>" in page.text
    assert "<ins>Kanwil Jawa Timur</ins>" in page.text
    assert "<ins>Rutan</ins>" in page.text  # choices show their label
    assert "<del>ya</del>" in page.text and "<ins>tidak</ins>" in page.text
    user = make_user(username="rina")
    membership = accounts.membership_create(actor=admin_user, user=user, role="regional",
                                            region=east)  # fmt: skip
    accounts.membership_end(actor=admin_user, membership=membership)
    page = login(admin_user).get(reverse("accounts:user-history", args=[user.pk]))
    assert page.status_code == 200


def test_a_users_history_includes_their_roles_and_tokens(login, admin_user, make_user, region):
    from django.urls import reverse

    user = make_user(username="rina", full_name="Rina")
    accounts.user_update(actor=admin_user, user=user, full_name="Rina W.")
    membership = accounts.membership_create(actor=admin_user, user=user, role="regional",
                                            region=region)  # fmt: skip
    accounts.membership_end(actor=admin_user, membership=membership)
    accounts.api_token_create(actor=user, name="skrip-rina")
    other = make_user(username="orang-kedua")
    accounts.membership_create(actor=admin_user, user=other, role="national")
    page = login(admin_user).get(reverse("accounts:user-history", args=[user.pk]))
    text = page.text
    assert "<del>Rina</del>" in text and "<ins>Rina W.</ins>" in text
    assert "<ins>Kanwil Jawa Tengah</ins>" in text  # the region by name, not by id
    assert "<del>ya</del>" in text and "<ins>tidak</ins>" in text  # the role ended
    assert "skrip-rina" in text
    assert "orang-kedua" not in text.split("<table")[1]  # another user's role is not listed

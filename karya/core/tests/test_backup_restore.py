"""`karya backup` and `karya restore`: the demo data comes back identical in an empty database
(every table's rows, stock balances, ledger sums, audit rows, the uploaded files), and a
database that already holds data is refused unless --force.

Runs on SQLite (the online backup API) and on PostgreSQL (pg_dump / pg_restore of the server's
version, restored into a second database created on the test database's server). The demo is
loaded once in this module: it takes a while."""

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
import urllib.parse

import pytest
from django.conf import settings as dj_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.models import Count, Sum
from django.db.utils import load_backend
from django.utils import translation
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.backup import DUMPS, BackupError, backup_restore, storage_files
from karya.finance.models import PnbpDeposit, ProceedsSplit
from karya.inventory.models import StockBalance
from karya.premi.models import InmateLedgerEntry
from karya.sales.models import Payment
from karya.tests.factories import FacilityFactory, InmateFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

RESTORED = "restored"  # the second connection's alias (not one of Django's)
PHOTO = b"\xff\xd8\xff\xe0 not really a photo, but bytes that must come back unchanged"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@contextlib.contextmanager
def second_database(tmp_path):
    """A connection to a second, empty database on the test database's server (a connection
    of its own, outside Django's aliases: the test runner would refuse a new alias)."""
    default = connections["default"]
    postgres = default.vendor == "postgresql"
    if postgres:
        name = f"{default.settings_dict['NAME']}_restored"
        with default.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {default.ops.quote_name(name)}")
            cursor.execute(f"CREATE DATABASE {default.ops.quote_name(name)}")
    else:
        name = str(tmp_path / "restored.sqlite3")
    backend = load_backend(default.settings_dict["ENGINE"])
    restored = backend.DatabaseWrapper({**default.settings_dict, "NAME": name}, RESTORED)
    try:
        yield restored
    finally:
        restored.close()
        if postgres:
            with default.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {default.ops.quote_name(name)}")


def _fetch(connection, queryset) -> list[tuple]:
    """The rows `queryset` gives on `connection` (same vendor as the test database)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def state(connection) -> dict:
    """What must survive a backup: every table's row count, the stock balances, the ledger
    sums (inmate ledger, payments, PNBP) and the audit rows themselves."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    if not tables:
        return {"rows": counts}
    with scopes_disabled():
        queries = {
            "balances": StockBalance.objects.order_by("pk").values_list(
                "location_id", "product_id", "lot_id", "quantity"
            ),
            "ledger": InmateLedgerEntry.objects.values("inmate_id")
            .order_by("inmate_id")
            .annotate(
                n=Count("pk"), sum=Sum("amount"), spend=Sum("spendable"), save=Sum("savings")
            ),
            "payments": Payment.objects.values("facility_id")
            .order_by("facility_id")
            .annotate(n=Count("pk"), sum=Sum("amount")),
            "pnbp_payable": ProceedsSplit.objects.values("facility_id")
            .order_by("facility_id")
            .annotate(sum=Sum("pnbp")),
            "pnbp_deposited": PnbpDeposit.objects.values("facility_id")
            .order_by("facility_id")
            .annotate(sum=Sum("amount")),
            "audit": AuditEntry.objects.order_by("pk").values_list(),
        }
        return {"rows": counts} | {key: _fetch(connection, q) for key, q in queries.items()}


def test_the_demo_comes_back_identical_in_an_empty_database(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    default_storage.save("products/LPPWT/sapu.jpg", ContentFile(PHOTO))
    before = state(connections["default"])
    # The demo really holds what is compared (else the comparison could not fail).
    for part in ("balances", "ledger", "payments", "pnbp_payable", "pnbp_deposited", "audit"):
        assert before[part], part
    archive = tmp_path / "backups" / "karya.tar"
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert archive.is_file() and "1" in out.getvalue()

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with second_database(tmp_path) as restored:
        assert state(restored)["rows"] == {}
        backup_restore(archive_path=archive, connection=restored)
        after = state(restored)
    assert after == before
    assert storage_files(default_storage) == ["products/LPPWT/sapu.jpg"]
    with default_storage.open("products/LPPWT/sapu.jpg", "rb") as photo:
        assert photo.read() == PHOTO


def test_a_database_holding_data_is_refused_unless_forced(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    facility = FacilityFactory(code="LPPWT")
    InmateFactory(facility=facility)
    UserFactory(username="kalapas")
    archive = tmp_path / "karya.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", "--output", str(archive), stdout=io.StringIO())

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with second_database(tmp_path) as target:
        backup_restore(archive_path=archive, connection=target)
        restored = state(target)
        # The restored database now holds data: a second restore must be asked for.
        with pytest.raises(BackupError, match="--force") as refused:
            backup_restore(archive_path=archive, connection=target)
        assert "empty database" in refused.value.message
        assert state(target) == restored
        backup_restore(archive_path=archive, connection=target, force=True)
        assert state(target) == restored == state(connections["default"])
    # The live database itself is refused too, and left as it was.
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert state(connections["default"]) == restored


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "notes.tar"
    bogus.write_bytes(b"just some text")
    with pytest.raises(CommandError, match="not a Karya backup"):
        call_command("restore", str(bogus), stdout=io.StringIO())


def test_an_incomplete_backup_is_refused_before_anything_is_written(tmp_path):
    FacilityFactory(code="LPPWT")
    vendor = connections["default"].vendor
    manifest = {
        "format": 1,
        "vendor": vendor,
        "database": DUMPS[vendor],
        "media": ["products/LPPWT/sapu.jpg"],
    }
    archive = tmp_path / "cut.tar"
    with tarfile.open(archive, "w") as tar:
        content = json.dumps(manifest).encode()
        info = tarfile.TarInfo("karya-backup.json")
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    before = state(connections["default"])
    with pytest.raises(CommandError, match="incomplete"):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert state(connections["default"]) == before


def _database_url(connection) -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    host = urllib.parse.quote(params.get("HOST") or "", safe="")
    user = urllib.parse.quote(params.get("USER") or "", safe="")
    password = urllib.parse.quote(params.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{params['NAME']}"


def test_the_karya_command_restores_into_the_database_it_is_configured_for(tmp_path, settings):
    """As an administrator does it: `karya restore FILE` with DATABASE_URL naming the new,
    empty database, in a process of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    FacilityFactory(code="LPPWT")
    UserFactory(username="kalapas")
    default_storage.save("products/LPPWT/sapu.jpg", ContentFile(PHOTO))
    archive = tmp_path / "karya.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with second_database(tmp_path) as target:
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="karya.test_settings",
            DATABASE_URL=_database_url(target),
            MEDIA_ROOT=str(tmp_path / "restored-media"),
            KARYA_VAR_DIR=str(tmp_path / "var"),
        )
        restore = [sys.executable, "-c", "from karya.cli import main; main()", "restore"]
        done = subprocess.run(  # noqa: S603
            [*restore, str(archive)],
            env=env,
            cwd=dj_settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Cadangan dipulihkan" in done.stdout and "1 berkas media" in done.stdout
        assert state(target) == state(connections["default"])
        again = subprocess.run(  # noqa: S603
            [*restore, str(archive)],
            env=env,
            cwd=dj_settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert again.returncode != 0
        assert "tambahkan --force" in again.stderr and "Traceback" not in again.stderr
    assert (tmp_path / "restored-media" / "products/LPPWT/sapu.jpg").read_bytes() == PHOTO

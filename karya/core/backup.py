"""Backup and restore of a whole installation: the database and the uploaded files (media).

A backup is one uncompressed tar archive (its parts are compressed already):

- `karya-backup.json`: the format, the database vendor, when it was made, the media names;
- `database.sqlite3` (SQLite: a consistent copy made with SQLite's online backup API while Karya
  keeps running) or `database.pgdump` (PostgreSQL: `pg_dump --format=custom`, made with the
  binaries of the server's own major version);
- `media/<name>`: every file of the default storage, read through the storage API (so the same
  code backs up a local folder or an object store).

`backup_write(...)` writes the archive under a temporary name and renames it when complete, so
a failed backup never leaves a file that looks whole. `backup_restore(...)` refuses a database
that already holds tables, or a storage that already holds files, unless `force` is given; on
PostgreSQL the restore runs in one transaction (nothing half-restored).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404: only pg_dump / pg_restore, with fixed arguments, no shell
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.core.errors import DomainError

FORMAT = 1
MANIFEST = "karya-backup.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"


class BackupError(DomainError):
    """A backup or restore that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    media_files: int


# --- media through the storage API ------------------------------------------------------------


def storage_files(storage: Storage, folder: str = "") -> list[str]:
    """Every file name in `storage`, below `folder`, sorted (an absent root has none)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names.extend(storage_files(storage, f"{folder}{sub}/"))
    return sorted(names)


# --- PostgreSQL binaries ----------------------------------------------------------------------


def postgres_binary(connection, name: str) -> str:
    """The path of `name` (pg_dump, pg_restore) for the server's major version: the folder in
    KARYA_PG_BINDIR, else Debian's /usr/lib/postgresql/<major>/bin, else the PATH."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    folders = [os.environ.get("KARYA_PG_BINDIR", ""), f"/usr/lib/postgresql/{major}/bin"]
    for folder in filter(None, folders):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        _(
            "%(program)s (PostgreSQL %(major)s) was not found. Install the PostgreSQL client "
            "of the server's version, or name its folder in KARYA_PG_BINDIR."
        )
        % {"program": name, "major": major},
        code="postgres_binary_missing",
    )


def postgres_environment(connection) -> dict[str, str]:
    """libpq's environment for the connection's database (the password never on a command
    line)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGDATABASE", params.get("NAME")),
        ("PGSSLMODE", (params.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str], env: dict[str, str], failed: str) -> None:
    # Fixed program (pg_dump / pg_restore) and arguments, no shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(
            f"{failed} {detail[-1] if detail else ''}".strip(), code="database_tool_failed"
        )


# --- backup -----------------------------------------------------------------------------------


def _dump_database(connection, target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # consistent even while Karya writes
        finally:
            copy.close()
        return
    command = [
        postgres_binary(connection, "pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
    ]
    _run(command, postgres_environment(connection), _("pg_dump failed:"))


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def backup_write(*, output: Path, connection=None, storage: Storage | None = None) -> BackupSummary:
    """Write a backup archive of the database of `connection` (default: Karya's) and of
    `storage` (default: the media storage) to `output`. Refuses an existing `output`. The
    archive appears only when complete; on any failure nothing is left behind."""
    storage = storage or default_storage
    connection = connection or connections["default"]
    if connection.vendor not in DUMPS:
        raise BackupError(
            _("Karya backs up SQLite and PostgreSQL databases only."), code="unsupported"
        )
    output = Path(output)
    if output.exists():
        raise BackupError(
            _("%(path)s exists already; choose another name.") % {"path": output},
            code="backup_exists",
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.part")
    media = storage_files(storage)
    try:
        with tempfile.TemporaryDirectory(dir=output.parent) as work:
            dump = Path(work) / DUMPS[connection.vendor]
            _dump_database(connection, dump)
            manifest = {
                "format": FORMAT,
                "vendor": connection.vendor,
                "created_at": timezone.now().isoformat(),
                "database": dump.name,
                "media": media,
            }
            with tarfile.open(partial, "w") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
                archive.add(dump, arcname=dump.name)
                for name in media:
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = storage.size(name)
                    info.mtime = int(timezone.now().timestamp())
                    with storage.open(name, "rb") as handle:
                        archive.addfile(info, handle)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(path=output, vendor=connection.vendor, media_files=len(media))


def backup_default_name(folder: Path) -> Path:
    """karya-2026-11-23-010500.tar in `folder` (the time in UTC)."""
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d-%H%M%S")
    return Path(folder) / f"karya-{stamp}.tar"


# --- restore ----------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError(
            _("This file is not a Karya backup (it has no %(name)s).") % {"name": MANIFEST},
            code="not_a_backup",
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("vendor") not in DUMPS:
        raise BackupError(
            _("This backup was made by another version of Karya and cannot be read."),
            code="backup_format",
        )
    return manifest


def _tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _restore_database(connection, dump: Path, *, force: bool) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # replaces every page of the target
        finally:
            source.close()
        return
    command = [
        postgres_binary(connection, "pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if force:
        command[1:1] = ["--clean", "--if-exists"]
    command.append(str(dump))
    _run(command, postgres_environment(connection), _("pg_restore failed:"))


def backup_restore(
    *, archive_path: Path, connection=None, storage: Storage | None = None, force: bool = False
) -> BackupSummary:
    """Restore the backup at `archive_path` into the database of `connection` (default:
    Karya's) and into `storage` (default: the media storage).

    Refused (nothing changed): a file that is not a Karya backup, a backup of another database
    vendor, a database that already holds tables or a storage that already holds files, unless
    `force` — then the backup's tables and files replace those of the same name."""
    storage = storage or default_storage
    connection = connection or connections["default"]
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(
            _("%(path)s does not exist.") % {"path": archive_path}, code="backup_missing"
        )
    try:
        archive = tarfile.open(archive_path, "r:")  # noqa: SIM115 (closed by the with below)
    except tarfile.TarError as exc:
        raise BackupError(
            _("This file is not a Karya backup (it has no %(name)s).") % {"name": MANIFEST},
            code="not_a_backup",
        ) from exc
    with archive:
        manifest = _read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                _(
                    "This is a backup of a %(backup)s database; Karya is configured for "
                    "%(target)s. Restore it into a %(backup)s database."
                )
                % {"backup": manifest["vendor"], "target": connection.vendor},
                code="wrong_vendor",
            )
        tables = _tables(connection)
        existing = storage_files(storage)
        if (tables or existing) and not force:
            raise BackupError(
                _(
                    "The database already holds %(tables)s tables and the media folder "
                    "%(files)s files. Restore into a new, empty database (and an empty media "
                    "folder), or add --force to replace them with the backup."
                )
                % {"tables": len(tables), "files": len(existing)},
                code="not_empty",
            )
        members = set(archive.getnames())
        wanted = [manifest["database"], *(MEDIA_PREFIX + name for name in manifest["media"])]
        if any(name not in members for name in wanted):
            raise BackupError(
                _("The backup is incomplete (a part it lists is missing); use another one."),
                code="backup_incomplete",
            )
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / DUMPS[manifest["vendor"]]
            with archive.extractfile(manifest["database"]) as member, dump.open("wb") as handle:
                shutil.copyfileobj(member, handle)
            _restore_database(connection, dump, force=force)
        connection.close()
        for name in manifest["media"]:
            try:
                if storage.exists(name):
                    storage.delete(name)
                with archive.extractfile(MEDIA_PREFIX + name) as member:
                    storage.save(name, File(member, name=name))
            except OSError as exc:
                raise BackupError(
                    _(
                        "The database was restored, but the file %(name)s could not be written "
                        "(%(error)s). Free some space and run the restore again with --force."
                    )
                    % {"name": name, "error": exc.strerror or exc},
                    code="media_failed",
                ) from exc
    return BackupSummary(
        path=archive_path, vendor=manifest["vendor"], media_files=len(manifest["media"])
    )

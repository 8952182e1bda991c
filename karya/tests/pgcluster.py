"""Throwaway PostgreSQL servers for the tests that need servers of their own (a primary and
its streaming replica on loopback; a server stopped and started under a running Karya). No
tests here. `python -m karya.tests.pgcluster schema` (with DATABASE_URL set) creates every
table straight from the models, without the migrations' history: seconds instead of a minute.

They run Debian's PostgreSQL binaries (/usr/lib/postgresql/<version>/bin, the `postgresql`
package CI installs), as the `postgres` user when the tests run as root (PostgreSQL refuses to
run as root). Without the binaries `bindir()` raises: the test fails, it is never skipped.
Durability is off (fsync, full page writes): the data lives as long as the test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def bindir() -> Path:
    """The newest installed PostgreSQL's bin folder."""
    found = [
        path
        for path in Path("/usr/lib/postgresql").glob("*/bin")
        if (path / "initdb").exists() and (path / "pg_basebackup").exists()
    ]
    if not found:
        raise RuntimeError(
            "PostgreSQL's server binaries are missing (/usr/lib/postgresql/*/bin): "
            "install the Debian package `postgresql`."
        )
    return max(found, key=lambda path: int(path.parent.name.split(".")[0]))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Workspace:
    """A temporary folder for the clusters, readable by the user that runs them."""

    def __init__(self) -> None:
        self.bin = bindir()
        self.root = Path(tempfile.mkdtemp(prefix="karya-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self.clusters: list[Cluster] = []

    def run(self, tool: str, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 (our own arguments)
            _as_postgres([str(self.bin / tool), *args]),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def cluster(self, name: str) -> Cluster:
        cluster = Cluster(self, name)
        self.clusters.append(cluster)
        return cluster

    def close(self) -> None:
        for cluster in reversed(self.clusters):
            cluster.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class Cluster:
    """One PostgreSQL server listening on 127.0.0.1 at a free port."""

    def __init__(self, workspace: Workspace, name: str) -> None:
        self.workspace = workspace
        self.data = workspace.root / name
        self.log = workspace.root / f"{name}.log"
        self.port = free_port()
        self.started = False

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def initdb(self) -> None:
        self.workspace.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip

    def allow_replication(self) -> None:
        """A primary that a standby on loopback may stream from (trust: loopback only)."""
        with open(self.data / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")

    def base_backup_of(self, primary: Cluster) -> None:
        """This cluster's data folder as a standby of `primary` (-R: it streams from it)."""
        self.workspace.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(self.data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
            "--no-sync",
        )

    def start(self) -> None:
        options = [
            f"-p {self.port}",
            f"-k {self.workspace.root}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c full_page_writes=off",
            "-c wal_level=replica",
            "-c max_wal_senders=5",
            "-c hot_standby=on",
        ]
        self.workspace.run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", " ".join(options),
            "start",
        )  # fmt: skip
        self.started = True

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self.workspace.run(
            "psql", "-X", "-qAt", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", database, "-c", sql,
        ).strip()  # fmt: skip

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(RuntimeError):  # already stopped
                self.workspace.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
            self.started = False


class NoMigrations(dict):
    """Every app's tables straight from its models (what pytest-django's --nomigrations does)."""

    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


def create_schema() -> None:
    """The tables of every app in the database of DATABASE_URL, from the models."""
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)


if __name__ == "__main__":
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karya.test_settings")
    import django

    django.setup()
    if sys.argv[1:] != ["schema"]:
        raise SystemExit("usage: python -m karya.tests.pgcluster schema")
    create_schema()

"""The database restarts while Karya serves requests: the user gets a clean 503 page in
Indonesian ("Layanan sedang tidak tersedia, coba lagi sebentar lagi"), never a server error,
and the first request after the database is back succeeds without restarting Karya.

The test starts its own throwaway PostgreSQL cluster (so it runs in the SQLite CI run as well;
CI always installs PostgreSQL, and a missing binary fails the test), creates its tables from
the models, serves Karya from it with gunicorn in a separate process, logs in, then stops and
starts the cluster under the running server.
"""

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from karya.tests.pgcluster import Cluster, Workspace, free_port

MESSAGE = "Layanan sedang tidak tersedia, coba lagi sebentar lagi"
PASSWORD = "Sandi-uji-pemadaman-2026"
WAIT = 60  # seconds; far more than any step needs


@pytest.fixture
def cluster():
    workspace = Workspace()
    try:
        cluster = workspace.cluster("outage")
        cluster.initdb()
        cluster.start()
        cluster.psql("CREATE DATABASE karya")
        yield cluster
    finally:
        workspace.close()


def _environment(cluster: Cluster, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUG", None)  # the server runs as in production: no debug pages
    env.update(
        DJANGO_SETTINGS_MODULE="karya.test_settings",
        DATABASE_URL=cluster.url("karya"),
        KARYA_VAR_DIR=str(var_dir),
        KARYA_ADMIN_PASSWORD=PASSWORD,
        PYTHONPATH=str(settings.BASE_DIR),
        DATABASE_CONN_MAX_AGE="60",  # connections are kept: a restart must not poison them
    )
    return env


def _manage(env, *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", *args],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        timeout=600,
    )


class Browser:
    """A user's browser: keeps the session cookie, reads the status of every answer."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=WAIT) as answer:  # noqa: S310 (loopback)
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)


def _wait_until_serving(browser: Browser, server) -> None:
    deadline = time.monotonic() + WAIT
    while True:
        assert server.poll() is None, "gunicorn stopped: " + server.stderr.read().decode()[-2000:]
        try:
            status, _ = browser.get("/healthz")
            if status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "Karya did not start"
        time.sleep(0.2)


def test_a_database_restart_gives_a_503_page_and_karya_recovers_alone(cluster, tmp_path):
    env = _environment(cluster, tmp_path)
    _manage(env, "karya.tests.pgcluster", "schema")
    _manage(env, "django", "create_admin", "admin")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "karya.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--timeout",
            "60",
        ],  # fmt: skip
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        _wait_until_serving(browser, server)
        browser.get("/akun/masuk/")
        status, page = browser.post(
            "/akun/masuk/",
            {
                "username": "admin",
                "password": PASSWORD,
                "csrfmiddlewaretoken": browser.cookie("csrftoken"),
            },
        )
        assert status == 200 and "admin" in page
        assert browser.get("/akun/profil/")[0] == 200

        cluster.stop()
        status, page = browser.get("/akun/profil/")
        assert status == 503, page[:500]
        assert MESSAGE in page
        assert "Traceback" not in page
        status, page = browser.get("/healthz")
        assert status == 503

        cluster.start()  # Karya itself is not restarted
        status, page = browser.get("/akun/profil/")
        assert status == 200, page[:500]
        assert MESSAGE not in page
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(WAIT)

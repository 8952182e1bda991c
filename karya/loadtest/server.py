"""Karya served by gunicorn on a loopback port, the way `make run` serves it (the Makefile's
`run` target: `gunicorn karya.wsgi --workers 3 --timeout 120 --access-logfile -`), with the
environment (settings, database, secret key) of the calling process."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess  # nosec B404: gunicorn with our own arguments, no shell
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import karya

SOURCE_ROOT = Path(karya.__file__).resolve().parent.parent
WORKERS = 3  # the Makefile's WORKERS
TIMEOUT = 120  # the Makefile's --timeout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base_url: str
    pid: int  # gunicorn's master; its children are the workers
    log: Path


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextlib.contextmanager
def serve(
    workers: int = WORKERS,
    log: Path | None = None,
    env: dict[str, str] | None = None,
    start_timeout: float = 90.0,
):
    """Start gunicorn on a free loopback port with the environment `env` (default this
    process's: its DATABASE_URL, SECRET_KEY, KARYA_VAR_DIR...); yield a Server once /healthz
    answers 200; stop it (TERM, then KILL after 30 s) on leaving. The static files must have
    been collected (`karya collectstatic`, as `make run` does). Raises RuntimeError with the
    end of the server's log when it does not come up."""
    port = free_port()
    env = dict(os.environ if env is None else env)
    log = log or Path(env.get("KARYA_VAR_DIR", SOURCE_ROOT / "var")) / "soak-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env.setdefault("DJANGO_SETTINGS_MODULE", "karya.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE_ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "karya.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(TIMEOUT),
        "--access-logfile",
        "-",
    ]
    with open(log, "wb") as output:
        process = subprocess.Popen(  # noqa: S603  # nosec B603 # our own interpreter and arguments
            command, cwd=SOURCE_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + start_timeout
        while not _healthy(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; its log ends with:\n{_tail(log)}")
            time.sleep(0.3)
        yield Server(f"http://127.0.0.1:{port}", process.pid, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

"""Browser tests: Chromium driven by Playwright against pytest-django's live server.

The fixtures are pytest-playwright's (`browser` is launched once per session and reused; each
test gets a fresh `context` and `page`), with three overrides:

- `browser_type_launch_args` launches the system Chromium named by $KARYA_CHROMIUM (default
  /usr/bin/chromium), headless, never a browser downloaded by `playwright install`. A missing
  binary fails every browser test with a message saying so; the tests are never skipped.
- `browser_context_args` points the page at the live server (`page.goto("/akun/masuk/")`) with
  a desktop viewport, Indonesian locale and the Jakarta time zone.
- `context` shortens Playwright's default timeouts so a broken page fails fast.

Every browser test is marked `@pytest.mark.browser`; karya/conftest.py runs them after all
the other tests, because Playwright keeps an asyncio loop running in the main thread.
"""

import os
from pathlib import Path

import pytest

from karya.tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


def chromium_path() -> str:
    """The Chromium binary to drive, or fail the test with the reason."""
    path = os.environ.get("KARYA_CHROMIUM") or "/usr/bin/chromium"
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {path!r}: the browser tests need it. Install Debian's "
            "chromium package or set KARYA_CHROMIUM to the path of a Chromium binary.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig):
    return {
        "executable_path": chromium_path(),
        "headless": not pytestconfig.getoption("--headed"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "viewport": DESKTOP,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
    }


@pytest.fixture
def context(new_context):
    context = new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def log_in():
    """log_in(page, user): sign in through the (Indonesian) login page."""

    def log_in(page, user):
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    return log_in


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path:
    path = pytestconfig.rootpath / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def screenshot(screenshot_dir):
    """screenshot(page, name): save the whole page at desktop and phone width, for the guide."""

    def take(page, name):
        size = page.viewport_size
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.screenshot(path=screenshot_dir / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(size)

    return take

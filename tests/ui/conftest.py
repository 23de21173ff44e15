"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live_server."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# the front-door and evidence tests also copy their screenshots here, for the issue note
FRONT_SHOTS = Path(os.environ.get("FRONT_SHOTS", "/tmp/front-shots"))


@pytest.fixture(scope="module")
def chromium():
    """One browser per test module.

    Playwright's sync API keeps an event loop running in this thread while it is
    open, and Django refuses ORM calls under a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set only while the browser is open, so
    no other test runs with Django's async-safety check switched off.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        # a skipped browser test must not read as a pass: fail, unless told to skip
        why = f"no Chromium at {CHROMIUM}: install it with `sudo apt-get install -y chromium`"
        if os.environ.get("SKIP_BROWSER_TESTS") == "1":
            pytest.skip(why + " (SKIP_BROWSER_TESTS=1)")
        pytest.fail(why + ", or set SKIP_BROWSER_TESTS=1 to skip the browser tests", pytrace=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def shoot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(pg, name: str, full_page: bool = True):
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return _shoot


@pytest.fixture
def snap(shoot):
    """Like ``shoot``, and a copy in $FRONT_SHOTS (default /tmp/front-shots/)."""
    FRONT_SHOTS.mkdir(parents=True, exist_ok=True)

    def _snap(pg, name):
        path = shoot(pg, name)
        shutil.copy(path, FRONT_SHOTS / path.name)
        return FRONT_SHOTS / path.name

    return _snap


def login(page, base, user, path="/"):
    """Log ``user`` in through the login form, landing on ``path``."""
    from tests.factories import DEFAULT_PASSWORD

    page.goto(base + path)
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

"""Shared test set-up: factories as fixtures, and the real browser for the e2e tests."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is deliberate (the tests, not the site, do it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path():
    """The browser the e2e tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else none."""
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return candidate if os.access(candidate, os.X_OK) else shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    skip_postgres_only(items)
    e2e_items = [item for item in items if "e2e" in item.keywords]
    if not e2e_items or chromium_path():
        return
    if os.environ.get("E2E_REQUIRED") == "1":
        raise pytest.UsageError(
            "E2E_REQUIRED=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)."
        )
    skip = pytest.mark.skip(reason="no Chromium: set CHROMIUM_PATH or install Debian's chromium")
    for item in e2e_items:
        item.add_marker(skip)


def skip_postgres_only(items):
    """Tests of row locks and concurrency need PostgreSQL; CI runs the suite on it too."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://...); CI runs it there")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Under pytest-xdist the workers collect, so the controller only knows whether a browser exists.
    if not chromium_path():
        terminalreporter.write_line(
            "!!! BROWSER TESTS SKIPPED: no Chromium found. "
            "Install Debian's chromium or set CHROMIUM_PATH; E2E_REQUIRED=1 makes this an error. !!!",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium with the flags this closed network needs."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot as test-results/screenshots/<name>.png and return its path."""

    def take(name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def user_factory(db):
    from tests.factories import UserFactory

    return UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages keep rendered fragments there, and ids repeat."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):  # Redis: only this test process's keys (its own prefix)
        cache.delete_pattern("*")
    else:
        cache.clear()

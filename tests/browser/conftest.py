"""Fixtures for driving the course notebooks in JupyterLab with a real (headless) Chromium.

The machinery itself (server, browser flags, the page probe) lives in :mod:`tests.browser.lab`,
which ``benchmarks/slider_latency.py`` uses too.

The browser tests need Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright`` Python
package. Without them the tests are skipped, unless ``COURSE_REQUIRE_BROWSER=1`` is set (as in CI),
in which case they fail. Playwright's own browser download (``playwright install``) is never used.

Environment variables:

``COURSE_NOTEBOOK_DIR``
    Directory whose ``*.ipynb`` files are tested (default: ``notebooks/`` at the repository root).
    The server always works on a temporary copy of it.
``COURSE_REQUIRE_BROWSER``
    ``1`` turns "Chromium/Playwright missing" skips into failures.
``COURSE_CHROMIUM``
    Path of the Chromium executable to use instead of ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from . import lab

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REQUIRE_BROWSER_ENV = "COURSE_REQUIRE_BROWSER"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail with it when ``COURSE_REQUIRE_BROWSER=1`` (CI)."""
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_BROWSER_ENV}=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The Chromium executable; skips (or fails under COURSE_REQUIRE_BROWSER=1) if missing."""
    path = lab.find_chromium()
    if path is None:
        skip_or_fail(
            "Chromium not installed: the browser tests need Debian's chromium at "
            f"{lab.DEFAULT_CHROMIUM} (as root: `apt-get update && apt-get install -y chromium`) "
            "or COURSE_CHROMIUM=/path/to/chromium. Do not use `playwright install`."
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """A headless Chromium driven by Playwright, kept off the network."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        skip_or_fail(
            f"Playwright not importable ({exc}): `pip install playwright` in the test "
            "environment (e.g. `pip install -e '.[test]'`); no `playwright install` needed."
        )
    with sync_playwright() as playwright:
        browser = lab.launch_browser(playwright, chromium_path)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_server(
    tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> Iterator[lab.LabServer]:
    """JupyterLab on 127.0.0.1 serving a temporary copy of the notebooks.

    Depends on ``browser`` so that a missing Chromium skips before the server is started.
    """
    try:
        with lab.lab_server(tmp_path_factory.mktemp("lab")) as server:
            yield server
    except lab.LabError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def lab_page(browser: Browser, lab_server: lab.LabServer) -> Iterator[Page]:
    """A fresh browser context and page; kernels are shut down and the page closed afterwards."""
    with lab.lab_page(browser) as page:
        yield page

"""Fixtures for driving the course notebooks in JupyterLab with a real (headless) Chromium.

The machinery itself (server, browser flags, the page probe, reusable pages) lives in
:mod:`tests.browser.lab`, which ``benchmarks/slider_latency.py`` uses too.

One Chromium and one JupyterLab server serve the whole session. Pages are reused, since loading
JupyterLab costs seconds of CPU: the repaint tests share one JupyterLab page (``lab_page``), the
reopen tests one page per front end (``reopen_page``; Notebook 7 shows one document per page, so
there the page navigates from one notebook's address to the next). After each test the notebooks
it opened are closed with their kernels shut down, so the next test starts with nothing open;
after a failed test the page and its context are thrown away, so a failure never leaks into the
next test.

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
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from . import lab

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REQUIRE_BROWSER_ENV = "COURSE_REQUIRE_BROWSER"

#: The reports of a test's phases (setup, call, teardown), for fixtures that tidy up after it.
PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """Keep each phase's report on the test item (for :func:`has_failed`)."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report


def has_failed(request: pytest.FixtureRequest) -> bool:
    """Whether the requesting test's setup or call failed (read in a fixture's teardown)."""
    reports = request.node.stash.get(PHASE_REPORTS, {})
    return any(report.failed for report in reports.values())


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


@pytest.fixture(scope="module")
def lab_pages(browser: Browser, lab_server: lab.LabServer) -> Iterator[lab.SharedPage]:
    """The JupyterLab page that the module's repaint tests share (see :class:`lab.SharedPage`)."""
    shared = lab.SharedPage(browser)
    try:
        yield shared
    finally:
        shared.discard()


@pytest.fixture
def lab_page(lab_pages: lab.SharedPage, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page for JupyterLab with no notebook open (blank, or the previous test's JupyterLab).

    Afterwards the test's notebooks are closed and their kernels shut down; after a failure the
    page is thrown away and the next test gets a fresh one.
    """
    yield lab_pages.page()
    lab_pages.release(failed=has_failed(request))


@pytest.fixture(scope="module")
def reopen_pages(
    browser: Browser, lab_server: lab.LabServer
) -> Iterator[dict[str, lab.SharedPage]]:
    """Per front end, the page the reopen tests share (never used for anything else)."""
    pages = {front_end: lab.SharedPage(browser) for front_end in lab.FRONT_ENDS}
    try:
        yield pages
    finally:
        for shared in pages.values():
            shared.discard()


@pytest.fixture
def reopen_page(
    front_end: str, reopen_pages: dict[str, lab.SharedPage], request: pytest.FixtureRequest
) -> Iterator[Page]:
    """``front_end``'s shared page with nothing open, to reopen a saved notebook in.

    Blank, or left by the previous reopen test with its notebook closed and its kernel shut down
    (JupyterLab opens the next notebook in it, Notebook 7 navigates to it). Thrown away after a
    failure, as ``lab_page``.
    """
    shared = reopen_pages[front_end]
    yield shared.page()
    shared.release(failed=has_failed(request))

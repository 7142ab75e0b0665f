"""Fixtures for driving the course notebooks in JupyterLab with a real (headless) Chromium.

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

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")

#: Flags that keep Chromium off the network (see /work/shared/notes/browser.md).
CHROMIUM_ARGS: list[str] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]

#: JupyterLab user settings written into a temporary JUPYTERLAB_SETTINGS_DIR.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # Never write widget state (or anything else) back to the notebooks.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # No news, no update checks, no toasts covering the figures.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
    # JupyterLab's default windowing: every cell stays in the DOM (off-screen cells only skip
    # rendering), as a learner has it; "full" windowing would detach off-screen widgets. Never ask
    # for a kernel in a dialog.
    "@jupyterlab/notebook-extension/tracker": {
        "windowingMode": "contentVisibility",
        "autoStartDefaultKernel": True,
    },
}

SERVER_START_TIMEOUT_S = 60.0
REQUIRE_BROWSER_ENV = "COURSE_REQUIRE_BROWSER"
#: The slider latencies are measured once less than this fraction of all CPU time is busy ...
QUIET_CPU_FRACTION = 0.35
#: ... or after this many seconds of waiting for it.
QUIET_TIMEOUT_S = 180.0


def notebook_dir() -> Path:
    """Return the directory whose notebooks the browser tests run (``COURSE_NOTEBOOK_DIR``)."""
    override = os.environ.get("COURSE_NOTEBOOK_DIR")
    return Path(override).expanduser().resolve() if override else REPO_ROOT / "notebooks"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail with it when ``COURSE_REQUIRE_BROWSER=1`` (CI)."""
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_BROWSER_ENV}=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> Path | None:
    """Return the Chromium executable (``COURSE_CHROMIUM``, ``/usr/bin/chromium``, or PATH)."""
    override = os.environ.get("COURSE_CHROMIUM")
    candidates = [override] if override else []
    candidates += [
        str(DEFAULT_CHROMIUM),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tag_expected_exceptions(notebook: Path) -> None:
    """Tag cells marked ``# NBVAL_RAISES_EXCEPTION`` with ``raises-exception`` (temp copy only).

    JupyterLab only keeps running the following cells after an error when the failing cell carries
    the ``raises-exception`` tag; nbval also accepts the comment marker, so mirror it as a tag.
    """
    data = json.loads(notebook.read_text(encoding="utf-8"))
    changed = False
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "code" or not has_nbval_raises_marker(cell):
            continue
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if "raises-exception" not in tags:
            tags.append("raises-exception")
            changed = True
    if changed:
        notebook.write_text(json.dumps(data, indent=1), encoding="utf-8")


def cell_source(cell: dict[str, Any]) -> str:
    """Return a notebook cell's source as one string."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def has_nbval_raises_marker(cell: dict[str, Any]) -> bool:
    """Return whether a cell is allowed to raise (nbval tag or whole-line comment marker)."""
    if "raises-exception" in cell.get("metadata", {}).get("tags", []):
        return True
    lines = (line.strip() for line in cell_source(cell).splitlines())
    return "# NBVAL_RAISES_EXCEPTION" in lines


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab server used by the browser tests."""

    url: str
    root_dir: Path
    log_path: Path

    def log_tail(self, n_chars: int = 3000) -> str:
        """Return the end of the server's (and its kernels') combined output."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n_chars:]
        except OSError:
            return ""


def _write_lab_settings(settings_dir: Path) -> None:
    """Write :data:`LAB_SETTINGS` as JupyterLab user settings files."""
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _server_env(home: Path) -> dict[str, str]:
    """Return the environment for the server and its kernels, isolated under ``home``."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # would leak into the kernels and hide the inline figures
    env["PYTHONHASHSEED"] = "0"
    dirs = {
        "JUPYTER_CONFIG_DIR": "jupyter_config",
        "JUPYTER_DATA_DIR": "jupyter_data",
        "JUPYTER_RUNTIME_DIR": "jupyter_runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab_settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab_workspaces",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "matplotlib",
    }
    for var, name in dirs.items():
        path = home / name
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # The kernels import the course package from the repository, wherever the notebooks live.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    # Same interpreter for `jupyter lab` subcommand lookup and kernels.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _wait_until_ready(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    """Block until ``GET /api/status`` answers 200, or fail with the server log."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{log}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    log = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    pytest.fail(f"JupyterLab not ready after {SERVER_START_TIMEOUT_S:.0f} s:\n{log}", pytrace=False)


def _stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server's process group (the server and its kernels)."""
    if proc.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The Chromium executable; skips (or fails under COURSE_REQUIRE_BROWSER=1) if missing."""
    path = find_chromium()
    if path is None:
        skip_or_fail(
            "Chromium not installed: the browser tests need Debian's chromium at "
            f"{DEFAULT_CHROMIUM} (as root: `apt-get update && apt-get install -y chromium`) or "
            "COURSE_CHROMIUM=/path/to/chromium. Do not use `playwright install`."
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
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1 serving a temporary copy of the notebooks.

    Depends on ``browser`` so that a missing Chromium skips before the server is started.
    """
    base = tmp_path_factory.mktemp("lab")
    root_dir = base / "notebooks"
    source = notebook_dir()
    shutil.copytree(source, root_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    data_dir = source.parent / "data"
    if data_dir.is_dir():  # notebooks may read ../data/...
        (base / "data").symlink_to(data_dir, target_is_directory=True)
    for notebook in root_dir.glob("*.ipynb"):
        tag_expected_exceptions(notebook)

    home = base / "home"
    env = _server_env(home)
    _write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.allow_root=True",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    log_path = base / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=root_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: teardown also ends the kernels
        )
    try:
        _wait_until_ready(url, proc, log_path)
        yield LabServer(url=url, root_dir=root_dir, log_path=log_path)
    finally:
        _stop_process_group(proc)


def cpu_busy_fraction(window_s: float = 0.5) -> float | None:
    """Fraction of the machine's CPU time (all cores) spent busy over ``window_s`` seconds.

    Read from Linux's ``/proc/stat``; None where it does not exist.
    """

    def snapshot() -> tuple[int, int] | None:
        try:
            fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
        except OSError:
            return None
        values = [int(v) for v in fields[:8]]  # user nice system idle iowait irq softirq steal
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    first = snapshot()
    time.sleep(window_s)
    second = snapshot()
    if first is None or second is None or second[1] == first[1]:
        return None
    return (second[0] - first[0]) / (second[1] - first[1])


_quiet_wait_timed_out = False


def wait_for_quiet_machine(timeout_s: float = QUIET_TIMEOUT_S) -> tuple[float, float]:
    """Wait until less than :data:`QUIET_CPU_FRACTION` of the CPU time is busy (or time out).

    The slider latencies are what a learner sees on an otherwise idle machine; other tests
    running in parallel (pytest-xdist) would inflate them. Returns (seconds waited, last busy
    fraction); without ``/proc/stat`` it returns at once. After one timeout (a machine busy with
    something else) later calls do not wait again, so a busy machine costs ``timeout_s`` once.
    """
    global _quiet_wait_timed_out
    started = time.monotonic()
    while True:
        busy = cpu_busy_fraction()
        if busy is None or busy < QUIET_CPU_FRACTION:
            return time.monotonic() - started, busy or 0.0
        if _quiet_wait_timed_out or time.monotonic() - started > timeout_s:
            _quiet_wait_timed_out = True
            return time.monotonic() - started, busy


@pytest.fixture
def lab_page(browser: Browser, lab_server: LabServer) -> Iterator[Page]:
    """A fresh browser context and page; kernels are shut down and the page closed afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        yield page
    finally:
        try:
            if page.evaluate("() => typeof window.jupyterapp !== 'undefined'"):
                page.evaluate(
                    "async () => { await window.jupyterapp.serviceManager.sessions.shutdownAll(); }"
                )
        except Exception as exc:  # best effort: the server teardown stops them anyway
            print(f"warning: could not shut kernels down from the page: {exc}")
        page.close()
        context.close()

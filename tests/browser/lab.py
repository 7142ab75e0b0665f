"""JupyterLab in a headless Chromium: the machinery the browser test and the benchmark share.

Used by ``tests/browser`` (the repaint checks, through the fixtures in its ``conftest.py``) and by
``benchmarks/slider_latency.py`` (the latency figures). Nothing here depends on pytest: failures
raise :class:`LabError`.

* :func:`find_chromium`, :func:`launch_browser`: Debian's ``/usr/bin/chromium`` driven by
  Playwright, with flags that keep it off the network (Playwright's own browser download is never
  used).
* :func:`lab_server`: JupyterLab on 127.0.0.1 serving a temporary copy of the notebooks, with no
  token, no autosave, no news or update checks, isolated Jupyter/IPython/matplotlib folders, and
  the same kernel environment as ``scripts/regenerate_notebooks.py`` (PYTHONHASHSEED=0, one BLAS
  thread, no MPLBACKEND).
* :class:`SharedPage`, :func:`lab_page`: browser contexts and pages. Loading JupyterLab costs
  seconds of CPU, so one page can open notebook after notebook (:func:`open_notebook` loads
  JupyterLab only into a blank page, then opens with JupyterLab's ``docmanager:open``;
  :func:`close_documents` shuts the kernels down, closes the tabs and waits until nothing of them
  is left in the page). :func:`lab_page` is a fresh context for one notebook (the benchmark).
* :data:`PAGE_PROBE`: JavaScript installed in the page as ``window.__course``. It records, on the
  page's own clock (``performance.now()``, ms): input events (``keydown``, ``pointerdown``,
  ``pointerup``, ``change``), every repaint of a ``course-figure`` image (``src`` changed →
  decoded → next animation frame), and every kernel message that carries new image bytes (kernel
  send time from its header, arrival time in the page), for the notebook opened last (each
  :func:`open_notebook` starts the records afresh). From these the benchmark derives latencies
  and their breakdown; the test only uses them to wait for repaints without sleeping.
* :func:`open_and_run_all` and small page helpers (controls, readouts, pixel diffs), and
  :func:`open_saved`, which reopens a saved notebook in JupyterLab or Notebook 7.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from course_utils import launch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Locator, Page, Playwright

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

#: The window the tests use (readouts must fit their boxes at this size).
VIEWPORT = {"width": 1400, "height": 1000}

# Timeouts only bound waits for real events (a busy machine makes them slower, never failing).
SERVER_START_TIMEOUT_S = 180.0
OPEN_TIMEOUT_MS = 300_000  # page load until the kernel is idle
RUN_ALL_TIMEOUT_MS = 900_000  # "Run All" until every cell is done
WIDGETS_TIMEOUT_MS = 120_000  # added to the above for every widget view to render
CLOSE_TIMEOUT_MS = 120_000  # closing a notebook, its kernel shut down
SETTLE_MS = 300  # how long things must stay unchanged to count as settled

#: Top-level cell outputs rendered by the ipywidgets renderer (not text fallbacks).
RENDERED_WIDGET_OUTPUTS = (
    ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output:has(> .jupyter-widgets)"
)

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class LabError(RuntimeError):
    """JupyterLab, the browser or a notebook did not behave (the message says how)."""


# --------------------------------------------------------------------------------------------
# Chromium and JupyterLab
# --------------------------------------------------------------------------------------------


def notebook_dir() -> Path:
    """The directory whose notebooks are driven (``COURSE_NOTEBOOK_DIR``, default notebooks/)."""
    override = os.environ.get("COURSE_NOTEBOOK_DIR")
    return Path(override).expanduser().resolve() if override else REPO_ROOT / "notebooks"


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


def launch_browser(playwright: Playwright, chromium: Path) -> Browser:
    """A headless Chromium kept off the network."""
    return playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def allowed_error_cells(notebook: Path) -> set[int]:
    """Indices of the cells that may show an error (nbval's ``raises-exception`` markers)."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    return {i for i, cell in enumerate(cells) if has_nbval_raises_marker(cell)}


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


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab server."""

    url: str
    root_dir: Path
    log_path: Path
    pid: int

    def log_tail(self, n_chars: int = 3000) -> str:
        """Return the end of the server's (and its kernels') combined output."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n_chars:]
        except OSError:
            return ""


def kernel_environment(home: Path) -> dict[str, str]:
    """The environment of the server and its kernels, with Jupyter's folders under ``home``."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # would leak into the kernels and hide the inline figures
    env["PYTHONHASHSEED"] = "0"
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"  # as scripts/regenerate_notebooks.py
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
    # The course's JupyterLab settings (widget state saved with the notebook), applied exactly as
    # the course's launcher applies them.
    return launch.jupyter_environment(env)


#: What the course's JupyterLab settings change for speed, set back to JupyterLab's defaults (as
#: user settings, and a page config in a folder put before the course's on JUPYTER_CONFIG_PATH:
#: both win over the course's): the benchmarks' ``--jupyterlab-defaults`` measures against them.
#: See course_utils/jupyter_config.
JUPYTERLAB_DEFAULTS: dict[str, Any] = {
    "settings": {
        "@jupyterlab/notebook-extension/tracker": {
            "kernelStatus": {"showOnStatusBar": False, "showProgress": True}
        }
    },
    "page_config": {"disabledExtensions": {"@jupyterlab/application-extension:faviconbusy": False}},
}


def _write_lab_settings(settings_dir: Path, extra: Mapping[str, Mapping[str, Any]]) -> None:
    for plugin in {**LAB_SETTINGS, **extra}:
        values = {**LAB_SETTINGS.get(plugin, {}), **extra.get(plugin, {})}
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _wait_until_ready(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    """Block until ``GET /api/status`` answers 200 (the server is up), or raise LabError."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise LabError(f"JupyterLab exited with code {proc.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling an HTTP endpoint: nothing to subscribe to
    log = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise LabError(f"JupyterLab not ready after {SERVER_START_TIMEOUT_S:.0f} s:\n{log}")


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


@contextlib.contextmanager
def lab_server(
    base: Path | None = None, source: Path | None = None, *, jupyterlab_defaults: bool = False
) -> Iterator[LabServer]:
    """Run JupyterLab on 127.0.0.1 serving a temporary copy of ``source`` (default notebooks/).

    ``base`` is the folder for the copy, the settings and the log (a new temporary folder when
    None, removed afterwards). The server runs in its own process group; leaving the context
    stops the group, which also ends its kernels. With ``jupyterlab_defaults``, what the course's
    settings change for speed is set back to JupyterLab's defaults (:data:`JUPYTERLAB_DEFAULTS`).
    """
    with contextlib.ExitStack() as stack:
        if base is None:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="course-lab-")))
        source = source or notebook_dir()
        root_dir = base / "notebooks"
        shutil.copytree(source, root_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        data_dir = source.parent / "data"
        if data_dir.is_dir():  # notebooks may read ../data/...
            (base / "data").symlink_to(data_dir, target_is_directory=True)
        for notebook in root_dir.glob("*.ipynb"):
            tag_expected_exceptions(notebook)
        env = kernel_environment(base / "home")
        extra = JUPYTERLAB_DEFAULTS["settings"] if jupyterlab_defaults else {}
        _write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]), extra)
        if jupyterlab_defaults:
            # Above the course's folder on JUPYTER_CONFIG_PATH, the highest-priority place.
            config = base / "home" / "jupyterlab_defaults"
            (config / "labconfig").mkdir(parents=True, exist_ok=True)
            (config / "labconfig" / "page_config.json").write_text(
                json.dumps(JUPYTERLAB_DEFAULTS["page_config"]), encoding="utf-8"
            )
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(config), env["JUPYTER_CONFIG_PATH"]])
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
            "--JupyterNotebookApp.expose_app_in_browser=True",  # Notebook 7 pages, when installed
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
                start_new_session=True,  # own process group: stopping it also ends the kernels
            )
        try:
            _wait_until_ready(url, proc, log_path)
            yield LabServer(url=url, root_dir=root_dir, log_path=log_path, pid=proc.pid)
        finally:
            _stop_process_group(proc)


class SharedPage:
    """A browser context, and a page in it, that one test after another reuses.

    :meth:`page` returns the current page, creating the context and the page when there is none.
    After each use, :meth:`release` closes the documents open in the page, their kernels shut
    down (:func:`close_documents`), so the next user finds an empty JupyterLab, or a Notebook 7
    page with nothing open that it navigates to its own document (cheaper than a new page: the
    same renderer process keeps its compiled scripts). After a failure, or when closing fails,
    :meth:`release` discards the context, so the next user gets a fresh one: one failure does not
    leak into the next test.
    """

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._context: BrowserContext | None = None
        self._page: Page | None = None

    def page(self) -> Page:
        """The current page (a new one, in a new context if needed, when there is none)."""
        if self._page is None or self._page.is_closed():
            if self._context is None:
                self._context = self._browser.new_context(viewport=VIEWPORT)
            self._page = self._context.new_page()
            self._page.on("dialog", _leave_page)
        return self._page

    def release(self, *, failed: bool = False) -> None:
        """Close the page's documents (and page) after a use, or discard all after a failure."""
        if self._page is None:
            return
        if failed:
            self.discard()
            return
        try:
            if page_has_app(self._page):
                close_documents(self._page)
        except Exception as exc:
            print(f"warning: starting over with a fresh browser context: {exc}")
            self.discard()

    def discard(self) -> None:
        """Shut the page's kernels down (best effort) and close the page and its context."""
        page, context = self._page, self._context
        self._page = self._context = None
        try:
            if page is not None and not page.is_closed() and page_has_app(page):
                page.evaluate(_CLOSE_DOCUMENTS, CLOSE_TIMEOUT_MS)
        except Exception as exc:  # best effort: stopping the server ends them anyway
            print(f"warning: could not shut kernels down from the page: {exc}")
        finally:
            if context is not None:
                context.close()


def _leave_page(dialog: Dialog) -> None:
    """Let a page navigate away even if it asks to stay (its documents are closed by then)."""
    if dialog.type == "beforeunload":
        dialog.accept()
    else:
        dialog.dismiss()  # what Playwright does with a dialog nobody handles


def page_has_app(page: Page) -> bool:
    """Whether ``page`` runs a JupyterLab or Notebook 7 application (``window.jupyterapp``)."""
    return bool(page.evaluate("() => typeof window.jupyterapp !== 'undefined'"))


@contextlib.contextmanager
def lab_page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context and page; its kernels are shut down and the page closed after."""
    shared = SharedPage(browser)
    try:
        yield shared.page()
    finally:
        shared.discard()


# --------------------------------------------------------------------------------------------
# The page probe
# --------------------------------------------------------------------------------------------

#: Installed as ``window.__course`` once JupyterLab has opened the first notebook of the page;
#: ``listen()`` then follows the current notebook (it forgets what it recorded for the previous
#: one). Times are ``performance.now()`` ms.
PAGE_PROBE = r"""
() => {
  if (window.__course) return;
  const app = window.jupyterapp;
  const panel = () => app.shell.currentWidget;
  const now = () => performance.now();
  // Kernel header dates are wall-clock ISO strings with microseconds: convert to this page's
  // performance.now() timeline (same machine, same clock).
  const kernelTime = (iso) => {
    const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(String(iso));
    if (!m) return NaN;
    const epochMs = Date.parse(m[1] + (m[3] || 'Z')) + 1000 * Number('0' + (m[2] || '.0'));
    return epochMs - (Date.now() - now());
  };
  const C = {
    events: [],      // {type, t}: keydown, pointerdown, pointerup, change (capture phase)
    paints: [],      // {el, changed, painted, live, seq}: a course-figure <img> got a new src
                     // (seq: its number in the order of src changes) ... shown
    imageMsgs: [],   // {sent, arrived}: kernel messages carrying new image bytes
    sends: [],       // {id, t}: widget (comm) messages the page sent to the kernel
    started: {},     // comm message id -> seq of the last src change before the page handled the
                     // kernel's "busy" status for it (the kernel began handling it)
    finished: {},    // comm message id -> true once the page handled its "idle" status
    seq: 0,          // src changes so far
    callbackErrors: [],  // errors raised while handling widget messages (slider callbacks)
    waiters: [],
    connections: [],  // [signal, slot] pairs connected by listen(), disconnected by reset()
    quietSince: null,
    lastSignature: null,
    runAll: {done: false, result: null, error: null},
    // Forget everything recorded so far and stop listening to the previous notebook's kernel
    // (one page drives one notebook after another).
    reset() {
      C.connections.splice(0).forEach(([signal, slot]) => signal.disconnect(slot));
      C.events = [];
      C.paints = [];
      C.imageMsgs = [];
      C.sends = [];
      C.started = {};
      C.finished = {};
      C.callbackErrors = [];
      C.waiters.splice(0).forEach((resolve) => resolve());
      C.quietSince = null;
      C.lastSignature = null;
      C.runAll = {done: false, result: null, error: null};
    },
    // Start recording for the current notebook (after reset()).
    listen() {
      C.reset();
      const connect = (signal, slot) => {
        signal.connect(slot);
        C.connections.push([signal, slot]);
      };
      // anyMessage fires on arrival; iopubMessage only after the widget manager has handled the
      // message (by then the image may already show the new frame).
      connect(panel().sessionContext.session.kernel.anyMessage, (_, {msg, direction}) => {
        const c = msg.content;
        if (direction === 'recv' && msg.header.msg_type === 'comm_msg'
            && (c.data?.buffer_paths || []).some((p) => p[0] === 'value')) {
          C.imageMsgs.push({sent: kernelTime(msg.header.date), arrived: now()});
        } else if (direction === 'send' && msg.header.msg_type === 'comm_msg') {
          C.sends.push({id: msg.header.msg_id, t: now()});
        }
      });
      // The kernel connection handles its messages one at a time, in the kernel's order, and
      // emits iopubMessage once a message is handled: every image the kernel sent before it
      // began handling a message has its new src by then, every later one gets it after.
      connect(panel().sessionContext.iopubMessage, (_, msg) => {
        const type = msg.header.msg_type;
        const c = msg.content;
        const parent = msg.parent_header?.msg_id;
        if (type === 'status' && c.execution_state === 'busy' && parent && !(parent in C.started)) {
          C.started[parent] = C.seq;
        } else if (type === 'status' && c.execution_state === 'idle' && parent) {
          // ipywidgets sends a value it held back (one message in flight per widget) while
          // handling this status, before this slot runs: it is in C.sends by now.
          C.finished[parent] = true;
          C.waiters.splice(0).forEach((resolve) => resolve());
        }
        if (msg.parent_header?.msg_type === 'execute_request') return;
        if (type === 'error') {
          C.callbackErrors.push(`${c.ename}: ${c.evalue}\n${(c.traceback || []).join('\n')}`);
        } else if (type === 'stream' && c.name === 'stderr'
                   && String(c.text).includes('Traceback')) {
          C.callbackErrors.push(String(c.text));
        }
      });
    },
    kernelStatus() {
      const kernel = panel()?.sessionContext?.session?.kernel;
      return kernel ? kernel.status : 'none';
    },
    startRunAll() {
      C.runAll = {done: false, result: null, error: null};
      app.commands.execute('runmenu:run-all').then(
        (result) => { C.runAll = {done: true, result, error: null}; },
        (error) => { C.runAll = {done: true, result: null, error: String(error)}; });
    },
    // true once `busy` has been false for `quietMs` in a row (call it from a polling wait)
    quietFor(busy, quietMs) {
      if (busy) { C.quietSince = null; return false; }
      if (C.quietSince === null) C.quietSince = now();
      return now() - C.quietSince >= quietMs;
    },
    // Run All still going: the command, a cell prompt showing '*', or the kernel busy.
    runAllBusy() {
      const prompts = [...panel().content.node.querySelectorAll('.jp-InputPrompt')];
      const running = prompts.some((p) => p.textContent.includes('*'));
      return !C.runAll.done || running || C.kernelStatus() !== 'idle';
    },
    // Widget views still appearing: an empty view, an interactive figure without its image, or
    // the number of views or sliders changed since the previous call.
    widgetsBusy() {
      // widget views carry no data-mime-type (standard renderers do)
      const outputs = [...document.querySelectorAll('.jp-Cell-outputArea > .jp-OutputArea-child'
        + ' > .jp-OutputArea-output:not([data-mime-type])')];
      const pending = outputs.some((o) => o.childElementCount === 0)
        || [...document.querySelectorAll('.course-interactive img')].some((img) => !img.src);
      const signature = `${outputs.length}/${document.querySelectorAll('.widget-slider').length}`;
      const changed = signature !== C.lastSignature;
      C.lastSignature = signature;
      return pending || changed;
    },
    // true once neither Run All nor the widget views have been busy for `quietMs` in a row
    // (one quiet period for both; call it from a polling wait)
    runAllSettled(quietMs) {
      const running = C.runAllBusy();
      const rendering = C.widgetsBusy();
      return C.quietFor(running || rendering, quietMs);
    },
    cellReport() {
      return panel().content.widgets.map((cell, index) => {
        const model = cell.model;
        const outputs = model.type === 'code' ? model.outputs.toJSON() : [];
        return {
          index,
          type: model.type,
          empty: model.sharedModel.getSource().trim() === '',
          executionCount: model.type === 'code' ? model.executionCount : null,
          errors: outputs.filter((o) => o.output_type === 'error')
            .map((o) => `${o.ename}: ${o.evalue}`)
            .concat(outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr'
                                       && String(o.text).includes('Traceback'))
                       .map((o) => String(o.text).slice(-500))),
          widgetOutputs: outputs.filter(
            (o) => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
        };
      });
    },
    paintsOf(el, after) {
      return C.paints.filter((p) => p.el === el && p.changed > after);
    },
    // Whether `el` has shown a frame that the kernel rendered after it began handling the first
    // widget message the page sent after `after` (a key press's or a dropdown's new value).
    repaintedFor(el, after) {
      const send = C.sends.find((s) => s.t > after);
      const started = send ? C.started[send.id] : undefined;
      return started !== undefined && C.paints.some((p) => p.el === el && p.seq > started);
    },
    // Whether every widget message the page sent after `after` has been answered (so none is held
    // back either), the kernel is idle, and `el` shows a frame the kernel rendered after it began
    // handling the last one: the frame of the final value, e.g. at the end of a drag.
    finalShown(el, after) {
      const sent = C.sends.filter((s) => s.t > after);
      if (sent.length === 0 || sent.some((s) => !C.finished[s.id])) return false;
      if (C.kernelStatus() !== 'idle') return false;
      const started = C.started[sent[sent.length - 1].id];
      return started !== undefined && C.paints.some((p) => p.el === el && p.seq > started);
    },
    // Resolves true (event-driven) once repaintedFor(el, after); false after `timeoutMs`.
    async repaintedForInput(el, after, timeoutMs) {
      const deadline = now() + timeoutMs;
      while (!C.repaintedFor(el, after)) {
        if (now() > deadline) return false;
        // woken by the next repaint (the "busy" status always comes before the frames it
        // explains)
        await new Promise((resolve) => {
          C.waiters.push(resolve);
          setTimeout(resolve, Math.max(0, deadline - now()));
        });
      }
      return true;
    },
    lastEvent(type) {
      for (let i = C.events.length - 1; i >= 0; i--) {
        if (C.events[i].type === type) return C.events[i].t;
      }
      return null;
    },
    // Resolves (event-driven) once `el` has repainted after `after` and then settled: it shows the
    // final frame (finalShown), or else the kernel is idle and no further repaint came for
    // `quietMs` (a last value that changes no pixel sends no frame); false after `timeoutMs`.
    // With quietMs = 0 it resolves at the first repaint.
    async settled(el, after, quietMs, timeoutMs) {
      const deadline = now() + timeoutMs;
      const nextPaint = (ms) => new Promise((resolve) => {
        C.waiters.push(resolve);
        setTimeout(resolve, Math.max(0, ms));
      });
      while (C.paintsOf(el, after).length === 0) {
        if (now() > deadline) return false;
        await nextPaint(deadline - now());
      }
      if (quietMs <= 0) return true;
      for (;;) {
        if (C.finalShown(el, after)) return true;
        const last = Math.max(...C.paintsOf(el, after).map((p) => p.painted));
        const idle = C.kernelStatus() === 'idle';
        if (idle && now() - last >= quietMs) return true;
        if (now() > deadline) return false;
        // woken by the next repaint, or when the quiet period would end (kernel status has no
        // cheap event here, so re-check it every 50 ms while it is busy)
        await nextPaint(idle ? quietMs - (now() - last) : 50);
      }
    },
  };
  const record = (type) => (e) => {
    if (type !== 'change' || e.target instanceof HTMLSelectElement) C.events.push({type, t: now()});
  };
  for (const type of ['keydown', 'pointerdown', 'pointerup', 'change']) {
    document.addEventListener(type, record(type), true);
  }
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const el = m.target;
      if (!(el instanceof HTMLImageElement) || !el.classList.contains('course-figure')) continue;
      const changed = now();
      const seq = ++C.seq;
      const live = !el.closest('.course-interactive');  // e.g. a training plot
      el.decode().catch(() => {}).then(() => requestAnimationFrame(() => {
        C.paints.push({el, changed, painted: now(), live, seq});
        C.waiters.splice(0).forEach((resolve) => resolve());
      }));
    }
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['src']});
  window.__course = C;
}
"""


def wait_for(page: Page, predicate: str, arg: Any, timeout_ms: int, polling_ms: int = 50) -> bool:
    """Poll a page predicate (a JS function of ``arg``); return whether it held in time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(predicate, arg=arg, polling=polling_ms, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        return False
    return True


def lab_loaded(page: Page, server: LabServer) -> bool:
    """Whether ``page`` shows this server's JupyterLab, started and restored (:func:`load_lab`)."""
    if not page.url.startswith(f"{server.url}/lab"):
        return False
    return bool(page.evaluate("() => window.__courseLabRestored === true"))


def load_lab(page: Page, server: LabServer) -> None:
    """Load JupyterLab with an empty workspace in ``page`` and wait until it has restored."""
    page.goto(f"{server.url}/lab?reset")
    page.wait_for_function(
        "() => window.jupyterapp?.restored !== undefined", timeout=OPEN_TIMEOUT_MS, polling=100
    )
    page.evaluate(
        "() => { window.jupyterapp.restored.then(() => { window.__courseLabRestored = true; }); }"
    )
    page.wait_for_function(
        "() => window.__courseLabRestored === true", timeout=OPEN_TIMEOUT_MS, polling=100
    )


def open_document(page: Page, server: LabServer, name: str) -> None:
    """Open ``name`` in the page's JupyterLab (loading it first if needed) with the command
    ``docmanager:open``, as the file browser does, and wait until it is the current tab."""
    if not lab_loaded(page, server):
        load_lab(page, server)
    page.evaluate(
        """name => {
             window.__courseOpenError = null;
             window.jupyterapp.commands.execute('docmanager:open', {path: name})
               .catch((error) => { window.__courseOpenError = String(error); });
           }""",
        name,
    )
    page.wait_for_function(
        """name => window.__courseOpenError
                   || window.jupyterapp.shell.currentWidget?.context?.path === name""",
        arg=name,
        timeout=OPEN_TIMEOUT_MS,
        polling=100,
    )
    error = page.evaluate("() => window.__courseOpenError")
    if error:
        raise LabError(f"{name}: JupyterLab could not open it: {error}")


def open_notebook(page: Page, server: LabServer, name: str) -> None:
    """Open ``name`` in JupyterLab, install the probe and wait until its kernel is idle.

    ``page`` may be blank (JupyterLab is loaded first) or a JupyterLab page of ``server`` whose
    previous notebooks :func:`close_documents` closed: the probe then forgets the previous
    notebook and listens to the new kernel.
    """
    open_document(page, server, name)
    page.evaluate(PAGE_PROBE)
    page.evaluate(
        """async () => {
             const panel = window.jupyterapp.shell.currentWidget;
             await panel.context.ready;
             await panel.sessionContext.ready;
             window.__course.listen();
           }"""
    )
    page.wait_for_function(
        "() => window.__course.kernelStatus() === 'idle'", timeout=OPEN_TIMEOUT_MS
    )


#: Shuts down the kernel of every document open in the page's main area and closes it (without
#: the "unsaved changes" dialog: the tests save explicitly); resolves to the number closed.
_CLOSE_DOCUMENTS = """async (timeoutMs) => {
  const app = window.jupyterapp;
  const close = async () => {
    const documents = [...app.shell.widgets('main')].filter((w) => w.context);
    for (const widget of documents) {
      if (widget.sessionContext?.session) await widget.sessionContext.shutdown();
      widget.dispose();
    }
    return documents.length;
  };
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not closed after ${timeoutMs} ms`)), timeoutMs);
  });
  try { return await Promise.race([close(), timeout]); } finally { clearTimeout(timer); }
}"""

#: Nothing of a notebook is left in the page (output areas, widget views, course figures).
_NOTHING_OPEN = """() => document.querySelector(
  '.jp-NotebookPanel, .jp-OutputArea, .jupyter-widgets, .course-interactive, img.course-figure'
) === null"""


def close_documents(page: Page) -> int:
    """Shut down the kernels of the documents open in the page's JupyterLab and close them.

    Waits until nothing of them is left in the page, so that the next notebook opened in it
    starts clean; returns how many documents were closed. Raises LabError when that fails.
    """
    try:
        closed = int(page.evaluate(_CLOSE_DOCUMENTS, CLOSE_TIMEOUT_MS))
    except Exception as exc:
        raise LabError(f"could not close the notebooks open in the page: {exc}") from exc
    if not wait_for(page, _NOTHING_OPEN, None, CLOSE_TIMEOUT_MS, polling_ms=100):
        raise LabError("closed notebooks are still shown in the page")
    return closed


def run_all(page: Page, server: LabServer, name: str) -> list[dict[str, Any]]:
    """Run all cells of the open notebook and wait until cells and widget views have settled.

    Returns the per-cell report of ``__course.cellReport()``.
    """
    page.evaluate("() => window.__course.startRunAll()")
    timeout_ms = RUN_ALL_TIMEOUT_MS + WIDGETS_TIMEOUT_MS
    if not wait_for(page, "q => window.__course.runAllSettled(q)", SETTLE_MS, timeout_ms):
        if page.evaluate("() => window.__course.runAllBusy()"):
            raise LabError(
                f"{name}: Run All did not finish within {timeout_ms / 1000:.0f} s "
                f"(kernel {page.evaluate('() => window.__course.kernelStatus()')}).\n"
                f"{diagnostics(page, server)}"
            )
        raise LabError(f"{name}: widget views still rendering after Run All")
    result = page.evaluate("() => window.__course.runAll")
    if result["error"] is not None:
        raise LabError(f"{name}: Run All failed in the page: {result['error']}")
    return page.evaluate("() => window.__course.cellReport()")


def open_and_run_all(page: Page, server: LabServer, name: str) -> list[dict[str, Any]]:
    """:func:`open_notebook` then :func:`run_all`."""
    open_notebook(page, server, name)
    return run_all(page, server, name)


def wait_settled(figure: Locator, after: float, quiet_ms: int, timeout_ms: int) -> bool:
    """Wait in the page until ``figure`` repainted after ``after`` (page time, ms) and then
    settled: it shows the frame of the last value the page sent (every widget message answered,
    the figure repainted since the kernel began handling the last one), or else the kernel is
    idle and nothing repainted for ``quiet_ms``."""
    return bool(
        figure.evaluate(
            "(img, [after, q, ms]) => window.__course.settled(img, after, q, ms)",
            [after, quiet_ms, timeout_ms],
        )
    )


def wait_repainted_for_input(figure: Locator, after: float, timeout_ms: int) -> bool:
    """Wait in the page until ``figure`` shows a frame that the kernel rendered after it began
    handling the first widget message the page sent after ``after`` (page time, ms): the new value
    of a key press or a dropdown choice. Event-driven: no settling window."""
    return bool(
        figure.evaluate(
            "(img, [after, ms]) => window.__course.repaintedForInput(img, after, ms)",
            [after, timeout_ms],
        )
    )


def page_now(page: Page) -> float:
    """The page's ``performance.now()`` (ms)."""
    return float(page.evaluate("() => performance.now()"))


def callback_errors(page: Page) -> list[str]:
    """Errors the kernel reported while handling widget messages (ANSI colours removed)."""
    errors: list[str] = page.evaluate("() => window.__course.callbackErrors")
    return [ANSI_ESCAPE.sub("", e) for e in errors]


def diagnostics(page: Page, server: LabServer) -> str:
    """Callback errors and the end of the server log, for failure messages."""
    errors = "\n".join(callback_errors(page)) or "(none)"
    return (
        f"--- widget callback errors ---\n{errors}\n"
        f"--- server/kernel log tail ---\n{server.log_tail(1500)}"
    )


# --------------------------------------------------------------------------------------------
# Figures and controls
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """One control of a ``course-interactive`` figure, with what it moves."""

    notebook: str
    figure_index: int
    kind: str  # "slider" or "dropdown"
    label: str
    element: Locator
    figure: Locator
    readout: Locator

    @property
    def what(self) -> str:
        return f"{self.notebook} figure {self.figure_index} {self.kind} {self.label!r}"


def stray_slider_labels(page: Page) -> list[str]:
    """Labels of sliders that are not inside a ``course-interactive`` container."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.widget-slider')]
                 .filter((s) => !s.closest('.course-interactive'))
                 .map((s) => s.querySelector('.widget-label')?.textContent ?? '?')"""
    )


def figure_controls(page: Page, name: str) -> list[Control]:
    """Every slider and dropdown of every ``course-interactive`` figure on the page, in order.

    Raises LabError when a container does not hold exactly one figure and one readout.
    """
    controls = []
    containers = page.locator(".course-interactive")
    for i in range(containers.count()):
        container = containers.nth(i)
        figures = container.locator("img.course-figure, .course-figure img")
        readouts = container.locator(".course-readout")
        if figures.count() != 1 or readouts.count() != 1:
            raise LabError(
                f"{name} figure {i}: expected one course-figure <img> and one course-readout, "
                f"found {figures.count()} and {readouts.count()}"
            )
        for kind, selector in (("slider", ".widget-slider"), ("dropdown", ".widget-dropdown")):
            elements = container.locator(selector)
            for j in range(elements.count()):
                element = elements.nth(j)
                label = (element.locator(".widget-label").first.text_content() or "").strip()
                controls.append(
                    Control(name, i, kind, label or f"#{j}", element, figures.first, readouts.first)
                )
    return controls


def live_figures(page: Page) -> Locator:
    """``course-figure`` images outside an interactive figure (live plots, e.g. training)."""
    return page.locator("img.course-figure:not(.course-interactive img)")


def slider_handle(control: Control) -> Locator:
    return control.element.locator(".noUi-handle").first


def handle_position(handle: Locator) -> tuple[float, float, float]:
    """Return ``(value, min, max)`` of a noUiSlider handle from its ARIA attributes."""
    values = handle.evaluate(
        "h => ['aria-valuenow', 'aria-valuemin', 'aria-valuemax'].map(a => h.getAttribute(a))"
    )
    now, lo, hi = (float(v) if v is not None else float("nan") for v in values)
    return now, lo, hi


def slider_readout(control: Control) -> str:
    return (control.element.locator(".widget-readout").first.text_content() or "").strip()


def drag_geometry(control: Control, fraction: float) -> tuple[float, float, float]:
    """``(x_start, x_end, y)`` of a mouse drag of the handle across ``fraction`` of the track,
    towards the farther end.

    Measured once the mouse hovers the handle: Playwright's hover scrolls it into view and waits
    until it stands still (JupyterLab may still be laying out cells that scrolled into view) and
    would receive the mouse events itself.
    """
    handle = slider_handle(control)
    handle.hover()
    track_box = control.element.locator(".noUi-target").first.bounding_box()
    handle_box = handle.bounding_box()
    if not track_box or not handle_box:
        raise LabError(f"{control.what}: slider is not visible")
    x = handle_box["x"] + handle_box["width"] / 2
    y = handle_box["y"] + handle_box["height"] / 2
    left, right = track_box["x"], track_box["x"] + track_box["width"]
    distance = fraction * track_box["width"]
    target = max(left, x - distance) if x - left > right - x else min(right, x + distance)
    return x, target, y


def handle_pressed(control: Control) -> bool:
    """Whether the slider's handle holds the mouse button now (noUiSlider marks it active)."""
    return bool(slider_handle(control).evaluate("h => h.classList.contains('noUi-active')"))


def dropdown_select(control: Control) -> Locator:
    return control.element.locator("select").first


def dropdown_options(control: Control) -> tuple[list[str], str]:
    """The dropdown's option values and the selected one."""
    values, current = dropdown_select(control).evaluate(
        "s => [[...s.options].map(o => o.value), s.value]"
    )
    return list(values), str(current)


def changed_pixels(before: bytes, after: bytes) -> int:
    """Return how many pixels differ between two PNG screenshots (all of them if sizes differ)."""
    import numpy as np
    from PIL import Image

    a = np.asarray(Image.open(io.BytesIO(before)).convert("RGB"))
    b = np.asarray(Image.open(io.BytesIO(after)).convert("RGB"))
    if a.shape != b.shape:
        return int(max(a.shape[0] * a.shape[1], b.shape[0] * b.shape[1]))
    return int(np.any(a != b, axis=-1).sum())


# --------------------------------------------------------------------------------------------
# Readouts, saving and reopening
# --------------------------------------------------------------------------------------------

#: Returns null when the element's content fits its box, else what overflows (CSS px).
_OVERFLOW = """(el) => {
  const box = el.getBoundingClientRect();
  const size = `${Math.round(box.width)}x${Math.round(box.height)} box`;
  const over = [];
  if (el.scrollHeight > el.clientHeight + 1) {
    over.push(`content ${el.scrollHeight}px high in a ${size}`);
  }
  if (el.scrollWidth > el.clientWidth + 1) {
    over.push(`content ${el.scrollWidth}px wide in a ${size}`);
  }
  for (const child of el.querySelectorAll('*')) {
    const r = child.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.bottom > box.bottom + 1 || r.right > box.right + 1) {
      const end = `(${Math.round(r.right - box.left)}, ${Math.round(r.bottom - box.top)})`;
      over.push(`<${child.tagName.toLowerCase()}> ends at ${end} in a ${size}`);
      break;
    }
  }
  return over.length ? over.join('; ') : null;
}"""


def readout_overflow(readout: Locator) -> str | None:
    """What of a ``course-readout`` overflows its box (``None`` when its text fits)."""
    result = readout.evaluate(_OVERFLOW)
    return None if result is None else str(result)


def save_notebook(page: Page, server: LabServer, name: str) -> dict[str, Any]:
    """Save the open notebook from JupyterLab (File → Save) and return the saved file's JSON."""
    page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")
    return json.loads((server.root_dir / name).read_text(encoding="utf-8"))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def widget_view_ids(notebook: dict[str, Any]) -> list[str]:
    """The model ids of a notebook's widget-view outputs, in order."""
    return [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in notebook.get("cells", [])
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]


#: The front ends a saved notebook is reopened in: JupyterLab opens it with ``docmanager:open``
#: (:func:`open_document`, in a fresh or an emptied JupyterLab page); Notebook 7 shows one document
#: per page, so the page navigates to the document's own address (:data:`NOTEBOOK7_URL`).
FRONT_ENDS = ("jupyterlab", "notebook7")
NOTEBOOK7_URL = "/notebooks/{name}"  # ``{name}`` is URL-quoted

#: Per widget output of the page: 'widget' (rendered by the ipywidgets manager), 'error' (its
#: "Error displaying widget" text), or 'pending'; plus each course-figure image's natural size.
_REOPENED_STATE = """() => {
  const outputs = [...document.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')];
  const kinds = outputs.map((o) => {
    if (o.textContent.includes('Error displaying widget')) return 'error';
    if (o.querySelector(':scope > .jupyter-widgets')) return 'widget';
    return o.getAttribute('data-mime-type') ? 'other' : 'pending';
  });
  const images = [...document.querySelectorAll('img.course-figure')].map((img) => ({
    width: img.naturalWidth, complete: img.complete, src: Boolean(img.getAttribute('src')),
    interactive: Boolean(img.closest('.course-interactive')),
  }));
  return {
    widgets: kinds.filter((k) => k === 'widget').length,
    errors: outputs.filter((o, i) => kinds[i] === 'error').map((o) => o.textContent.trim()),
    pending: kinds.filter((k) => k === 'pending').length,
    images,
    interactive: document.querySelectorAll('.course-interactive').length,
    errorTexts: [...document.querySelectorAll('.jp-OutputArea-output')]
      .map((o) => o.textContent).filter((t) => t.includes('Error displaying widget')).length,
  };
}"""


def reopened_state(page: Page) -> dict[str, Any]:
    """What a reopened notebook shows where its widget outputs are (see ``_REOPENED_STATE``)."""
    return dict(page.evaluate(_REOPENED_STATE))


def open_saved(page: Page, server: LabServer, name: str, front_end: str, views: int) -> None:
    """Open a saved notebook in ``front_end`` and wait until its ``views`` widget outputs have
    rendered (as widgets or as errors) and every course-figure image has loaded.

    In JupyterLab, ``page`` may already show JupyterLab with nothing open (after
    :func:`close_documents`); for Notebook 7 the page navigates to the document's own address.
    """
    if front_end == "jupyterlab":
        open_document(page, server, name)
    elif front_end == "notebook7":
        page.goto(server.url + NOTEBOOK7_URL.format(name=quote(name)))
    else:
        raise ValueError(f"unknown front end {front_end!r} (known: {FRONT_ENDS})")
    ready = f"""() => {{
      const s = ({_REOPENED_STATE})();
      return s.widgets + s.errors.length >= {views} && s.pending === 0
        && s.images.every((i) => i.complete && i.src);
    }}"""
    if not wait_for(page, ready, None, OPEN_TIMEOUT_MS, polling_ms=50):
        raise LabError(
            f"{name} reopened in {front_end}: widget outputs still not rendered after "
            f"{OPEN_TIMEOUT_MS / 1000:.0f} s: {reopened_state(page)}"
        )

"""Run every course notebook in JupyterLab (headless Chromium) and move every slider.

For each ``notebooks/*.ipynb`` (collected at import time, so new notebooks are covered without
edits) the test opens the notebook, runs all cells from the Run menu command, checks that only the
cells allowed to raise (``raises-exception`` tag or ``# NBVAL_RAISES_EXCEPTION``) show errors, and
then exercises the interactive-figure contract of the course's widget wrapper:

* every interactive figure is a container with CSS class ``course-interactive`` holding one
  ``course-figure`` image, one or more sliders and one ``course-readout`` HTML readout;
* no slider lives outside such a container;
* each slider, moved with the keyboard (one step per key press) and with a mouse drag, repaints the
  figure (pixel diff of element screenshots) and updates both the slider's readout and the
  ``course-readout`` text.

The median keyboard-press → repaint latency of every slider is reported in the terminal summary
("slider → repaint latency (median)"); it is never asserted on. It is measured once the machine is
quiet: when other tests (pytest-xdist workers) still load the CPUs, the test waits for them first.

Run: ``.venv/bin/python -m pytest tests/browser`` (or ``-m browser``); ``COURSE_NOTEBOOK_DIR=...``
points it at another folder of notebooks. (Do not pass ``-p no:nbval``: the project's addopts use
``--nbval``; nbval collects nothing under tests/browser anyway.)
"""

from __future__ import annotations

import io
import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import numpy as np
import pytest

from .conftest import (
    QUIET_CPU_FRACTION,
    LabServer,
    has_nbval_raises_marker,
    notebook_dir,
    wait_for_quiet_machine,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

NOTEBOOKS: list[Path] = sorted(notebook_dir().glob("*.ipynb"))

OPEN_TIMEOUT_MS = 90_000  # page load until the kernel is idle
RUN_ALL_TIMEOUT_MS = 180_000  # "Run All" until every cell is done
WIDGETS_TIMEOUT_MS = 30_000  # Run All done until every widget view is rendered
REPAINT_TIMEOUT_MS = 15_000  # one slider step until the figure's image changes
READOUT_TIMEOUT_MS = 10_000  # figure repainted until the readouts show the new numbers
QUIET_MS = 300  # how long things must stay unchanged to count as settled
KEY_PRESSES = 12
DRAG_MOVES = 8
DRAG_FRACTION = 0.6  # of the slider track's width

#: Top-level cell outputs rendered by the ipywidgets renderer (not text fallbacks).
RENDERED_WIDGET_OUTPUTS = (
    ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output:has(> .jupyter-widgets)"
)

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

#: Page-side helpers, installed as ``window.__course`` once JupyterLab is up.
PAGE_HELPERS = r"""
() => {
  const app = window.jupyterapp;
  const panel = () => app.shell.currentWidget;
  const C = {
    srcChanges: [],   // {changed, painted} of the watched <img>, performance.now() ms
    keyTimes: [],     // keydown times
    quietSince: null,
    observer: null,
    runAll: {done: false, result: null, error: null},
    callbackErrors: [],  // errors raised while handling widget messages (slider callbacks)
    listen() {
      panel().sessionContext.iopubMessage.connect((_, msg) => {
        if (msg.parent_header?.msg_type === 'execute_request') return;
        const c = msg.content;
        if (msg.header.msg_type === 'error') {
          C.callbackErrors.push(`${c.ename}: ${c.evalue}\n${(c.traceback || []).join('\n')}`);
        } else if (msg.header.msg_type === 'stream' && c.name === 'stderr'
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
    // true once `busy()` has been false for `quietMs` in a row (call it from a polling wait)
    quietFor(busy, quietMs) {
      const now = performance.now();
      if (busy) { C.quietSince = null; return false; }
      if (C.quietSince === null) C.quietSince = now;
      return now - C.quietSince >= quietMs;
    },
    runAllSettled(quietMs) {
      const prompts = [...panel().content.node.querySelectorAll('.jp-InputPrompt')];
      const running = prompts.some((p) => p.textContent.includes('*'));
      return C.quietFor(!C.runAll.done || running || C.kernelStatus() !== 'idle', quietMs);
    },
    widgetsSettled(quietMs) {
      // widget views carry no data-mime-type (standard renderers do)
      const outputs = [...document.querySelectorAll('.jp-Cell-outputArea > .jp-OutputArea-child'
        + ' > .jp-OutputArea-output:not([data-mime-type])')];
      const pending = outputs.some((o) => o.childElementCount === 0)
        || [...document.querySelectorAll('.course-interactive img')].some((img) => !img.src);
      const signature = `${outputs.length}/${document.querySelectorAll('.widget-slider').length}`;
      const changed = signature !== C.lastSignature;
      C.lastSignature = signature;
      return C.quietFor(pending || changed, quietMs);
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
    watch(img) {
      if (C.observer) C.observer.disconnect();
      C.srcChanges = [];
      C.paintWaiters = [];
      C.observer = new MutationObserver(() => {
        const changed = performance.now();
        img.decode().catch(() => {}).then(() => requestAnimationFrame(() => {
          C.srcChanges.push({changed, painted: performance.now()});
          C.paintWaiters.splice(0).forEach((resolve) => resolve(true));
        }));
      });
      C.observer.observe(img, {attributes: true, attributeFilter: ['src']});
    },
    // Resolves true once the watched image has repainted more than `n` times, false on timeout;
    // event-driven, so waiting does not compete with the page for the main thread.
    paintedMoreThan(n, timeoutMs) {
      if (C.srcChanges.length > n) return Promise.resolve(true);
      return new Promise((resolve) => {
        C.paintWaiters.push(resolve);
        setTimeout(() => resolve(C.srcChanges.length > n), timeoutMs);
      });
    },
    // After a key press: wait (event-driven) for the next repaint, then until the kernel is idle
    // again; report the key → paint latency, the handle's new value and the counters to pass to
    // the next call. One round trip per key press keeps the test's own overhead small.
    async afterPress(handle, nKeys, nPaints, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      await C.paintedMoreThan(nPaints, timeoutMs);
      const keyTime = C.keyTimes[nKeys];
      while (keyTime === undefined || !C.repaintedSince(keyTime)) {
        if (performance.now() > deadline) return {ok: false};
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const painted = Math.min(...C.srcChanges.filter((c) => c.changed > keyTime)
        .map((c) => c.painted));
      return {ok: true, latency: painted - keyTime,
              value: Number(handle.getAttribute('aria-valuenow')),
              nKeys: C.keyTimes.length, nPaints: C.srcChanges.length};
    },
    repaintedSince(t) {
      return C.srcChanges.some((c) => c.changed > t) && C.kernelStatus() === 'idle';
    },
    settledSince(t, quietMs) {
      const after = C.srcChanges.filter((c) => c.changed > t);
      if (after.length === 0 || C.kernelStatus() !== 'idle') return false;
      return performance.now() - Math.max(...after.map((c) => c.painted)) >= quietMs;
    },
  };
  window.__course = C;
  document.addEventListener('keydown', () => C.keyTimes.push(performance.now()), true);
}
"""


@dataclass
class FigureState:
    """What the user sees of one interactive figure and one of its sliders."""

    png: bytes = field(repr=False)
    readout: str
    slider_readout: str


def changed_pixels(before: bytes, after: bytes) -> int:
    """Return how many pixels differ between two PNG screenshots (all of them if sizes differ)."""
    from PIL import Image

    a = np.asarray(Image.open(io.BytesIO(before)).convert("RGB"))
    b = np.asarray(Image.open(io.BytesIO(after)).convert("RGB"))
    if a.shape != b.shape:
        return int(max(a.shape[0] * a.shape[1], b.shape[0] * b.shape[1]))
    return int(np.any(a != b, axis=-1).sum())


def allowed_error_cells(notebook: Path) -> set[int]:
    """Indices of the cells that may show an error (nbval's ``raises-exception`` markers)."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    return {i for i, cell in enumerate(cells) if has_nbval_raises_marker(cell)}


def open_and_run_all(page: Page, server: LabServer, name: str) -> list[dict[str, Any]]:
    """Open ``name`` in JupyterLab, run all cells and wait until everything has settled.

    Returns the per-cell report of ``__course.cellReport()``.
    """
    page.goto(f"{server.url}/lab/tree/{quote(name)}?reset")
    page.wait_for_function(
        "name => window.jupyterapp?.shell?.currentWidget?.context?.path === name",
        arg=name,
        timeout=OPEN_TIMEOUT_MS,
    )
    page.evaluate(PAGE_HELPERS)
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
    page.evaluate("() => window.__course.startRunAll()")
    if not wait_quietly(
        page, "q => window.__course.runAllSettled(q)", QUIET_MS, 50, RUN_ALL_TIMEOUT_MS
    ):
        pytest.fail(
            f"{name}: Run All did not finish within {RUN_ALL_TIMEOUT_MS / 1000:.0f} s "
            f"(kernel {page.evaluate('() => window.__course.kernelStatus()')}).\n"
            f"{diagnostics(page, server)}",
            pytrace=False,
        )
    run_all = page.evaluate("() => window.__course.runAll")
    assert run_all["error"] is None, f"{name}: Run All failed in the page: {run_all['error']}"
    if not wait_quietly(
        page, "q => window.__course.widgetsSettled(q)", QUIET_MS, 50, WIDGETS_TIMEOUT_MS
    ):
        pytest.fail(f"{name}: widget views still rendering after Run All", pytrace=False)
    return page.evaluate("() => window.__course.cellReport()")


def check_cells(name: str, report: list[dict[str, Any]], allowed: set[int], page: Page) -> None:
    """Assert that only allowed cells show errors, every code cell ran and widgets rendered."""
    unexpected = {
        c["index"]: c["errors"] for c in report if c["errors"] and c["index"] not in allowed
    }
    assert not unexpected, (
        f"{name}: error output in cells not marked raises-exception/NBVAL_RAISES_EXCEPTION "
        f"(cell index: errors): {unexpected}"
    )
    not_run = [
        c["index"]
        for c in report
        if c["type"] == "code" and not c["empty"] and c["executionCount"] is None
    ]
    assert not not_run, f"{name}: Run All did not execute the code cells at indices {not_run}"
    expected_views = sum(c["widgetOutputs"] for c in report)
    broken = [
        text
        for text in page.locator(".jp-Cell-outputArea .jp-OutputArea-output").all_inner_texts()
        if "Error displaying widget" in text
    ]
    assert not broken, f"{name}: widgets failed to render: {broken}"
    rendered = page.locator(RENDERED_WIDGET_OUTPUTS).count()
    assert rendered == expected_views, (
        f"{name}: {expected_views} widget outputs but {rendered} rendered as widgets "
        "(is the ipywidgets JupyterLab extension installed?)"
    )


def stray_slider_labels(page: Page) -> list[str]:
    """Labels of sliders that are not inside a ``course-interactive`` container."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.widget-slider')]
                 .filter((s) => !s.closest('.course-interactive'))
                 .map((s) => s.querySelector('.widget-label')?.textContent ?? '?')"""
    )


def capture(figure: Locator, readout: Locator, slider: Locator) -> FigureState:
    """Screenshot the figure and read both readouts."""
    return FigureState(
        png=figure.screenshot(),
        readout=readout.inner_text().strip(),
        slider_readout=(slider.locator(".widget-readout").first.text_content() or "").strip(),
    )


def assert_changed(what: str, before: FigureState, after: FigureState) -> None:
    """Assert that the figure's pixels and both readouts changed between two states."""
    diff = changed_pixels(before.png, after.png)
    assert diff > 0, f"{what}: the figure's pixels did not change"
    assert after.slider_readout != before.slider_readout, (
        f"{what}: the slider readout stayed {before.slider_readout!r}"
    )
    assert after.readout != before.readout, (
        f"{what}: the course-readout text stayed {before.readout!r}"
    )


def wait_for_readout_change(page: Page, readout: Locator, old: str) -> None:
    """Wait (bounded) until the ``course-readout`` text differs from ``old``; never raises."""
    try:
        readout.evaluate(
            """(el, [old, timeoutMs]) => new Promise((resolve) => {
                 if (el.innerText.trim() !== old) { resolve(); return; }
                 const obs = new MutationObserver(() => {
                   if (el.innerText.trim() !== old) { obs.disconnect(); resolve(); }
                 });
                 obs.observe(el, {subtree: true, childList: true, characterData: true});
                 setTimeout(() => { obs.disconnect(); resolve(); }, timeoutMs);
               })""",
            [old, READOUT_TIMEOUT_MS],
        )
    except Exception as exc:  # the assertion that follows reports the outcome
        print(f"warning: waiting for the readout failed: {exc}")


def handle_position(handle: Locator) -> tuple[float, float, float]:
    """Return ``(value, min, max)`` of a noUiSlider handle from its ARIA attributes."""
    values = handle.evaluate(
        "h => ['aria-valuenow', 'aria-valuemin', 'aria-valuemax'].map(a => h.getAttribute(a))"
    )
    now, lo, hi = (float(v) if v is not None else float("nan") for v in values)
    return now, lo, hi


def callback_errors(page: Page) -> list[str]:
    """Errors the kernel reported while handling widget messages (ANSI colours removed)."""
    errors: list[str] = page.evaluate("() => window.__course.callbackErrors")
    return [ANSI_ESCAPE.sub("", e) for e in errors]


def assert_no_callback_errors(page: Page, what: str) -> None:
    """Fail if a widget callback raised since the page was opened."""
    errors = callback_errors(page)
    assert not errors, f"{what}: widget callbacks raised:\n" + "\n".join(errors)


def diagnostics(page: Page, server: LabServer) -> str:
    """Callback errors and the end of the server log, for failure messages."""
    errors = "\n".join(callback_errors(page)) or "(none)"
    return (
        f"--- widget callback errors ---\n{errors}\n"
        f"--- server/kernel log tail ---\n{server.log_tail(1500)}"
    )


def wait_quietly(
    page: Page,
    predicate: str,
    arg: Any,
    polling_ms: int = 20,
    timeout_ms: int = REPAINT_TIMEOUT_MS,
) -> bool:
    """Poll a page predicate (a JS function of ``arg``); return whether it held in time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(predicate, arg=arg, polling=polling_ms, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        return False
    return True


def press_steps(
    page: Page, server: LabServer, what: str, handle: Locator, figure: Locator
) -> list[float]:
    """Press arrow keys on ``handle`` (one step each) and return press → repaint latencies (ms).

    Moves towards the farther end of the range and stops early at the end, so the final value
    always differs from the start.
    """
    now, lo, hi = handle_position(handle)
    assert hi > lo, f"{what}: slider has an empty range [{lo}, {hi}]"
    key, at_end = ("ArrowRight", hi) if hi - now >= now - lo else ("ArrowLeft", lo)
    figure.evaluate("img => window.__course.watch(img)")
    handle.focus()
    latencies: list[float] = []
    n_keys, n_paints = page.evaluate(
        "() => [window.__course.keyTimes.length, window.__course.srcChanges.length]"
    )
    for press in range(KEY_PRESSES):
        if abs(now - at_end) < 1e-12:
            break
        # A bare key press on the focused handle, then one event-driven wait in the page:
        # nothing else runs there between the key and the repaint, so the latency is what a
        # learner sees.
        page.keyboard.press(key)
        result = handle.evaluate(
            "(h, [nk, np, ms]) => window.__course.afterPress(h, nk, np, ms)",
            [n_keys, n_paints, REPAINT_TIMEOUT_MS],
        )
        if not result["ok"]:
            pytest.fail(
                f"{what}: the figure did not repaint within {REPAINT_TIMEOUT_MS / 1000:.0f} s "
                f"after {key} press #{press + 1}. Does the slider's observer re-render the "
                f"course-figure image (with different pixels)?\n{diagnostics(page, server)}",
                pytrace=False,
            )
        latencies.append(result["latency"])
        now, n_keys, n_paints = result["value"], result["nKeys"], result["nPaints"]
    return latencies


def drag(page: Page, server: LabServer, what: str, slider: Locator) -> None:
    """Drag the slider's handle with the mouse towards the farther end and wait until settled."""
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    track_box = slider.locator(".noUi-target").first.bounding_box()
    handle_box = handle.bounding_box()
    assert track_box and handle_box, f"{what}: slider is not visible"
    x = handle_box["x"] + handle_box["width"] / 2
    y = handle_box["y"] + handle_box["height"] / 2
    left, right = track_box["x"], track_box["x"] + track_box["width"]
    distance = DRAG_FRACTION * track_box["width"]
    target = max(left, x - distance) if x - left > right - x else min(right, x + distance)
    start = page.evaluate("() => performance.now()")
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, DRAG_MOVES + 1):
        page.mouse.move(x + (target - x) * k / DRAG_MOVES, y)
    page.mouse.up()
    if not wait_quietly(page, "([t, q]) => window.__course.settledSince(t, q)", [start, QUIET_MS]):
        pytest.fail(
            f"{what}: the figure did not repaint within {REPAINT_TIMEOUT_MS / 1000:.0f} s of a "
            f"mouse drag.\n{diagnostics(page, server)}",
            pytrace=False,
        )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_sliders_repaint_figures(
    notebook: Path,
    lab_page: Page,
    lab_server: LabServer,
    latency_log: Callable[[str], None],
    record_property: Any,
) -> None:
    """Run all of ``notebook``; every slider repaints its figure and updates its readouts."""
    name = notebook.name
    page = lab_page
    started = time.monotonic()
    report = open_and_run_all(page, lab_server, name)
    check_cells(name, report, allowed_error_cells(notebook), page)
    assert_no_callback_errors(page, f"{name} (Run All)")

    stray = stray_slider_labels(page)
    assert not stray, (
        f"{name}: sliders outside a course-interactive container (bypassing the course's widget "
        f"wrapper): {stray}"
    )
    containers = page.locator(".course-interactive")
    n_containers = containers.count()
    n_sliders = page.locator(".course-interactive .widget-slider").count()
    summary = f"SLIDERS notebook={name} containers={n_containers} sliders={n_sliders}"
    print(summary)
    latency_log(summary)
    record_property("sliders", n_sliders)
    if n_sliders:
        waited, busy = wait_for_quiet_machine()
        if waited >= 1 or busy >= QUIET_CPU_FRACTION:
            state = "quiet" if busy < QUIET_CPU_FRACTION else "still busy, measured anyway"
            latency_log(
                f"QUIET notebook={name} waited_s={waited:.0f} cpu_busy={busy:.0%} ({state})"
            )

    for i in range(n_containers):
        container = containers.nth(i)
        figures = container.locator("img.course-figure, .course-figure img")
        readouts = container.locator(".course-readout")
        sliders = container.locator(".widget-slider")
        assert figures.count() == 1, (
            f"{name} figure {i}: expected one course-figure <img>, found {figures.count()}"
        )
        assert readouts.count() == 1, (
            f"{name} figure {i}: expected one course-readout, found {readouts.count()}"
        )
        assert sliders.count() >= 1, f"{name} figure {i}: no slider in the container"
        figure, readout = figures.first, readouts.first
        for j in range(sliders.count()):
            slider = sliders.nth(j)
            label = (slider.locator(".widget-label").first.text_content() or "").strip()
            label = label or f"#{j}"
            what = f"{name} figure {i} slider {label!r}"
            handle = slider.locator(".noUi-handle").first
            handle.scroll_into_view_if_needed()

            before = capture(figure, readout, slider)
            latencies = press_steps(page, lab_server, what, handle, figure)
            wait_for_readout_change(page, readout, before.readout)
            after_keys = capture(figure, readout, slider)
            assert_changed(f"{what} (keyboard)", before, after_keys)

            drag(page, lab_server, what, slider)
            wait_for_readout_change(page, readout, after_keys.readout)
            after_drag = capture(figure, readout, slider)
            assert_changed(f"{what} (mouse drag)", after_keys, after_drag)
            assert_no_callback_errors(page, what)

            median = statistics.median(latencies)
            line = (
                f'LATENCY notebook={name} figure={i} slider="{label}" '
                f"median_ms={median:.1f} n={len(latencies)}"
            )
            print(line)
            latency_log(line)
            record_property(f"latency_ms_figure{i}_{label}", round(median, 1))
    print(f"{name}: browser check took {time.monotonic() - started:.1f} s")

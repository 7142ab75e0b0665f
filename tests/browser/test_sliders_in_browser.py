"""Run every course notebook in JupyterLab (headless Chromium) and move every control.

For each ``notebooks/*.ipynb`` (collected at import time, so new notebooks are covered without
edits) the test opens the notebook, runs all cells from the Run menu command, checks that only the
cells allowed to raise (``raises-exception`` tag or ``# NBVAL_RAISES_EXCEPTION``) show errors, and
then exercises the interactive-figure contract of the course's widget wrapper:

* every interactive figure is a container with CSS class ``course-interactive`` holding one
  ``course-figure`` image, its controls and one ``course-readout`` HTML readout;
* no slider lives outside such a container;
* each slider, moved with the keyboard (one step per key press, each press repainting the figure;
  pressed until both readouts show a new value, which one step does unless a readout rounds it
  away, at most ``KEY_PRESSES`` times) and with a mouse drag, repaints the figure (pixel diff of
  element screenshots) and updates both the slider's readout and the ``course-readout`` text;
* each dropdown, set to another option, repaints the figure with different pixels;
* no ``course-readout`` overflows its box (window 1400 × 1000), before and after each slider move;
* no widget callback raises (the kernel's error and traceback messages, see ``lab.PAGE_PROBE``);
* the course's JupyterLab settings are in effect: the kernel's progress indicator in the status
  bar, not the notebook toolbar, and no busy favicon (both cost a frame's worth of work per
  widget message, see ``PAGE_SETTINGS_JS``).

Then the notebook is saved (File → Save, as JupyterLab's autosave would), its kernel shut down and
its tab closed. ``test_saved_notebook_reopens_with_its_figures`` reopens that saved file, the next
day as it were, in JupyterLab and in Notebook 7: every widget output must render from the widget
state saved with the notebook (the course's setting ``saveState``, applied as the launcher applies
it), every figure must show an image, and no output may say "Error displaying widget".

Loading JupyterLab costs seconds of CPU, so pages are reused (fixtures in ``conftest.py``): the
repaint tests open one notebook after another in one JupyterLab page, with JupyterLab's own
``docmanager:open``, as the file browser does. The reopen tests have pages of their own, which
never ran a notebook: one JupyterLab page that opens one saved notebook after another the same
way, and one Notebook 7 page that navigates from one notebook's address to the next (Notebook 7
shows one document per page). Before the next notebook is opened, the previous one is closed with
its kernel shut down and the page is checked to show nothing of it, so each test sees only its own
notebook; after a failure the page is thrown away and the next test starts in a fresh one.

It checks behaviour only: nothing is timed, and it never waits for a quiet machine. Every wait is
for a real event (kernel idle, a repaint) with a generous timeout, so a busy machine makes the test
slower, not failing. The page handles the kernel's messages in the kernel's order, so the probe
(``lab.PAGE_PROBE``) knows which frames the kernel rendered after it began handling a given widget
message. A key press or a dropdown choice sends one new value: the test waits for the frame
rendered for it (``lab.wait_repainted_for_input``). A drag sends many: it waits until every value
sent has been answered and the frame of the last one is shown (``lab.wait_settled``; only if that
frame never comes, say a value that changes no pixel, does it fall back to "the kernel idle and no
repaint for ``lab.SETTLE_MS``"). Run All settles when cells, kernel and widget views have stayed
done for ``lab.SETTLE_MS``. How fast the figures repaint is measured by
``benchmarks/slider_latency.py``.

Run: ``.venv/bin/python -m pytest tests/browser -n 0`` (or ``-m browser``; ``-k 03_chain`` for one
notebook: a reopen test whose repaint test did not run runs the notebook itself first);
``COURSE_NOTEBOOK_DIR=...`` points it at another folder of notebooks. (Do not pass
``-p no:nbval``: the project's addopts use ``--nbval``; nbval collects nothing here anyway.)
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from . import lab

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NOTEBOOKS: list[Path] = sorted(lab.notebook_dir().glob("*.ipynb"))

REPAINT_TIMEOUT_MS = 120_000  # one control change until the figure has repainted and settled
READOUT_TIMEOUT_MS = 60_000  # figure repainted until the readouts show the new numbers
KEY_PRESSES = 3  # at most, until both readouts show a new value (one press does, normally)
DRAG_MOVES = 8
GRIP_ATTEMPTS = 3  # mouse presses on the handle's centre until it holds the button
DRAG_FRACTION = 0.6  # of the slider track's width

#: Notebooks the repaint test saved after Run All (name -> saved JSON), for the reopen test.
SAVED: dict[str, dict[str, Any]] = {}


@dataclass
class FigureState:
    """What the user sees of one interactive figure and one of its controls."""

    png: bytes = field(repr=False)
    readout: str
    control_readout: str


def capture(control: lab.Control) -> FigureState:
    """Screenshot the figure and read both readouts.

    ``caret="initial"``: an image shows no text caret, and hiding carets (Playwright's default)
    restyles the whole JupyterLab page for each screenshot, which costs more than the capture.
    """
    return FigureState(
        png=control.figure.screenshot(caret="initial"),
        readout=readout_text(control),
        control_readout=lab.slider_readout(control) if control.kind == "slider" else "",
    )


def readout_text(control: lab.Control) -> str:
    """The ``course-readout`` text of the control's figure."""
    return control.readout.inner_text().strip()


def assert_changed(what: str, before: FigureState, after: FigureState, *, readouts: bool) -> None:
    """Assert that the figure's pixels (and, for sliders, both readouts) changed."""
    assert lab.changed_pixels(before.png, after.png) > 0, f"{what}: the figure did not change"
    if not readouts:
        return
    assert after.control_readout != before.control_readout, (
        f"{what}: the slider readout stayed {before.control_readout!r}"
    )
    assert after.readout != before.readout, (
        f"{what}: the course-readout text stayed {before.readout!r}"
    )


def wait_for_readout_change(control: lab.Control, old: str) -> None:
    """Wait (event-driven, bounded) until the ``course-readout`` text differs from ``old``.

    Never raises: the assertion that follows reports the outcome.
    """
    try:
        control.readout.evaluate(
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
    except Exception as exc:
        print(f"warning: waiting for the readout failed: {exc}")


def wait_repainted(
    page: Page,
    server: lab.LabServer,
    control: lab.Control,
    since: float,
    how: str,
    *,
    one_value: bool = False,
) -> None:
    """Wait until the control's figure repainted after the input made at ``since``, or fail.

    ``one_value``: the input sent the kernel one new value (a key press, a dropdown choice),
    which it renders once; wait for that frame (see :func:`lab.wait_repainted_for_input`).
    Otherwise (a drag sends many values) wait until the figure repainted and then settled on the
    frame of the last value (see :func:`lab.wait_settled`).
    """
    if one_value:
        done = lab.wait_repainted_for_input(control.figure, since, REPAINT_TIMEOUT_MS)
    else:
        done = lab.wait_settled(control.figure, since, lab.SETTLE_MS, REPAINT_TIMEOUT_MS)
    if not done:
        pytest.fail(
            f"{control.what}: the figure did not repaint within {REPAINT_TIMEOUT_MS / 1000:.0f} s "
            f"after {how}. Does the control's observer re-render the course-figure image?\n"
            f"{lab.diagnostics(page, server)}",
            pytrace=False,
        )


def press_keys(
    page: Page, server: lab.LabServer, control: lab.Control, before: FigureState
) -> None:
    """Press arrow keys on the slider's handle (one step each), each followed by its repaint,
    until both readouts differ from ``before`` (one press, unless a readout rounds a step away),
    at most ``KEY_PRESSES`` times.

    Moves towards the farther end of the range, so the final value differs from the start.
    """
    handle = lab.slider_handle(control)
    handle.scroll_into_view_if_needed()
    now, lo, hi = lab.handle_position(handle)
    assert hi > lo, f"{control.what}: slider has an empty range [{lo}, {hi}]"
    key = "ArrowRight" if hi - now >= now - lo else "ArrowLeft"
    handle.focus()
    for press in range(1, KEY_PRESSES + 1):
        since = lab.page_now(page)
        page.keyboard.press(key)
        wait_repainted(page, server, control, since, f"{key} press #{press}", one_value=True)
        if (
            lab.slider_readout(control) != before.control_readout
            and readout_text(control) != before.readout
        ):
            return


def drag(page: Page, server: lab.LabServer, control: lab.Control) -> None:
    """Drag the slider's handle with the mouse towards the farther end and wait until settled.

    The drag starts once the handle holds the button: if the page moved between measuring and
    pressing (JupyterLab laying out cells), the button is released and the handle approached
    again, at most ``GRIP_ATTEMPTS`` times.
    """
    for attempt in range(1, GRIP_ATTEMPTS + 1):
        x, target, y = lab.drag_geometry(control, DRAG_FRACTION)
        since = lab.page_now(page)
        page.mouse.move(x, y)
        page.mouse.down()
        if lab.handle_pressed(control):
            break
        page.mouse.up()
        print(f"warning: {control.what}: press #{attempt} at ({x:.0f}, {y:.0f}) missed the handle")
    else:
        pytest.fail(
            f"{control.what}: the slider's handle did not take the mouse button in "
            f"{GRIP_ATTEMPTS} presses on its centre",
            pytrace=False,
        )
    for k in range(1, DRAG_MOVES + 1):
        page.mouse.move(x + (target - x) * k / DRAG_MOVES, y)
    page.mouse.up()
    wait_repainted(page, server, control, since, "a mouse drag")


def choose_other_option(page: Page, server: lab.LabServer, control: lab.Control) -> None:
    """Select the dropdown's next option and wait until the figure has repainted."""
    options, current = lab.dropdown_options(control)
    assert len(options) > 1, f"{control.what}: fewer than two options ({options})"
    other = options[(options.index(current) + 1) % len(options)]
    since = lab.page_now(page)
    lab.dropdown_select(control).select_option(other)
    wait_repainted(page, server, control, since, f"choosing {other!r}", one_value=True)


def assert_readout_fits(control: lab.Control, when: str) -> None:
    """The ``course-readout`` text fits its box (nothing clipped or spilling over)."""
    overflow = lab.readout_overflow(control.readout)
    assert overflow is None, (
        f"{control.what}: the course-readout overflows its box {when} "
        f"({overflow}); its text: {control.readout.inner_text().strip()!r}"
    )


def shown_before(control: lab.Control, shown: FigureState | None) -> FigureState:
    """What the control's figure shows now: ``shown`` (the figure as the previous control's
    check left it, settled and untouched since) with this control's readout, or a new capture."""
    if shown is None:
        return capture(control)
    control_readout = lab.slider_readout(control) if control.kind == "slider" else ""
    return replace(shown, control_readout=control_readout)


def check_slider(
    page: Page, server: lab.LabServer, control: lab.Control, shown: FigureState | None = None
) -> FigureState:
    """Keyboard, then mouse drag: each repaints the figure and changes both readouts, which
    fit their box throughout. ``shown``: see :func:`shown_before`. Returns the final state."""
    control.element.scroll_into_view_if_needed()
    assert_readout_fits(control, "before the slider moved")
    before = shown_before(control, shown)
    press_keys(page, server, control, before)
    wait_for_readout_change(control, before.readout)
    after_keys = capture(control)
    assert_changed(f"{control.what} (keyboard)", before, after_keys, readouts=True)
    assert_readout_fits(control, "after arrow-key presses")

    drag(page, server, control)
    wait_for_readout_change(control, after_keys.readout)
    after_drag = capture(control)
    assert_changed(f"{control.what} (mouse drag)", after_keys, after_drag, readouts=True)
    assert_readout_fits(control, "after a mouse drag")
    return after_drag


def check_dropdown(
    page: Page, server: lab.LabServer, control: lab.Control, shown: FigureState | None = None
) -> FigureState:
    """Another option repaints the figure. ``shown``: see :func:`shown_before`. Returns the
    final state."""
    control.element.scroll_into_view_if_needed()
    before = shown_before(control, shown)
    choose_other_option(page, server, control)
    after = capture(control)
    assert_changed(f"{control.what} (new option)", before, after, readouts=False)
    return after


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
    rendered = page.locator(lab.RENDERED_WIDGET_OUTPUTS).count()
    assert rendered == expected_views, (
        f"{name}: {expected_views} widget outputs but {rendered} rendered as widgets "
        "(is the ipywidgets JupyterLab extension installed?)"
    )


#: The course's page settings (``course_utils/jupyter_config``): with them, a kernel busy/idle no
#: longer re-measures every notebook-toolbar button nor swaps and re-fetches the favicon, twice per
#: widget message (CONTRIBUTING.md, Performance). Without a kernel indicator anywhere, a learner
#: would not see that a long cell is still running, so the status bar must show one.
PAGE_SETTINGS_JS = """() => ({
  inToolbar: document.querySelectorAll(
    '.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator').length,
  inStatusBar: document.querySelectorAll(
    '#jp-main-statusbar .jp-Notebook-ExecutionIndicator').length,
  busyFavicon: window.jupyterapp.hasPlugin('@jupyterlab/application-extension:faviconbusy'),
})"""


def assert_course_page_settings(page: Page, name: str) -> None:
    found = page.evaluate(PAGE_SETTINGS_JS)
    assert found == {"inToolbar": 0, "inStatusBar": 1, "busyFavicon": False}, (
        f"{name}: the course's JupyterLab settings are not in effect (expected the kernel's "
        f"progress indicator in the status bar only, and no busy-favicon plugin): {found}; "
        "see course_utils/jupyter_config and course_utils/launch.py"
    )


def assert_no_callback_errors(page: Page, what: str) -> None:
    """Fail if a widget callback raised since the page was opened."""
    errors = lab.callback_errors(page)
    assert not errors, f"{what}: widget callbacks raised:\n" + "\n".join(errors)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_controls_repaint_figures(
    notebook: Path, lab_page: Page, lab_server: lab.LabServer, record_property: Any
) -> None:
    """Run all of ``notebook``; every slider and dropdown repaints its figure."""
    name = notebook.name
    page = lab_page
    try:
        report = lab.open_and_run_all(page, lab_server, name)
    except lab.LabError as exc:
        pytest.fail(str(exc), pytrace=False)
    check_cells(name, report, lab.allowed_error_cells(notebook), page)
    assert_no_callback_errors(page, f"{name} (Run All)")
    assert_course_page_settings(page, name)

    stray = lab.stray_slider_labels(page)
    assert not stray, (
        f"{name}: sliders outside a course-interactive container (bypassing the course's widget "
        f"wrapper): {stray}"
    )
    try:
        controls = lab.figure_controls(page, name)
    except lab.LabError as exc:
        pytest.fail(str(exc), pytrace=False)
    n_figures = page.locator(".course-interactive").count()
    assert n_figures == len({c.figure_index for c in controls}), (
        f"{name}: a course-interactive figure without slider or dropdown"
    )
    record_property("figures", n_figures)
    record_property("sliders", sum(c.kind == "slider" for c in controls))
    record_property("dropdowns", sum(c.kind == "dropdown" for c in controls))
    # A figure's controls come one after another: the state one check leaves is where the next
    # control of the same figure starts (nothing moves in between), so it is not captured again.
    shown: FigureState | None = None
    for i, control in enumerate(controls):
        if i == 0 or controls[i - 1].figure_index != control.figure_index:
            shown = None
        check = check_slider if control.kind == "slider" else check_dropdown
        shown = check(page, lab_server, control, shown)
        assert_no_callback_errors(page, control.what)
    SAVED[name] = lab.save_notebook(page, lab_server, name)


def saved_after_run_all(
    lab_pages: lab.SharedPage, server: lab.LabServer, name: str
) -> dict[str, Any]:
    """The notebook as the repaint test saved it, or run all and saved here (when run alone).

    Either way its kernel has been shut down and it is closed in the JupyterLab page it ran in.
    """
    if name not in SAVED:
        page = lab_pages.page()
        try:
            lab.open_and_run_all(page, server, name)
            SAVED[name] = lab.save_notebook(page, server, name)
        except BaseException as exc:
            lab_pages.release(failed=True)  # the next user gets a fresh page
            if isinstance(exc, lab.LabError):
                pytest.fail(str(exc), pytrace=False)
            raise
        lab_pages.release()
    return SAVED[name]


def _notebook7_installed() -> bool:
    try:
        from importlib.metadata import version

        return (
            importlib.util.find_spec("notebook") is not None
            and int(version("notebook").split(".")[0]) >= 7
        )
    except Exception:
        return False


#: JupyterLab always; Notebook 7 where it is installed (not a dependency of the course: its
#: releases need jupyterlab >= 4.0.2, above the course's declared minimum).
FRONT_ENDS = [f for f in lab.FRONT_ENDS if f != "notebook7" or _notebook7_installed()]


@pytest.mark.parametrize("front_end", FRONT_ENDS)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_saved_notebook_reopens_with_its_figures(
    notebook: Path,
    front_end: str,
    lab_pages: lab.SharedPage,
    reopen_page: Page,
    lab_server: lab.LabServer,
) -> None:
    """After Run All and a save, the notebook reopened without its kernel shows every figure."""
    name = notebook.name
    saved = saved_after_run_all(lab_pages, lab_server, name)
    views = lab.widget_view_ids(saved)
    state = saved.get("metadata", {}).get("widgets", {}).get(lab.WIDGET_STATE, {})
    missing = sorted(set(views) - set(state.get("state", {})))
    assert not missing, (
        f"{name}: saved without the state of {len(missing)} of its {len(views)} widget views "
        "(is the course's saveState setting applied? see course_utils/launch.py)"
    )
    # The course's figures (text "[...]") keep their static PNG beside the saved widget view
    # (GitHub, nbviewer, nbconvert); a tqdm bar is a widget with a text fallback only.
    figures = [
        output["data"]
        for cell in saved["cells"]
        for output in cell.get("outputs", [])
        if lab.WIDGET_VIEW in output.get("data", {})
        and "".join(output["data"].get("text/plain", "")).startswith("[")
    ]
    assert all("image/png" in data for data in figures), (
        f"{name}: a saved figure lost its static PNG (GitHub, nbviewer, nbconvert)"
    )
    # The kernel is gone (the repaint test shut it down); reopen the file as a learner would, in
    # a page that shows nothing else (the previous notebook is closed, its kernel shut down).
    try:
        lab.open_saved(reopen_page, lab_server, name, front_end, len(views))
    except lab.LabError as exc:
        pytest.fail(str(exc), pytrace=False)
    shown = lab.reopened_state(reopen_page)
    assert not shown["errors"] and not shown["errorTexts"], (
        f"{name} reopened in {front_end}: {shown['errors']}"
    )
    assert shown["widgets"] == len(views), (
        f"{name} reopened in {front_end}: {shown['widgets']} of {len(views)} widget outputs render"
    )
    blank = [i for i, image in enumerate(shown["images"]) if not image["width"]]
    assert not blank, f"{name} reopened in {front_end}: figures {blank} show no image"
    interactive = sum(image["interactive"] for image in shown["images"])
    assert interactive == shown["interactive"], (
        f"{name} reopened in {front_end}: {shown['interactive']} interactive figures but "
        f"{interactive} images in them"
    )

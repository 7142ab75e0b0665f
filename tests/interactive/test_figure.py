"""InteractiveFigure: artists move in place, no figures are created, memory stays flat."""

from __future__ import annotations

import base64
import gc
import io
import re
import resource
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from course_utils.explorers.ch01 import secant_explorer, tangent_explorer
from course_utils.interactive import InteractiveFigure, new_figure, render_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _slope_figure(**options):
    fig, ax = new_figure(4.0, 2.5)
    (line,) = ax.plot([0, 1], [0, 0])
    slider = widgets.FloatSlider(value=0.5, min=-2.0, max=2.0, step=0.25)

    def update(m):
        line.set_ydata([0, m])
        return f"slope m = {m:.2f} &nbsp; <b>rise</b> {m:.2f}<br>run 1"

    return InteractiveFigure(fig, {"m": slider}, update, animated=[line], **options)


def test_mimebundle_has_widget_static_png_and_stable_text():
    explorer = _slope_figure()
    default_png = explorer.image.value
    explorer.controls["m"].value = -2.0
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == bytes(default_png)  # the default position
    assert explorer._repr_mimebundle_()["text/plain"].startswith("[interactive figure: m;")
    bundle = tangent_explorer()._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "[tangent-line explorer: function, x0; run this notebook in JupyterLab to move the "
        "controls]"
    )


def test_thousand_moves_do_not_grow_figures_or_memory():
    explorer = tangent_explorer("sin", 0.0)
    slider = explorer.controls["x0"]
    values = np.linspace(-3, 3, 101)
    for v in values[:50]:  # warm up caches before measuring
        slider.value = float(v)
    gc.collect()
    figures = plt.get_fignums()
    n_axes, n_lines = len(explorer.fig.axes), len(explorer.fig.axes[0].lines)
    base = _resident_bytes()
    for i in range(1000):
        slider.value = float(values[i % len(values)])
    gc.collect()
    grown = _resident_bytes() - base
    assert explorer.renders == 1051
    assert plt.get_fignums() == figures
    assert len(explorer.fig.axes) == n_axes and len(explorer.fig.axes[0].lines) == n_lines
    # Re-creating a figure per move grew memory by ~1.4 MB per move in trials; in-place updates
    # must stay flat (allow allocator noise).
    assert grown < 15_000_000, f"resident memory grew by {grown / 1e6:.1f} MB over 1000 moves"


def _resident_bytes() -> int:
    """Current resident set size of this process (Linux /proc; falls back to peak RSS)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def test_generic_wrapper_without_blitting_and_close():
    fig, ax = new_figure(4, 3)
    (line,) = ax.plot([0, 1], [0, 1])
    slider = widgets.FloatSlider(value=1.0, min=0.0, max=2.0)

    def update(slope: float) -> str:
        line.set_ydata([0.0, slope])
        return f"slope {slope:.1f}"

    interactive = InteractiveFigure(fig, {"slope": slider}, update, title="demo")
    assert interactive.readout.value == "slope 1.0"
    slider.value = 2.0
    assert interactive.readout.value == "slope 2.0" and interactive.renders == 2
    interactive.close()
    slider2 = widgets.FloatSlider()
    assert slider2.value == 0.0  # closing touched only this figure's widgets
    assert render_png(fig).startswith(PNG_MAGIC)


def test_wrapper_bad_arguments():
    fig, ax = new_figure(4, 3)
    slider = widgets.FloatSlider()
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        InteractiveFigure(ax, {"a": slider}, lambda a: "")
    with pytest.raises(TypeError, match="update must be a function"):
        InteractiveFigure(fig, {"a": slider}, "update")
    with pytest.raises(ValueError, match="at least one widget"):
        InteractiveFigure(fig, {}, lambda: "")
    with pytest.raises(TypeError, match=r"controls\['a'\] must be an ipywidgets control"):
        InteractiveFigure(fig, {"a": 3}, lambda a: "")
    with pytest.raises(ValueError, match="redraw_on names unknown controls"):
        InteractiveFigure(fig, {"a": slider}, lambda a: "", redraw_on={"b"})
    other_fig, other_ax = new_figure(4, 3)
    (stray,) = other_ax.plot([0, 1])
    with pytest.raises(ValueError, match="belong to fig"):
        InteractiveFigure(fig, {"a": slider}, lambda a: "", animated=[stray])
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        render_png("figure")


def test_css_classes_of_the_contract():
    explorer = secant_explorer()
    assert "course-interactive" in explorer.widget._dom_classes
    assert "course-figure" in explorer.image._dom_classes
    assert "course-readout" in explorer.readout._dom_classes
    assert explorer.image.width == str(int(explorer.fig.get_figwidth() * explorer.fig.dpi))


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"))


def test_dropdown_revisit_reuses_layout_and_background_and_draws_the_same(monkeypatch):
    fresh = tangent_explorer("exp", 1.0)
    explorer = tangent_explorer("sin", 1.0)
    chooser = explorer.controls["function"]
    chooser.value = "exp"
    first_visit = bytes(explorer.image.value)
    chooser.value = "sin"
    full_draws = []
    monkeypatch.setattr(explorer.fig.canvas, "draw", lambda: full_draws.append(1))
    chooser.value = "exp"  # from the cache: no layout, no full draw
    assert not full_draws
    monkeypatch.undo()
    revisit = bytes(explorer.image.value)
    expected = _pixels(fresh.image.value)
    np.testing.assert_array_equal(_pixels(first_visit), expected)
    np.testing.assert_array_equal(_pixels(revisit), expected)
    explorer.controls["x0"].value = -1.5
    fresh.controls["x0"].value = -1.5
    np.testing.assert_array_equal(_pixels(explorer.image.value), _pixels(fresh.image.value))
    assert explorer.renders == 5


def test_readout_box_has_room_and_never_clips():
    explorer = secant_explorer()
    layout = explorer.readout.layout
    assert layout.overflow in (None, "visible") and layout.height in (None, "auto")
    assert layout.min_height == "56px"  # two lines of JupyterLab's 28 px widget line height
    fig, ax = new_figure(4, 3)
    slider = widgets.FloatSlider()
    three = InteractiveFigure(fig, {"a": slider}, lambda a: "", readout_lines=3)
    assert three.readout.layout.min_height == "84px"
    with pytest.raises(ValueError, match="readout_lines"):
        InteractiveFigure(fig, {"a": slider}, lambda a: "", readout_lines=0)


def test_key_positions_store_a_strip_of_frames_and_leave_the_live_view_at_the_default():
    plain = _slope_figure()
    explorer = _slope_figure(key_positions=[{"m": -1.0}, {"m": 0.5}, {"m": 2.0}])
    assert explorer.values() == {"m": 0.5} and explorer.renders == plain.renders == 1
    assert bytes(explorer.image.value) == bytes(plain.image.value)  # live view: the default
    assert explorer.readout.value.startswith("slope m = 0.50")
    strip = _pixels(base64.b64decode(explorer._repr_mimebundle_()["image/png"]))
    frame = _pixels(bytes(plain.image.value))
    height, width = frame.shape[:2]
    assert strip.shape[1] == width and strip.shape[0] > 3 * height  # three frames + captions
    # The middle frame (default position) appears in the strip, pixel for pixel up to the palette.
    rows = [
        top
        for top in range(strip.shape[0] - height + 1)
        if np.abs(strip[top : top + height].astype(int) - frame).mean() < 2.0
    ]
    assert rows, "the default frame should appear in the strip"
    # A later move still works, and the strip does not change with it.
    explorer.controls["m"].value = 1.0
    assert explorer.renders == 2 and explorer.readout.value.startswith("slope m = 1.00")
    again = _pixels(base64.b64decode(explorer._repr_mimebundle_()["image/png"]))
    assert np.array_equal(strip, again)


def test_strip_captions_are_the_readouts_as_plain_text():
    from course_utils.interactive.figure import _plain

    assert _plain("slope m = 0.50 &nbsp; <b>rise</b> 0.50<br>run 1") == (
        "slope m = 0.50 rise 0.50 · run 1"
    )
    assert _plain("cost $5 &lt; 6") == "cost $5 < 6"  # no mathtext, entities decoded


@pytest.mark.parametrize(
    "positions,error,words",
    [
        ({"m": 1.0}, TypeError, "sequence of mappings"),
        ("m", TypeError, "sequence of mappings"),
        ([{}], TypeError, "key_positions[0] must be a non-empty mapping"),
        ([1.0], TypeError, "key_positions[0] must be a non-empty mapping"),
        ([{"q": 1.0}], ValueError, "unknown controls ['q']"),
        ([{"m": 1.0}, {"m": 9.0}], ValueError, "key_positions[1]['m'] = 9.0 is not a value"),
        ([{"m": "steep"}], ValueError, "key_positions[0]['m'] = 'steep' is not a value"),
        ([{"m": 1.0}] * 9, ValueError, "keep it to 8"),
    ],
)
def test_key_positions_bad_input(positions, error, words):
    with pytest.raises(error, match=re.escape(words)):
        _slope_figure(key_positions=positions)


@pytest.mark.parametrize(
    "make",
    [
        lambda: tangent_explorer("square", x0=1.0),
        lambda: secant_explorer(np.square, x0=1.0, h=1.0),
    ],
)
def test_course_explorers_store_strips(make):
    explorer = make()
    strip = _pixels(base64.b64decode(explorer._repr_mimebundle_()["image/png"]))
    assert strip.shape[0] > 3 * _pixels(bytes(explorer.image.value)).shape[0]


def test_a_move_from_the_browser_renders_after_its_message_and_merges_with_later_ones():
    """In a kernel, a change the front end sent (its property lock is held) is drawn once the
    comm message has been handled, so the kernel reports idle at once; changes that arrive
    before that render are drawn together, at the latest values."""
    import asyncio

    explorer = _slope_figure()
    slider = explorer.controls["m"]

    async def three_moves_from_the_browser():
        for value in (1.0, 1.25, 1.5):
            with slider._lock_property(value=value):  # as ipywidgets' set_state does
                slider.value = value
        assert explorer.renders == 1  # nothing drawn inside the messages
        await asyncio.sleep(0)  # the kernel's loop runs the scheduled render
        await asyncio.sleep(0)

    asyncio.run(three_moves_from_the_browser())
    assert explorer.renders == 2 and explorer.readout.value.startswith("slope m = 1.50")
    slider.value = -1.0  # from Python (a cell, a test): drawn at once
    assert explorer.renders == 3 and explorer.readout.value.startswith("slope m = -1.00")


def test_a_deferred_render_that_fails_says_so_in_the_readout(capsys):
    import asyncio

    fig, ax = new_figure(3.0, 2.0)
    (line,) = ax.plot([0, 1], [0, 0])
    slider = widgets.FloatSlider(value=0.0, min=-1.0, max=1.0)

    def update(m):
        if m > 0.5:
            raise ValueError("m too large for this demo")
        line.set_ydata([0, m])
        return f"m = {m}"

    figure = InteractiveFigure(fig, {"m": slider}, update, animated=[line])

    async def move():
        with slider._lock_property(value=0.75):
            slider.value = 0.75
        await asyncio.sleep(0)

    asyncio.run(move())  # never raises into the kernel's loop
    assert "could not be redrawn" in figure.readout.value and "too large" in figure.readout.value
    assert "ValueError" in capsys.readouterr().err
    with pytest.raises(ValueError, match="too large"):  # set from Python: the caller sees it
        slider.value = 0.9


def test_choices_laid_out_ahead_draw_the_same_and_leave_the_shown_frame_alone(monkeypatch):
    explorer = tangent_explorer("sin", 1.0)
    reference = tangent_explorer("sin", 1.0)  # lays out each function on its first visit
    chooser = explorer.controls["function"]
    shown = (bytes(explorer.image.value), explorer.readout.value, explorer.renders)
    values = explorer.values()
    assert explorer.prerender_choices() == len(chooser.options) - 1
    assert explorer.prerender_choices() == 0  # nothing left to lay out
    assert (bytes(explorer.image.value), explorer.readout.value, explorer.renders) == shown
    assert explorer.values() == values
    # The artists and axes are back where the shown frame has them: a move draws as before.
    explorer.controls["x0"].value = reference.controls["x0"].value = -1.5
    np.testing.assert_array_equal(_pixels(explorer.image.value), _pixels(reference.image.value))
    full_draws = []
    monkeypatch.setattr(explorer.fig.canvas, "draw", lambda: full_draws.append(1))
    for _, key in chooser.options:
        chooser.value = reference.controls["function"].value = key
        assert explorer.readout.value == reference.readout.value
        np.testing.assert_array_equal(
            _pixels(explorer.image.value), _pixels(reference.image.value), err_msg=key
        )
    assert not full_draws  # every first choice was a blit


def test_in_a_kernel_the_choices_are_laid_out_one_per_turn_after_the_figure_is_shown(
    monkeypatch,
):
    import asyncio

    from course_utils.interactive import figure as interactive

    monkeypatch.setattr(interactive, "PRERENDER_DELAY_S", 0.0)
    monkeypatch.setattr(interactive, "PRERENDER_GAP_S", 0.0)
    turns = []

    async def show_in_a_kernel():
        explorer = tangent_explorer("sin", 1.0)
        shown = bytes(explorer.image.value)
        prerender = explorer.prerender_choices

        def one_turn(limit=None):
            turns.append((limit, prerender(limit=limit)))
            return turns[-1][1]

        explorer.prerender_choices = one_turn  # before the loop gets its first turn
        for _ in range(50):
            if not explorer._missing_choices():
                break
            await asyncio.sleep(0.02)
        assert not explorer._missing_choices()
        assert bytes(explorer.image.value) == shown and explorer.renders == 1  # nothing sent
        closed = tangent_explorer("exp", 1.0)
        closed.close()  # a closed figure lays nothing out
        await asyncio.sleep(0.05)
        assert len(closed._missing_choices()) == 5

    asyncio.run(show_in_a_kernel())
    assert turns == [(1, 1)] * 5  # one choice per turn: moves get drawn in between


def test_choices_are_not_laid_out_ahead_for_a_slider_or_after_a_failing_choice():
    fig, ax = new_figure(3.0, 2.0)
    (line,) = ax.plot([0, 1], [0, 0])
    scale = widgets.FloatSlider(value=1.0, min=0.5, max=2.0)
    figure = InteractiveFigure(
        fig, {"scale": scale}, lambda scale: f"{scale}", animated=[line], redraw_on={"scale"}
    )
    assert figure.prerender_choices() == 0  # a slider has no finite set of static parts

    fig, ax = new_figure(3.0, 2.0)
    (line,) = ax.plot([0, 1], [0, 0])
    title = ax.set_title("a")
    chooser = widgets.Dropdown(options=["a", "b", "c"], value="a")

    def update(name):
        if name == "c":
            raise ValueError("no curve c")
        title.set_text(name)
        return name

    figure = InteractiveFigure(fig, {"name": chooser}, update, animated=[line], redraw_on={"name"})
    shown = bytes(figure.image.value)
    with pytest.raises(ValueError, match="no curve c"):
        figure.prerender_choices()
    assert title.get_text() == "a" and bytes(figure.image.value) == shown  # put back
    with pytest.raises(ValueError, match="limit"):
        figure.prerender_choices(limit=-1)

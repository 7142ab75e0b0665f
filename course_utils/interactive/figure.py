"""One pattern for every interactive figure: Agg figure -> PNG -> ``ipywidgets.Image``.

An :class:`InteractiveFigure` owns a matplotlib ``Figure`` that is *not* registered with pyplot
(so the inline backend never shows or leaks it), a set of controls (sliders, dropdowns), a readout
line and an ``update`` callback. When a control moves, ``update`` moves existing artists in place
and returns the readout text; the figure is then rendered once to PNG and pushed into the Image.
Nothing is re-created per move, so 1,000 moves leave the number of figures and the memory as they
were. Rendering to a PNG Image measured faster on this course's machines than ipympl or
``interact`` with re-plotting (see CONTRIBUTING.md, "Interactive figures").

Where no widget front end exists (GitHub, nbviewer, a notebook reopened without its kernel, a
plain terminal), the display falls back to a static PNG: the object's mime bundle carries it next
to the widget view. By default it shows the figure at its default position; with
``key_positions`` it is a strip of the figure at those positions, each captioned with its control
values and its readout, so the stored notebook still tells the story a learner would find by
dragging.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
import re
import traceback
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from course_utils._validation import require_callable, require_int
from course_utils.interactive.rendering import agg_canvas, encode_canvas, stacked_png

__all__ = [
    "PRERENDER_DELAY_S",
    "PRERENDER_GAP_S",
    "PRERENDER_MAX",
    "SLIDER_STYLE",
    "InteractiveFigure",
    "slider_layout",
]

#: Style shared by every control of the course: the description is never cut off.
SLIDER_STYLE = {"description_width": "initial"}


def slider_layout(width: str = "420px") -> widgets.Layout:
    """The layout of a course slider: one fixed width, so figures and readouts line up."""
    return widgets.Layout(width=width)


#: Height of one readout line in JupyterLab's widget CSS (``--jp-widgets-inline-height``).
_READOUT_LINE_PX = 28


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running this code (a Jupyter kernel's), or None outside one."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


_REJECTED = object()
#: In a kernel, a figure with choices (``redraw_on`` dropdowns) lays out the other choices' static
#: parts on its own, one per turn of the kernel's loop, starting this long after it was created
#: (a cell's Run All goes on meanwhile: each turn costs one full draw, 50-100 ms).
PRERENDER_DELAY_S = 1.0
#: Pause between two such turns, so a control moved meanwhile is drawn in between.
PRERENDER_GAP_S = 0.05
#: At most this many combinations of choices are laid out ahead (each keeps a full-figure pixel
#: buffer: 1.2 MB for the 900 × 340 tangent explorer).
PRERENDER_MAX = 12


def _same(accepted: Any, wanted: Any) -> bool:
    """Whether a control kept the value it was given (floats up to the slider's rounding)."""
    if isinstance(accepted, float) and isinstance(wanted, (int, float)):
        return bool(np.isclose(accepted, float(wanted), rtol=1e-9, atol=1e-12))
    return bool(accepted == wanted)


def _plain(readout: str) -> str:
    """The readout's HTML as one plain line: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<br\s*/?>", " · ", readout, flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text).strip()


class InteractiveFigure:
    """A figure plus controls whose callback moves artists in place and redraws once.

    Parameters
    ----------
    fig : Figure
        The figure to show; create it with :func:`new_figure` (not ``plt.figure``).
    controls : mapping of str -> ipywidgets.ValueWidget
        Keyword name -> control; ``update`` receives their values under these names.
    update : callable
        ``update(**values) -> str``: moves the figure's artists to match the values and returns
        the readout text (HTML allowed). It must not create figures or axes.
    animated : iterable of Artist, optional
        The artists ``update`` moves. When given, the rest of the figure (axes, ticks, static
        curves) is rendered once and cached, and a move redraws only these artists on top of the
        cache (blitting), which is several times faster than a full draw.
    redraw_on : collection of str
        Names of controls whose change alters the static part too (e.g. choosing another
        function): those changes re-render the whole figure and refresh the cache.
        The static part must depend on these controls' values only: each combination is laid
        out and rendered once, then kept (its pixels and axes positions), so coming back to it
        costs no more than a slider move. When every such control is a choice (a dropdown), the
        kernel lays out the choices not shown yet soon after the figure is displayed
        (:meth:`prerender_choices`), so even a first choice costs only a slider move.
    title : str
        Short name used in the plain-text representation.
    readout_lines : int
        How many lines the readout can take at most (at the figure's width). The readout box is
        at least this tall, so the page below does not jump as the numbers change, and grows if
        the text ever needs more: nothing is clipped.
    key_positions : sequence of mappings str -> value, optional
        Positions worth seeing without a kernel (e.g. h large, good and too small). Each maps
        some control names to values; the other controls keep their defaults. When given, the
        static image stored with the notebook (what GitHub, nbviewer and a reopened notebook
        show) is a strip of the figure at each position, top to bottom, each under a caption
        with its values and its readout. The live widget still starts at the default position.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The container (CSS class ``course-interactive``) holding controls, figure and readout.
    image : ipywidgets.Image
        The rendered figure (CSS class ``course-figure``).
    readout : ipywidgets.HTML
        The numbers at the current position (CSS class ``course-readout``).
    renders : int
        How many times the figure has been rendered (one per control change).
    """

    def __init__(
        self,
        fig: Figure,
        controls: Mapping[str, widgets.ValueWidget],
        update: Callable[..., str],
        *,
        animated: Iterable[Artist] = (),
        redraw_on: Collection[str] = (),
        title: str = "interactive figure",
        readout_lines: int = 2,
        key_positions: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        if not isinstance(fig, Figure):
            raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
        require_callable(update, "update")
        if not isinstance(controls, Mapping):
            raise TypeError(
                f"controls must be a mapping name -> widget, got {type(controls).__name__}"
            )
        if not controls:
            raise ValueError("controls must hold at least one widget")
        if not isinstance(title, str):
            raise TypeError(f"title must be a string, got {type(title).__name__}")
        readout_lines = require_int(readout_lines, "readout_lines", minimum=1, maximum=10)
        if isinstance(redraw_on, (str, bytes)):
            raise TypeError(f"redraw_on must be a collection of control names, got {redraw_on!r}")
        for name, control in controls.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"controls keys must be keyword names, got {name!r}")
            if not isinstance(control, widgets.ValueWidget):
                raise TypeError(
                    f"controls[{name!r}] must be an ipywidgets control with a value, "
                    f"got {type(control).__name__}"
                )
        unknown = set(redraw_on) - set(controls)
        if unknown:
            raise ValueError(f"redraw_on names unknown controls: {sorted(unknown)}")
        self.fig = fig
        self.controls = dict(controls)
        self.title = title
        self._update = update
        try:
            self._animated = list(animated)
        except TypeError:
            raise TypeError(
                f"animated must be an iterable of artists, got {type(animated).__name__}"
            ) from None
        for artist in self._animated:
            if not isinstance(artist, Artist) or artist.figure is not fig:
                raise ValueError("animated must hold artists that belong to fig")
        self._redraw_on = frozenset(redraw_on)
        self._background: Any = None
        # Per combination of the redraw_on controls' values: (axes positions, background pixels).
        self._static_cache: dict[tuple[Any, ...], tuple[list[tuple[Any, Any, bool]], Any]] = {}
        self._layout_engine = fig.get_layout_engine()
        self.renders = 0
        self._pending_full = False
        self._scheduled = False
        self._deferred_errors_shown = False
        self._canvas = agg_canvas(fig)
        width_px = int(round(fig.get_figwidth() * fig.dpi))
        height_px = int(round(fig.get_figheight() * fig.dpi))
        # A fixed image size makes a new frame a repaint only (no relayout of the page). The
        # readout has a fixed width and room for its longest text (never clipped).
        self.image = widgets.Image(format="png", width=width_px, height=height_px)
        self.image.add_class("course-figure")
        self.readout = widgets.HTML(
            layout=widgets.Layout(
                width=f"{width_px}px",
                height="auto",
                min_height=f"{readout_lines * _READOUT_LINE_PX}px",
                overflow="visible",
            )
        )
        self.readout.add_class("course-readout")
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.controls.values())), self.image, self.readout]
        )
        self.widget.add_class("course-interactive")
        # The layout is computed on full renders only, then frozen: re-running a layout engine
        # on every move costs more than the drawing itself, and axes should not jump about.
        self.refresh(full=True)
        self._static_png = self.image.value
        positions = self._checked_positions(key_positions)
        if positions:
            self._static_png = self._strip(positions)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._closed = False
        loop = _running_loop()
        if loop is not None and self._missing_choices():
            loop.call_later(PRERENDER_DELAY_S, self._prerender_in_turn)

    def _checked_positions(self, key_positions: Any) -> list[dict[str, Any]]:
        """``key_positions`` as a list of dicts, every name and value checked against controls."""
        if isinstance(key_positions, (str, bytes, Mapping)) or not isinstance(
            key_positions, Sequence
        ):
            raise TypeError(
                "key_positions must be a sequence of mappings control name -> value, "
                f"got {type(key_positions).__name__}"
            )
        if len(key_positions) > 8:
            raise ValueError(f"key_positions holds {len(key_positions)} positions; keep it to 8")
        defaults = self.values()
        checked = []
        for index, position in enumerate(key_positions):
            if not isinstance(position, Mapping) or not position:
                raise TypeError(
                    f"key_positions[{index}] must be a non-empty mapping control name -> value, "
                    f"got {position!r:.60}"
                )
            unknown = set(position) - set(self.controls)
            if unknown:
                raise ValueError(
                    f"key_positions[{index}] names unknown controls {sorted(unknown)}; "
                    f"the controls are {sorted(self.controls)}"
                )
            for name, value in position.items():
                control = self.controls[name]
                try:
                    control.value = value
                    accepted = control.value
                except Exception:  # traitlets' TraitError, or whatever else the control rejects
                    accepted = _REJECTED
                finally:
                    control.value = defaults[name]
                if accepted is _REJECTED or not _same(accepted, value):
                    raise ValueError(
                        f"key_positions[{index}][{name!r}] = {value!r:.40} is not a value the "
                        f"control {name!r} can take (within its range and options)"
                    )
            checked.append(dict(position))
        return checked

    def _strip(self, positions: list[dict[str, Any]]) -> bytes:
        """PNG of the figure at each position, stacked, each under its caption; then back."""
        defaults = self.values()
        renders = self.renders
        frames, captions = [], []
        for position in positions:
            for name, value in {**defaults, **position}.items():
                self.controls[name].value = value
            self._refresh(full=True, reuse=True)
            frames.append(np.asarray(self._canvas.buffer_rgba())[:, :, :3].copy())
            captions.append(_plain(self.readout.value))  # every readout states its position
        for name, value in defaults.items():
            self.controls[name].value = value
        self._refresh(full=True, reuse=True)
        self.renders = renders
        return stacked_png(frames, captions, self.fig.dpi)

    def values(self) -> dict[str, Any]:
        """The controls' current values, by keyword name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, full: bool = False) -> None:
        """Apply the controls' values to the artists, then render the figure once.

        Parameters
        ----------
        full : bool
            Lay out and re-render the static part as well (otherwise only the animated artists
            are redrawn over the cached background, when there are any).
        """
        self._refresh(full=full, reuse=False)

    def _refresh(self, full: bool, reuse: bool) -> None:
        readout = self._update(**self.values())
        canvas = self._canvas
        if not self._animated:
            self._draw(layout=full)
        else:
            if full or self._background is None:
                self._background = self._static_background(reuse)
            else:
                canvas.restore_region(self._background)
            for artist in self._animated:
                self.fig.draw_artist(artist)
        self.image.value = encode_canvas(canvas)
        # The figure goes out first: it is what the eye follows; the numbers come right after.
        self.readout.value = readout
        self.renders += 1

    def _draw(self, layout: bool) -> None:
        """One full Agg draw; with ``layout`` the layout engine runs in it, then is frozen.

        Re-running a layout engine costs more than drawing, and axes should not jump about on a
        slider move: the layout is computed on full renders only.
        """
        if layout and self._layout_engine is not None:
            self.fig.set_layout_engine(self._layout_engine)
            self._canvas.draw()
            self.fig.set_layout_engine("none")
        else:
            self._canvas.draw()

    def _choice_key(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(values[name] for name in sorted(self._redraw_on))

    def _restore_static(self, key: tuple[Any, ...]) -> Any:
        """Put back the axes positions and pixels kept for ``key``; return the pixels."""
        positions, background = self._static_cache[key]
        for ax, (original, active, in_layout) in zip(self.fig.axes, positions, strict=True):
            ax.set_position(original, which="original")
            ax.set_position(active, which="active")
            ax.set_in_layout(in_layout)  # set_position takes an axes out of the layout
        self._canvas.restore_region(background)
        return background

    def _static_background(self, reuse: bool, values: Mapping[str, Any] | None = None) -> Any:
        """The static part's pixels (animated artists hidden), laid out; kept per redraw_on key.

        ``values`` are those the artists were last set to (default: the controls' values).
        """
        key = self._choice_key(self.values() if values is None else values)
        if reuse and key in self._static_cache:
            return self._restore_static(key)
        for artist in self._animated:
            artist.set_visible(False)
        self._draw(layout=True)  # one draw: layout and background together
        background = self._canvas.copy_from_bbox(self.fig.bbox)
        for artist in self._animated:
            artist.set_visible(True)
        if self._redraw_on:
            positions = [
                (
                    ax.get_position(original=True),
                    ax.get_position(original=False),
                    ax.get_in_layout(),
                )
                for ax in self.fig.axes
            ]
            self._static_cache[key] = (positions, background)
        return background

    def _missing_choices(self) -> list[tuple[Any, ...]]:
        """The combinations of ``redraw_on`` choices not laid out yet ([] unless every
        ``redraw_on`` control is a choice, or when there are more than PRERENDER_MAX)."""
        names = sorted(self._redraw_on)
        options: list[tuple[Any, ...]] = []
        for name in names:
            values = getattr(self.controls[name], "_options_values", None)  # ipywidgets' choices
            if values is None:
                return []  # a slider among them: no finite set of static parts to lay out ahead
            options.append(tuple(values))
        if not options:
            return []
        combinations = list(itertools.product(*options))
        if len(combinations) > PRERENDER_MAX:
            return []
        return [key for key in combinations if key not in self._static_cache]

    def prerender_choices(self, limit: int | None = None) -> int:
        """Lay out and keep the static part of choices not shown yet, without showing them.

        Choosing one later costs a slider move (a blit) instead of a layout and a full draw.
        The figure, its readout and its controls are left as they are; nothing is sent to the
        front end. In a kernel this runs on its own, one choice per turn of the event loop,
        :data:`PRERENDER_DELAY_S` after the figure is created.

        Parameters
        ----------
        limit : int, optional
            Lay out at most this many combinations (all missing ones when None).

        Returns
        -------
        int
            How many combinations were laid out.
        """
        missing = self._missing_choices()
        if limit is not None:
            missing = missing[: require_int(limit, "limit", minimum=0)]
        if not missing or self._closed:
            return 0
        shown = self.values()
        names = sorted(self._redraw_on)
        try:
            for key in missing:
                values = {**shown, **dict(zip(names, key, strict=True))}
                self._update(**values)
                self._static_background(reuse=False, values=values)
        finally:
            self._update(**shown)  # the artists back where the shown frame has them
            self._restore_static(self._choice_key(shown))
        return len(missing)

    def _prerender_in_turn(self) -> None:
        """One combination of choices per turn of the kernel's loop, until all are laid out."""
        try:
            done = self.prerender_choices(limit=1)
        except Exception:  # that choice will say what is wrong when it is chosen
            return
        loop = _running_loop()
        if done and loop is not None and self._missing_choices():
            loop.call_later(PRERENDER_GAP_S, self._prerender_in_turn)

    def _on_change(self, change: Mapping[str, Any]) -> None:
        owner = change.get("owner")
        self._pending_full |= any(self.controls[name] is owner for name in self._redraw_on)
        loop = _running_loop()
        if loop is None or not getattr(owner, "_property_lock", None):
            # Set from Python (a test, a cell): render now, so the caller sees the new frame.
            self._render_pending(deferred=False)
            return
        # Moved in the browser. Render once this message is handled, not inside it: the kernel
        # then reports idle at once, so the page sends the next slider value while this frame
        # is drawn, and values that arrive meanwhile are merged into one render of the latest.
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._render_pending, True)

    def _render_pending(self, deferred: bool) -> None:
        """Render the controls' current values (once, however many changes came in)."""
        full, self._pending_full, self._scheduled = self._pending_full, False, False
        try:
            self._refresh(full=full, reuse=True)
        except Exception as error:
            if not deferred:
                raise
            # A deferred render has no cell to show its traceback in: the kernel's log gets the
            # first one, the readout says what went wrong.
            if not self._deferred_errors_shown:
                self._deferred_errors_shown = True
                traceback.print_exc()
            self.readout.value = (
                f"<b>This figure could not be redrawn</b>: {html.escape(repr(error))}"
            )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # The widget view for live front ends, plus a static PNG (the default position, or the
        # strip of key positions) and a
        # plain-text line for everything else (and for nbval's stable text comparison).
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(self._static_png).decode("ascii")
        bundle["text/plain"] = (
            f"[{self.title}: {', '.join(self.controls)}; run this notebook in JupyterLab to "
            "move the controls]"
        )
        return bundle

    def close(self) -> None:
        """Detach the callbacks and close the controls' views (the figure is garbage-collected)."""
        self._closed = True
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        row = self.widget.children[0]
        for item in (*self.controls.values(), self.image, self.readout, row, self.widget):
            item.close()

"""One pattern for every interactive figure: Agg figure -> PNG -> ``ipywidgets.Image``.

An :class:`InteractiveFigure` owns a matplotlib ``Figure`` that is *not* registered with pyplot
(so the inline backend never shows or leaks it), a set of controls (sliders, dropdowns), a readout
line and an ``update`` callback. When a control moves, ``update`` moves existing artists in place
and returns the readout text; the figure is then rendered once to PNG and pushed into the Image.
Nothing is re-created per move, so 1,000 moves leave the number of figures and the memory as they
were. Rendering to a PNG Image measured faster on this course's machines than ipympl or
``interact`` with re-plotting (see README, "Interactive figures").

Where no widget front end exists (GitHub, nbviewer, a notebook reopened without its kernel, a
plain terminal), the display falls back to a static PNG of the figure at its default position:
the object's mime bundle carries that PNG next to the widget view.

:class:`TrainingMonitor` applies the same idea to a training run: two panels whose lines move
as the history grows, rendered into one Image.

Introduced in: 01_derivatives.ipynb (``InteractiveFigure``), 06_mnist_from_scratch.ipynb
(``TrainingMonitor``)
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from course_utils._validation import require_callable, require_int, require_positive_scalar
from course_utils.learning.training import History

__all__ = [
    "SLIDER_STYLE",
    "InteractiveFigure",
    "TrainingMonitor",
    "new_figure",
    "render_png",
    "slider_layout",
]

#: Style shared by every control of the course: the description is never cut off.
SLIDER_STYLE = {"description_width": "initial"}


def slider_layout(width: str = "420px") -> widgets.Layout:
    """The layout of a course slider: one fixed width, so figures and readouts line up."""
    return widgets.Layout(width=width)


# PNG compression level 1 renders ~3x faster than the default 6 for line plots, for files ~30%
# larger: the right trade for a figure re-sent on every slider step over a local connection.
_PNG_OPTIONS = {"compress_level": 1}


def new_figure(
    width: float = 9.0, height: float = 3.6, *, ncols: int = 1, dpi: int = 96
) -> tuple[Figure, Any]:
    """A figure that pyplot does not track, with ``ncols`` side-by-side axes.

    Parameters
    ----------
    width, height : float
        Size in inches.
    ncols : int
        Number of axes in one row.
    dpi : int
        Pixels per inch of the rendered PNG.

    Returns
    -------
    (Figure, Axes or ndarray of Axes, shape (ncols,))
    """
    width = require_positive_scalar(width, "width")
    height = require_positive_scalar(height, "height")
    ncols = require_int(ncols, "ncols", minimum=1, maximum=12)
    dpi = require_int(dpi, "dpi", minimum=10, maximum=600)
    if width * dpi > 20000 or height * dpi > 20000:
        raise ValueError(
            f"the figure would be {width * dpi:.0f} × {height * dpi:.0f} pixels; keep width and "
            "height (inches) × dpi below 20000"
        )
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    return fig, axes


def render_png(fig: Figure) -> bytes:
    """Render ``fig`` with Agg and return PNG bytes (RGB, at the figure's own dpi)."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    canvas = _agg_canvas(fig)
    canvas.draw()
    return _encode_canvas(canvas)


def _agg_canvas(fig: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas, attaching one if it has another kind."""
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def _encode_canvas(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what the Agg canvas holds now (RGB, fast compression)."""
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    # Dropping alpha in Pillow (not by slicing a NumPy view) avoids a strided copy; RGB PNGs
    # encode faster and smaller than RGBA ones.
    rgba.convert("RGB").save(buffer, format="png", **_PNG_OPTIONS)
    return buffer.getvalue()


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
    title : str
        Short name used in the plain-text representation.

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
        self._layout_engine = fig.get_layout_engine()
        self.renders = 0
        self._canvas = _agg_canvas(fig)
        width_px = int(round(fig.get_figwidth() * fig.dpi))
        height_px = int(round(fig.get_figheight() * fig.dpi))
        # Fixed sizes (and clipped overflow on the readout) make each of these a relayout
        # boundary in the browser: a new frame or a new line of numbers then re-lays out only
        # that box, not the whole notebook page, which keeps the slider-to-repaint time short.
        self.image = widgets.Image(format="png", width=width_px, height=height_px)
        self.image.add_class("course-figure")
        self.readout = widgets.HTML(
            layout=widgets.Layout(width=f"{width_px}px", height="3em", overflow="hidden")
        )
        self.readout.add_class("course-readout")
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.controls.values())), self.image, self.readout]
        )
        self.widget.add_class("course-interactive")
        # The layout is computed on full renders only, then frozen: re-running a layout engine
        # on every move costs more than the drawing itself, and axes should not jump about.
        self.refresh(full=True)
        self._default_png = self.image.value
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def values(self) -> dict[str, Any]:
        """The controls' current values, by keyword name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, full: bool = False) -> None:
        """Apply the controls' values to the artists, then render the figure once.

        Parameters
        ----------
        full : bool
            Re-render the static part as well (otherwise only the animated artists are redrawn
            over the cached background, when there are any).
        """
        readout = self._update(**self.values())
        if full and self._layout_engine is not None:
            # New tick labels may need new margins: lay out once more, then freeze again.
            self.fig.set_layout_engine(self._layout_engine)
            self._canvas.draw()
            self.fig.set_layout_engine("none")
        if not self._animated:
            self.image.value = render_png(self.fig)
        else:
            canvas = self._canvas
            if full or self._background is None:
                for artist in self._animated:
                    artist.set_visible(False)
                canvas.draw()
                self._background = canvas.copy_from_bbox(self.fig.bbox)
                for artist in self._animated:
                    artist.set_visible(True)
            else:
                canvas.restore_region(self._background)
            for artist in self._animated:
                self.fig.draw_artist(artist)
            self.image.value = _encode_canvas(canvas)
        # The figure goes out first: it is what the eye follows; the numbers come right after.
        self.readout.value = readout
        self.renders += 1

    def _on_change(self, change: Mapping[str, Any]) -> None:
        owner = change.get("owner")
        full = any(self.controls[name] is owner for name in self._redraw_on)
        self.refresh(full=full)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # The widget view for live front ends, plus a static PNG of the default position and a
        # plain-text line for everything else (and for nbval's stable text comparison).
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(self._default_png).decode("ascii")
        bundle["text/plain"] = (
            f"[{self.title}: {', '.join(self.controls)}; run this notebook in JupyterLab to "
            "move the controls]"
        )
        return bundle

    def close(self) -> None:
        """Detach the callbacks and close the controls' views (the figure is garbage-collected)."""
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        row = self.widget.children[0]
        for item in (*self.controls.values(), self.image, self.readout, row, self.widget):
            item.close()


class TrainingMonitor:
    """A loss/accuracy figure that redraws in place while a model trains.

    Two panels (mini-batch loss; train and held-out accuracy per epoch) whose lines are moved with
    ``set_data`` and rendered into an ``ipywidgets.Image`` — no new figure per update. Displayed
    outside a widget front end it shows a static PNG of its current state.
    """

    def __init__(self, epochs: int) -> None:
        epochs = require_int(epochs, "epochs", minimum=1)
        self.fig, (self.loss_ax, self.acc_ax) = new_figure(9.0, 3.0, ncols=2)
        (self.loss_line,) = self.loss_ax.semilogy([], [], color="#1f77b4", lw=1)
        self.loss_ax.set_title("mini-batch loss")
        self.loss_ax.set_xlabel("batch")
        (self.train_line,) = self.acc_ax.plot([], [], "o-", color="#1f77b4", label="train")
        (self.test_line,) = self.acc_ax.plot([], [], "o-", color="#d62728", label="held out")
        self.acc_ax.set_xlim(0.5, max(epochs, 1) + 0.5)
        self.acc_ax.set_ylim(0.0, 1.0)
        self.acc_ax.set_xlabel("epoch")
        self.acc_ax.set_title("accuracy")
        self.acc_ax.legend(loc="lower right")
        self.image = widgets.Image(format="png", width=int(self.fig.get_figwidth() * self.fig.dpi))
        self.image.add_class("course-figure")
        self.updates = 0

    def update(self, history: History) -> None:
        """Move the lines to the current history and render once."""
        if not isinstance(history, History):
            raise TypeError(f"history must be a History, got {type(history).__name__}")
        losses = np.asarray(history.batch_loss, dtype=float)
        if losses.size and not np.all(np.isfinite(losses)):
            raise ValueError("history.batch_loss holds NaN or inf: the training diverged")
        if losses.size:
            self.loss_line.set_data(np.arange(1, losses.size + 1), losses)
            self.loss_ax.set_xlim(0, max(losses.size, 10))
            self.loss_ax.set_ylim(max(losses.min() * 0.5, 1e-4), losses.max() * 2)
        epochs = np.arange(1, len(history.train_accuracy) + 1)
        self.train_line.set_data(epochs, history.train_accuracy)
        self.test_line.set_data(epochs, history.test_accuracy)
        if len(history.test_accuracy):
            low = min(min(history.train_accuracy), min(history.test_accuracy))
            self.acc_ax.set_ylim(max(0.0, low - 0.05), 1.0)
        self.image.value = render_png(self.fig)
        self.updates += 1

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.image._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(render_png(self.fig)).decode("ascii")
        bundle["text/plain"] = "[live training plot]"
        return bundle

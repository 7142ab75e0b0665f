"""Pure drawing functions for chapter 01: tangents, secants, the growing square, error vs step.

Each ``plot_*`` function draws on the ``ax`` it is given (or a new one), and returns the artists it
made, bundled with the axes. Bundles that an interactive figure moves also have an ``update`` method
that changes those artists *in place* (``set_data``, ``set_text``), so a slider never rebuilds a
figure. The thin widget wrappers live in ``course_utils.explorers.ch01``.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    call_checked,
    require_axes,
    require_callable,
    require_positive_scalar,
    require_window,
)
from course_utils.numeric.derivatives import derivative
from course_utils.numeric.differences import require_scalar_output

__all__ = [
    "TangentPlot",
    "SecantPlot",
    "plot_tangent",
    "plot_secant",
    "plot_square_growth",
    "plot_step_size_errors",
    "plot_function_and_derivative",
]

CURVE_COLOR = "#1f77b4"
TANGENT_COLOR = "#d62728"
SECANT_COLOR = "#2ca02c"
_N_SAMPLES = 400


def _axes(ax: Axes | None, name: str = "ax") -> Axes:
    require_axes(ax, name)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    return ax


def _window(x_range: Any, name: str = "x_range") -> tuple[float, float]:
    return require_window(x_range, name)


def _optional_window(y_range: Any, name: str = "y_range") -> tuple[float, float] | None:
    return None if y_range is None else require_window(y_range, name)


def _label(label: Any, name: str = "label") -> str:
    if not isinstance(label, str):
        raise TypeError(f"{name} must be a string, got {type(label).__name__} {label!r:.40}")
    return label


def _curve(f: Callable[[Any], Any], xs: NDArray, fname: str = "f") -> NDArray:
    """f evaluated on the plotting grid: numbers, one per x (NaN where f is undefined is drawn
    as a gap)."""
    out = f(xs)
    if out is None:
        raise TypeError(f"{fname} returned None; did the function forget a `return`?")
    try:
        ys = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{fname} must return numbers, got {type(out).__name__} {out!r:.40}"
        ) from None
    if ys.shape != xs.shape:
        raise ValueError(
            f"{fname} must act elementwise: for {xs.size} x values it returned shape {ys.shape}"
        )
    return ys


def _point_value(f: Callable[[Any], Any], x: float, fname: str = "f") -> float:
    """f(x) at one point, which must be a finite number (the tangent or secant goes through it)."""
    return float(require_scalar_output(call_checked(f, x, fname=fname), fname, "a plot"))


def _scalar(x0: Any, name: str) -> float:
    arr = as_float_array(x0, name)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


@dataclass
class TangentPlot:
    """Artists of a tangent-line figure: the curve, the tangent at x₀ and the point of contact.

    Attributes
    ----------
    ax : Axes
    curve, tangent, point : Line2D
    f : callable
        The function currently drawn.
    x0, slope : float
        Current point of tangency and the numerical slope f'(x₀) there.
    derivative_ax : Axes or None
        Optional second panel showing f'(x) with a marker at (x₀, f'(x₀)).
    derivative_curve, derivative_point : Line2D or None
    """

    ax: Axes
    curve: Line2D
    tangent: Line2D
    point: Line2D
    f: Callable[[Any], Any]
    x0: float
    slope: float
    derivative_ax: Axes | None = None
    derivative_curve: Line2D | None = None
    derivative_point: Line2D | None = None
    _xs: NDArray = field(default_factory=lambda: np.zeros(0), repr=False)

    def set_function(
        self,
        f: Callable[[Any], Any],
        x_range: tuple[float, float],
        y_range: tuple[float, float] | None = None,
        df: Callable[[Any], Any] | None = None,
    ) -> None:
        """Swap the function drawn (moves the curve's data and the view limits in place)."""
        require_callable(f, "f")
        lo, hi = _window(x_range)
        y_range = _optional_window(y_range)
        if df is not None:
            require_callable(df, "df")
        self.f = f
        self._xs = np.linspace(lo, hi, _N_SAMPLES)
        ys = _curve(f, self._xs)
        self.curve.set_data(self._xs, ys)
        self.ax.set_xlim(lo, hi)
        self.ax.set_ylim(*(y_range if y_range is not None else _padded(ys)))
        if self.derivative_curve is not None and self.derivative_ax is not None:
            slopes = _curve(df, self._xs, "df") if df is not None else derivative(f, self._xs)
            self.derivative_curve.set_data(self._xs, slopes)
            self.derivative_ax.set_xlim(lo, hi)
            self.derivative_ax.set_ylim(*_padded(slopes))
        self.update(self.x0)

    def update(self, x0: float) -> float:
        """Move the point of tangency to ``x0``; returns the new slope f'(x₀)."""
        x0 = _scalar(x0, "x0")
        y0 = _point_value(self.f, x0)
        slope = derivative(self.f, x0)
        self.x0, self.slope = x0, slope
        self.tangent.set_data(self._xs, y0 + slope * (self._xs - x0))
        self.point.set_data([x0], [y0])
        if self.derivative_point is not None:
            self.derivative_point.set_data([x0], [slope])
        return slope


def _padded(ys: NDArray) -> tuple[float, float]:
    lo, hi = float(np.min(ys)), float(np.max(ys))
    pad = 0.1 * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def plot_tangent(
    f: Callable[[Any], Any],
    x0: float,
    *,
    x_range: tuple[float, float] = (-3.0, 3.0),
    y_range: tuple[float, float] | None = None,
    ax: Axes | None = None,
    derivative_ax: Axes | None = None,
    df: Callable[[Any], Any] | None = None,
    label: str = "f(x)",
    tangent_label: str = "tangent at x₀",
) -> TangentPlot:
    """Draw f over ``x_range`` with its tangent line at ``x0`` (slope from central differences).

    Parameters
    ----------
    f : callable
        Elementwise function of one variable.
    x0 : float
        Point of tangency.
    x_range : (float, float)
        Horizontal window.
    y_range : (float, float), optional
        Vertical window (default: the curve's range, padded).
    ax : Axes, optional
        Where to draw the curve and tangent.
    derivative_ax : Axes, optional
        If given, also draw f'(x) there (``df`` if given, else numerical) with a marker at x₀.
    df : callable, optional
        Exact derivative for the second panel.
    label : str
        Legend label of the curve.
    tangent_label : str
        Legend label of the tangent line; name the point in the figure's own variable (e.g.
        "tangent at price 4"), not x₀, when the lesson calls it something else.

    Returns
    -------
    TangentPlot
        The artists; call ``.update(x)`` or ``.set_function(...)`` to move them in place.
    """
    require_callable(f, "f")
    x0 = _scalar(x0, "x0")
    _window(x_range)
    _optional_window(y_range)
    _label(label)
    _label(tangent_label, "tangent_label")
    if df is not None:
        require_callable(df, "df")
    require_axes(derivative_ax, "derivative_ax")
    ax = _axes(ax)
    (curve,) = ax.plot([], [], color=CURVE_COLOR, lw=2, label=label)
    (tangent,) = ax.plot([], [], color=TANGENT_COLOR, lw=1.5, ls="--", label=tangent_label)
    (point,) = ax.plot([], [], "o", color=TANGENT_COLOR, ms=7, zorder=5)
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    d_curve = d_point = None
    if derivative_ax is not None:
        (d_curve,) = derivative_ax.plot([], [], color=TANGENT_COLOR, lw=2, label="f′(x)")
        (d_point,) = derivative_ax.plot([], [], "o", color=TANGENT_COLOR, ms=7, zorder=5)
        derivative_ax.axhline(0, color="0.7", lw=0.8, zorder=0)
        derivative_ax.set_xlabel("x")
        derivative_ax.set_title("slope f′(x) of the curve")
        derivative_ax.legend(loc="upper left")
    plot = TangentPlot(
        ax, curve, tangent, point, f, _scalar(x0, "x0"), 0.0, derivative_ax, d_curve, d_point
    )
    plot.set_function(f, x_range, y_range, df)
    return plot


@dataclass
class SecantPlot:
    """Artists of the secant-to-tangent figure for f at x₀ with step h.

    Attributes
    ----------
    ax : Axes
    curve, secant, tangent, points, run, rise : Line2D
        ``points`` marks (x₀, f(x₀)) and (x₀+h, f(x₀+h)); ``run`` and ``rise`` are the legs of the
        slope triangle.
    f : callable
    x0, h, secant_slope, tangent_slope : float
    """

    ax: Axes
    curve: Line2D
    secant: Line2D
    tangent: Line2D
    points: Line2D
    run: Line2D
    rise: Line2D
    f: Callable[[Any], Any]
    x0: float
    h: float
    secant_slope: float
    tangent_slope: float

    def update(self, h: float) -> float:
        """Move the second point to x₀ + h (h ≠ 0); returns the secant slope."""
        h = _scalar(h, "h")
        if h == 0.0:
            raise ValueError("h must be non-zero: a secant needs two distinct points")
        x0, y0 = self.x0, _point_value(self.f, self.x0)
        x1 = x0 + h
        y1 = _point_value(self.f, x1)
        slope = (y1 - y0) / h
        xs = np.asarray(self.curve.get_xdata())
        self.secant.set_data(xs, y0 + slope * (xs - x0))
        self.points.set_data([x0, x1], [y0, y1])
        self.run.set_data([x0, x1], [y0, y0])
        self.rise.set_data([x1, x1], [y0, y1])
        self.h, self.secant_slope = h, slope
        return slope


def plot_secant(
    f: Callable[[Any], Any],
    x0: float,
    h: float,
    *,
    x_range: tuple[float, float] = (-1.0, 4.0),
    y_range: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> SecantPlot:
    """Draw f, the secant through x₀ and x₀ + h, and the tangent at x₀ it approaches as h → 0.

    Parameters
    ----------
    f : callable
        Elementwise function of one variable.
    x0 : float
        Fixed point.
    h : float
        Step to the second point (non-zero).
    x_range, y_range : (float, float)
        Plot window (y defaults to the curve's range, padded).
    ax : Axes, optional

    Returns
    -------
    SecantPlot
        The artists; ``.update(h)`` moves them in place.
    """
    require_callable(f, "f")
    lo, hi = _window(x_range)
    y_range = _optional_window(y_range)
    x0 = _scalar(x0, "x0")
    if _scalar(h, "h") == 0.0:
        raise ValueError("h must be non-zero: a secant needs two distinct points")
    ax = _axes(ax)
    xs = np.linspace(lo, hi, _N_SAMPLES)
    ys = _curve(f, xs)
    (curve,) = ax.plot(xs, ys, color=CURVE_COLOR, lw=2, label="f(x)")
    slope0 = derivative(f, x0)
    y0 = _point_value(f, x0)
    (tangent,) = ax.plot(
        xs, y0 + slope0 * (xs - x0), color=TANGENT_COLOR, lw=1.2, ls="--", label="tangent at x₀"
    )
    (secant,) = ax.plot([], [], color=SECANT_COLOR, lw=2, label="secant through x₀, x₀ + h")
    (points,) = ax.plot([], [], "o", color=SECANT_COLOR, ms=7, zorder=5)
    (run,) = ax.plot([], [], color="0.35", lw=1, ls=":")
    (rise,) = ax.plot([], [], color="0.35", lw=1, ls=":")
    ax.set_xlim(lo, hi)
    ax.set_ylim(*(y_range if y_range is not None else _padded(ys)))
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    plot = SecantPlot(ax, curve, secant, tangent, points, run, rise, f, x0, 1.0, 0.0, slope0)
    plot.update(h)
    return plot


def plot_square_growth(x: float, h: float, *, ax: Axes | None = None) -> dict[str, Rectangle]:
    """The square-area picture of d(x²)/dx = 2x: a square of side x grown by h.

    The growth is two strips of area x·h plus a corner h², so (area change)/h = 2x + h → 2x.

    Parameters
    ----------
    x : float
        Side of the original square (> 0).
    h : float
        Growth of the side (> 0), drawn to scale.
    ax : Axes, optional

    Returns
    -------
    dict of str -> Rectangle
        ``"square"``, ``"strip_right"``, ``"strip_top"``, ``"corner"``.
    """
    x = require_positive_scalar(x, "x")
    h = require_positive_scalar(h, "h")
    ax = _axes(ax)
    patches = {
        "square": Rectangle((0, 0), x, x, color=CURVE_COLOR, alpha=0.35, label=f"x² = {x**2:g}"),
        "strip_right": Rectangle(
            (x, 0), h, x, color=TANGENT_COLOR, alpha=0.6, label=f"two strips x·h = {x * h:g} each"
        ),
        "strip_top": Rectangle((0, x), x, h, color=TANGENT_COLOR, alpha=0.6),
        "corner": Rectangle((x, x), h, h, color="0.2", alpha=0.8, label=f"corner h² = {h * h:g}"),
    }
    for patch in patches.values():
        ax.add_patch(patch)
    ax.set_xlim(0, (x + h) * 1.05)
    ax.set_ylim(0, (x + h) * 1.05)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return patches


def plot_step_size_errors(
    steps: ArrayLike,
    errors: Mapping[str, ArrayLike],
    *,
    ax: Axes | None = None,
    mark_best: bool | Collection[str] = True,
) -> dict[str, Line2D]:
    """Log-log plot of relative error against step size h, one line per method.

    Parameters
    ----------
    steps : array_like, shape (k,)
        Step sizes (> 0).
    errors : mapping of str -> array_like, shape (k,)
        Relative errors per method (e.g. from ``step_size_sweep``).
    ax : Axes, optional
    mark_best : bool or collection of str
        Mark each method's smallest error with a star (``True``), none (``False``), or only
        those of the methods named — e.g. not a method whose error reaches an exact zero, where
        the first point on the floor is not an optimum.

    Returns
    -------
    dict of str -> Line2D
        The error curve per method (and ``"<method> best"`` for the stars).
    """
    hs = as_float_array(steps, "steps", nonempty=True).reshape(-1)
    if np.any(hs <= 0):
        raise ValueError("steps must all be > 0 to be drawn on a log axis")
    if not isinstance(errors, Mapping):
        raise TypeError(
            f"errors must be a mapping method -> errors (e.g. from step_size_sweep), got "
            f"{type(errors).__name__}"
        )
    starred = _starred(mark_best, errors)
    ax = _axes(ax)
    lines: dict[str, Line2D] = {}
    for method, errs in errors.items():
        err = as_float_array(errs, f"errors[{method!r}]").reshape(-1)
        if np.any(err <= 0):
            raise ValueError(f"errors[{method!r}] must all be > 0 to be drawn on a log axis")
        if err.shape != hs.shape:
            raise ValueError(
                f"errors[{method!r}] must have one value per step ({hs.size}), got {err.size}"
            )
        (line,) = ax.loglog(hs, err, "-", lw=1.8, label=method)
        lines[method] = line
        if method in starred:
            best = int(np.argmin(err))
            (star,) = ax.loglog(
                [hs[best]],
                [err[best]],
                "*",
                ms=14,
                color=line.get_color(),
                markeredgecolor="black",
                zorder=5,
            )
            lines[f"{method} best"] = star
    ax.set_xlabel("step size h")
    ax.set_ylabel("relative error |estimate − exact| / |exact|")
    ax.grid(True, which="major", alpha=0.4)
    ax.legend()
    return lines


def _starred(mark_best: Any, errors: Mapping[str, Any]) -> set[str]:
    if isinstance(mark_best, (bool, np.bool_)):
        return set(errors) if mark_best else set()
    if isinstance(mark_best, (str, bytes)) or not isinstance(mark_best, Collection):
        raise TypeError(
            f"mark_best must be True, False or a collection of method names, got "
            f"{type(mark_best).__name__}"
        )
    unknown = [m for m in mark_best if m not in errors]
    if unknown:
        raise ValueError(
            f"mark_best names methods that are not in errors: {unknown!r:.60}; "
            f"the methods are {list(errors)!r:.80}"
        )
    return set(mark_best)


def _pieces(xs: NDArray, window: tuple[float, float], breaks: NDArray, gap: float) -> NDArray:
    """``xs`` cut at each break: one run of points per piece, each ending ``gap`` short of the
    break, with a NaN between pieces so that a line drawn through them is not joined."""
    edges = [window[0], *breaks, window[1]]
    parts = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inner = xs[(xs > lo) & (xs < hi)]
        start = lo if lo == window[0] else lo + gap
        stop = hi if hi == window[1] else hi - gap
        parts += [np.concatenate(([start], inner, [stop])), np.array([np.nan])]
    return np.concatenate(parts[:-1])


def plot_function_and_derivative(
    f: Callable[[Any], Any],
    df: Callable[[Any], Any],
    *,
    x_range: tuple[float, float] = (-4.0, 4.0),
    ax: Axes | None = None,
    label: str = "f",
    jumps: ArrayLike = (),
) -> dict[str, Line2D | Text]:
    """Draw f and its derivative f′ on one axes.

    Parameters
    ----------
    f, df : callable
        Elementwise function and its derivative.
    x_range : (float, float)
    ax : Axes, optional
    label : str
        Name used in the legend (``label`` and ``label′``).
    jumps : array_like, shape (j,), optional
        Points where ``df`` jumps (ReLU′ at 0). The curve of f′ is broken there instead of
        joined by a vertical segment, with a filled dot at the value ``df`` returns at the jump
        and an open dot at each one-sided limit that differs from it.

    Returns
    -------
    dict of str -> Line2D
        ``"f"`` and ``"df"``; with ``jumps``, also ``"df at jumps"`` (filled dots) and
        ``"df limits"`` (open dots).
    """
    require_callable(f, "f")
    require_callable(df, "df")
    _label(label)
    window = _window(x_range)
    breaks = as_float_array(jumps, "jumps").reshape(-1)
    if np.any((breaks <= window[0]) | (breaks >= window[1])):
        raise ValueError(f"jumps must lie inside x_range {window}, got {breaks.tolist()!r:.60}")
    xs = np.linspace(*window, _N_SAMPLES)
    ys = _curve(f, xs)
    ax = _axes(ax)
    (line_f,) = ax.plot(xs, ys, color=CURVE_COLOR, lw=2, label=label)
    # f′ is drawn piece by piece between the jumps (NaN breaks the line), never across one.
    gap = (window[1] - window[0]) * 1e-9
    dxs = _pieces(xs, window, np.sort(breaks), gap) if breaks.size else xs
    dys = np.full_like(dxs, np.nan)
    finite = np.isfinite(dxs)
    dys[finite] = _curve(df, dxs[finite], "df")
    (line_df,) = ax.plot(dxs, dys, color=TANGENT_COLOR, lw=2, ls="--", label=f"{label}′")
    artists: dict[str, Line2D | Text] = {"f": line_f, "df": line_df}
    if breaks.size:
        at = _curve(df, breaks, "df")
        limits = [
            (x, y)
            for x, here in zip(breaks, at, strict=True)
            for y in _curve(df, np.array([x - gap, x + gap]), "df")
            if not np.isclose(y, here)
        ]
        (artists["df at jumps"],) = ax.plot(breaks, at, "o", color=TANGENT_COLOR, ms=6, zorder=5)
        (artists["df limits"],) = ax.plot(
            [x for x, _ in limits],
            [y for _, y in limits],
            "o",
            color=TANGENT_COLOR,
            markerfacecolor="white",
            ms=6,
            zorder=5,
        )
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    return artists

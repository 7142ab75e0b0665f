"""Chapter 01's interactive figures: the tangent line and the secant that becomes it.

Each function draws its figure once with a pure drawing function from ``course_utils.figures`` and
returns an :class:`~course_utils.interactive.InteractiveFigure` whose callback only moves the
artists that drawing function returned.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np

from course_utils._validation import (
    require_callable,
    require_in_range,
    require_real_scalar,
    require_window,
)
from course_utils.figures.curves import plot_secant, plot_tangent
from course_utils.interactive import SLIDER_STYLE, InteractiveFigure, new_figure, slider_layout
from course_utils.numeric.functions import CATALOG, get_function

__all__ = ["tangent_explorer", "secant_explorer", "X0_RANGE"]

#: Range of the tangent explorer's x₀ slider; every catalogue window contains it.
X0_RANGE = (-3.0, 3.0)
#: Range of the secant explorer's h slider (log scale).
H_RANGE = (0.01, 2.0)
#: Step of the h slider, in powers of ten (the slider moves log10 h by this much).
H_LOG_STEP = 0.05


def tangent_explorer(function: str = "square", x0: float = 1.0) -> InteractiveFigure:
    """Slide x₀ along a curve and watch the tangent line and its slope; pick the function.

    Left panel: f with its tangent at x₀. Right panel: the slope f′(x) as a curve, with the
    current slope marked, so the learner sees the derivative being traced out.

    Parameters
    ----------
    function : str
        Initial catalogue key: "square", "cube", "sin", "exp", "relu" or "sigmoid".
    x0 : float
        Initial point of tangency (clipped to ``X0_RANGE``).

    Returns
    -------
    InteractiveFigure
        Controls ``function`` (dropdown) and ``x0`` (slider).
    """
    spec = get_function(function)
    start = float(np.clip(require_real_scalar(x0, "x0"), *X0_RANGE))
    fig, (ax, dax) = new_figure(9.0, 3.4, ncols=2)
    plot = plot_tangent(
        spec.f,
        start,
        x_range=spec.x_range,
        y_range=spec.y_range,
        ax=ax,
        derivative_ax=dax,
        df=spec.df,
        label="f(x)",
    )
    title = ax.set_title(f"f(x) = {spec.label}")
    chooser = widgets.Dropdown(
        options=[(s.label, s.key) for s in CATALOG.values()],
        value=spec.key,
        description="f(x) =",
        layout=widgets.Layout(width="200px"),
    )
    slider = widgets.FloatSlider(
        value=start,
        min=X0_RANGE[0],
        max=X0_RANGE[1],
        step=0.05,
        description="x₀",
        readout_format=".2f",
        continuous_update=True,
        style=SLIDER_STYLE,
        layout=slider_layout(),
    )
    state = {"key": spec.key}

    def update(function: str, x0: float) -> str:
        current = get_function(function)
        if function != state["key"]:
            state["key"] = function
            plot.set_function(current.f, current.x_range, current.y_range, current.df)
            title.set_text(f"f(x) = {current.label}")
        slope = plot.update(x0)
        y0 = float(np.asarray(current.f(x0)))
        return (
            f"f(x) = {current.label}, &nbsp; x₀ = {x0:.2f}: &nbsp; f(x₀) = {y0:.3f}, &nbsp; "
            f"slope f′(x₀) ≈ <b>{slope:.3f}</b> (central difference; exact rule: "
            f"f′(x) = {current.df_label})"
        )

    return InteractiveFigure(
        fig,
        {"function": chooser, "x0": slider},
        update,
        animated=[a for a in (plot.tangent, plot.point, plot.derivative_point) if a is not None],
        redraw_on={"function"},
        title="tangent-line explorer",
        # Without a kernel: the tangent's slope going down, level and up along the curve.
        key_positions=[{"x0": v} for v in (-1.5, 0.0, 1.5)],
    )


def _log_grid_from(h: float, step: float) -> tuple[float, float]:
    """Exponent limits (min, max) of a log slider whose grid of positions passes through ``h``.

    A log slider snaps its value to ``min + k·step`` (in powers of ten); anchoring the grid on
    the starting value keeps the position the browser shows equal to the one the static image
    and the notebook's text describe (h = 1.5 on a grid from 10⁻² would snap to 10^0.2 = 1.585).
    """
    centre = np.log10(h)
    below = np.floor((centre - np.log10(H_RANGE[0])) / step + 1e-9)
    above = np.floor((np.log10(H_RANGE[1]) - centre) / step + 1e-9)
    return float(centre - below * step), float(centre + above * step)


def secant_explorer(
    f: Callable[[Any], Any] | None = None,
    x0: float = 1.0,
    h: float = 1.0,
    *,
    x_range: tuple[float, float] = (-1.0, 3.5),
    label: str = "x²",
) -> InteractiveFigure:
    """Shrink h and watch the secant through x₀ and x₀ + h turn into the tangent at x₀.

    Parameters
    ----------
    f : callable, optional
        Elementwise function (default x²).
    x0 : float
        Fixed point.
    h : float
        Initial step (the slider runs from about 0.01 to 2 on a log scale, through ``h``
        exactly, so the live slider starts where the static image is drawn).
    x_range : (float, float)
        Horizontal window.
    label : str
        How f reads in the readout.

    Returns
    -------
    InteractiveFigure
        One control, ``h`` (log slider).
    """
    func = np.square if f is None else require_callable(f, "f")
    x0 = require_real_scalar(x0, "x0")
    h = require_in_range(h, "h", H_RANGE[0], H_RANGE[1])
    require_window(x_range, "x_range")
    if not isinstance(label, str):
        raise TypeError(f"label must be a string, got {type(label).__name__}")
    fig, ax = new_figure(6.4, 3.8)
    plot = plot_secant(func, x0, h, x_range=x_range, ax=ax)
    ax.set_title(f"secant slope → tangent slope as h → 0   (f(x) = {label}, x₀ = {x0:g})")
    low, high = _log_grid_from(h, H_LOG_STEP)
    slider = widgets.FloatLogSlider(
        value=h,
        base=10,
        min=low,
        max=high,
        step=H_LOG_STEP,
        description="h",
        readout_format=".3f",
        continuous_update=True,
        style=SLIDER_STYLE,
        layout=slider_layout(),
    )

    def update(h: float) -> str:
        slope = plot.update(h)
        gap = slope - plot.tangent_slope
        return (
            f"h = {h:.3f}: &nbsp; secant slope (f(x₀+h) − f(x₀))/h = <b>{slope:.4f}</b>, "
            f"&nbsp; tangent slope = {plot.tangent_slope:.4f}, &nbsp; gap = {gap:.4f}"
        )

    return InteractiveFigure(
        fig,
        {"h": slider},
        update,
        animated=(plot.secant, plot.points, plot.run, plot.rise),
        title="secant-to-tangent explorer",
        # Without a kernel: the secant closing in on the tangent as h shrinks tenfold twice.
        key_positions=[
            {"h": v}
            for v in (h, h / 10, h / 100)
            if 10.0**low <= v * (1 + 1e-12) and v <= 10.0**high
        ],
    )

"""Chapter 02's interactive figures: the gradient as steepest ascent, and Taylor polynomials.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import NDArray

from course_utils._validation import (
    as_float_array,
    require_callable,
    require_choice,
    require_in_range,
    require_int,
    require_window,
)
from course_utils.figures.surfaces import plot_contours, plot_gradient
from course_utils.figures.taylor import plot_taylor
from course_utils.interactive import SLIDER_STYLE, InteractiveFigure, new_figure
from course_utils.numeric.jacobians import directional_derivative
from course_utils.numeric.taylor import TAYLOR_FUNCTIONS, taylor_polynomial

__all__ = ["gradient_explorer", "taylor_explorer", "MAX_ORDER"]

#: Highest order offered by the Taylor explorer's slider.
MAX_ORDER = 6


def gradient_explorer(
    f: Callable[[NDArray], Any],
    point: tuple[float, float] = (1.0, 0.5),
    angle_deg: float = 0.0,
    *,
    x_range: tuple[float, float] = (-3.0, 3.0),
    y_range: tuple[float, float] = (-3.0, 3.0),
    label: str = "f(x, y)",
) -> InteractiveFigure:
    """Move a point over the contours of f and turn a direction u around it.

    The red arrow is ∇f (steepest ascent, at right angles to the level line through the point);
    the green arrow is u. The readout compares ∇f·u with a numerical directional derivative,
    which is largest when u points along ∇f.

    Parameters
    ----------
    f : callable
        ``f(v) -> float`` with ``v = (x, y)``, also working on stacked grids (NumPy operations).
    point : (float, float)
        Initial point.
    angle_deg : float
        Initial direction of u in degrees from the +x axis.
    x_range, y_range : (float, float)
        Plot window; the point's sliders stay one arrow length inside it.
    label : str
        How f reads in the title.

    Returns
    -------
    InteractiveFigure
        Controls ``x``, ``y`` and ``angle`` (sliders).
    """
    require_callable(f, "f")
    x_range, y_range = require_window(x_range, "x_range"), require_window(y_range, "y_range")
    length = 0.12 * (x_range[1] - x_range[0])
    if isinstance(point, (str, bytes)):
        raise TypeError(f"point must be two numbers (x, y), got {point!r:.40}")
    start = as_float_array(point, "point").reshape(-1)
    if start.size != 2:
        raise ValueError(f"point must be two numbers (x, y), got {point!r:.60}")
    # The point stays at least one arrow length inside the window, so that turning u always
    # visibly turns an arrow (an arrow clipped away at the edge would show no change).
    (x_lo, x_hi), (y_lo, y_hi) = (
        (float(np.ceil((lo + length) / 0.05) * 0.05), float(np.floor((hi - length) / 0.05) * 0.05))
        for lo, hi in (x_range, y_range)
    )
    require_in_range(float(start[0]), "point[0]", x_lo, x_hi)
    require_in_range(float(start[1]), "point[1]", y_lo, y_hi)
    angle_deg = require_in_range(angle_deg, "angle_deg", -180.0, 180.0)
    if not isinstance(label, str):
        raise TypeError(f"label must be a string, got {type(label).__name__}")
    fig, ax = new_figure(5.6, 5.2)
    plot_contours(f, x_range=x_range, y_range=y_range, colorbar=True, ax=ax)
    plot = plot_gradient(f, point, angle_deg, ax=ax, arrow_length=length)
    ax.set_title(f"{label}:\ngradient, direction and level set", fontsize=10)
    sliders = {
        "x": widgets.FloatSlider(
            value=point[0], min=x_lo, max=x_hi, step=0.05, description="x", readout_format=".2f"
        ),
        "y": widgets.FloatSlider(
            value=point[1], min=y_lo, max=y_hi, step=0.05, description="y", readout_format=".2f"
        ),
        "angle": widgets.FloatSlider(
            value=angle_deg,
            min=-180.0,
            max=180.0,
            step=5.0,
            description="u angle°",
            readout_format=".0f",
        ),
    }
    for slider in sliders.values():
        slider.style = SLIDER_STYLE
        slider.layout = widgets.Layout(width="300px")

    def update(x: float, y: float, angle: float) -> str:
        grad = plot.update(point=(x, y), angle_deg=angle)
        u = plot.direction
        along = float(grad @ u)
        numeric = directional_derivative(f, plot.point, u)
        best = float(np.degrees(np.arctan2(grad[1], grad[0])))
        return (
            f"at ({x:.2f}, {y:.2f}): &nbsp; ∇f = [{grad[0]:.3f}, {grad[1]:.3f}], &nbsp; "
            f"|∇f| = {np.linalg.norm(grad):.3f} &nbsp;|&nbsp; u at {angle:.0f}°: &nbsp; "
            f"∇f·u = <b>{along:.3f}</b> (numerical: {numeric:.3f}); &nbsp; "
            f"largest at {best:.0f}°"
        )

    start_grad = plot.update(point=(float(start[0]), float(start[1])), angle_deg=angle_deg)
    steepest = float(np.degrees(np.arctan2(start_grad[1], start_grad[0])))
    return InteractiveFigure(
        fig,
        sliders,
        update,
        animated=(plot.marker, plot.grad_arrow, plot.direction_arrow, plot.level_tangent),
        title="gradient explorer",
        # Without a kernel: u along the gradient (steepest), across it (zero), against it.
        key_positions=[{"angle": a} for a in _angles_around(steepest)],
    )


def _angles_around(steepest: float) -> list[float]:
    """The slider angles (5° grid, in [−180, 180]) nearest θ, θ + 90° and θ + 180°."""
    angles = []
    for turn in (0.0, 90.0, 180.0):
        a = (steepest + turn + 180.0) % 360.0 - 180.0
        angles.append(float(np.clip(np.round(a / 5.0) * 5.0, -180.0, 180.0)))
    return angles


def taylor_explorer(function: str = "sin", a: float = 0.0, order: int = 1) -> InteractiveFigure:
    """Choose the order k and the expansion point a of a Taylor polynomial and compare it with f.

    Parameters
    ----------
    function : str
        Key in ``TAYLOR_FUNCTIONS``: "sin", "exp" or "log1p".
    a : float
        Initial expansion point.
    order : int
        Initial order k (0 to 6).

    Returns
    -------
    InteractiveFigure
        Controls ``order`` (integer slider) and ``a`` (slider).
    """
    fn = TAYLOR_FUNCTIONS[require_choice(function, "function", TAYLOR_FUNCTIONS)]
    lo, hi = fn.x_range
    margin = 0.05 * (hi - lo)  # keep a inside the window (and ln(1 + x) away from x = -1)
    a_min, a_max = (float(np.round(v / 0.05) * 0.05) for v in (lo + margin, hi - margin))
    a = require_in_range(a, "a", a_min, a_max)
    order = require_int(order, "order", minimum=0, maximum=MAX_ORDER)
    fig, (ax, eax) = new_figure(9.0, 3.5, ncols=2)
    plot = plot_taylor(fn, a, order, ax=ax, error_ax=eax)
    ax.set_title(f"Taylor polynomials of {fn.label}")
    sliders = {
        "order": widgets.IntSlider(
            value=order, min=0, max=MAX_ORDER, step=1, description="order k"
        ),
        "a": widgets.FloatSlider(
            value=a, min=a_min, max=a_max, step=0.05, description="point a", readout_format=".2f"
        ),
    }
    for slider in sliders.values():
        slider.style = SLIDER_STYLE
        slider.layout = widgets.Layout(width="360px")

    def update(order: int, a: float) -> str:
        plot.update(a=a, order=order)
        x = a + 0.5
        derivs = [fn.nth_derivative(a, j) for j in range(order + 1)]
        approx = float(taylor_polynomial(derivs, a, x))
        exact = float(fn(x))
        return (
            f"order k = {order}, around a = {a:.2f}: &nbsp; at x = a + 0.5, T_k = {approx:.5f} "
            f"vs f = {exact:.5f}, &nbsp; error <b>{abs(exact - approx):.2e}</b> "
            f"(shrinks like |x − a|^{order + 1} or faster as x → a)"
        )

    return InteractiveFigure(
        fig,
        sliders,
        update,
        animated=[a for a in (plot.polynomial, plot.point, plot.error) if a is not None],
        title="Taylor explorer",
        # Without a kernel: the polynomial hugging f over a wider stretch as the order grows.
        key_positions=[{"order": k} for k in (1, 3, 5)],
    )

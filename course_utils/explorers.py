"""The course's interactive figures: thin wrappers around the pure ``plot_*`` functions.

Each function builds the figure once with a drawing function from ``course_utils.plotting``,
``plotting2d`` or ``taylor`` and returns an :class:`~course_utils.interactive.InteractiveFigure`
whose callback only moves the artists that drawing function returned.

Introduced in: 01_derivatives.ipynb (tangent, secant),
02_partial_derivatives_and_gradients.ipynb (gradient, Taylor) and
03_chain_rule_and_autodiff.ipynb (neuron)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import NDArray

from course_utils.functions import CATALOG, get_function, relu
from course_utils.interactive import InteractiveFigure, new_figure
from course_utils.jacobians import directional_derivative
from course_utils.plotting import plot_secant, plot_tangent
from course_utils.plotting2d import plot_contours, plot_gradient
from course_utils.taylor import TAYLOR_FUNCTIONS, plot_taylor, taylor_polynomial

__all__ = [
    "tangent_explorer",
    "secant_explorer",
    "gradient_explorer",
    "taylor_explorer",
    "neuron_explorer",
]

_SLIDER_STYLE = {"description_width": "initial"}
_SLIDER_LAYOUT = widgets.Layout(width="420px")
#: Range of the tangent explorer's x₀ slider; every catalogue window contains it.
X0_RANGE = (-3.0, 3.0)


def tangent_explorer(function: str = "square", x0: float = 1.0) -> InteractiveFigure:
    """Slide x₀ along a curve and watch the tangent line and its slope; pick the function.

    Left panel: f with its tangent at x₀. Right panel: the slope f′(x) as a curve, with the
    current slope marked, so the learner sees the derivative being traced out.

    Introduced in: 01_derivatives.ipynb

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
    fig, (ax, dax) = new_figure(9.0, 3.4, ncols=2)
    start = float(np.clip(x0, *X0_RANGE))
    plot = plot_tangent(spec.f, start, x_range=spec.x_range, y_range=spec.y_range, ax=ax,
                        derivative_ax=dax, df=spec.df, label="f(x)")
    title = ax.set_title(f"f(x) = {spec.label}")
    chooser = widgets.Dropdown(
        options=[(s.label, s.key) for s in CATALOG.values()], value=spec.key, description="f(x) =",
        layout=widgets.Layout(width="200px"),
    )
    slider = widgets.FloatSlider(
        value=start, min=X0_RANGE[0], max=X0_RANGE[1], step=0.05, description="x₀",
        readout_format=".2f", continuous_update=True, style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT,
    )
    state = {"key": spec.key}

    def update(function: str, x0: float) -> str:
        current = get_function(function)
        if function != state["key"]:
            state["key"] = function
            plot.set_function(current.f, current.x_range, current.y_range, current.df)
            title.set_text(f"f(x) = {current.label}")
        slope = plot.set_point(x0)
        y0 = float(np.asarray(current.f(x0)))
        return (
            f"f(x) = {current.label}, &nbsp; x₀ = {x0:.2f}: &nbsp; f(x₀) = {y0:.3f}, &nbsp; "
            f"slope f′(x₀) ≈ <b>{slope:.3f}</b> (central difference; exact rule: "
            f"f′(x) = {current.df_label})"
        )

    return InteractiveFigure(
        fig, {"function": chooser, "x0": slider}, update,
        animated=(plot.tangent, plot.point, plot.derivative_point), redraw_on={"function"},
        title="tangent-line explorer",
    )


def secant_explorer(
    f: Callable[[Any], Any] | None = None,
    x0: float = 1.0,
    h: float = 1.5,
    *,
    x_range: tuple[float, float] = (-1.0, 3.5),
    label: str = "x²",
) -> InteractiveFigure:
    """Shrink h and watch the secant through x₀ and x₀ + h turn into the tangent at x₀.

    Introduced in: 01_derivatives.ipynb

    Parameters
    ----------
    f : callable, optional
        Elementwise function (default x²).
    x0 : float
        Fixed point.
    h : float
        Initial step (the slider runs from 0.01 to 2 on a log scale).
    x_range : (float, float)
        Horizontal window.
    label : str
        How f reads in the readout.

    Returns
    -------
    InteractiveFigure
        One control, ``h`` (log slider).
    """
    func = np.square if f is None else f
    fig, ax = new_figure(6.4, 3.8)
    plot = plot_secant(func, x0, h, x_range=x_range, ax=ax)
    ax.set_title(f"secant slope → tangent slope as h → 0   (f(x) = {label}, x₀ = {x0:g})")
    slider = widgets.FloatLogSlider(
        value=h, base=10, min=-2, max=np.log10(2.0), step=0.05, description="h",
        readout_format=".3f", continuous_update=True, style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT,
    )

    def update(h: float) -> str:
        slope = plot.set_step(h)
        gap = slope - plot.tangent_slope
        return (
            f"h = {h:.3f}: &nbsp; secant slope (f(x₀+h) − f(x₀))/h = <b>{slope:.4f}</b>, "
            f"&nbsp; tangent slope = {plot.tangent_slope:.4f}, &nbsp; gap = {gap:.4f}"
        )

    return InteractiveFigure(
        fig, {"h": slider}, update,
        animated=(plot.secant, plot.points, plot.run, plot.rise),
        title="secant-to-tangent explorer",
    )


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

    Introduced in: 02_partial_derivatives_and_gradients.ipynb

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
    fig, ax = new_figure(5.6, 5.2)
    plot_contours(f, x_range=x_range, y_range=y_range, ax=ax)
    length = 0.12 * (x_range[1] - x_range[0])
    plot = plot_gradient(f, point, angle_deg, ax=ax, arrow_length=length)
    ax.set_title(f"{label}: gradient, direction and level set")
    # The point stays at least one arrow length inside the window, so that turning u always
    # visibly turns an arrow (an arrow clipped away at the edge would show no change).
    (x_lo, x_hi), (y_lo, y_hi) = (
        (float(np.ceil((lo + length) / 0.05) * 0.05), float(np.floor((hi - length) / 0.05) * 0.05))
        for lo, hi in (x_range, y_range)
    )
    sliders = {
        "x": widgets.FloatSlider(value=point[0], min=x_lo, max=x_hi, step=0.05,
                                 description="x", readout_format=".2f"),
        "y": widgets.FloatSlider(value=point[1], min=y_lo, max=y_hi, step=0.05,
                                 description="y", readout_format=".2f"),
        "angle": widgets.FloatSlider(value=angle_deg, min=-180.0, max=180.0, step=5.0,
                                     description="u angle°", readout_format=".0f"),
    }
    for slider in sliders.values():
        slider.style = _SLIDER_STYLE
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

    return InteractiveFigure(
        fig, sliders, update,
        animated=(plot.marker, plot.grad_arrow, plot.direction_arrow, plot.level_tangent),
        title="gradient explorer",
    )


def taylor_explorer(function: str = "sin", a: float = 0.0, order: int = 1) -> InteractiveFigure:
    """Choose the order k and the expansion point a of a Taylor polynomial and compare it with f.

    Introduced in: 02_partial_derivatives_and_gradients.ipynb

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
    if function not in TAYLOR_FUNCTIONS:
        raise ValueError(f"function must be one of {sorted(TAYLOR_FUNCTIONS)}, got {function!r}")
    fn = TAYLOR_FUNCTIONS[function]
    fig, (ax, eax) = new_figure(9.0, 3.5, ncols=2)
    plot = plot_taylor(fn, a, order, ax=ax, error_ax=eax)
    ax.set_title(f"Taylor polynomials of {fn.label}")
    lo, hi = fn.x_range
    margin = 0.05 * (hi - lo)  # keep a inside the window (and ln(1 + x) away from x = -1)
    a_min, a_max = (float(np.round(v / 0.05) * 0.05) for v in (lo + margin, hi - margin))
    sliders = {
        "order": widgets.IntSlider(value=order, min=0, max=6, step=1, description="order k"),
        "a": widgets.FloatSlider(value=a, min=a_min, max=a_max, step=0.05,
                                 description="point a", readout_format=".2f"),
    }
    for slider in sliders.values():
        slider.style = _SLIDER_STYLE
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
            f"(shrinks like |x − a|^{order + 1} as x → a)"
        )

    return InteractiveFigure(
        fig, sliders, update, animated=(plot.polynomial, plot.point, plot.error),
        title="Taylor explorer",
    )



def neuron_explorer(
    x: float = 2.0, b: float = 0.25, y_true: float = 10.0, w: float = 3.0
) -> InteractiveFigure:
    """Slide the weight w of one ReLU neuron, L(w) = (ReLU(w·x + b) − y)², and watch the chain rule.

    Left: the loss L(w) with its tangent at the current w. Right: ReLU(z) with the current
    z = w·x + b; its slope is the "gate" 1[z > 0]. The readout multiplies the three local
    derivatives ∂L/∂a · ∂a/∂z · ∂z/∂w and compares the product with the numerical slope: when
    z < 0 the gate is shut and no gradient reaches w.

    Introduced in: 03_chain_rule_and_autodiff.ipynb

    Parameters
    ----------
    x, b, y_true : float
        Input, bias and target of the neuron.
    w : float
        Initial weight (the slider runs from −3 to 4 in steps of 0.05).

    Returns
    -------
    InteractiveFigure
        One control, ``w``.
    """

    def loss(weight: Any) -> Any:
        return (relu(np.asarray(weight) * x + b) - y_true) ** 2

    fig, (ax, zax) = new_figure(9.0, 3.4, ncols=2)
    left = plot_tangent(loss, w, x_range=(-3.0, 4.0), ax=ax, label="L(w)")
    ax.set_xlabel("weight w")
    ax.legend(loc="lower left")
    ax.set_title(f"loss L(w) = (ReLU({x:g}·w + {b:g}) − {y_true:g})²")
    z_lo, z_hi = sorted((-3.0 * x + b, 4.0 * x + b))
    right = plot_tangent(relu, w * x + b, x_range=(z_lo, z_hi), ax=zax, label="a = ReLU(z)")
    zax.set_xlabel("pre-activation z = w·x + b")
    zax.set_title("the ReLU gate: slope 1 if z > 0, else 0")
    slider = widgets.FloatSlider(value=w, min=-3.0, max=4.0, step=0.05, description="w",
                                 readout_format=".2f", style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT)

    def update(w: float) -> str:
        z = w * x + b
        a = max(z, 0.0)
        d_loss_d_a, d_a_d_z, d_z_d_w = 2 * (a - y_true), 1.0 if z > 0 else 0.0, x
        left.set_point(w)
        right.set_point(z)
        gate = "open" if z > 0 else "<b>shut</b>: no gradient reaches w"
        return (
            f"w = {w:.2f}: z = {z:.2f}, a = {a:.2f}, L = {(a - y_true) ** 2:.2f} &nbsp;|&nbsp; "
            f"∂L/∂a · ∂a/∂z · ∂z/∂w = {d_loss_d_a:.2f} · {d_a_d_z:.0f} · {d_z_d_w:.2f} = "
            f"<b>{d_loss_d_a * d_a_d_z * d_z_d_w + 0.0:.2f}</b> "
            f"(numerical slope {left.slope + 0.0:.2f}); "
            f"gate {gate}"
        )

    return InteractiveFigure(
        fig, {"w": slider}, update,
        animated=(left.tangent, left.point, right.tangent, right.point),
        title="neuron explorer",
    )

"""Chapter 04's interactive figures: the learning-rate explorer and the momentum explorer.

Thin wrappers, as everywhere in the course: the figure is drawn once with the pure functions of
``course_utils.figures.descent`` and ``figures.surfaces``; a slider only recomputes the path
and moves its lines.

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from numpy.typing import NDArray

from course_utils._validation import (
    as_float_array,
    require_in_range,
    require_int,
    require_positive_scalar,
    require_real_scalar,
)
from course_utils.figures.descent import plot_descent_1d, plot_trajectory
from course_utils.figures.surfaces import plot_contours
from course_utils.interactive import SLIDER_STYLE, InteractiveFigure, new_figure
from course_utils.learning.optim import Momentum, run_optimizer
from course_utils.learning.quadratic import gd_regime, stability_bound

__all__ = ["learning_rate_explorer", "momentum_explorer", "ELONGATED_CURVATURES", "BETA_RANGE"]

#: Curvatures (Hessian eigenvalues) of the momentum explorer's elongated bowl.
ELONGATED_CURVATURES = np.array([1.0, 20.0])
#: Ranges of the momentum explorer's sliders. The η slider reaches past the heavy-ball bound
#: 2(1 + β)/λ_max for every β offered (0.195 at β = 0.95), so "past the bound it flies off" can
#: be tried at every β.
MOMENTUM_LR_RANGE = (0.005, 0.21)
BETA_RANGE = (0.0, 0.95)
#: What η·L″ the learning-rate explorer's stored strip shows: slow, good, oscillating, diverging.
LR_KEY_PRODUCTS = (0.1, 0.8, 1.6, 2.1)
#: The momentum explorer's stored strip: crawling, fast, circling, past the bound.
MOMENTUM_KEY_POSITIONS = (
    {"lr": 0.02, "beta": 0.0},
    {"lr": 0.02, "beta": 0.8},
    {"lr": 0.02, "beta": 0.95},
    {"lr": 0.16, "beta": 0.5},
)


def learning_rate_explorer(
    lr: float = 0.1,
    *,
    curvature: float = 2.0,
    w0: float = 0.0,
    w_star: float = 3.0,
    steps: int = 20,
) -> InteractiveFigure:
    """Drag the learning rate η and watch gradient descent crawl, converge, oscillate or diverge.

    Parameters
    ----------
    lr : float
        Initial η (the slider runs from 0.01 to 1.1·(2/c)).
    curvature : float
        c = L″ of L(w) = (c/2)(w − w*)²; the default with w* = 3 is L(w) = (w − 3)².
    w0, w_star : float
    steps : int

    Returns
    -------
    InteractiveFigure
        One control, ``lr``.
    """
    curvature = require_positive_scalar(curvature, "curvature")
    lr = require_in_range(lr, "lr", 0.01, round(1.1 * 2.0 / curvature, 2))
    w0, w_star = require_real_scalar(w0, "w0"), require_real_scalar(w_star, "w_star")
    steps = require_int(steps, "steps", minimum=1)
    fig, (ax, eax) = new_figure(9.0, 3.4, ncols=2)
    plot = plot_descent_1d(
        lr, curvature=curvature, w0=w0, w_star=w_star, steps=steps, ax=ax, error_ax=eax
    )
    bound = 2.0 / curvature
    coefficient = "" if curvature == 2 else f"{curvature / 2:g}"
    ax.set_title(f"L(w) = {coefficient}(w − {w_star:g})²: stable for η < 2/L″ = {bound:g}")
    slider = widgets.FloatSlider(
        value=lr,
        min=0.01,
        max=round(1.1 * bound, 2),
        step=0.01,
        description="learning rate η",
        readout_format=".2f",
        style=SLIDER_STYLE,
        layout=widgets.Layout(width="420px"),
    )

    def update(lr: float) -> str:
        ws = plot.update(lr)
        factor = 1 - lr * curvature
        end = (
            f"after {len(ws) - 1} steps w = {ws[-1]:.4f}"
            if abs(ws[-1]) < 1e6
            else f"|w| passed 10⁶ after {len(ws) - 1} steps"
        )
        return (
            f"η = {lr:.2f}: each step multiplies w − w* by 1 − η·L″ = {factor:+.2f} → "
            f"<b>{gd_regime(lr, curvature)}</b>; {end}"
        )

    # Without a kernel: the four regimes, η·L″ = 0.1 (slow), 0.8, 1.6 (oscillating), 2.1.
    keys = [round(product / curvature, 2) for product in LR_KEY_PRODUCTS]
    return InteractiveFigure(
        fig,
        {"lr": slider},
        update,
        animated=(plot.path, plot.error),
        title="learning-rate explorer",
        key_positions=[{"lr": v} for v in keys if slider.min <= v <= slider.max],
    )


def _elongated_loss(v: NDArray) -> NDArray:
    x, y = v
    return 0.5 * (ELONGATED_CURVATURES[0] * x**2 + ELONGATED_CURVATURES[1] * y**2)


def _elongated_grad(v: NDArray) -> NDArray:
    return ELONGATED_CURVATURES * v


def momentum_explorer(
    lr: float = 0.02,
    beta: float = 0.0,
    *,
    start: tuple[float, float] = (-4.5, 1.5),
    steps: int = 80,
) -> InteractiveFigure:
    """Heavy-ball momentum on an elongated bowl: sliders for η and the momentum coefficient β.

    Parameters
    ----------
    lr : float
        Initial learning rate.
    beta : float
        Initial momentum coefficient (0 = plain gradient descent).
    start : (float, float)
        Starting point.
    steps : int
        Steps drawn.

    Returns
    -------
    InteractiveFigure
        Controls ``lr`` and ``beta``.
    """
    lr = require_in_range(lr, "lr", *MOMENTUM_LR_RANGE)
    beta = require_in_range(beta, "beta", *BETA_RANGE)
    if isinstance(start, (str, bytes)):
        raise TypeError(f"start must be two numbers (x, y), got {start!r:.40}")
    start_arr = as_float_array(start, "start").reshape(-1)
    if start_arr.size != 2:
        raise ValueError(f"start must be two numbers (x, y), got {start!r:.60}")
    start = (float(start_arr[0]), float(start_arr[1]))
    steps = require_int(steps, "steps", minimum=1)
    fig, (ax, lax) = new_figure(9.5, 3.8, ncols=2)
    plot_contours(
        _elongated_loss, x_range=(-5, 5), y_range=(-2.5, 2.5), levels=18, quiver=False, ax=ax
    )
    ax.set_aspect("auto")
    ax.set_title("L = ½(x² + 20y²): curvature 20× larger along y")
    path = plot_trajectory(np.zeros((0, 2)), ax=ax, color="#d62728")
    ax.plot([start[0]], [start[1]], "s", color="black", ms=6)
    (loss_line,) = lax.semilogy([], [], color="#d62728", lw=1.6)
    lax.set_xlim(0, steps)
    lax.set_ylim(1e-8, 1e3)
    lax.set_xlabel("step")
    lax.set_title("loss per step")
    lax.grid(True, alpha=0.4)
    sliders = {
        "lr": widgets.FloatSlider(
            value=lr,
            min=MOMENTUM_LR_RANGE[0],
            max=MOMENTUM_LR_RANGE[1],
            step=0.005,
            description="learning rate η",
            readout_format=".3f",
        ),
        "beta": widgets.FloatSlider(
            value=beta,
            min=BETA_RANGE[0],
            max=BETA_RANGE[1],
            step=0.05,
            description="momentum β",
            readout_format=".2f",
        ),
    }
    for slider in sliders.values():
        slider.style = SLIDER_STYLE
        slider.layout = widgets.Layout(width="340px")

    lam_max = float(ELONGATED_CURVATURES.max())

    def update(lr: float, beta: float) -> str:
        run = run_optimizer(
            _elongated_grad, start, Momentum(lr, beta), steps, loss_fn=_elongated_loss
        )
        bound = stability_bound(lam_max, beta)
        path.set_data(run.points[:, 0], run.points[:, 1])
        loss_line.set_data(np.arange(len(run.losses)), np.maximum(run.losses, 1e-300))
        below = np.flatnonzero(run.losses < 1e-4)
        reached = (
            f"loss below 10⁻⁴ after <b>{below[0]}</b> steps"
            if below.size
            else f"loss still {run.losses[-1]:.2e} after {run.steps} steps"
        )
        if np.isclose(lr, bound, rtol=1e-9, atol=0.0):
            side = "at"  # on the edge: the steep direction bounces for ever
        else:
            side = "above" if lr > bound else "below"
        return (
            f"η = {lr:.3f}, β = {beta:.2f}: η is {side} the bound 2(1 + β)/{lam_max:g} = "
            f"{bound:.3f}; " + ("<b>diverged</b>" if run.diverged else reached)
        )

    return InteractiveFigure(
        fig,
        sliders,
        update,
        animated=(path, loss_line),
        title="momentum explorer",
        key_positions=list(MOMENTUM_KEY_POSITIONS),
    )

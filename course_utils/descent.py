"""Gradient descent on quadratics: regimes, the stability bound, and the drawings of chapter 04.

On L(w) = (c/2)(w − w*)², one gradient step multiplies the distance to the minimum by (1 − η·c).
Everything about the learning rate follows from that factor: |1 − ηc| < 1 converges, a negative
factor oscillates, and η > 2/c diverges. In several dimensions the largest curvature — the largest
eigenvalue of the Hessian — sets the same bound, η < 2/λ_max.

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import as_float_array, require_positive_scalar

__all__ = [
    "gd_regime",
    "quadratic_iterates",
    "steps_to_converge",
    "Descent1DPlot",
    "plot_descent_1d",
    "plot_trajectory",
]


def gd_regime(lr: float, curvature: float) -> str:
    """Name the behaviour of gradient descent with step ``lr`` on a quadratic of ``curvature``.

    "slow" (η < 0.3/c), "good" (up to 1/c), "oscillating" (1/c < η < 2/c),
    "on the edge" (η = 2/c: bounces forever) or "diverging" (η > 2/c).

    Introduced in: 04_gradient_descent.ipynb
    """
    eta = require_positive_scalar(lr, "lr")
    c = require_positive_scalar(curvature, "curvature")
    product = eta * c
    if np.isclose(product, 2.0, rtol=1e-12, atol=0.0):
        return "on the edge"
    if product > 2.0:
        return "diverging"
    if product > 1.0:
        return "oscillating"
    return "slow" if product < 0.3 else "good"


def quadratic_iterates(lr: float, curvature: float, w0: float, w_star: float,
                       steps: int) -> NDArray:
    """Gradient-descent iterates on L(w) = (c/2)(w − w*)², computed step by step.

    Introduced in: 04_gradient_descent.ipynb

    Returns
    -------
    ndarray, shape (steps + 1,)
        w₀, w₁, ..., stopped early (and the rest left out) once |w| exceeds 1e6.
    """
    eta = require_positive_scalar(lr, "lr")
    c = require_positive_scalar(curvature, "curvature")
    ws = [float(w0)]
    for _ in range(int(steps)):
        w = ws[-1] - eta * c * (ws[-1] - w_star)
        ws.append(w)
        if abs(w) > 1e6:
            break
    return np.array(ws)


def steps_to_converge(lr: float, curvature: float, *, w0: float = 1.0, tol: float = 1e-6,
                      cap: int = 1000) -> int:
    """Steps until |w − w*| < tol·|w₀ − w*| on a quadratic; ``cap`` if that never happens.

    Introduced in: 04_gradient_descent.ipynb
    """
    factor = abs(1.0 - require_positive_scalar(lr, "lr") * require_positive_scalar(curvature,
                                                                                  "curvature"))
    if factor >= 1.0:
        return cap
    if factor == 0.0:
        return 1
    return int(min(cap, np.ceil(np.log(tol) / np.log(factor))))


@dataclass
class Descent1DPlot:
    """Artists of the learning-rate figure: the zig-zag path on the loss and the error per step.

    Attributes
    ----------
    ax, error_ax : Axes
    path : Line2D
        The iterates (w_k, L(w_k)) joined in order.
    error : Line2D
        |w_k − w*| against k (log scale).
    curvature, w0, w_star : float
    steps : int
    """

    ax: Axes
    error_ax: Axes
    path: Line2D
    error: Line2D
    curvature: float
    w0: float
    w_star: float
    steps: int

    def update(self, lr: float) -> NDArray:
        """Recompute the iterates for step size ``lr`` and move the artists; returns them."""
        ws = quadratic_iterates(lr, self.curvature, self.w0, self.w_star, self.steps)
        losses = 0.5 * self.curvature * (ws - self.w_star) ** 2
        self.path.set_data(ws, losses)
        gaps = np.maximum(np.abs(ws - self.w_star), 1e-16)
        self.error.set_data(np.arange(len(ws)), gaps)
        return ws


def plot_descent_1d(
    lr: float,
    *,
    curvature: float = 2.0,
    w0: float = 0.0,
    w_star: float = 3.0,
    steps: int = 20,
    ax: Axes,
    error_ax: Axes,
) -> Descent1DPlot:
    """Gradient descent on L(w) = (c/2)(w − w*)²: the path on the curve and |w_k − w*| per step.

    The defaults are the course's example L(w) = (w − 3)² (c = 2) started at w = 0.

    Introduced in: 04_gradient_descent.ipynb

    Parameters
    ----------
    lr : float
        Step size η > 0.
    curvature : float
        c = L″ > 0; the stability threshold is 2/c.
    w0, w_star : float
        Start and minimum.
    steps : int
        Number of steps drawn.
    ax, error_ax : Axes

    Returns
    -------
    Descent1DPlot
    """
    c = require_positive_scalar(curvature, "curvature")
    span = abs(w0 - w_star) * 1.6 + 1.0
    ws = np.linspace(w_star - span, w_star + span, 400)
    ax.plot(ws, 0.5 * c * (ws - w_star) ** 2, color="#1f77b4", lw=2, label="L(w)")
    (path,) = ax.plot([], [], "o-", color="#d62728", ms=4, lw=1, label="gradient-descent steps")
    ax.plot([w0], [0.5 * c * (w0 - w_star) ** 2], "s", color="black", ms=6, label="start")
    ax.set_xlim(ws[0], ws[-1])
    ax.set_ylim(-0.05 * 0.5 * c * span**2, 0.5 * c * span**2)
    ax.set_xlabel("w")
    ax.legend(loc="upper center", fontsize=8)
    (error,) = error_ax.semilogy([], [], "o-", color="#9467bd", ms=3)
    error_ax.set_xlim(0, steps)
    error_ax.set_ylim(1e-9, 1e4)
    error_ax.set_xlabel("step k")
    error_ax.set_title("distance to the minimum |w_k − w*|")
    error_ax.grid(True, alpha=0.4)
    plot = Descent1DPlot(ax, error_ax, path, error, c, float(w0), float(w_star), int(steps))
    plot.update(lr)
    return plot


def plot_trajectory(points: ArrayLike, *, ax: Axes, **style: Any) -> Line2D:
    """Draw an optimization path (k + 1 points in 2-D) as a line with small markers.

    Introduced in: 04_gradient_descent.ipynb

    Parameters
    ----------
    points : array_like, shape (k + 1, 2)
    ax : Axes
    **style
        Passed to ``ax.plot`` (color, label, ...).

    Returns
    -------
    Line2D
        Move it later with ``line.set_data(xs, ys)``.
    """
    pts = as_float_array(points, "points") if len(np.asarray(points)) else np.zeros((0, 2))
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (k + 1, 2), got {pts.shape}")
    style = {"marker": "o", "ms": 2.5, "lw": 1.3, **style}
    (line,) = ax.plot(pts[:, 0], pts[:, 1], **style)
    return line


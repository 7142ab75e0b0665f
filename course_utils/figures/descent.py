"""The drawings of gradient descent: the 1-D path on the loss curve, optimization paths in 2-D,
and the optimizer race (every optimizer in one look of its own, the same in every panel).

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    require_axes,
    require_int,
    require_positive_scalar,
    require_real_scalar,
)
from course_utils.learning.quadratic import quadratic_iterates

__all__ = ["Descent1DPlot", "OPTIMIZER_STYLES", "plot_descent_1d", "plot_race", "plot_trajectory"]

#: One look per optimizer, the same in every panel: colour, marker and line style tell them apart
#: even in greyscale, and the thick lines lie underneath the thin ones (z-order), so no path hides
#: another.
OPTIMIZER_STYLES: dict[str, dict[str, Any]] = {
    "SGD": {"color": "#d62728", "marker": "o", "ls": "-", "lw": 1.2, "zorder": 6},
    "Momentum": {"color": "#ff7f0e", "marker": "s", "ls": "--", "lw": 1.6, "zorder": 5},
    "RMSProp": {"color": "#e377c2", "marker": "^", "ls": ":", "lw": 2.2, "zorder": 4},
    "Adam": {"color": "#17becf", "marker": "D", "ls": "-.", "lw": 2.8, "zorder": 3},
}
#: Size of each optimizer's end marker in :func:`plot_race`: the paths drawn underneath get the
#: larger ones, so where several methods stop at the same point every marker still shows.
_END_SIZES: dict[str, float] = {"SGD": 11.0, "Momentum": 14.0, "RMSProp": 16.0, "Adam": 19.0}


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
    require_positive_scalar(lr, "lr")
    w0, w_star = require_real_scalar(w0, "w0"), require_real_scalar(w_star, "w_star")
    steps = require_int(steps, "steps", minimum=1)
    require_axes(ax, optional=False)
    require_axes(error_ax, "error_ax", optional=False)
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
    require_axes(ax, optional=False)
    if isinstance(points, (str, bytes)) or points is None:
        raise TypeError(f"points must be an array of shape (k + 1, 2), got {type(points).__name__}")
    pts = as_float_array(points, "points")
    if pts.size == 0:
        pts = np.zeros((0, 2))
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (k + 1, 2), got {pts.shape}")
    style = {"marker": "o", "ms": 2.5, "lw": 1.3, **style}
    (line,) = ax.plot(pts[:, 0], pts[:, 1], **style)
    return line


def plot_race(
    paths: Mapping[str, ArrayLike],
    losses: Mapping[str, ArrayLike],
    *,
    ax: Axes,
    loss_ax: Axes,
    marks: int = 8,
) -> dict[str, tuple[Line2D, Line2D]]:
    """Draw each optimizer's path on ``ax`` and its loss per step on ``loss_ax``, in one style.

    Each optimizer keeps its entry of :data:`OPTIMIZER_STYLES` (names not in it get the default
    colour cycle) in both panels. The paths get a thin dark outline, so that they stand out on
    any contour colour, about ``marks`` small markers each and one large marker where they end
    (larger for the paths drawn underneath, so that methods stopping at the same point all show).

    Parameters
    ----------
    paths : mapping of str -> array_like, shape (k + 1, 2)
        Optimizer name -> the points it visited.
    losses : mapping of str -> array_like, shape (k + 1,)
        Optimizer name -> the loss at those points (same names as ``paths``).
    ax, loss_ax : Axes
        Where the paths and the loss curves go.
    marks : int
        Markers per curve (>= 1).

    Returns
    -------
    dict of str -> (Line2D, Line2D)
        Name -> (path line, loss line).
    """
    require_axes(ax, optional=False)
    require_axes(loss_ax, "loss_ax", optional=False)
    marks = require_int(marks, "marks", minimum=1)
    if not isinstance(paths, Mapping) or not isinstance(losses, Mapping):
        raise TypeError("paths and losses must be mappings optimizer name -> array")
    if set(paths) != set(losses):
        raise ValueError(
            f"paths and losses must name the same optimizers, got {sorted(paths)} and "
            f"{sorted(losses)}"
        )
    drawn = {}
    for name, points in paths.items():
        curve = as_float_array(losses[name], f"losses[{name!r}]")
        style = dict(OPTIMIZER_STYLES.get(name, {}))
        every = max(1, len(curve) // marks)
        outline = [patheffects.withStroke(linewidth=style.get("lw", 1.5) + 1.6, foreground="0.1")]
        line = plot_trajectory(
            points, ax=ax, label=name, ms=4, markevery=every, path_effects=outline, **style
        )
        end = np.asarray(line.get_xydata(), dtype=float)[-1:]
        if len(end):
            ax.plot(
                end[:, 0],
                end[:, 1],
                ls="none",
                marker=style.get("marker", "o"),
                ms=_END_SIZES.get(name, 10.0),
                color=line.get_color(),
                mec="black",
                mew=1.2,
                zorder=10 + style.get("zorder", 0),
            )
        (loss_line,) = loss_ax.plot(
            np.arange(len(curve)), curve, label=name, ms=4, markevery=every, **style
        )
        drawn[name] = (line, loss_line)
    return drawn

"""The Taylor figure: a function, its order-k polynomial at a point, and the error on a log scale.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from course_utils._validation import require_axes, require_real_scalar
from course_utils.numeric.taylor import TaylorFunction, taylor_order, taylor_polynomial

__all__ = ["TaylorPlot", "plot_taylor"]


@dataclass
class TaylorPlot:
    """Artists of the Taylor figure: f, its order-k polynomial at a, and the error |f − T_k|.

    Attributes
    ----------
    ax, error_ax : Axes
    curve, polynomial, point, error : Line2D
    function : TaylorFunction
    a : float
    order : int
    """

    ax: Axes
    error_ax: Axes | None
    curve: Line2D
    polynomial: Line2D
    point: Line2D
    error: Line2D | None
    function: TaylorFunction
    a: float
    order: int

    def update(self, a: float | None = None, order: int | None = None) -> NDArray:
        """Move the expansion point and/or change the order; returns T_k on the plot grid."""
        if a is not None:
            lo, hi = self.function.x_range
            a_val = require_real_scalar(a, "a")
            if not lo <= a_val <= hi:
                raise ValueError(f"a must lie in [{lo:g}, {hi:g}] for {self.function.label}")
            self.a = a_val
        if order is not None:
            self.order = taylor_order(order)
        xs = np.asarray(self.curve.get_xdata(), dtype=float)
        derivs = [self.function.nth_derivative(self.a, j) for j in range(self.order + 1)]
        values = taylor_polynomial(derivs, self.a, xs)
        self.polynomial.set_data(xs, values)
        self.point.set_data([self.a], [self.function(self.a)])
        if self.error is not None:
            gap = np.abs(self.function(xs) - values)
            self.error.set_data(xs, np.maximum(gap, 1e-17))
        return values


def plot_taylor(
    function: TaylorFunction,
    a: float,
    order: int,
    *,
    ax: Axes,
    error_ax: Axes | None = None,
) -> TaylorPlot:
    """Draw ``function``, its Taylor polynomial of ``order`` around ``a`` and (optionally) the
    error |f − T_k| on a log scale.

    Parameters
    ----------
    function : TaylorFunction
        E.g. ``TAYLOR_FUNCTIONS["sin"]``.
    a : float
        Expansion point, inside ``function.x_range``.
    order : int
        Degree k >= 0 of the polynomial.
    ax : Axes
    error_ax : Axes, optional

    Returns
    -------
    TaylorPlot
    """
    if not isinstance(function, TaylorFunction):
        raise TypeError(
            f"function must be a TaylorFunction (e.g. TAYLOR_FUNCTIONS['sin']), "
            f"got {type(function).__name__}"
        )
    require_axes(ax, optional=False)
    require_axes(error_ax, "error_ax")
    lo, hi = function.x_range
    if not lo <= require_real_scalar(a, "a") <= hi:
        raise ValueError(f"a must lie in [{lo:g}, {hi:g}] for {function.label}, got {a:g}")
    taylor_order(order)
    xs = np.linspace(*function.x_range, 500)
    (curve,) = ax.plot(xs, function(xs), color="#1f77b4", lw=2.2, label=f"f(x) = {function.label}")
    (poly,) = ax.plot([], [], color="#d62728", lw=1.8, ls="--", label="Taylor polynomial T_k")
    (point,) = ax.plot([], [], "o", color="#d62728", ms=7, zorder=5)
    ax.set_xlim(*function.x_range)
    ax.set_ylim(*function.y_range)
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.set_xlabel("x")
    ax.legend(loc="upper left", fontsize=9)
    err = None
    if error_ax is not None:
        (err,) = error_ax.semilogy([], [], color="#9467bd", lw=1.8)
        error_ax.set_xlim(*function.x_range)
        error_ax.set_ylim(1e-12, 1e2)
        error_ax.set_xlabel("x")
        error_ax.set_title("error |f(x) − T_k(x)| (log scale)")
        error_ax.grid(True, which="major", alpha=0.4)
    plot = TaylorPlot(
        ax, error_ax, curve, poly, point, err, function, float(a), taylor_order(order)
    )
    plot.update(a=a, order=order)
    return plot

"""Taylor polynomials: approximating a function near a point by its derivatives there.

T_k(x) = Σ_{j=0..k} f⁽ʲ⁾(a) (x − a)ʲ / j!. Near a, the error f(x) − T_k(x) shrinks like
|x − a|^(k+1): halve the distance and a first-order (tangent-line) model gets 4× better, a
second-order one 8×. This module holds a few functions with all their derivatives in closed form,
the polynomial itself, and the drawing function behind chapter 02's Taylor explorer.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import as_float_array

__all__ = ["TaylorFunction", "TAYLOR_FUNCTIONS", "taylor_polynomial", "TaylorPlot", "plot_taylor"]


@dataclass(frozen=True)
class TaylorFunction:
    """A function with a closed form for every derivative.

    Attributes
    ----------
    key, label : str
    nth_derivative : callable
        ``nth_derivative(x, k)`` = f⁽ᵏ⁾(x), elementwise in x, for k = 0, 1, 2, ...
    x_range : (float, float)
        Where it is defined and drawn.
    y_range : (float, float)
    """

    key: str
    label: str
    nth_derivative: Callable[[Any, int], Any]
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def __call__(self, x: ArrayLike) -> NDArray:
        return self.nth_derivative(np.asarray(x, dtype=float), 0)


def _log1p_derivative(x: Any, k: int) -> Any:
    if k == 0:
        return np.log1p(x)
    return (-1.0) ** (k + 1) * math.factorial(k - 1) / (1.0 + np.asarray(x)) ** k


TAYLOR_FUNCTIONS: dict[str, TaylorFunction] = {
    fn.key: fn
    for fn in (
        TaylorFunction("sin", "sin x", lambda x, k: np.sin(np.asarray(x) + k * np.pi / 2),
                       (-2 * np.pi, 2 * np.pi), (-2.0, 2.0)),
        TaylorFunction("exp", "eˣ", lambda x, k: np.exp(x), (-3.0, 3.0), (-2.0, 12.0)),
        TaylorFunction("log1p", "ln(1 + x)", _log1p_derivative, (-0.95, 3.0), (-3.0, 2.0)),
    )
}


def taylor_polynomial(derivatives: ArrayLike, a: float, x: ArrayLike) -> Any:
    """Evaluate T(x) = Σ_j d_j (x − a)ʲ / j! for derivatives d_j = f⁽ʲ⁾(a), j = 0..k.

    Introduced in: 02_partial_derivatives_and_gradients.ipynb

    Parameters
    ----------
    derivatives : array_like, shape (k + 1,)
        f(a), f′(a), f″(a), ... up to the order wanted.
    a : float
        Expansion point.
    x : float or array_like, shape (...)

    Returns
    -------
    float or ndarray, shape (...)
    """
    d = as_float_array(derivatives, "derivatives").reshape(-1)
    if d.size == 0:
        raise ValueError("derivatives must hold at least f(a)")
    a_val = float(as_float_array(a, "a"))
    xs = as_float_array(x, "x")
    dx = xs - a_val
    total = np.zeros_like(dx, dtype=float)
    for j in range(d.size - 1, -1, -1):  # Horner's scheme in (x − a)
        total = total * dx / (j + 1) + d[j]
    return float(total) if xs.ndim == 0 else total


def _order(order: Any) -> int:
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < 0:
        raise ValueError(f"order must be a whole number >= 0, got {order!r}")
    return int(order)


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
            a_val = float(as_float_array(a, "a"))
            if not lo <= a_val <= hi:
                raise ValueError(f"a must lie in [{lo:g}, {hi:g}] for {self.function.label}")
            self.a = a_val
        if order is not None:
            self.order = _order(order)
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

    Introduced in: 02_partial_derivatives_and_gradients.ipynb

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
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
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
    plot = TaylorPlot(ax, error_ax, curve, poly, point, err, function, float(a), _order(order))
    plot.update(a=a, order=order)
    return plot

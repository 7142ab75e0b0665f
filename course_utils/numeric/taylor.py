"""Taylor polynomials: approximating a function near a point by its derivatives there.

T_k(x) = Σ_{j=0..k} f⁽ʲ⁾(a) (x − a)ʲ / j!. Near a, the error f(x) − T_k(x) shrinks like
|x − a|^(k+1): halve the distance and a first-order (tangent-line) model gets 4× better, a
second-order one 8×. This module holds a few functions with all their derivatives in closed form,
and the polynomial itself; the drawing lives in ``course_utils.figures.taylor``.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    require_finite,
    require_int,
    require_real_scalar,
)

__all__ = ["TaylorFunction", "TAYLOR_FUNCTIONS", "taylor_polynomial", "taylor_order"]


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
        xs = as_float_array(x, "x").astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = self.nth_derivative(xs, 0)
        require_finite(np.asarray(out), f"{self.label} at x", where=" (x outside the domain?)")
        return out


def _log1p_derivative(x: Any, k: int) -> Any:
    if k == 0:
        return np.log1p(x)
    return (-1.0) ** (k + 1) * math.factorial(k - 1) / (1.0 + np.asarray(x)) ** k


TAYLOR_FUNCTIONS: dict[str, TaylorFunction] = {
    fn.key: fn
    for fn in (
        TaylorFunction(
            "sin",
            "sin x",
            lambda x, k: np.sin(np.asarray(x) + k * np.pi / 2),
            (-2 * np.pi, 2 * np.pi),
            (-2.0, 2.0),
        ),
        TaylorFunction("exp", "eˣ", lambda x, k: np.exp(x), (-3.0, 3.0), (-2.0, 12.0)),
        TaylorFunction("log1p", "ln(1 + x)", _log1p_derivative, (-0.95, 3.0), (-3.0, 2.0)),
    )
}


def taylor_polynomial(derivatives: ArrayLike, a: float, x: ArrayLike) -> Any:
    """Evaluate T(x) = Σ_j d_j (x − a)ʲ / j! for derivatives d_j = f⁽ʲ⁾(a), j = 0..k.

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
    a_val = require_real_scalar(a, "a")
    xs = as_float_array(x, "x")
    dx = xs - a_val
    total = np.zeros_like(dx, dtype=float)
    for j in range(d.size - 1, -1, -1):  # Horner's scheme in (x − a)
        total = total * dx / (j + 1) + d[j]
    return float(total) if xs.ndim == 0 else total


def taylor_order(order: Any) -> int:
    """``order`` as an int if it is a whole number >= 0 (TypeError / ValueError otherwise)."""
    return require_int(order, "order", minimum=0)

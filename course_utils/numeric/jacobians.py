"""Jacobians, Hessians and directional derivatives, from the difference quotients of
``course_utils.numeric.differences``.

* ``jacobian``: every partial derivative of a vector-valued function, one input coordinate (one
  column) at a time;
* ``hessian``: the matrix of second partial derivatives of a scalar function, by second-order
  central differences (symmetric by construction);
* ``directional_derivative``: the rate of change along a direction u, from two evaluations of f.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import as_float_array, require_callable, require_positive_scalar
from course_utils.numeric.differences import (
    Method,
    along_coordinate,
    call_real,
    check_method,
    require_resolvable_step,
    require_scalar_output,
    steps_for,
    working_array,
)

__all__ = ["jacobian", "hessian", "directional_derivative"]


def _as_vector(x: ArrayLike) -> NDArray:
    arr = working_array(x)
    if arr.ndim > 1:
        raise ValueError(
            f"x must be a vector of shape (n,), got shape {arr.shape}; flatten it with x.ravel() "
            "and reshape inside f"
        )
    return arr.reshape(-1)


def jacobian(
    f: Callable[[NDArray], Any],
    x: ArrayLike,
    h: float | None = None,
    method: Method = "central",
) -> NDArray:
    """Numerical Jacobian of f: Rⁿ → Rᵐ, entry (i, j) = ∂f_i/∂x_j.

    Parameters
    ----------
    f : callable
        ``f(x) -> y`` with ``x`` of shape (n,) and ``y`` of shape (m,) (a scalar counts as m = 1).
    x : array_like, shape (n,)
        Point at which to differentiate (a scalar counts as n = 1).
    h : float, optional
        Step size (> 0); default per coordinate from :func:`default_step`.
    method : {"forward", "backward", "central", "complex"}

    Returns
    -------
    ndarray, shape (m, n)
        Row i is the gradient of output i; column j is how every output moves with input j.

    Raises
    ------
    TypeError, ValueError
        Non-callable ``f``, non-numeric or non-finite ``x``, ``x`` or ``f(x)`` with more than one
        axis, or an output whose shape changes from one evaluation to the next.
    """
    require_callable(f, "f")
    method = check_method(method)
    vec = _as_vector(x)
    steps = steps_for(vec, h, method)
    y0 = call_real(f, vec.copy())
    if y0.ndim > 1:
        raise ValueError(
            f"f must return a vector of shape (m,) for jacobian(), got shape {y0.shape}; "
            "flatten the output with .ravel()"
        )
    m = y0.size
    jac = np.empty((m, vec.size), dtype=vec.dtype)
    for j in range(vec.size):

        def same_shape(out: NDArray, j: int = j) -> None:
            if out.shape != y0.shape:
                raise ValueError(
                    f"f's output shape must not depend on x: f(x) has shape {y0.shape} but "
                    f"moving x[{j}] gave shape {out.shape}"
                )

        column = along_coordinate(f, vec, j, float(steps[j]), method, same_shape)
        jac[:, j] = column.reshape(m)
    return jac


def hessian(f: Callable[[NDArray], Any], x: ArrayLike, h: float | None = None) -> NDArray:
    """Numerical Hessian (matrix of second partial derivatives) of a scalar function.

    Uses central second differences with the step ``eps**(1/4) * max(1, |x_i|)`` (which balances
    their h² truncation error against their eps/h² round-off) and returns the symmetric part.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` with ``x`` of shape (n,).
    x : array_like, shape (n,)
        Point at which to differentiate.
    h : float, optional
        Step size (> 0).

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric matrix with entries ∂²f/∂x_i∂x_j.

    Raises
    ------
    TypeError, ValueError
        As for :func:`gradient`.
    """
    require_callable(f, "f")
    vec = _as_vector(x)
    if h is None:
        eps = np.finfo(vec.dtype).eps
        steps = eps**0.25 * np.maximum(1.0, np.abs(vec))
    else:
        steps = np.full(vec.shape, require_positive_scalar(h, "h"))
    require_resolvable_step(vec, steps, power=2)
    # A second difference divides round-off of size eps·|f| by h²: below sqrt(eps)·max(1, |x|)
    # that error is of the order of the result itself, a silently wrong Hessian.
    floor = np.sqrt(np.finfo(vec.dtype).eps) * np.maximum(1.0, np.abs(vec))
    if np.any(steps < floor):
        i = int(np.argmax(steps < floor))
        raise ValueError(
            f"h = {float(steps[i]):g} is too small for a Hessian at x[{i}] = {float(vec[i]):g}: "
            f"the round-off of a second difference grows like eps/h², so below "
            f"{float(floor[i]):.1e} it swamps the result; use a larger h (or the default, "
            "h=None)"
        )
    n = vec.size

    def at(*moves: tuple[int, float]) -> float:
        point = vec.copy()
        for index, amount in moves:
            point[index] += amount
        return float(require_scalar_output(call_real(f, point), "f", "hessian()"))

    f0 = at()
    hess = np.empty((n, n), dtype=vec.dtype)
    for i in range(n):
        hi = steps[i]
        hess[i, i] = (at((i, hi)) - 2.0 * f0 + at((i, -hi))) / hi**2
        for j in range(i + 1, n):
            hj = steps[j]
            cross = (
                at((i, hi), (j, hj))
                - at((i, hi), (j, -hj))
                - at((i, -hi), (j, hj))
                + at((i, -hi), (j, -hj))
            )
            hess[i, j] = hess[j, i] = cross / (4.0 * hi * hj)
    return hess


def directional_derivative(
    f: Callable[[NDArray], Any],
    x: ArrayLike,
    u: ArrayLike,
    h: float | None = None,
    normalize: bool = True,
) -> float:
    """Rate of change of f at x along the direction u: d/dt f(x + t·u) at t = 0.

    With ``normalize=True`` (the default) ``u`` is scaled to unit length first, so the result equals
    ``∇f(x) · u/|u|`` and is largest when ``u`` points along the gradient. Only two evaluations of
    ``f`` are needed, whatever the dimension.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` with ``x`` of shape (n,).
    x : array_like, shape (n,)
    u : array_like, shape (n,)
        Direction; must not be the zero vector.
    h : float, optional
        Step along ``u`` (> 0); default ``eps**(1/3) * max(1, |x|)``.
    normalize : bool
        Scale ``u`` to unit length before differentiating.

    Returns
    -------
    float
    """
    require_callable(f, "f")
    vec = _as_vector(x)
    direction = as_float_array(u, "u").astype(vec.dtype)
    if direction.shape != vec.shape and not (direction.size == vec.size == 1):
        raise ValueError(f"u must have the same shape as x, {vec.shape}; got {direction.shape}")
    direction = direction.reshape(vec.shape)
    norm = float(np.linalg.norm(direction))
    if norm == 0.0:
        raise ValueError("u must be a non-zero direction vector, got all zeros")
    if normalize:
        direction = direction / norm
    if h is None:
        eps = float(np.finfo(vec.dtype).eps)
        h = eps ** (1 / 3) * max(1.0, float(np.linalg.norm(vec))) / float(np.linalg.norm(direction))
    step = require_positive_scalar(h, "h")
    with np.errstate(over="ignore", under="ignore"):
        plus, minus = vec + step * direction, vec - step * direction
        wanted = 2.0 * step * direction.astype(np.float64)
        moved = (plus - minus).astype(np.float64)
        scale = float(np.max(np.abs(wanted)))
        off = float(np.max(np.abs(moved - wanted)))
    if not np.all(np.isfinite(plus)) or not np.all(np.isfinite(minus)):
        raise ValueError(f"h = {step:g} is too large: x ± h·u overflows in {vec.dtype} arithmetic")
    if not (np.isfinite(scale) and scale > 0) or not off <= 1e-3 * scale:
        raise ValueError(
            f"h = {step:g} is too small for x = {_short_vec(vec)}: x ± h·u rounds back to x in "
            f"{vec.dtype} arithmetic, so the difference quotient would be wrong (0/0 or 0); "
            "use a larger h (or the default, h=None)"
        )
    f_plus = require_scalar_output(call_real(f, plus), "f", "directional_derivative()")
    f_minus = require_scalar_output(call_real(f, minus), "f", "directional_derivative()")
    return float((f_plus - f_minus) / (2.0 * step))


def _short_vec(vec: NDArray) -> str:
    with np.printoptions(precision=4, threshold=6, edgeitems=2):
        return np.array2string(vec, separator=", ")

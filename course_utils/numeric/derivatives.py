"""Numerical derivatives: finite differences, the complex step, step sizes and gradients.

These are the reference implementations every later chapter checks its analytic work against.
Each function validates its input (see ``_validation``) and explains in its error message what was
wrong and what it expected. Jacobians, Hessians and directional derivatives, built on the same
difference quotients (``course_utils.numeric.differences``), are in
``course_utils.numeric.jacobians``.

Introduced in: 01_derivatives.ipynb (``derivative``, ``default_step``, ``step_size_sweep``) and
02_partial_derivatives_and_gradients.ipynb (``gradient``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import as_float_array, require_callable, require_real_scalar
from course_utils.numeric.differences import (
    Method,
    along_coordinate,
    call_complex,
    call_real,
    check_method,
    default_step,
    require_elementwise,
    require_scalar_output,
    steps_for,
    working_array,
)

__all__ = ["default_step", "derivative", "gradient", "step_size_sweep"]


def derivative(
    f: Callable[[Any], Any],
    x: ArrayLike,
    h: float | None = None,
    method: Method = "central",
) -> Any:
    """Numerical derivative f'(x) of a function of one variable.

    Parameters
    ----------
    f : callable
        ``f(x) -> y`` applied elementwise: for ``x`` of shape (...) it returns shape (...)
        (NumPy ufuncs such as ``np.sin`` do this).
    x : float or array_like, shape (...)
        Point(s) at which to differentiate. Integers are promoted to float64.
    h : float, optional
        Step size (> 0). Default: :func:`default_step` for the method.
    method : {"forward", "backward", "central", "complex"}
        ``(f(x+h) - f(x)) / h``, ``(f(x) - f(x-h)) / h``, ``(f(x+h) - f(x-h)) / 2h`` or
        ``Im f(x + ih) / h`` (needs ``f`` to accept complex numbers; exact to round-off).

    Returns
    -------
    float or ndarray, shape (...)
        A float when ``x`` is a scalar, else an array shaped like ``x``.

    Raises
    ------
    TypeError
        ``f`` is not callable, ``x`` is not numeric, or ``f`` cannot take complex input for the
        complex step.
    ValueError
        ``x`` or ``f(x)`` holds NaN/inf, ``h`` is not positive, ``method`` is unknown, or ``f`` does
        not act elementwise (its output has another shape than ``x``).

    Examples
    --------
    >>> round(derivative(lambda x: x**2, 3.0), 6)
    6.0
    """
    require_callable(f, "f")
    method = check_method(method)
    arr = working_array(x)
    steps = steps_for(arr, h, method)

    if method == "complex":
        out = call_complex(f, arr + 1j * steps)
        require_elementwise(out, arr)
        result = out.imag / steps
    else:
        # Round the step so that x + h and x - h are exactly representable: the denominator is
        # then the true distance between the two evaluation points.
        x_plus = arr + steps.astype(arr.dtype) if method != "backward" else arr
        x_minus = arr - steps.astype(arr.dtype) if method != "forward" else arr
        if np.any(x_plus == x_minus):
            bad = np.argwhere(np.broadcast_to(x_plus == x_minus, arr.shape))[0]
            where = float(arr[tuple(bad)]) if arr.ndim else float(arr)
            raise ValueError(
                f"h is too small for x = {where:g}: x + h rounds back to x in "
                f"{arr.dtype} arithmetic, so the difference quotient would be 0/0; use a "
                "larger h (or method='complex', which has no such limit)"
            )
        f_plus = call_real(f, x_plus)
        f_minus = call_real(f, x_minus)
        require_elementwise(f_plus, arr)
        require_elementwise(f_minus, arr)
        result = (f_plus - f_minus) / (x_plus - x_minus)

    result = np.asarray(result, dtype=arr.dtype)
    return float(result) if arr.ndim == 0 else result


def gradient(
    f: Callable[[NDArray], Any],
    x: ArrayLike,
    h: float | None = None,
    method: Method = "central",
) -> Any:
    """Numerical gradient of a scalar function of several variables, one coordinate at a time.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` taking an array shaped like ``x`` and returning a scalar.
    x : array_like, shape (...)
        Point at which to differentiate; a vector (n,) or any shape (e.g. a weight matrix).
    h : float, optional
        Step size (> 0); default per coordinate from :func:`default_step`.
    method : {"forward", "backward", "central", "complex"}

    Returns
    -------
    ndarray, shape (...)
        ``∂f/∂x`` with the shape of ``x`` (a float when ``x`` is a scalar).

    Raises
    ------
    TypeError, ValueError
        As for :func:`derivative`; also when ``f`` returns anything but a scalar.
    """
    require_callable(f, "f")
    method = check_method(method)
    arr = working_array(x)
    steps = steps_for(arr, h, method)
    require_scalar_output(call_real(f, arr.copy()), "f", "gradient()")

    def scalar(out: NDArray) -> None:
        require_scalar_output(out, "f", "gradient()")

    grad = np.empty(arr.shape, dtype=arr.dtype)
    for i in range(arr.size):
        grad.flat[i] = along_coordinate(f, arr, i, float(steps.flat[i]), method, scalar)
    return float(grad) if arr.ndim == 0 else grad


def step_size_sweep(
    f: Callable[[Any], Any],
    x: float,
    exact: float,
    steps: ArrayLike,
    methods: Sequence[Method] = ("forward", "central", "complex"),
) -> dict[str, NDArray]:
    """Relative error of each difference formula over a range of step sizes.

    This is the data behind the classic error-vs-h plot: for large h the truncation error of the
    formula dominates (slope 1 for forward, 2 for central on a log-log plot); for small h the
    round-off of subtracting nearly equal numbers takes over (slope -1). The complex step has no
    subtraction and so no round-off branch.

    Parameters
    ----------
    f : callable
        Elementwise function of one variable (complex-safe if "complex" is requested).
    x : float
        Point at which to differentiate.
    exact : float
        The true derivative f'(x), non-zero.
    steps : array_like, shape (k,)
        Positive step sizes.
    methods : sequence of str
        Which formulas to evaluate.

    Returns
    -------
    dict of str -> ndarray, shape (k,)
        ``|estimate - exact| / |exact|`` for each method and step. Entries that are exactly zero
        (the estimate hit the true value to the last bit) are reported as the float64 epsilon/2 so
        they can be drawn on a log axis.
    """
    require_callable(f, "f")
    x = require_real_scalar(x, "x")
    hs = as_float_array(steps, "steps", nonempty=True).reshape(-1)
    if np.any(hs <= 0):
        raise ValueError("steps must all be > 0")
    if isinstance(methods, str) or not isinstance(methods, Sequence):
        raise TypeError(
            f"methods must be a sequence of method names such as ('forward', 'central'), got "
            f"{type(methods).__name__} {methods!r:.40}"
        )
    methods = [check_method(m) for m in methods]
    exact_value = require_real_scalar(exact, "exact")
    if exact_value == 0.0:
        raise ValueError("exact must be non-zero to measure a relative error")
    floor = np.finfo(np.float64).eps / 2
    errors: dict[str, NDArray] = {}
    for method in methods:
        estimates = np.array([derivative(f, x, h=float(h), method=method) for h in hs])
        errors[method] = np.maximum(np.abs(estimates - exact_value) / abs(exact_value), floor)
    return errors

"""Numerical derivatives: finite differences, the complex step, step sizes and gradients.

These are the reference implementations every later chapter checks its analytic work against.
Each function validates its input (see ``_validation``) and explains in its error message what was
wrong and what it expected. Jacobians, Hessians and directional derivatives, built on the same
difference quotients, are in ``course_utils.jacobians``.

Introduced in: 01_derivatives.ipynb (``derivative``, ``default_step``, ``step_size_sweep``) and
02_partial_derivatives_and_gradients.ipynb (``gradient``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    call_checked,
    require_callable,
    require_positive_scalar,
)

__all__ = [
    "METHODS",
    "Method",
    "default_step",
    "derivative",
    "gradient",
    "step_size_sweep",
]

Method = Literal["forward", "backward", "central", "complex"]
METHODS: tuple[str, ...] = ("forward", "backward", "central", "complex")

# Power of machine epsilon that balances truncation and round-off error for each formula:
# forward/backward error ~ h f''/2 + eps/h  -> best h ~ eps^(1/2)
# central error          ~ h^2 f'''/6 + eps/h -> best h ~ eps^(1/3)
# complex step has no subtraction, hence no round-off: any tiny h works; we take eps itself.
_STEP_EXPONENT = {"forward": 1 / 2, "backward": 1 / 2, "central": 1 / 3, "complex": 1.0}


def _working_dtype(arr: NDArray) -> np.dtype:
    """float32 stays float32; everything else (float16, promoted ints) computes in float64."""
    return np.dtype(np.float32) if arr.dtype == np.float32 else np.dtype(np.float64)


def _check_method(method: Any) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}")
    return str(method)


def default_step(x: ArrayLike, method: Method = "central") -> NDArray:
    """The step ``h`` used when none is given: ``eps**p * max(1, |x|)``.

    ``eps`` is the machine epsilon of ``x``'s floating type and ``p`` is 1/2 for forward and
    backward differences, 1/3 for central differences and 1 for the complex step. Scaling by
    ``|x|`` keeps ``x + h`` distinguishable from ``x`` when ``x`` is large.

    Introduced in: 01_derivatives.ipynb

    Parameters
    ----------
    x : array_like, shape (...)
        Point(s) where the derivative is wanted.
    method : {"forward", "backward", "central", "complex"}

    Returns
    -------
    ndarray, shape (...)
        One positive step per entry of ``x``.
    """
    method = _check_method(method)
    arr = as_float_array(x, "x")
    eps = np.finfo(_working_dtype(arr)).eps
    return eps ** _STEP_EXPONENT[method] * np.maximum(1.0, np.abs(arr.astype(np.float64)))


def _step(arr: NDArray, h: float | None, method: str) -> NDArray:
    if h is None:
        return default_step(arr, method)  # type: ignore[arg-type]
    return np.full(arr.shape, require_positive_scalar(h, "h"))


def _complex_call(f: Callable[..., Any], z: NDArray, fname: str = "f") -> NDArray:
    """Evaluate f at complex points for the complex-step method, with a clear error if it can't."""
    try:
        out = call_checked(f, z, fname=fname)
    except TypeError as exc:
        if "complex" in str(exc) or "float()" in str(exc):
            raise TypeError(
                f"method='complex' needs {fname} to accept complex input; write it with NumPy "
                "functions (np.sin, np.exp, ...) rather than math.sin, or use method='central'"
            ) from exc
        raise
    if not np.iscomplexobj(out):
        raise TypeError(
            f"method='complex' needs {fname} to keep the imaginary part of its input, but it "
            "returned real numbers (abs, np.real, comparisons or float() discard it); "
            "use method='central' for such functions"
        )
    return out


def derivative(
    f: Callable[[Any], Any],
    x: ArrayLike,
    h: float | None = None,
    method: Method = "central",
) -> Any:
    """Numerical derivative f'(x) of a function of one variable.

    Introduced in: 01_derivatives.ipynb

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
    method = _check_method(method)
    arr = as_float_array(x, "x")
    arr = arr.astype(_working_dtype(arr))
    steps = _step(arr, h, method)

    if method == "complex":
        out = _complex_call(f, arr + 1j * steps)
        _require_elementwise(out, arr)
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
        f_plus = _real_call(f, x_plus)
        f_minus = _real_call(f, x_minus)
        _require_elementwise(f_plus, arr)
        _require_elementwise(f_minus, arr)
        result = (f_plus - f_minus) / (x_plus - x_minus)

    result = np.asarray(result, dtype=arr.dtype)
    return float(result) if arr.ndim == 0 else result


def _real_call(f: Callable[..., Any], x: NDArray, fname: str = "f") -> NDArray:
    out = call_checked(f, x, fname=fname)
    if np.iscomplexobj(out):
        raise TypeError(f"{fname} must return real numbers, got complex values at real input")
    return out


def _require_elementwise(out: NDArray, arr: NDArray) -> None:
    if out.shape != arr.shape:
        raise ValueError(
            f"f must act elementwise, returning one number per entry of x: x has shape "
            f"{arr.shape} but f(x) has shape {out.shape}. For a function of several variables "
            "use gradient() (scalar output) or jacobian() (vector output)."
        )


def _require_scalar(out: NDArray, fname: str, what: str) -> float | complex:
    if out.ndim != 0:
        raise ValueError(
            f"{fname} must return a single number (a scalar) for {what}, but it returned an array "
            f"of shape {out.shape}; for a vector-valued function use jacobian()"
        )
    return out[()]


def gradient(
    f: Callable[[NDArray], Any],
    x: ArrayLike,
    h: float | None = None,
    method: Method = "central",
) -> Any:
    """Numerical gradient of a scalar function of several variables, one coordinate at a time.

    Introduced in: 02_partial_derivatives_and_gradients.ipynb (used for checks from 01 on)

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
    method = _check_method(method)
    arr = as_float_array(x, "x")
    arr = arr.astype(_working_dtype(arr))
    steps = _step(arr, h, method)
    _require_scalar(_real_call(f, arr.copy()), "f", "gradient()")

    def scalar(out: NDArray) -> None:
        _require_scalar(out, "f", "gradient()")

    grad = np.empty(arr.shape, dtype=arr.dtype)
    for i in range(arr.size):
        grad.flat[i] = _along_coordinate(f, arr, i, float(steps.flat[i]), method, scalar)
    return float(grad) if arr.ndim == 0 else grad


def _along_coordinate(
    f: Callable[..., Any],
    arr: NDArray,
    i: int,
    h: float,
    method: str,
    check: Callable[[NDArray], None],
) -> NDArray:
    """Difference quotient of f along coordinate ``i`` (flat index) of ``arr``.

    ``check`` validates each evaluation of f (its shape) before the two are subtracted.
    """
    if method == "complex":
        z = arr.astype(np.complex128)
        z.flat[i] += 1j * h
        out = _complex_call(f, z)
        check(out)
        return np.imag(out) / h
    plus, minus = arr.copy(), arr.copy()
    if method != "backward":
        plus.flat[i] += h
    if method != "forward":
        minus.flat[i] -= h
    run = plus.flat[i] - minus.flat[i]
    if run == 0:
        raise ValueError(
            f"h is too small for x[{i}] = {arr.flat[i]:g}: x + h rounds back to x in {arr.dtype} "
            "arithmetic, so the difference quotient would be 0/0; use a larger h"
        )
    f_plus, f_minus = _real_call(f, plus), _real_call(f, minus)
    check(f_plus)
    check(f_minus)
    return (f_plus - f_minus) / run


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

    Introduced in: 01_derivatives.ipynb

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
    hs = as_float_array(steps, "steps").reshape(-1)
    if np.any(hs <= 0):
        raise ValueError("steps must all be > 0")
    exact_value = float(as_float_array(exact, "exact"))
    if exact_value == 0.0:
        raise ValueError("exact must be non-zero to measure a relative error")
    floor = np.finfo(np.float64).eps / 2
    errors: dict[str, NDArray] = {}
    for method in methods:
        estimates = np.array([derivative(f, x, h=float(h), method=method) for h in hs])
        errors[method] = np.maximum(np.abs(estimates - exact_value) / abs(exact_value), floor)
    return errors

"""Difference quotients: the shared machinery of every numerical derivative in the course.

``derivatives`` (one variable, gradients) and ``jacobians`` (Jacobians) are built from these: the
working dtype, the default step per formula, one difference quotient along one coordinate, and the
checked evaluation of ``f`` at real or complex points.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    call_checked,
    require_positive_scalar,
)

__all__ = [
    "METHODS",
    "Method",
    "along_coordinate",
    "call_complex",
    "call_real",
    "check_method",
    "default_step",
    "require_elementwise",
    "require_resolvable_step",
    "require_scalar_output",
    "steps_for",
    "working_array",
    "working_dtype",
]

Method = Literal["forward", "backward", "central", "complex"]
METHODS: tuple[str, ...] = ("forward", "backward", "central", "complex")

# Power of machine epsilon that balances truncation and round-off error for each formula:
# forward/backward error ~ h f''/2 + eps/h  -> best h ~ eps^(1/2)
# central error          ~ h^2 f'''/6 + eps/h -> best h ~ eps^(1/3)
# complex step has no subtraction, hence no round-off: any tiny h works; we take eps itself.
_STEP_EXPONENT = {"forward": 1 / 2, "backward": 1 / 2, "central": 1 / 3, "complex": 1.0}


def working_dtype(arr: NDArray) -> np.dtype:
    """float32 stays float32; everything else (float16, promoted ints) computes in float64."""
    return np.dtype(np.float32) if arr.dtype == np.float32 else np.dtype(np.float64)


def working_array(x: ArrayLike, name: str = "x") -> NDArray:
    """``x`` checked (finite, real numbers) and converted to the dtype differences work in."""
    arr = as_float_array(x, name)
    return arr.astype(working_dtype(arr))


def check_method(method: Any) -> Method:
    """``method`` itself if it names one of :data:`METHODS`, else a ValueError listing them."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}")
    return cast(Method, str(method))


def default_step(x: ArrayLike, method: Method = "central") -> NDArray:
    """The step ``h`` used when none is given: ``eps**p * max(1, |x|)``.

    ``eps`` is the machine epsilon of ``x``'s floating type and ``p`` is 1/2 for forward and
    backward differences, 1/3 for central differences and 1 for the complex step. Scaling by
    ``|x|`` keeps ``x + h`` distinguishable from ``x`` when ``x`` is large.

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
    method = check_method(method)
    arr = as_float_array(x, "x")
    eps = np.finfo(working_dtype(arr)).eps
    return eps ** _STEP_EXPONENT[method] * np.maximum(1.0, np.abs(arr.astype(np.float64)))


def steps_for(arr: NDArray, h: float | None, method: str) -> NDArray:
    if h is None:
        return default_step(arr, method)  # type: ignore[arg-type]
    return np.full(arr.shape, require_positive_scalar(h, "h"))


def require_resolvable_step(arr: NDArray, steps: NDArray, *, power: int = 1) -> None:
    """Refuse steps that round away: ``x ± h == x`` in ``arr``'s dtype, or ``h**power`` (the
    denominator of a difference quotient of that order) underflowing to 0 or overflowing.

    Without this, a tiny ``h`` gives 0/0 (NaN) or a silent 0.0 instead of a derivative.
    """
    h = np.broadcast_to(np.asarray(steps, dtype=arr.dtype), arr.shape)
    with np.errstate(over="ignore", under="ignore"):
        rounded = (arr + h == arr) | (arr - h == arr)
        denominator = np.abs(h.astype(np.float64)) ** power
    info = np.finfo(arr.dtype)
    bad = rounded | (denominator < np.finfo(np.float64).tiny) | ~np.isfinite(denominator)
    if np.any(bad):
        index = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
        where = f"x[{', '.join(map(str, index))}]" if index else "x"
        step = float(h[index]) if arr.ndim else float(h)
        value = float(arr[index]) if arr.ndim else float(arr)
        if rounded[index] if arr.ndim else bool(rounded):
            why = f"x + h rounds back to x in {arr.dtype} arithmetic (resolution {info.eps:.1e})"
        elif np.isfinite(denominator[index] if arr.ndim else denominator) and step < 1:
            why = f"h**{power}, the denominator, underflows to 0"
        else:
            raise ValueError(
                f"h = {step:g} is too large for {where} = {value:g}: h**{power}, the "
                "denominator, overflows; use a smaller h (or the default, h=None)"
            )
        raise ValueError(
            f"h = {step:g} is too small for {where} = {value:g}: {why}, so the difference "
            "quotient would be 0/0; use a larger h (or the default, h=None)"
        )


def call_complex(f: Callable[..., Any], z: NDArray, fname: str = "f") -> NDArray:
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


def call_real(f: Callable[..., Any], x: NDArray, fname: str = "f") -> NDArray:
    out = call_checked(f, x, fname=fname)
    if np.iscomplexobj(out):
        raise TypeError(f"{fname} must return real numbers, got complex values at real input")
    return out


def require_elementwise(out: NDArray, arr: NDArray) -> None:
    if out.shape != arr.shape:
        raise ValueError(
            f"f must act elementwise, returning one number per entry of x: x has shape "
            f"{arr.shape} but f(x) has shape {out.shape}. For a function of several variables "
            "use gradient() (scalar output) or jacobian() (vector output)."
        )


def require_scalar_output(out: NDArray, fname: str, what: str) -> np.number[Any]:
    if out.ndim != 0:
        raise ValueError(
            f"{fname} must return a single number (a scalar) for {what}, but it returned an array "
            f"of shape {out.shape}; for a vector-valued function use jacobian()"
        )
    return cast("np.number[Any]", out[()])


def along_coordinate(
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
        out = call_complex(f, z)
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
    f_plus, f_minus = call_real(f, plus), call_real(f, minus)
    check(f_plus)
    check(f_minus)
    return (f_plus - f_minus) / run

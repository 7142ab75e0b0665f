"""Input checks shared by the numerical helpers.

Every public function in ``course_utils`` validates what a learner passes in and fails with a
message that names the argument and says what was expected. A silently wrong number is the worst
outcome in a course about getting derivatives right, so these helpers refuse integer-only
arithmetic surprises, NaN/inf, wrong shapes and non-callables up front.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Number, Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_float_array",
    "require_callable",
    "require_finite",
    "require_positive_scalar",
    "require_real_scalar",
    "call_checked",
]


def require_callable(f: Any, name: str = "f") -> Callable[..., Any]:
    """Return ``f`` unchanged if it can be called, else raise a TypeError naming ``name``."""
    if not callable(f):
        raise TypeError(
            f"{name} must be a function (a callable such as `lambda x: x**2`), "
            f"got {type(f).__name__} {f!r:.60}"
        )
    return f


def as_float_array(x: ArrayLike, name: str = "x", *, allow_complex: bool = False) -> NDArray:
    """Convert ``x`` to a floating-point NumPy array and check that it is finite.

    Integers and booleans are promoted to float64: finite differences on an integer array would
    otherwise round ``x + h`` back to ``x`` and return zeros. float32 and float16 are kept (the
    caller decides whether to work in a wider type).

    Parameters
    ----------
    x : array_like
        A number or an array of numbers, any shape.
    name : str
        The argument's name, used in error messages.
    allow_complex : bool
        Whether complex input is acceptable.

    Returns
    -------
    ndarray
        Same shape as ``x``, floating (or complex) dtype.
    """
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a number or an array of numbers: {exc}") from None
    if arr.dtype == object:
        raise TypeError(
            f"{name} must be a number or a rectangular array of numbers, got {type(x).__name__} "
            "holding non-numeric or ragged entries"
        )
    if np.issubdtype(arr.dtype, np.complexfloating):
        if not allow_complex:
            raise TypeError(f"{name} must be real-valued, got a complex array")
    elif np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_:
        arr = arr.astype(np.float64)
    elif not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}")
    require_finite(arr, name)
    return arr


def require_finite(arr: NDArray, name: str, *, where: str = "") -> None:
    """Raise ValueError if ``arr`` holds NaN or +-inf, naming the first bad position."""
    finite = np.isfinite(arr)
    if not np.all(finite):
        bad = np.argwhere(~finite)[0] if arr.ndim else ()
        value = arr[tuple(bad)] if arr.ndim else arr[()]
        loc = f" at index {tuple(int(i) for i in bad)}" if arr.ndim else ""
        raise ValueError(f"{name} must be finite{where}, but it holds {value}{loc}")


def require_positive_scalar(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, (Number, np.number)):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    out = float(value)  # type: ignore[arg-type]
    if not np.isfinite(out) or out <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return out


def require_real_scalar(value: Any, what: str) -> float:
    """Return ``value`` as a float if it is a finite int/float (not bool, not an array)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"{what} must be a real number (int or float), got {type(value).__name__} {value!r:.40}"
        )
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{what} must be finite, got {out}")
    return out


def call_checked(f: Callable[..., Any], x: Any, *, fname: str = "f") -> NDArray:
    """Call ``f(x)`` and return its result as an array, refusing non-numeric or non-finite output.

    Complex results are kept (the complex-step method needs them); the caller checks shapes.
    """
    out = f(x)
    if out is None:
        raise TypeError(f"{fname} returned None; did the function forget a `return`?")
    try:
        arr = np.asarray(out)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{fname} must return numbers, got {type(out).__name__}: {exc}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"{fname} must return numbers, got {type(out).__name__} ({arr.dtype})")
    if arr.dtype == np.bool_:
        arr = arr.astype(np.float64)
    require_finite(arr, f"the value returned by {fname}", where=f" (evaluated at {_short(x)})")
    return arr


def _short(x: Any) -> str:
    """A short, readable rendering of an evaluation point for error messages."""
    arr = np.asarray(x)
    if arr.ndim == 0:
        return f"x = {complex(arr[()]) if np.iscomplexobj(arr) else float(arr[()]):.6g}"
    with np.printoptions(precision=4, threshold=6, edgeitems=2):
        return f"x = {np.array2string(arr, separator=', ')}"

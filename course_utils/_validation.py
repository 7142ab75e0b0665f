"""Input checks shared by the numerical helpers.

Every public function in ``course_utils`` validates what a learner passes in and fails with a
message that names the argument and says what was expected. A silently wrong number is the worst
outcome in a course about getting derivatives right, so these helpers refuse integer-only
arithmetic surprises, NaN/inf, wrong shapes and non-callables up front.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "all_finite",
    "as_class_labels",
    "as_float_array",
    "as_real_batch",
    "require_param_grad_pairs",
    "require_axes",
    "require_bool",
    "require_callable",
    "require_choice",
    "require_finite",
    "require_in_range",
    "require_int",
    "require_positive_scalar",
    "require_real_scalar",
    "require_shape",
    "require_window",
    "call_checked",
    "checked_math",
    "finite_result",
]


def require_callable(f: Any, name: str = "f") -> Callable[..., Any]:
    """Return ``f`` unchanged if it can be called, else raise a TypeError naming ``name``."""
    if not callable(f):
        raise TypeError(
            f"{name} must be a function (a callable such as `lambda x: x**2`), "
            f"got {type(f).__name__} {f!r:.60}"
        )
    return f


def as_float_array(
    x: ArrayLike,
    name: str = "x",
    *,
    allow_complex: bool = False,
    ndim: int | None = None,
    nonempty: bool = False,
) -> NDArray:
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
    ndim : int, optional
        Required number of dimensions (ValueError otherwise).
    nonempty : bool
        Refuse an array with no entries (ValueError).

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
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    require_finite(arr, name)
    return arr


def all_finite(arr: NDArray) -> bool:
    """True if ``arr`` holds no NaN or inf.

    For real arrays two allocation-free reductions decide it (NaN propagates through ``min`` and
    ``max``, and ±inf would be the minimum or maximum), so large batches are checked cheaply.
    """
    if arr.size == 0 or not np.issubdtype(arr.dtype, np.inexact):
        return True
    if np.iscomplexobj(arr):
        return bool(np.all(np.isfinite(arr)))
    return bool(np.isfinite(arr.min()) and np.isfinite(arr.max()))


def require_finite(arr: NDArray, name: str, *, where: str = "") -> None:
    """Raise ValueError if ``arr`` holds NaN or +-inf, naming the first bad position."""
    if all_finite(arr):
        return
    finite = np.isfinite(arr)
    if not np.all(finite):
        bad = np.argwhere(~finite)[0] if arr.ndim else ()
        value = arr[tuple(bad)] if arr.ndim else arr[()]
        loc = f" at index {tuple(int(i) for i in bad)}" if arr.ndim else ""
        raise ValueError(f"{name} must be finite{where}, but it holds {value}{loc}")


def require_positive_scalar(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(
            f"{name} must be a positive number, got {type(value).__name__} {value!r:.40}"
        )
    out = float(value)
    if not np.isfinite(out) or out <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return out


def require_real_scalar(value: Any, what: str) -> float:
    """Return ``value`` as a float if it is a finite int/float (not bool, not an array)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(
            f"{what} must be a real number (int or float), got {type(value).__name__} {value!r:.40}"
        )
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{what} must be finite, got {out}")
    return out


def require_int(
    value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` as an int if it is a whole number (int, not bool) within the bounds."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(
            f"{name} must be a whole number (an int), got {type(value).__name__} {value!r:.40}"
        )
    out = int(value)
    if (minimum is not None and out < minimum) or (maximum is not None and out > maximum):
        if maximum is None:
            wanted = f">= {minimum}"
        elif minimum is None:
            wanted = f"<= {maximum}"
        else:
            wanted = f"between {minimum} and {maximum}"
        raise ValueError(f"{name} must be a whole number {wanted}, got {out}")
    return out


def require_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is True or False, else raise a TypeError naming ``name``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r:.40}")
    return bool(value)


def require_choice(value: Any, name: str, options: Collection[str]) -> str:
    """Return ``value`` if it is one of the strings ``options``, else TypeError / ValueError."""
    listed = ", ".join(map(repr, options))
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {listed}; got {type(value).__name__} {value!r:.40}")
    if value not in options:
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def require_in_range(value: Any, name: str, low: float, high: float) -> float:
    """``value`` as a float if it is a finite real number with low <= value <= high."""
    out = require_real_scalar(value, name)
    if not low <= out <= high:
        raise ValueError(f"{name} must lie between {low:g} and {high:g}, got {out:g}")
    return out


def require_window(values: Any, name: str) -> tuple[float, float]:
    """``values`` as (low, high): two finite numbers with low < high."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(
            f"{name} must be two numbers (low, high), got {type(values).__name__} {values!r:.40}"
        )
    arr = as_float_array(values, name).reshape(-1)
    if arr.size != 2 or not arr[0] < arr[1]:
        raise ValueError(f"{name} must be two numbers (low, high) with low < high, got {values}")
    return float(arr[0]), float(arr[1])


def require_shape(arr: NDArray, shape: tuple[int, ...], name: str) -> NDArray:
    """Raise ValueError unless ``arr`` has exactly ``shape`` (no broadcasting)."""
    if arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    return arr


def require_axes(ax: Any, name: str = "ax", *, optional: bool = True) -> Any:
    """Return ``ax`` if it is a matplotlib Axes (or None when ``optional``), else a TypeError."""
    from matplotlib.axes import Axes

    if ax is None and optional:
        return None
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes, got {type(ax).__name__} {ax!r:.40}")
    return ax


def as_class_labels(
    labels: Any, name: str = "labels", *, length: int | None = None, classes: int | None = None
) -> NDArray:
    """``labels`` as a 1-D integer array of class indices, checked against ``length`` and
    ``classes`` (indices in [0, classes)). Float, bool or one-hot labels are a TypeError."""
    if labels is None or isinstance(labels, (str, bytes)):
        raise TypeError(
            f"{name} must be an array of integer class indices, got {type(labels).__name__}"
        )
    try:
        y = np.asarray(labels)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of integer class indices: {exc}") from None
    if y.dtype == np.bool_ or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"{name} must be integer class indices, got dtype {y.dtype} "
            "(one-hot rows? pass labels.argmax(axis=1); float labels? use .astype(int))"
        )
    if y.ndim != 1:
        raise ValueError(f"{name} must be a flat array (N,), one class per example, got {y.shape}")
    if length is not None and y.shape[0] != length:
        raise ValueError(f"{name} must hold one label per example ({length}), got {y.shape[0]}")
    if classes is not None and y.size and (y.min() < 0 or y.max() >= classes):
        raise ValueError(
            f"{name} must lie in [0, {classes}) for {classes} classes; got values from "
            f"{y.min()} to {y.max()}"
        )
    return y


def finite_result(value: float, op: str, *operands: float) -> float:
    """Return ``value`` if finite, else raise ValueError naming the operation and its operands.

    Used where a float operation on valid numbers can still leave the float range (``1e200 *
    1e200``, ``exp(1000)``): the result would be inf or NaN, a silently wrong number.
    """
    if not math.isfinite(value):
        args = ", ".join(f"{v:.6g}" for v in operands)
        raise ValueError(
            f"{op}({args}) = {value}: the result is outside the float range (about ±1.8e308); "
            "rescale the inputs"
        )
    return value


def checked_math(op: str, fn: Callable[..., float], *operands: float) -> float:
    """``fn(*operands)`` for a math function, with overflow and domain errors as clear ValueErrors.

    ``math.exp(1000)`` raises OverflowError and ``math.log(-1)`` a bare "math domain error"; both
    become a ValueError naming ``op`` and the operands.
    """
    args = ", ".join(f"{v:.6g}" for v in operands)
    try:
        out = fn(*operands)
    except OverflowError:
        raise ValueError(
            f"{op}({args}) overflows: the result is beyond the float range (about 1.8e308); "
            "rescale the inputs"
        ) from None
    except (ValueError, ZeroDivisionError) as exc:
        if isinstance(exc, ValueError) and str(exc) != "math domain error":
            raise  # already a clear message of the project's
        raise ValueError(f"{op}({args}) is undefined (outside the function's domain)") from None
    return finite_result(out, op, *operands)


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


def as_real_batch(x: ArrayLike, name: str = "x") -> NDArray:
    """``x`` as a batch of examples: a real floating-point array (N, D) with N >= 1, all finite.

    One example per row. Integers and booleans become float64, float32/float64 are kept. Refused:
    complex input (TypeError: its imaginary part would be silently dropped), anything not 2-D,
    an empty batch (ValueError: the mean loss over no examples is NaN), NaN or inf (ValueError).
    The finiteness test is two reductions, not a mask, so it is cheap enough for every mini-batch.
    """
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a rectangular array of numbers: {exc}") from None
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(
            f"{name} must be real-valued, got a complex array (its imaginary part would be lost)"
        )
    if np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_:
        arr = arr.astype(np.float64)
    elif not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D batch of shape (N, D), one example per row; got shape "
            f"{arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch (shape {arr.shape}); pass at least one row")
    if not all_finite(arr):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} holds NaN or inf (first at row {bad[0]}, column {bad[1]})")
    return arr


def require_param_grad_pairs(params: Any, grads: Any) -> None:
    """Check the arguments of an optimizer step: matching lists of arrays, finite real gradients.

    ``params[i]`` must be a floating-point NumPy array (the step updates it in place) and
    ``grads[i]`` a real, finite array of the same shape. Raises TypeError / ValueError naming the
    offending entry, before anything is modified.
    """
    for name, seq in (("params", params), ("grads", grads)):
        if not isinstance(seq, (list, tuple)):
            raise TypeError(
                f"{name} must be a list of arrays, one per parameter (e.g. [w]), got "
                f"{type(seq).__name__}"
            )
    if len(params) != len(grads):
        raise ValueError(f"params and grads must pair up: {len(params)} params, {len(grads)} grads")
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
            kind = f"array of {p.dtype}" if isinstance(p, np.ndarray) else type(p).__name__
            raise TypeError(
                f"params[{i}] must be a floating-point NumPy array (updated in place); got {kind}"
            )
        g_arr = np.asarray(g)
        real = np.issubdtype(g_arr.dtype, np.integer) or np.issubdtype(g_arr.dtype, np.floating)
        if not (real or g_arr.dtype == np.bool_):
            raise TypeError(
                f"grads[{i}] must be a real-valued numeric array, got dtype {g_arr.dtype}"
                + (" (its imaginary part would be lost)" if np.iscomplexobj(g_arr) else "")
            )
        if g_arr.shape != p.shape:
            raise ValueError(f"grads[{i}] has shape {g_arr.shape}, params[{i}] has {p.shape}")
        if not all_finite(g_arr):
            raise ValueError(f"grads[{i}] holds NaN or inf; the step would destroy params[{i}]")

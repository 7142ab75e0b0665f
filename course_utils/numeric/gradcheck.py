"""Gradient checking: compare an analytic gradient with central differences, loudly.

The relative error per coordinate is ``|a - n| / max(|a|, |n|)`` (a = analytic, n = numeric). When
both values are tiny, that ratio measures only noise, so the denominator never drops below a floor
of ``sqrt(eps) * max(1, |f(x)|)``. The tolerance comes from the analytic gradient's dtype:
``eps ** (1/3)`` (about 6e-6 for float64, 5e-3 for float32). A correct gradient of a smooth
function typically lands near 1e-9 in float64; a bug (a missing factor, a transpose, a sign)
typically lands above 1e-2.

Introduced in: 01_derivatives.ipynb (reused by every later chapter)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    require_bool,
    require_callable,
    require_int,
    require_positive_scalar,
    require_real_scalar,
)
from course_utils.numeric.derivatives import gradient

__all__ = [
    "GradientCheckError",
    "GradientCheckResult",
    "ParameterCheckError",
    "ParameterCheckResult",
    "gradcheck",
    "gradcheck_parameters",
    "relative_error",
]


class GradientCheckError(AssertionError):
    """Raised by :func:`gradcheck` when an analytic gradient disagrees with the numeric one.

    Attributes
    ----------
    result : GradientCheckResult
        The full comparison, for inspection.
    """

    def __init__(self, message: str, result: GradientCheckResult) -> None:
        super().__init__(message)
        self.result = result


class ParameterCheckError(AssertionError):
    """Raised by :func:`gradcheck_parameters` when a parameter's gradient is wrong.

    Attributes
    ----------
    result : ParameterCheckResult
        The per-parameter comparison, for inspection.
    """

    def __init__(self, message: str, result: ParameterCheckResult) -> None:
        super().__init__(message)
        self.result = result


def relative_error(a: ArrayLike, n: ArrayLike, floor: float = 0.0) -> NDArray:
    """Elementwise ``|a - n| / max(|a|, |n|, floor)``, with 0/0 defined as 0.

    Parameters
    ----------
    a, n : array_like, same shape (...)
        Analytic and numeric values.
    floor : float
        Smallest denominator allowed (>= 0).

    Returns
    -------
    ndarray, shape (...)
    """
    a_arr = as_float_array(a, "a").astype(np.float64)
    n_arr = as_float_array(n, "n").astype(np.float64)
    floor = require_real_scalar(floor, "floor")
    if floor < 0:
        raise ValueError(f"floor must be >= 0, got {floor}")
    if a_arr.shape != n_arr.shape:
        raise ValueError(f"a and n must have the same shape, got {a_arr.shape} and {n_arr.shape}")
    diff = np.abs(a_arr - n_arr)
    denom = np.maximum(np.maximum(np.abs(a_arr), np.abs(n_arr)), floor)
    return np.divide(diff, denom, out=np.zeros_like(diff), where=denom > 0)


def require_scalar(out: NDArray) -> float:
    """The single number a loss function returned, else a ValueError."""
    if out.size != 1:
        raise ValueError(f"loss_fn must return a single number, got an array of shape {out.shape}")
    if np.iscomplexobj(out):
        raise TypeError("loss_fn must return a real number, got a complex one")
    return float(out.reshape(()))


def _index_label(index: tuple[int, ...], name: str) -> str:
    return f"{name}[{', '.join(map(str, index))}]" if index else name


@dataclass(frozen=True)
class GradientCheckResult:
    """Outcome of :func:`gradcheck`; prints as a readable table.

    Attributes
    ----------
    analytic, numeric, rel_error : ndarray, shape (...)
        Per-coordinate values, shaped like ``x``.
    tol : float
        The tolerance applied to ``rel_error``.
    name : str
        Name of the variable, used in labels such as ``x[1]``.
    """

    analytic: NDArray
    numeric: NDArray
    rel_error: NDArray
    tol: float
    name: str = "x"

    @property
    def passed(self) -> bool:
        """True when every coordinate's relative error is within ``tol``."""
        return bool(np.all(self.rel_error <= self.tol))

    @property
    def worst_index(self) -> tuple[int, ...]:
        """Index (into ``x``) of the coordinate with the largest relative error."""
        flat = int(np.argmax(self.rel_error)) if self.rel_error.size else 0
        return tuple(int(i) for i in np.unravel_index(flat, self.rel_error.shape))

    @property
    def max_error(self) -> float:
        """The largest relative error over all coordinates."""
        return float(np.max(self.rel_error)) if self.rel_error.size else 0.0

    def table(self, max_rows: int = 12) -> str:
        """Text table: coordinate, analytic, numeric, relative error, ok/FAIL.

        Shows every coordinate when there are at most ``max_rows``; otherwise the worst ones.
        """
        order = np.argsort(-self.rel_error, axis=None, kind="stable")
        if self.rel_error.size <= max_rows:
            order = np.sort(order)
        shown = order[:max_rows]
        lines = [f"{'coordinate':<14}{'analytic':>14}{'numeric':>14}{'rel. error':>12}  status"]
        for flat in shown:
            idx = tuple(int(i) for i in np.unravel_index(int(flat), self.rel_error.shape))
            err = self.rel_error[idx]
            lines.append(
                f"{_index_label(idx, self.name):<14}{self.analytic[idx]:>14.6g}"
                f"{self.numeric[idx]:>14.6g}{err:>12.2e}  {'ok' if err <= self.tol else 'FAIL'}"
            )
        if self.rel_error.size > max_rows:
            lines.append(f"... ({self.rel_error.size - max_rows} more coordinates, worst shown)")
        return "\n".join(lines)

    def __str__(self) -> str:
        verdict = "PASSED" if self.passed else "FAILED"
        head = (
            f"Gradient check {verdict}: max relative error {self.max_error:.2e} "
            f"(tolerance {self.tol:.1e}) over {self.rel_error.size} coordinate(s)"
        )
        return head + "\n" + self.table()

    __repr__ = __str__


def _hint(a: float, n: float) -> str:
    """A guess at the mistake behind one bad coordinate."""
    if n == 0.0 or a == 0.0:
        return ""
    ratio = a / n
    for value, text in (
        (-1.0, "a sign error"),
        (2.0, "an extra factor of 2"),
        (0.5, "a missing factor of 2"),
    ):
        if abs(ratio - value) < 1e-3:
            return f" The analytic value is {ratio:g} times the numeric one: {text}?"
    k = round(ratio)
    if k >= 3 and abs(ratio - k) < 1e-3 * k:
        return (
            f" The analytic value is {k} times the numeric one: a missing 1/{k} "
            f"(a mean over {k} examples)?"
        )
    return ""


def gradcheck(
    f: Callable[[NDArray], Any],
    x: ArrayLike,
    grad: ArrayLike | Callable[[NDArray], Any],
    *,
    tol: float | None = None,
    h: float | None = None,
    name: str = "x",
    raise_on_fail: bool = True,
) -> GradientCheckResult:
    """Compare an analytic gradient with central differences computed in float64.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, the scalar function whose gradient is checked.
    x : array_like, shape (...)
        The point (a scalar, a vector or any array such as a weight matrix).
    grad : array_like of shape (...) or callable
        The analytic gradient at ``x``, or a function ``grad(x)`` returning it. Must have exactly
        the shape of ``x``.
    tol : float, optional
        Largest acceptable relative error; default ``eps ** (1/3)`` of ``grad``'s dtype.
    h : float, optional
        Step for the central differences; default per coordinate (see ``default_step``).
    name : str
        Variable name used in the table and messages.
    raise_on_fail : bool
        Raise :class:`GradientCheckError` on failure (default) instead of returning the result.

    Returns
    -------
    GradientCheckResult

    Raises
    ------
    GradientCheckError
        Some coordinate's relative error exceeds ``tol`` (the message names the worst one).
    TypeError, ValueError
        Bad ``f``, ``x`` or ``grad`` (wrong shape, NaN/inf, non-numeric).
    """
    require_callable(f, "f")
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    require_bool(raise_on_fail, "raise_on_fail")
    x_arr = as_float_array(x, "x")
    analytic_raw = grad(x_arr.copy()) if callable(grad) else grad
    if analytic_raw is None:
        raise TypeError("grad returned None; did the gradient function forget a `return`?")
    analytic_in = as_float_array(analytic_raw, "grad")
    if analytic_in.shape != x_arr.shape:
        raise ValueError(
            f"grad must have the same shape as {name}, {x_arr.shape}, one entry per coordinate; "
            f"got shape {analytic_in.shape}"
            + (
                " (a row/column vector where a flat one was expected?)"
                if analytic_in.size == x_arr.size
                else ""
            )
        )
    eps_grad = np.finfo(analytic_in.dtype).eps
    tolerance = float(eps_grad ** (1 / 3)) if tol is None else require_positive_scalar(tol, "tol")

    x64 = x_arr.astype(np.float64)
    numeric = np.asarray(gradient(f, x64, h=h), dtype=np.float64)
    analytic = analytic_in.astype(np.float64)
    f0 = float(np.asarray(f(x64.copy()), dtype=np.float64))
    floor = float(np.sqrt(eps_grad)) * max(1.0, abs(f0))
    result = GradientCheckResult(
        analytic=analytic,
        numeric=numeric,
        rel_error=relative_error(analytic, numeric, floor),
        tol=tolerance,
        name=name,
    )
    if raise_on_fail and not result.passed:
        idx = result.worst_index
        a, n = float(analytic[idx]), float(numeric[idx])
        raise GradientCheckError(
            f"Gradient check failed at {_index_label(idx, name)}: analytic {a:.6g} vs numeric "
            f"{n:.6g} (relative error {result.max_error:.2e} > tolerance {tolerance:.1e})."
            f"{_hint(a, n)}\n{result.table()}",
            result,
        )
    return result


@dataclass(frozen=True)
class ParameterCheckResult:
    """Per-parameter outcome of :func:`gradcheck_parameters`; prints as a table.

    Attributes
    ----------
    rows : list of tuple
        (name, worst index, analytic, numeric, relative error, checked coordinates) per
        parameter.
    tol : float
    """

    rows: list[tuple[str, tuple[int, ...], float, float, float, int]]
    tol: float

    @property
    def passed(self) -> bool:
        """True when every parameter's worst relative error is within ``tol``."""
        return all(row[4] <= self.tol for row in self.rows)

    @property
    def max_error(self) -> float:
        """The worst relative error over all parameters."""
        return max((row[4] for row in self.rows), default=0.0)

    def table(self) -> str:
        """Text table: parameter, worst index, analytic, numeric, relative error, status."""
        lines = [
            f"{'parameter':<10}{'worst index':<14}{'analytic':>13}{'numeric':>13}"
            f"{'rel. error':>12}  status"
        ]
        for name, idx, a, n, err, count in self.rows:
            status = "ok" if err <= self.tol else "FAIL"
            lines.append(
                f"{name:<10}{str(idx):<14}{a:>13.6g}{n:>13.6g}{err:>12.2e}  {status}"
                f"  ({count} checked)"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        verdict = "PASSED" if self.passed else "FAILED"
        return (
            f"Gradient check {verdict}: worst relative error {self.max_error:.2e} "
            f"(tolerance {self.tol:.1e})\n{self.table()}"
        )

    __repr__ = __str__


def gradcheck_parameters(
    loss_fn: Callable[[], float],
    params: dict[str, NDArray],
    grads: dict[str, NDArray],
    *,
    tol: float | None = None,
    h: float = 1e-5,
    max_per_param: int | None = 30,
    seed: int = 0,
    raise_on_fail: bool = True,
) -> ParameterCheckResult:
    """Compare analytic gradients of named parameters with central differences, in float64.

    Each parameter array is nudged in place (and restored), one coordinate at a time; for large
    arrays a random sample of ``max_per_param`` coordinates is checked.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn() -> float`` computing the loss from the *current* contents of ``params``.
    params : dict of str -> ndarray (float64)
        The parameters, modified temporarily.
    grads : dict of str -> ndarray
        Analytic gradients, same keys and shapes.
    tol : float, optional
        Default ``eps ** (1/3)`` of float64 (about 6e-6).
    h : float
        Step of the central differences.
    max_per_param : int or None
        Coordinates checked per parameter (None: all).
    seed : int
        Seed of the coordinate sample.
    raise_on_fail : bool

    Returns
    -------
    ParameterCheckResult

    Raises
    ------
    ParameterCheckError
        With the per-parameter table, when a parameter exceeds ``tol``.
    """
    require_callable(loss_fn, "loss_fn")
    for what, mapping in (("params", params), ("grads", grads)):
        if not isinstance(mapping, dict):
            raise TypeError(
                f"{what} must be a dict of name -> array (e.g. net.params), got "
                f"{type(mapping).__name__}"
            )
    if not params:
        raise ValueError("params must hold at least one parameter array; nothing would be checked")
    h = require_positive_scalar(h, "h")
    if max_per_param is not None:
        max_per_param = require_int(max_per_param, "max_per_param", minimum=1)
    seed = require_int(seed, "seed", minimum=0)
    require_bool(raise_on_fail, "raise_on_fail")
    if set(params) != set(grads):
        raise ValueError(
            f"params and grads must have the same names; params {sorted(params)}, "
            f"grads {sorted(grads)}"
        )
    tolerance = (
        float(np.finfo(np.float64).eps ** (1 / 3))
        if tol is None
        else require_positive_scalar(tol, "tol")
    )
    rng = np.random.default_rng(seed)

    def loss() -> float:
        out = loss_fn()
        if isinstance(out, (bool, np.bool_)) or not isinstance(out, (Real, np.ndarray)):
            raise TypeError(f"loss_fn must return a number, got {type(out).__name__} {out!r:.40}")
        value = require_scalar(as_float_array(out, "the value returned by loss_fn"))
        return value

    scale = max(1.0, abs(loss()))
    floor = float(np.sqrt(np.finfo(np.float64).eps)) * scale
    rows = []
    for name, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise TypeError(
                f"params[{name!r}] must be a float64 array for a trustworthy check, "
                f"got {getattr(p, 'dtype', type(p).__name__)}"
            )
        if p.size == 0:
            raise ValueError(f"params[{name!r}] is empty: there is nothing to check")
        g = as_float_array(grads[name], f"grads[{name!r}]")
        if g.shape != p.shape:
            raise ValueError(f"grads[{name!r}] has shape {g.shape}, params[{name!r}] has {p.shape}")
        flat = np.arange(p.size)
        if max_per_param is not None and p.size > max_per_param:
            flat = rng.choice(p.size, size=max_per_param, replace=False)
        worst: tuple[float, tuple[int, ...], float, float] = (-1.0, (0,), 0.0, 0.0)
        for i in flat:
            idx = tuple(int(k) for k in np.unravel_index(int(i), p.shape))
            old = p[idx]
            p[idx] = old + h
            try:
                up = loss()
                p[idx] = old - h
                down = loss()
            finally:
                p[idx] = old
            numeric = (up - down) / (2 * h)
            analytic = float(g[idx])
            err = float(relative_error([analytic], [numeric], floor)[0])
            if err > worst[0]:
                worst = (err, idx, analytic, numeric)
        rows.append((name, worst[1], worst[2], worst[3], worst[0], len(flat)))
    result = ParameterCheckResult(rows, tolerance)
    if raise_on_fail and not result.passed:
        bad = max(rows, key=lambda row: row[4])
        raise ParameterCheckError(
            f"Gradient check failed for {bad[0]}{list(bad[1])}: analytic {bad[2]:.6g} vs numeric "
            f"{bad[3]:.6g} (relative error {bad[4]:.2e} > tolerance {tolerance:.1e})."
            f"{_hint(bad[2], bad[3])}\n{result.table()}",
            result,
        )
    return result

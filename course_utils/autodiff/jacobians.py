"""Jacobians by forward and reverse mode, each counting the passes it needs.

``forward_mode_jacobian`` needs one pass per *input*; ``reverse_mode_jacobian`` one backward sweep
per *output* — which is why deep learning, with millions of inputs and one scalar loss, uses
reverse mode.

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from course_utils.autodiff.dual import Dual
from course_utils.autodiff.engine import Value

__all__ = ["forward_mode_jacobian", "reverse_mode_jacobian"]


def _point(x: Any) -> list[float]:
    values = np.atleast_1d(np.asarray(x))
    if values.ndim != 1 or values.size == 0 or not np.issubdtype(values.dtype, np.number):
        raise TypeError(f"x must be a non-empty sequence of numbers, got {x!r:.60}")
    if not np.all(np.isfinite(values)):
        raise ValueError("x must be finite")
    return [float(v) for v in values]


def _outputs(result: Any) -> list[Any]:
    return list(result) if isinstance(result, (list, tuple)) else [result]


def forward_mode_jacobian(f: Callable[[list[Any]], Any], x: Sequence[float]) -> tuple[NDArray, int]:
    """Jacobian of f by forward mode: one pass per input, each seeding one input's slope with 1.

    Introduced in: 03_chain_rule_and_autodiff.ipynb

    Parameters
    ----------
    f : callable
        ``f(inputs) -> output`` where ``inputs`` is a list of n numbers and the output is a number
        or a list/tuple of m numbers; written with ordinary operators and this module's primitives.
    x : sequence of float, shape (n,)

    Returns
    -------
    jacobian : ndarray, shape (m, n)
    passes : int
        Number of evaluations of f (= n).
    """
    point = _point(x)
    columns = []
    for i in range(len(point)):
        inputs = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(point)]
        columns.append([_as_dual_out(o).slope for o in _outputs(f(inputs))])
    return np.array(columns).T, len(point)


def _as_dual_out(out: Any) -> Dual:
    if isinstance(out, Dual):
        return out
    return Dual(out, 0.0)  # an output that does not depend on the inputs


def reverse_mode_jacobian(f: Callable[[list[Any]], Any], x: Sequence[float]) -> tuple[NDArray, int]:
    """Jacobian of f by reverse mode: one recorded forward pass, then one backward sweep per output.

    Introduced in: 03_chain_rule_and_autodiff.ipynb

    Parameters
    ----------
    f : callable
        As for :func:`forward_mode_jacobian`.
    x : sequence of float, shape (n,)

    Returns
    -------
    jacobian : ndarray, shape (m, n)
    passes : int
        Number of backward sweeps (= m).
    """
    leaves = [Value(v) for v in _point(x)]
    outputs = _outputs(f(leaves))
    rows = []
    for out in outputs:
        for leaf in leaves:
            leaf.grad = 0.0
        if isinstance(out, Value):
            out.backward()
        rows.append([leaf.grad for leaf in leaves])
    return np.array(rows), len(outputs)

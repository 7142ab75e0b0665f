"""Jacobians by forward and reverse mode, each counting the passes it needs.

``forward_mode_jacobian`` needs one pass per *input*; ``reverse_mode_jacobian`` one backward sweep
per *output* — which is why deep learning, with millions of inputs and one scalar loss, uses
reverse mode.

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from course_utils._validation import as_float_array, require_callable
from course_utils.autodiff.dual import Dual
from course_utils.autodiff.engine import Value

__all__ = ["forward_mode_jacobian", "reverse_mode_jacobian"]


def _point(x: Any) -> list[float]:
    values = as_float_array(x, "x", nonempty=True)
    if values.ndim > 1:
        raise ValueError(
            f"x must be a flat sequence of numbers, shape (n,), got shape {values.shape}"
        )
    return [float(v) for v in values.reshape(-1)]


def _outputs(result: Any) -> list[Any]:
    # A flat NumPy object array of Dual/Value nodes (np.array(inputs) * 2, np.sin(...)) holds
    # the nodes themselves: each element is checked like any other output.
    if isinstance(result, np.ndarray):
        if result.ndim > 1:
            raise ValueError(
                f"f must return a number or a flat list of numbers, got an array of shape "
                f"{result.shape}"
            )
        return list(result.reshape(-1))
    outs = list(result) if isinstance(result, (list, tuple)) else [result]
    if not outs:
        raise ValueError("f returned an empty list: it must return at least one output")
    return outs


_PRIMITIVES_HINT = (
    "write f with ordinary operators (+, -, *, /, **) and the course's primitives "
    "(course_utils.exp, log, sin, cos, tanh, sigmoid, relu) acting on the inputs it receives; "
    "np.array(...), float(...), math.* and np.* functions turn them into plain numbers and lose "
    "the derivative"
)


def _call(f: Callable[[list[Any]], Any], inputs: list[Any]) -> Any:
    """f(inputs); a TypeError from f handling the Dual/Value inputs gets the explanation."""
    try:
        return f(inputs)
    except TypeError as exc:
        kind = type(inputs[0]).__name__
        raise TypeError(
            f"f failed on its inputs, which are {kind} objects ({exc}); {_PRIMITIVES_HINT}"
        ) from exc


def _check_output(out: Any, i: int, kind: type) -> Any:
    """One output of f: a ``kind`` (Dual/Value) built from the inputs, or a plain constant."""
    if isinstance(out, kind):
        return out
    if isinstance(out, np.ndarray) and out.dtype == object and out.ndim == 0:
        out = out[()]
        if isinstance(out, kind):
            return out
    if isinstance(out, np.ndarray) and out.ndim == 0 and np.issubdtype(out.dtype, np.number):
        out = out[()]
    if out is None:
        raise TypeError(f"f returned None as output {i}; did the function forget a `return`?")
    if isinstance(out, (bool, np.bool_)) or not isinstance(out, Real) or isinstance(out, complex):
        raise TypeError(
            f"output {i} of f must be a {kind.__name__} computed from the inputs (or a constant "
            f"number), got {type(out).__name__} {out!r:.40}; {_PRIMITIVES_HINT}"
        )
    raise TypeError(
        f"output {i} of f is a plain number ({type(out).__name__} {float(out):.6g}), not a "
        f"{kind.__name__}: f did not compute it from its inputs, so its derivative is lost; "
        f"{_PRIMITIVES_HINT}. (An output that is truly constant can be written as "
        f"0 * inputs[0] + constant.)"
    )


def forward_mode_jacobian(f: Callable[[list[Any]], Any], x: Sequence[float]) -> tuple[NDArray, int]:
    """Jacobian of f by forward mode: one pass per input, each seeding one input's slope with 1.

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

    Raises
    ------
    TypeError
        ``f`` is not callable, ``x`` is not numbers, or an output of f is not a ``Dual`` computed
        from the inputs (f converted them to plain numbers, e.g. with ``np.array`` or ``float``).
    ValueError
        ``x`` is empty, not flat or not finite; the number of outputs changes between passes.
    """
    require_callable(f, "f")
    point = _point(x)
    columns = []
    m = None
    for i in range(len(point)):
        inputs = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(point)]
        outs = [_check_output(o, k, Dual) for k, o in enumerate(_outputs(_call(f, inputs)))]
        if m is not None and len(outs) != m:
            raise ValueError(
                f"f must return the same number of outputs each time: {m}, then {len(outs)}"
            )
        m = len(outs)
        columns.append([o.slope for o in outs])
    return np.array(columns).T, len(point)


def reverse_mode_jacobian(f: Callable[[list[Any]], Any], x: Sequence[float]) -> tuple[NDArray, int]:
    """Jacobian of f by reverse mode: one recorded forward pass, then one backward sweep per output.

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

    Raises
    ------
    TypeError, ValueError
        As for :func:`forward_mode_jacobian` (outputs must be ``Value`` nodes built from the
        inputs).
    """
    require_callable(f, "f")
    leaves = [Value(v) for v in _point(x)]
    outputs = [_check_output(o, k, Value) for k, o in enumerate(_outputs(_call(f, leaves)))]
    rows = []
    for out in outputs:
        for leaf in leaves:
            leaf.grad = 0.0
        out.backward()
        rows.append([leaf.grad for leaf in leaves])
    return np.array(rows), len(outputs)

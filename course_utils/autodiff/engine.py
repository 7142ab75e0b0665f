"""Reverse-mode automatic differentiation: a scalar ``Value`` that records how it was computed.

Every operation creates a new node holding its result (``data``), its inputs (in order) and a
small function that, given the gradient of the final output with respect to this node, adds the
chain-rule contributions to its inputs' ``grad``. ``backward()`` orders the graph topologically
(iteratively, so 100,000-node chains are fine) and runs those functions from the output back.

The public names are PyTorch's (``data``, ``grad``, ``backward``, ``zero_grad``, ``detach``), and
leaf gradients accumulate as in PyTorch; the semantics in full:

* leaves (nodes you created directly) *accumulate* across ``backward()`` calls until
  ``zero_grad()``. In a training loop, which builds a new graph every step, forgetting to zero
  them is the classic bug — in PyTorch, forgetting ``optimizer.zero_grad()``;
* a second ``backward()`` on the *same* graph is allowed here and adds the leaves' gradients
  again (PyTorch raises unless ``retain_graph=True``);
* intermediate nodes get fresh gradients on every ``backward()`` (PyTorch gives them no
  ``.grad`` unless ``retain_grad()`` is called);
* ``detach()`` returns a copy cut off from the graph (no gradient flows through it).

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from numbers import Real
from typing import Any

from course_utils._validation import checked_math, finite_result, require_real_scalar

__all__ = ["Value"]


class Value:
    """A scalar node of a computational graph, with its gradient.

    Parameters
    ----------
    data : float
        The number this node holds (a finite int or float; not a bool).
    label : str
        Name shown in graph drawings.

    Attributes
    ----------
    data : float
    grad : float
        d(output)/d(this node) after ``output.backward()``.
    label : str
    op : str
        The operation that produced this node ("" for a leaf).

    Raises
    ------
    TypeError, ValueError
        ``data`` is not a real number or not finite, ``label`` is not a string; an operation
        leaves the float range or its domain (``log`` of x <= 0, division by 0, ...).

    Examples
    --------
    >>> w, x = Value(3.0), Value(2.0)
    >>> loss = (w * x - 10) ** 2
    >>> loss.backward()
    >>> w.grad
    -16.0
    """

    __slots__ = ("data", "grad", "label", "op", "_parents", "_backward")

    def __init__(self, data: float, label: str = "") -> None:
        # The public door: what the user passes is validated here; the nodes that operations
        # build are made by ``_node`` from numbers already known to be floats.
        self.data = require_real_scalar(data, "data")
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__} {label!r:.40}")
        self.grad = 0.0
        self.label = label
        self.op = ""
        self._parents: tuple[Value, ...] = ()
        self._backward: Callable[[], None] = _nothing

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    @property
    def parents(self) -> tuple[Value, ...]:
        """The inputs of the operation that made this node, in order."""
        return self._parents

    def _node(
        self, data: float, parents: tuple[Value, ...], op: str, local: tuple[float, ...]
    ) -> Value:
        """Make the output node of an operation whose local derivatives are ``local``.

        ``data`` and ``local`` come from float arithmetic on validated nodes, so they are not
        re-validated; only a result that left the float range (inf/NaN) is refused.
        """
        finite_result(data, op, *(p.data for p in parents))
        for slope in local:
            finite_result(slope, f"the derivative of {op}", *(p.data for p in parents))
        out = Value.__new__(Value)
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.op = op
        out._parents = parents

        def backward() -> None:
            for parent, slope in zip(parents, local, strict=True):
                parent.grad += slope * out.grad

        out._backward = backward
        return out

    # -- arithmetic ---------------------------------------------------------------------------
    def __add__(self, other: Any) -> Value:
        o = _as_value(other, "+")
        return self._node(self.data + o.data, (self, o), "+", (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other: Any) -> Value:
        o = _as_value(other, "*")
        return self._node(self.data * o.data, (self, o), "×", (o.data, self.data))

    __rmul__ = __mul__

    def __neg__(self) -> Value:
        return self._node(-self.data, (self,), "neg", (-1.0,))

    def __sub__(self, other: Any) -> Value:
        o = _as_value(other, "-")
        return self._node(self.data - o.data, (self, o), "−", (1.0, -1.0))

    def __rsub__(self, other: Any) -> Value:
        return _as_value(other, "-") - self

    def __truediv__(self, other: Any) -> Value:
        o = _as_value(other, "/")
        if o.data == 0.0:
            raise ValueError(
                f"division by zero: the divisor Value has data 0 (dividend {self.data:.6g})"
            )
        return self._node(
            self.data / o.data, (self, o), "÷", (1.0 / o.data, -self.data / o.data**2)
        )

    def __rtruediv__(self, other: Any) -> Value:
        return _as_value(other, "/") / self

    def __pow__(self, exponent: Any) -> Value:
        if isinstance(exponent, Value):
            if self.data <= 0:
                raise ValueError(
                    f"x**y with a Value exponent needs x > 0 (it is exp(y·ln x)), got "
                    f"x = {self.data:g}"
                )
            return (exponent * self.log()).exp()
        n = require_real_scalar(exponent, "the exponent")
        if self.data == 0.0 and n < 1:
            raise ValueError(f"x**{n:g} has no derivative at x = 0")
        if self.data < 0 and not n.is_integer():
            raise ValueError(f"x**{n:g} is not real for x = {self.data:g} < 0")
        value = checked_math(f"x**{n:g}", lambda x: x**n, self.data)
        slope = checked_math(f"the derivative of x**{n:g}", lambda x: n * x ** (n - 1), self.data)
        return self._node(value, (self,), f"**{n:g}", (slope,))

    def __rpow__(self, base: Any) -> Value:
        return _as_value(base, "**") ** self

    # -- primitives ---------------------------------------------------------------------------
    def exp(self) -> Value:
        e = checked_math("exp", math.exp, self.data)
        return self._node(e, (self,), "exp", (e,))

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive input, got {self.data:g}")
        return self._node(math.log(self.data), (self,), "log", (1.0 / self.data,))

    def sin(self) -> Value:
        return self._node(math.sin(self.data), (self,), "sin", (math.cos(self.data),))

    def cos(self) -> Value:
        return self._node(math.cos(self.data), (self,), "cos", (-math.sin(self.data),))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return self._node(t, (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self) -> Value:
        x = self.data
        e = math.exp(-abs(x))  # never overflows
        s = 1.0 / (1.0 + e) if x >= 0 else e / (1.0 + e)
        return self._node(s, (self,), "σ", (s * (1.0 - s),))

    def relu(self) -> Value:
        return self._node(max(self.data, 0.0), (self,), "ReLU", (1.0 if self.data > 0 else 0.0,))

    # -- graph operations ---------------------------------------------------------------------
    def topological_order(self) -> list[Value]:
        """Every node this one depends on, inputs before outputs, ending with ``self``.

        Iterative depth-first search (no recursion limit); parents are visited in operand
        order, so the order — and any drawing made from it — is deterministic.
        """
        order: list[Value] = []
        seen: set[int] = set()
        stack: list[tuple[Value, Iterator[Value]]] = [(self, iter(self._parents))]
        seen.add(id(self))
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, iter(parent._parents)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self) -> None:
        """Fill in ``grad`` = d(self)/d(node) for every node of the graph (leaves accumulate)."""
        order = self.topological_order()
        for node in order:
            if node._parents:  # intermediate results: fresh gradients each time
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self); a leaf root accumulates like any leaf
        for node in reversed(order):
            node._backward()

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on every node of this graph — call it before each new backward."""
        for node in self.topological_order():
            node.grad = 0.0

    def detach(self) -> Value:
        """A new leaf with the same data: gradients do not flow back through it."""
        return Value(self.data, label=f"{self.label}.detach()" if self.label else "")


def _nothing() -> None:
    return None


def _as_value(value: Any, op: str) -> Value:
    if isinstance(value, Value):
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"unsupported operand for {op}: a Value combines with int, float or Value, got "
            f"{type(value).__name__} {value!r:.40}"
        )
    if not math.isfinite(value):
        raise ValueError(f"the operand of {op} must be finite, got {value}")
    return Value(float(value))

"""Forward (Dual) and reverse (Value) mode: values, gradients, reuse, depth, errors, semantics."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.dual import Dual  # noqa: E402
from course_utils.autodiff.engine import Value  # noqa: E402
from course_utils.autodiff.ops import cos, exp, log, relu, sigmoid, sin, tanh

# (name, f written with the shared primitives, closed-form gradient, point)
BATTERY = [
    (
        "poly",
        lambda v: v[0] ** 3 * v[1] ** 2 + 2 * v[0] * v[1] - v[1] ** 3,
        lambda x, y: [3 * x**2 * y**2 + 2 * y, 2 * x**3 * y + 2 * x - 3 * y**2],
        [1.0, -1.0],
    ),
    (
        "chain",
        lambda v: exp(v[0] ** 2 + v[1] ** 2),
        lambda x, y: [2 * x * math.exp(x**2 + y**2), 2 * y * math.exp(x**2 + y**2)],
        [0.3, -0.4],
    ),
    (
        "ripple",
        lambda v: sin(v[0] ** 2 + v[1] ** 2),
        lambda x, y: [2 * x * math.cos(x**2 + y**2), 2 * y * math.cos(x**2 + y**2)],
        [0.7, 1.1],
    ),
    (
        "quotient",
        lambda v: (v[0] - v[1]) / (1 + v[0] * v[0]),
        lambda x, y: [(1 + x * x - 2 * x * (x - y)) / (1 + x * x) ** 2, -1 / (1 + x * x)],
        [0.5, 2.0],
    ),
    (
        "neuron",
        lambda v: (relu(v[0] * 2.0 + v[1]) - 10) ** 2,
        lambda w, b: [2 * (2 * w + b - 10) * 2, 2 * (2 * w + b - 10)],
        [3.0, 0.5],
    ),
    (
        "sigmoid-tanh",
        lambda v: sigmoid(v[0]) * tanh(v[1]) + log(1 + v[0] ** 2) - cos(v[1]),
        lambda x, y: [
            (1 / (1 + math.exp(-x))) * (1 - 1 / (1 + math.exp(-x))) * math.tanh(y)
            + 2 * x / (1 + x**2),
            (1 / (1 + math.exp(-x))) * (1 - math.tanh(y) ** 2) + math.sin(y),
        ],
        [0.4, -0.9],
    ),
    (
        "power",
        lambda v: v[0] ** v[1] + 2 ** v[0],
        lambda x, y: [y * x ** (y - 1) + math.log(2) * 2**x, x**y * math.log(x)],
        [1.5, 2.5],
    ),
]


def test_node_reuse():
    a = Value(2.0)
    b = a + a
    c = b + b
    c.backward()
    assert (a.grad, b.grad) == (4.0, 2.0)
    x = Value(3.0)
    y = x * x * x  # x used three times
    y.backward()
    assert x.grad == 27.0


def test_backward_twice_accumulates_on_leaves_only_and_zero_grad_resets():
    w, x = Value(3.0), Value(2.0)
    hidden = w * x
    loss = (hidden - 10) ** 2
    loss.backward()
    first = (w.grad, x.grad, hidden.grad)
    assert first == (-16.0, -24.0, -8.0)
    loss.backward()
    assert (w.grad, x.grad) == (-32.0, -48.0)  # leaves accumulate: the classic bug
    assert hidden.grad == -8.0  # intermediate gradients are recomputed, not accumulated
    loss.zero_grad()
    assert (w.grad, x.grad, hidden.grad, loss.grad) == (0.0, 0.0, 0.0, 0.0)
    loss.backward()
    assert (w.grad, x.grad) == first[:2]


def test_detach_stops_the_gradient():
    x = Value(2.0)
    y = x * x.detach()  # treat the second factor as a constant
    y.backward()
    assert x.grad == 2.0  # not 4


def test_deep_chain_without_recursion_error():
    x = Value(1.0)
    out = x
    for _ in range(20_000):
        out = out * 1.0001
    out.backward()
    assert x.grad == pytest.approx(1.0001**20_000, rel=1e-9)


@pytest.mark.parametrize("bad", ["a", None, np.array([1.0, 2.0]), [1.0], True])
def test_bad_operands_raise_type_error(bad):
    with pytest.raises(TypeError, match="Value combines with int, float or Value"):
        Value(1.0) + bad
    with pytest.raises(TypeError, match="Dual combines with int, float or Dual"):
        Dual(1.0) * bad
    if not isinstance(bad, (np.ndarray, list)):  # arrays and lists are exp's elementwise case
        with pytest.raises(TypeError):
            exp(bad)


def test_bad_construction_and_domains():
    with pytest.raises(TypeError, match="data must be a real number"):
        Value(np.array([1.0]))
    with pytest.raises(ValueError, match="data must be finite"):
        Value(float("nan"))
    with pytest.raises(ValueError, match="log needs a positive input"):
        log(Value(-1.0))
    with pytest.raises(ValueError, match="log needs a positive input"):
        log(Dual(0.0, 1.0))
    with pytest.raises(ValueError, match="division by zero"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ValueError, match="not real"):
        Value(-2.0) ** 0.5


def test_topological_order_is_deterministic_and_complete():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    d = c + a
    order = d.topological_order()
    assert order[-1] is d and set(map(id, order)) == {id(a), id(b), id(c), id(d)}
    assert order.index(a) < order.index(c) < order.index(d)
    assert [n.label for n in order] == [n.label for n in d.topological_order()]

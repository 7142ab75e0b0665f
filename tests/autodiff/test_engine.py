"""The reverse-mode engine (Value): gradients, node reuse, depth, accumulation, detach, errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.dual import Dual  # noqa: E402
from course_utils.autodiff.engine import Value  # noqa: E402
from course_utils.autodiff.ops import exp, log

# (name, f written with the shared primitives, closed-form gradient, point)


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

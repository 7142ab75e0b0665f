"""Forward (Dual) and reverse (Value) mode: values, gradients, reuse, depth, errors, semantics."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.dual import Dual  # noqa: E402
from course_utils.autodiff.engine import Value  # noqa: E402
from course_utils.autodiff.jacobians import forward_mode_jacobian, reverse_mode_jacobian
from course_utils.autodiff.ops import cos, exp, log, relu, sigmoid, sin, tanh
from course_utils.figures.graph import draw_graph  # noqa: E402
from course_utils.numeric.derivatives import gradient  # noqa: E402

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


@pytest.mark.parametrize("name,f,grad,point", BATTERY, ids=[b[0] for b in BATTERY])
def test_both_modes_agree_with_closed_forms_and_central_differences(name, f, grad, point):
    exact = np.array(grad(*point))
    forward, n_forward = forward_mode_jacobian(f, point)
    reverse, n_reverse = reverse_mode_jacobian(f, point)
    numeric = gradient(lambda v: f([float(t) for t in v]), np.array(point))
    np.testing.assert_allclose(forward[0], exact, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(reverse[0], exact, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(numeric, exact, rtol=1e-7, atol=1e-9)
    assert (n_forward, n_reverse) == (len(point), 1)
    assert f(point) == pytest.approx(f([Value(p) for p in point]).data, rel=1e-15)


def test_pass_counts_for_wide_and_tall_functions():
    def wide(v):  # R^n -> R
        total = 0.0
        for t in v:
            total = total + sin(t)
        return total

    def tall(v):  # R -> R^m
        return [v[0] * k for k in range(1, 8)]

    _, fwd = forward_mode_jacobian(wide, list(range(12)))
    _, rev = reverse_mode_jacobian(wide, list(range(12)))
    assert (fwd, rev) == (12, 1)
    jac_f, fwd = forward_mode_jacobian(tall, [2.0])
    jac_r, rev = reverse_mode_jacobian(tall, [2.0])
    assert (fwd, rev) == (1, 7)
    np.testing.assert_array_equal(jac_f, jac_r)
    assert jac_f.shape == (7, 1)


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


def test_dual_numbers_exact_derivatives():
    x = Dual(2.0, 1.0)
    assert ((3 * x + 2) ** 4).slope == pytest.approx(12 * (3 * 2 + 2) ** 3, rel=1e-15)
    assert ((x**2 + 1) ** 3).slope == pytest.approx(6 * 2 * (2**2 + 1) ** 2, rel=1e-15)
    assert (1 / x).slope == -0.25
    assert relu(Dual(-1.0, 1.0)).slope == 0.0 and relu(Dual(1.0, 1.0)).slope == 1.0
    assert sigmoid(Dual(0.0, 1.0)).slope == 0.25


@pytest.mark.parametrize("bad", ["a", None, np.array([1.0, 2.0]), [1.0], True])
def test_bad_operands_raise_type_error(bad):
    with pytest.raises(TypeError, match="Value combines with int, float or Value"):
        Value(1.0) + bad
    with pytest.raises(TypeError, match="Dual combines with int, float or Dual"):
        Dual(1.0) * bad
    if not isinstance(bad, (np.ndarray, list)):  # arrays and lists are exp's elementwise case
        with pytest.raises(TypeError):
            exp(bad)


def test_primitives_act_elementwise_on_arrays_like_numpy():
    xs = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    for primitive, reference in [
        (exp, np.exp),
        (sin, np.sin),
        (cos, np.cos),
        (tanh, np.tanh),
        (relu, lambda v: np.maximum(v, 0.0)),
        (sigmoid, lambda v: 1 / (1 + np.exp(-v))),
    ]:
        np.testing.assert_allclose(primitive(xs), reference(xs), rtol=1e-15)
        assert primitive(0.5) == pytest.approx(float(reference(np.array(0.5))), rel=1e-15)
    np.testing.assert_allclose(log(xs[3:]), np.log(xs[3:]), rtol=1e-15)
    with pytest.raises(ValueError, match="positive"):
        log(xs)


def test_bad_construction_and_domains():
    with pytest.raises(TypeError, match="data must be a real number"):
        Value(np.array([1.0]))
    with pytest.raises(ValueError, match="data must be finite"):
        Value(float("nan"))
    with pytest.raises(ValueError, match="log needs a positive input"):
        log(Value(-1.0))
    with pytest.raises(ValueError, match="log needs a positive input"):
        log(Dual(0.0, 1.0))
    with pytest.raises(ZeroDivisionError):
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


def test_draw_graph_returns_one_box_per_node():
    w, x = Value(3.0, "w"), Value(2.0, "x")
    loss = (relu(w * x) - 10) ** 2
    loss.label = "L"
    loss.backward()
    fig, ax = plt.subplots()
    drawn = draw_graph(loss, ax=ax)
    assert len(drawn["boxes"]) == len(loss.topological_order())
    assert "grad -16" in drawn["boxes"][w].get_text()
    assert drawn["positions"][loss][0] == max(p[0] for p in drawn["positions"].values())
    with pytest.raises(TypeError, match="root must be a Value"):
        draw_graph(3.0, ax=ax)
    plt.close(fig)

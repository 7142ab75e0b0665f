"""Jacobians by forward and reverse mode: both agree with closed forms; their pass counts."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.engine import Value  # noqa: E402
from course_utils.autodiff.jacobians import forward_mode_jacobian, reverse_mode_jacobian
from course_utils.autodiff.ops import cos, exp, log, relu, sigmoid, sin, tanh
from course_utils.numeric.derivatives import gradient  # noqa: E402

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

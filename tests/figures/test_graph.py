"""Forward (Dual) and reverse (Value) mode: values, gradients, reuse, depth, errors, semantics."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.engine import Value  # noqa: E402
from course_utils.autodiff.ops import cos, exp, log, relu, sigmoid, sin, tanh
from course_utils.figures.graph import draw_graph  # noqa: E402

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

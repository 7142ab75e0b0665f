"""Drawing computational graphs without Graphviz: one box per node."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.engine import Value  # noqa: E402
from course_utils.autodiff.ops import relu
from course_utils.figures.graph import draw_graph  # noqa: E402


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

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


def _segment_hits_box(p, q, box, samples=200) -> bool:
    """Whether the straight segment p -> q passes through the display-space rectangle ``box``."""
    for t in [i / samples for i in range(samples + 1)]:
        x, y = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        if box.x0 < x < box.x1 and box.y0 < y < box.y1:
            return True
    return False


def _seed_neuron():
    w, x, b = Value(3.0, "w"), Value(2.0, "x"), Value(0.5, "b")
    z = w * x + b
    return (relu(z) - 10.0) ** 2


def _two_input_neuron():
    x1, x2, w1, w2, b = (
        Value(v, n) for v, n in ((2.0, "x1"), (0.0, "x2"), (-3.0, "w1"), (1.0, "w2"), (6.88, "b"))
    )
    return (x1 * w1 + x2 * w2 + b).tanh()


def _reuse():
    x = Value(1.5, "x")
    y = x * x + x
    return y * Value(2.0, "c") - x


@pytest.mark.parametrize("make", [_seed_neuron, _two_input_neuron, _reuse])
def test_edges_cross_no_box_but_their_own(make):
    root = make()
    fig, ax = plt.subplots(figsize=(10, 4))
    drawn = draw_graph(root, ax=ax, show_grad=False)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {
        node: text.get_bbox_patch().get_window_extent(renderer)
        for node, text in drawn["boxes"].items()
    }
    centres = {node: ax.transData.transform(pos) for node, pos in drawn["positions"].items()}
    assert len(set(map(tuple, drawn["positions"].values()))) == len(boxes), "two boxes overlap"
    for node in root.topological_order():
        for parent in node.parents:
            for other, box in boxes.items():
                if other is node or other is parent:
                    continue
                assert not _segment_hits_box(centres[parent], centres[node], box), (
                    f"the edge {parent.label or parent.op} -> {node.label or node.op} "
                    f"runs through the box of {other.label or other.op or other.data}"
                )
    plt.close(fig)


def test_leaves_sit_right_before_their_first_consumer_and_the_chain_is_straight():
    root = _seed_neuron()
    positions = draw_graph(root, ax=plt.subplots()[1])["positions"]
    order = root.topological_order()
    for node in order:
        for parent in node.parents:
            assert positions[parent][0] < positions[node][0]  # data flows left to right
            if not parent.parents:
                consumers = [n for n in order if parent in n.parents]
                assert positions[parent][0] == min(positions[c][0] for c in consumers) - 1
    chain = [n for n in order if n.parents]
    assert {positions[n][1] for n in chain} == {0.0}  # one straight row of operations
    plt.close("all")

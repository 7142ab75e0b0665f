"""Draw a computational graph of ``Value`` nodes with matplotlib (no Graphviz binary needed).

Nodes are placed in columns by depth (leaves on the left, the output on the right) and, within a
column, in the engine's deterministic topological order; each box shows the node's name or
operation, its value and (optionally) its gradient.

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from course_utils._validation import require_axes, require_bool
from course_utils.autodiff.engine import Value

__all__ = ["draw_graph"]

MAX_NODES = 60


def draw_graph(root: Value, *, ax: Axes | None = None, show_grad: bool = True) -> dict[str, Any]:
    """Draw the graph that computed ``root``.

    Parameters
    ----------
    root : Value
        The output node.
    ax : Axes, optional
    show_grad : bool
        Print each node's ``grad`` under its value (after ``root.backward()``).

    Returns
    -------
    dict
        ``"boxes"``: node -> Text artist, ``"edges"``: list of arrow Annotations,
        ``"positions"``: node -> (column, row).
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order = root.topological_order()
    if len(order) > MAX_NODES:
        raise ValueError(f"the graph has {len(order)} nodes; drawing is limited to {MAX_NODES}")
    require_bool(show_grad, "show_grad")
    require_axes(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    depth: dict[int, int] = {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    positions: dict[Value, tuple[float, float]] = {}
    tallest = max(len(nodes) for nodes in columns.values())
    for col, nodes in columns.items():
        offset = (tallest - len(nodes)) / 2
        for row, node in enumerate(nodes):
            positions[node] = (float(col), -(row + offset))
    edges = []
    for node in order:
        for parent in dict.fromkeys(node.parents):  # a reused operand gets one arrow
            edges.append(
                ax.annotate(
                    "",
                    xy=positions[node],
                    xytext=positions[parent],
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": "0.45",
                        "shrinkA": 28,
                        "shrinkB": 28,
                        "lw": 1.2,
                    },
                )
            )
    boxes = {}
    for node, (x, y) in positions.items():
        name = node.label or (f"[{node.op}]" if node.op else "const")
        if node.label and node.op:
            name = f"{node.label} = [{node.op}]"
        text = f"{name}\nvalue {node.data:.4g}"
        if show_grad:
            text += f"\ngrad {node.grad:.4g}"
        leaf = not node.parents
        boxes[node] = ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=8.5,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.4",
                "fc": "#dbe9f6" if leaf else "#fde2cf",
                "ec": "#1f77b4" if leaf else "#d62728",
            },
        )
    n_cols = max(columns) + 1
    ax.set_xlim(-0.6, n_cols - 0.4)
    ax.set_ylim(-tallest + 0.4, 0.6)
    ax.axis("off")
    return {"boxes": boxes, "edges": edges, "positions": positions}

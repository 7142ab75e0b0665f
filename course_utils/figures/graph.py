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


def _layout(order: list[Value]) -> dict[Value, tuple[float, float]]:
    """Node -> (column, row): operations by depth, each leaf just before its first consumer.

    An operation's column is one more than its deepest input's, so data flows left to right. A
    leaf sits in the column right before the first operation that uses it (not in column 0),
    so its arrow is short and crosses no other box. Rows are given from the output backwards:
    the output on row 0, an operation's first non-leaf input on the operation's own row (the
    main chain stays straight), every other input on the nearest free row above or below it.
    """
    depth: dict[Value, int] = {}
    for node in order:  # operations: one column after their deepest operation input
        if node.parents:
            depth[node] = 1 + max((depth[p] for p in node.parents if p.parents), default=0)
    leaf_depth: dict[Value, int] = {}
    for node in order:  # leaves: right before their first consumer
        for parent in node.parents:
            if not parent.parents:
                leaf_depth[parent] = min(leaf_depth.get(parent, depth[node]), depth[node] - 1)
    depth.update(leaf_depth)
    if not order[-1].parents:
        depth[order[-1]] = 0  # a lone leaf
    low = min(depth.values())
    depth = {node: column - low for node, column in depth.items()}
    row: dict[Value, int] = {order[-1]: 0}
    taken = {(depth[order[-1]], 0)}

    def free_row(column: int, near: int, offsets: tuple[int, ...]) -> int:
        for offset in offsets:
            if (column, near + offset) not in taken:
                return near + offset
        raise AssertionError("unreachable: the offsets run past every node")

    spread = tuple(k for n in range(1, len(order) + 1) for k in (n, -n))
    for node in reversed(order):
        straight = True
        for parent in dict.fromkeys(node.parents):
            if parent in row:
                continue
            column = depth[parent]
            if straight and parent.parents:
                chosen = free_row(column, row[node], (0, *spread))
                straight = False
            else:
                chosen = free_row(column, row[node], spread)
            row[parent] = chosen
            taken.add((column, chosen))
    return {node: (float(depth[node]), float(row[node])) for node in order}


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
    positions = _layout(order)
    columns = {int(col) for col, _ in positions.values()}
    rows = [row for _, row in positions.values()]
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
    ax.set_ylim(min(rows) - 0.6, max(rows) + 0.6)
    ax.axis("off")
    return {"boxes": boxes, "edges": edges, "positions": positions}

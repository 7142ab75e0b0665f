"""Chapter 03's interactive figure: one neuron's loss as its weight moves, through the ReLU gate.

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from course_utils._validation import require_in_range, require_real_scalar
from course_utils.autodiff.ops import relu
from course_utils.figures.curves import plot_tangent
from course_utils.interactive import SLIDER_STYLE, InteractiveFigure, new_figure, slider_layout

__all__ = ["neuron_explorer", "W_RANGE"]

#: Range of the neuron explorer's weight slider: wide enough to reach the loss minimum (w = 4.875
#: for the default neuron, a slider position with the step below) and to shut the ReLU gate.
W_RANGE = (-3.0, 6.0)
#: Slider step; 4.875 = −3 + 63 steps, so the learner can land exactly on the minimum.
W_STEP = 0.125


def neuron_explorer(
    x: float = 2.0, b: float = 0.25, y_true: float = 10.0, w: float = 3.0
) -> InteractiveFigure:
    """Slide the weight w of one ReLU neuron, L(w) = (ReLU(w·x + b) − y)², and watch the chain rule.

    Left: the loss L(w) with its tangent at the current w. Right: ReLU(z) with the current
    z = w·x + b; its slope is the "gate" 1[z > 0]. The readout multiplies the three local
    derivatives ∂L/∂a · ∂a/∂z · ∂z/∂w and compares the product with the numerical slope: when
    z < 0 the gate is shut and no gradient reaches w.

    Parameters
    ----------
    x, b, y_true : float
        Input, bias and target of the neuron.
    w : float
        Initial weight (the slider runs from −3 to 6 in steps of 0.125).

    Returns
    -------
    InteractiveFigure
        One control, ``w``.
    """

    x, b, y_true = (require_real_scalar(v, n) for v, n in ((x, "x"), (b, "b"), (y_true, "y_true")))
    w = require_in_range(w, "w", *W_RANGE)

    def loss(weight: Any) -> Any:
        return (relu(np.asarray(weight) * x + b) - y_true) ** 2

    fig, (ax, zax) = new_figure(9.0, 3.4, ncols=2)
    left = plot_tangent(loss, w, x_range=W_RANGE, ax=ax, label="L(w)", tangent_label="tangent at w")
    ax.set_xlabel("weight w")
    ax.legend(loc="lower left")
    ax.set_title(f"loss L(w) = (ReLU({x:g}·w + {b:g}) − {y_true:g})²")
    z_lo, z_hi = sorted((W_RANGE[0] * x + b, W_RANGE[1] * x + b))
    if z_lo == z_hi:  # x = 0: z = b whatever w is; still show a window around it
        z_lo, z_hi = z_lo - 1.0, z_hi + 1.0
    right = plot_tangent(
        relu,
        w * x + b,
        x_range=(z_lo, z_hi),
        ax=zax,
        label="a = ReLU(z)",
        tangent_label="tangent at z",
    )
    zax.set_xlabel("pre-activation z = w·x + b")
    zax.set_title("the ReLU gate: slope 1 if z > 0, else 0")
    slider = widgets.FloatSlider(
        value=w,
        min=W_RANGE[0],
        max=W_RANGE[1],
        step=W_STEP,
        description="w",
        readout_format=".3f",
        style=SLIDER_STYLE,
        layout=slider_layout(),
    )

    def update(w: float) -> str:
        z = w * x + b
        a = max(z, 0.0)
        d_loss_d_a, d_a_d_z, d_z_d_w = 2 * (a - y_true), 1.0 if z > 0 else 0.0, x
        left.update(w)
        right.update(z)
        gate = "open" if z > 0 else "<b>shut</b>: no gradient reaches w"
        return (
            f"w = {w:.3f}: z = {z:.2f}, a = {a:.2f}, L = {(a - y_true) ** 2:.2f} &nbsp;|&nbsp; "
            f"∂L/∂a · ∂a/∂z · ∂z/∂w = {d_loss_d_a:.2f} · {d_a_d_z:.0f} · {d_z_d_w:.2f} = "
            f"<b>{d_loss_d_a * d_a_d_z * d_z_d_w + 0.0:.2f}</b> "
            f"(numerical slope {left.slope + 0.0:.2f}); "
            f"gate {gate}"
        )

    return InteractiveFigure(
        fig,
        {"w": slider},
        update,
        animated=(left.tangent, left.point, right.tangent, right.point),
        title="neuron explorer",
        key_positions=_key_weights(x, b, y_true, w),
    )


def _key_weights(x: float, b: float, y_true: float, w: float) -> list[dict[str, float]]:
    """Without a kernel: the gate shut (no gradient), the starting w, and the loss minimum."""
    grid = np.arange(W_RANGE[0], W_RANGE[1] + W_STEP / 2, W_STEP)
    candidates = []
    shut = grid[grid * x + b < 0]
    if shut.size:
        candidates.append(float(shut[np.argmin(np.abs(shut + 1.0))]))  # nearest −1 with z < 0
    candidates.append(w)
    if x != 0:
        best = (y_true - b) / x  # where ReLU(xw + b) = y_true, if the gate is open there
        if W_RANGE[0] <= best <= W_RANGE[1] and best * x + b > 0:
            candidates.append(float(grid[np.argmin(np.abs(grid - best))]))
    unique = sorted(set(candidates))
    return [{"w": v} for v in unique]

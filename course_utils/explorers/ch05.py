"""Chapter 05's interactive figure: gradient norms through a deep stack of layers.

Introduced in: 05_backpropagation.ipynb
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from course_utils._validation import require_bool, require_choice, require_in_range, require_int
from course_utils.interactive import SLIDER_STYLE, InteractiveFigure, new_figure
from course_utils.learning.gradient_flow import MAX_DEPTH, deep_stack_norms, gradient_health

__all__ = ["deep_gradients_explorer"]


def deep_gradients_explorer(
    depth: int = 30,
    activation: str = "sigmoid",
    init_scale: float = 1.0,
    residual: bool = False,
    key_positions: Sequence[Mapping[str, Any]] = (),
) -> InteractiveFigure:
    """Depth, activation, initialisation scale and skip connections vs. the gradient per layer.

    Parameters
    ----------
    depth : int
        Hidden layers (2 to 40).
    activation : {"sigmoid", "tanh", "relu"}
    init_scale : float
        Weights ~ N(0, scale²/fan_in); √2 is He initialisation for ReLU.
    residual : bool
        Skip connections around the hidden layers.
    key_positions : sequence of mappings, optional
        Positions for the stored static image (a strip), e.g.
        ``[{"activation": "sigmoid"}, {"activation": "relu", "init_scale": 2**0.5}]``; see
        :class:`~course_utils.interactive.InteractiveFigure`.

    Returns
    -------
    InteractiveFigure
        Controls ``depth``, ``init_scale`` (sliders), ``activation`` (dropdown), ``residual``.
    """
    depth = require_int(depth, "depth", minimum=2, maximum=MAX_DEPTH)
    activation = require_choice(activation, "activation", ("sigmoid", "tanh", "relu"))
    init_scale = require_in_range(init_scale, "init_scale", 2.0**-2, 2.0**4)
    residual = require_bool(residual, "residual")
    fig, ax = new_figure(8.0, 3.6)
    (line,) = ax.semilogy([], [], "o-", color="#d62728", ms=3)
    ax.axhspan(1e-2, 1e2, color="#2ca02c", alpha=0.08, zorder=0)
    ax.set_xlim(0.5, MAX_DEPTH + 1.5)
    ax.set_ylim(1e-24, 1e24)
    ax.set_xlabel("layer (1 = closest to the input; the last point is the output layer)")
    ax.set_ylabel("‖∂L/∂W‖")
    ax.set_title("gradient norm reaching each layer (green band 1e-2 to 1e2: a visual guide)")
    ax.grid(True, alpha=0.3)
    controls = {
        "depth": widgets.IntSlider(
            value=depth, min=2, max=MAX_DEPTH, step=1, description="hidden layers"
        ),
        "init_scale": widgets.FloatLogSlider(
            value=init_scale,
            base=2,
            min=-2,
            max=4,
            step=0.25,
            description="init scale",
            readout_format=".2f",
        ),
        "activation": widgets.Dropdown(
            options=["sigmoid", "tanh", "relu"], value=activation, description="activation"
        ),
        "residual": widgets.Checkbox(value=residual, description="skip connections"),
    }
    for control in controls.values():
        control.style = SLIDER_STYLE

    def update(depth: int, init_scale: float, activation: str, residual: bool) -> str:
        norms = deep_stack_norms(depth, activation, init_scale, residual)
        line.set_data(np.arange(1, len(norms) + 1), np.clip(norms, 1e-300, None))
        verdict = gradient_health(norms)
        return (
            f"{depth} hidden {activation} layers, init scale {init_scale:.2f}"
            f"{', skip connections' if residual else ''}: ‖∂L/∂W‖ first hidden layer "
            f"{norms[0]:.1e}, last hidden {norms[-2]:.1e} (output layer {norms[-1]:.1e}) "
            f"→ <b>{verdict}</b>"
        )

    return InteractiveFigure(
        fig,
        controls,
        update,
        animated=(line,),
        title="deep-gradients explorer",
        key_positions=key_positions,
    )

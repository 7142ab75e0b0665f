"""How gradients flow through depth: per-layer gradient norms, and whether they vanish or explode.

Introduced in: 05_backpropagation.ipynb
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    require_bool,
    require_choice,
    require_int,
    require_positive_scalar,
)
from course_utils.learning.layers import ACTIVATIONS
from course_utils.learning.mlp import MLP

__all__ = ["MAX_DEPTH", "WIDTH", "deep_stack_norms", "gradient_health", "gradient_norms_by_layer"]

MAX_DEPTH = 40
WIDTH = 64


def _batch(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(64, 32)), rng.integers(0, 10, 64)


def gradient_health(norms: ArrayLike) -> str:
    """ "vanishing", "exploding" or "healthy" for per-layer gradient norms (first layer first).

    The last entry is the output layer, as :func:`deep_stack_norms` returns it: its gradient
    xᵀ·dscores is set by the size of its input, not by the chain of factors that backpropagation
    multiplies, so it takes no part in the verdict. Over the hidden layers (all of ``norms``
    when it holds one or two entries): vanishing when the first layer's norm is below 1e-3, or
    more than 100× smaller than the last hidden layer's; exploding when it is above 1e3, or more
    than 100× larger. Both the ratio and the size matter: a ReLU stack keeps the ratio near 1 at
    any scale, but its gradients still shrink or blow up together.

    Parameters
    ----------
    norms : array_like, shape (L,)
        ‖∂L/∂Wᵢ‖ for the layers i = 1..L, the output layer last.
    """
    values = as_float_array(norms, "norms", ndim=1, nonempty=True)
    if np.any(values < 0):
        raise ValueError("norms must be >= 0 (they are gradient norms, one per layer)")
    hidden = values[:-1] if values.size > 2 else values
    first, last = float(hidden[0]), float(hidden[-1])
    if first < 1e-3 or first < 1e-2 * last:
        return "vanishing"
    if first > 1e3 or first > 1e2 * last:
        return "exploding"
    return "healthy"


def deep_stack_norms(
    depth: int, activation: str, init_scale: float, residual: bool = False
) -> np.ndarray:
    """‖∂L/∂Wᵢ‖ per layer for a stack of ``depth`` hidden layers of width 64 on a fixed batch.

    Returns
    -------
    ndarray, shape (depth + 1,)
        The hidden layers first to last, then the output layer.
    """
    depth = require_int(depth, "depth", minimum=1, maximum=MAX_DEPTH)
    activation = require_choice(activation, "activation", ACTIVATIONS)
    init_scale = require_positive_scalar(init_scale, "init_scale")
    residual = require_bool(residual, "residual")
    net = MLP(
        (32,) + (WIDTH,) * depth + (10,),
        activation=activation,
        init_scale=init_scale,
        residual=residual,
        seed=0,
    )
    x, y = _batch()
    return gradient_norms_by_layer(net, x, y)


def gradient_norms_by_layer(net: MLP, x: ArrayLike, labels: ArrayLike) -> NDArray:
    """‖∂L/∂Wᵢ‖ for every layer i = 1..L of ``net`` on one batch (softmax cross-entropy loss).

    Returns
    -------
    ndarray, shape (L,)
        Frobenius norms, first layer first.
    """
    _, grads = net.loss_and_grads(x, labels)
    return np.array([np.linalg.norm(grads[f"W{i}"]) for i in range(1, net.n_layers + 1)])

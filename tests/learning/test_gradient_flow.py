"""Gradient flow through depth: per-layer norms, and the vanishing/exploding verdict."""

from __future__ import annotations

import numpy as np

from course_utils.learning.gradient_flow import (
    deep_stack_norms,
    gradient_health,
    gradient_norms_by_layer,
)
from course_utils.learning.mlp import MLP


def test_deep_stack_health():
    assert gradient_health(deep_stack_norms(30, "sigmoid", 1.0)) == "vanishing"
    assert gradient_health(deep_stack_norms(30, "sigmoid", 16.0)) == "exploding"
    assert gradient_health(deep_stack_norms(30, "relu", np.sqrt(2))) == "healthy"


def test_norms_by_layer_are_the_frobenius_norms_of_the_weight_gradients():
    rng = np.random.default_rng(0)
    net = MLP((4, 8, 8, 3), activation="tanh", seed=0)
    x, labels = rng.normal(size=(6, 4)), np.array([0, 2, 1, 1, 0, 2])
    norms = gradient_norms_by_layer(net, x, labels)
    _, grads = net.loss_and_grads(x, labels)
    expected = [np.linalg.norm(grads[f"W{i}"]) for i in (1, 2, 3)]
    np.testing.assert_allclose(norms, expected, rtol=1e-15)


def test_the_verdict_leaves_out_the_output_layer():
    """Skips fix the sigmoid stack: its first layer gets 0.2 (not 1e-19); the output layer's large
    gradient comes from the size of its input, not from the backward chain."""
    skips = deep_stack_norms(30, "sigmoid", 1.0, residual=True)
    assert skips[-1] > 10 * skips[-2]
    assert gradient_health(skips) == "healthy"
    assert gradient_health(deep_stack_norms(30, "relu", np.sqrt(2), residual=True)) == "exploding"
    assert gradient_health(deep_stack_norms(30, "relu", 1.0)) == "vanishing"
    assert gradient_health([1.0, 1.0, 1e6]) == "healthy"  # only the output layer is large
    assert gradient_health([1e-4, 1.0]) == "vanishing"  # two entries: both count

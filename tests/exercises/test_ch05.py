"""Chapter 05's exercise checks: solutions pass, typical mistakes are named."""

from __future__ import annotations

import numpy as np

from course_utils.exercises import ch05
from course_utils.learning.layers import (
    softmax,
)


def test_ch05_checks():
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    assert ch05.check_weight_gradient(lambda x, d: x.T @ d).passed
    assert "shape (M, D)" in ch05.check_weight_gradient(lambda x, d: d.T @ x).message
    assert ch05.check_bias_gradient(lambda d: d.sum(axis=0)).passed
    assert "wrong axis" in ch05.check_bias_gradient(lambda d: d.sum(axis=1)).message
    assert ch05.check_mse_gradient(lambda p, t: (p - t) / len(p)).passed
    assert "divide by N" in ch05.check_mse_gradient(lambda p, t: p - t).message
    assert ch05.check_sigmoid_backward(lambda d, x: d * sig(x) * (1 - sig(x))).passed
    assert (
        "derivative σ(x)(1 − σ(x))" in ch05.check_sigmoid_backward(lambda d, x: d * sig(x)).message
    )
    p = softmax(ch05.SOFTMAX_SCORES[None])[0]
    assert ch05.check_softmax_gradient(p - np.eye(3)[0]).passed
    assert "sign" in ch05.check_softmax_gradient(np.eye(3)[0] - p).message
    assert ch05.check_initial_loss(np.log(10)).passed
    assert "natural logarithm" in ch05.check_initial_loss(1.0).message

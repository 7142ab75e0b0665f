"""Checks for the exercises of chapter 05 (backpropagation).

Introduced in: 05_backpropagation.ipynb
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.checks import CheckResult, check_array, check_function, check_number

__all__ = [
    "check_weight_gradient",
    "check_bias_gradient",
    "check_mse_gradient",
    "check_sigmoid_backward",
    "check_softmax_gradient",
    "check_initial_loss",
    "SOFTMAX_SCORES",
    "SOFTMAX_LABEL",
]

_rng = np.random.default_rng(5)
_X = _rng.normal(size=(4, 3))
_DOUT = _rng.normal(size=(4, 2))
_PRED = _rng.normal(size=(5, 2))
_TARGET = _rng.normal(size=(5, 2))

#: Exercise 5: one example's class scores and its true class.
SOFTMAX_SCORES = np.array([2.0, 1.0, 0.1])
SOFTMAX_LABEL = 0


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def check_weight_gradient(weight_grad: Any) -> CheckResult:
    """Exercise 1: ``weight_grad(x, dout)`` returns ∂L/∂W of out = xW + b; x (N, D), dout (N, M)."""
    return check_function(
        weight_grad,
        lambda x, d: x.T @ d,
        [(_X, _DOUT), (_X[:2], _DOUT[:2])],
        mistakes=[
            (
                lambda x, d: d.T @ x,
                "that is (xᵀ dout)ᵀ, shape (M, D); ∂L/∂W must have W's shape (D, M): xᵀ · dout.",
            ),
            (
                lambda x, d: x.T @ d / x.shape[0],
                "no extra 1/N here: dout already carries the loss's 1/N.",
            ),
        ],
        success="Correct: ∂L/∂W = xᵀ · dout, shape (D, M) like W.",
    )


def check_bias_gradient(bias_grad: Any) -> CheckResult:
    """Exercise 2: ``bias_grad(dout)`` returns ∂L/∂b for out = xW + b; dout (N, M)."""
    return check_function(
        bias_grad,
        lambda d: d.sum(axis=0),
        [(_DOUT,), (_DOUT[:3],)],
        mistakes=[
            (
                lambda d: d.sum(axis=1),
                "wrong axis: b is shared by all N examples, so sum over "
                "the batch axis (axis=0), giving one entry per output (M,).",
            ),
            (lambda d: d.mean(axis=0), "sum, don't average: the 1/N is already inside dout."),
            (lambda d: d.sum(), "keep one gradient entry per bias: sum over axis 0 only."),
        ],
        success="Correct: ∂L/∂b = dout summed over the batch, shape (M,).",
    )


def check_mse_gradient(mse_grad: Any) -> CheckResult:
    """Exercise 3: ``mse_grad(pred, target)`` of L = (1/N) Σₙ ½‖predₙ − targetₙ‖², shapes (N, K)."""
    return check_function(
        mse_grad,
        lambda p, t: (p - t) / p.shape[0],
        [(_PRED, _TARGET), (_PRED[:2], _TARGET[:2])],
        mistakes=[
            (lambda p, t: p - t, "the loss is an average over N examples: divide by N."),
            (
                lambda p, t: 2 * (p - t) / p.shape[0],
                "the ½ in the loss cancels the 2 from the square: (pred − target)/N.",
            ),
            (
                lambda p, t: (t - p) / p.shape[0],
                "sign: the derivative of ½(p − t)² with respect to p is +(p − t).",
            ),
        ],
        success="Correct: ∂L/∂pred = (pred − target)/N.",
    )


def check_sigmoid_backward(sigmoid_backward: Any) -> CheckResult:
    """Exercise 4: ``sigmoid_backward(dout, x)`` returns ∂L/∂x for out = σ(x)."""
    return check_function(
        sigmoid_backward,
        lambda d, x: d * _sigmoid(x) * (1 - _sigmoid(x)),
        [(_DOUT, _X[:, :2]), (_DOUT[:1], _X[:1, 1:])],
        mistakes=[
            (
                lambda d, x: d * _sigmoid(x),
                "that multiplies by σ(x); the chain rule needs its derivative σ(x)(1 − σ(x)).",
            ),
            (
                lambda d, x: d * x * (1 - x),
                "σ′ is σ(x)(1 − σ(x)): apply the sigmoid first, then the formula.",
            ),
            (
                lambda d, x: _sigmoid(x) * (1 - _sigmoid(x)),
                "the upstream gradient dout is missing: multiply the local derivative by it.",
            ),
        ],
        success="Correct: dout · σ(x)(1 − σ(x)).",
    )


def check_softmax_gradient(answer: Any) -> CheckResult:
    """Exercise 5: ∂L/∂scores of softmax cross-entropy for ``SOFTMAX_SCORES``, class 0."""
    e = np.exp(SOFTMAX_SCORES - SOFTMAX_SCORES.max())
    probs = e / e.sum()
    onehot = np.eye(len(probs))[SOFTMAX_LABEL]
    return check_array(
        answer,
        probs - onehot,
        mistakes=[
            (onehot - probs, "sign: the gradient is prediction minus target, ŷ − y."),
            (probs, "subtract the one-hot target: ŷ − y (the true class gets ŷ₀ − 1)."),
            (SOFTMAX_SCORES - onehot, "use the softmax probabilities ŷ, not the raw scores."),
        ],
        success="Correct: ŷ − y — the predicted probabilities minus the one-hot target.",
    )


def check_initial_loss(value: Any) -> CheckResult:
    """Exercise 6: the expected first cross-entropy loss of a 10-class net with tiny weights."""
    classes = 10
    return check_number(
        value,
        float(np.log(classes)),
        rtol=1e-4,
        mistakes=[
            (float(np.log10(classes)), "cross-entropy uses the natural logarithm: ln 10."),
            (1.0 / classes, "that is the probability of each class; the loss is −ln of it."),
            (
                float(classes),
                "with tiny weights every class gets probability 1/10, and the loss is −ln(1/10).",
            ),
        ],
        success=f"Correct: all scores ≈ 0, every class gets 1/10, loss = ln 10 ≈ "
        f"{np.log(classes):.4f}. A much larger first loss signals a bug or a bad init.",
    )

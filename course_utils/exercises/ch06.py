"""Checks for the exercises of chapter 06 (MNIST from scratch).

Introduced in: 06_mnist_from_scratch.ipynb
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.checks import CheckResult, check_choice, check_function, check_number

__all__ = [
    "check_normalize",
    "check_one_hot",
    "check_fgsm",
    "check_parameter_count",
    "check_report_split",
    "check_chance_accuracy",
]

_rng = np.random.default_rng(6)
_PIXELS = _rng.integers(0, 256, size=(3, 784)).astype(np.uint8)
_LABELS = np.array([3, 0, 9, 1])
_X = _rng.uniform(0, 1, size=(2, 784))
_G = _rng.normal(size=(2, 784))


def check_normalize(normalize: Any) -> CheckResult:
    """Exercise 1: ``normalize(pixels)`` maps uint8 pixels 0-255 to floats in [0, 1]."""
    return check_function(
        normalize,
        lambda p: p.astype(np.float64) / 255.0,
        [(_PIXELS,), (_PIXELS[:1],)],
        mistakes=[
            (
                lambda p: p.astype(np.float64),
                "the pixels are still 0-255: divide by 255 so that "
                "inputs are of order 1 (otherwise the first layer's pre-activations are huge).",
            ),
            (
                lambda p: p.astype(np.float64) / 256.0,
                "divide by 255, the largest pixel value, so white maps to exactly 1.",
            ),
            (
                lambda p: (p // 255).astype(np.float64),
                "integer division throws the grey levels away: convert to float, then divide.",
            ),
        ],
        success="Correct: pixels / 255 as floats in [0, 1].",
    )


def check_one_hot(one_hot: Any) -> CheckResult:
    """Exercise 2: ``one_hot(labels, classes)`` returns an (N, classes) matrix of 0s and 1s."""
    return check_function(
        one_hot,
        lambda y, c: np.eye(c)[y],
        [(_LABELS, 10), (_LABELS[:2], 10)],
        mistakes=[
            (
                lambda y, c: np.eye(c)[y].T,
                "that is the transpose: one *row* per example, one "
                "column per class, shape (N, classes).",
            ),
            (
                lambda y, c: np.eye(c)[np.minimum(y + 1, c - 1)],
                "off by one: class k goes in column k (classes are numbered from 0).",
            ),
        ],
        success="Correct: row n has a single 1, in column labels[n].",
    )


def check_fgsm(fgsm: Any) -> CheckResult:
    """Exercise 3: ``fgsm(x, grad, eps)`` — the fast gradient sign attack on pixels in [0, 1]."""
    return check_function(
        fgsm,
        lambda x, g, e: np.clip(x + e * np.sign(g), 0.0, 1.0),
        [(_X, _G, 0.1), (_X, _G, 0.25)],
        mistakes=[
            (
                lambda x, g, e: np.clip(x - e * np.sign(g), 0.0, 1.0),
                "that steps *downhill* and "
                "makes the model more confident; an attack climbs the loss: x + ε·sign(∇ₓL).",
            ),
            (
                lambda x, g, e: x + e * np.sign(g),
                "clip the result to [0, 1]: it must remain a valid image.",
            ),
            (
                lambda x, g, e: np.clip(x + e * g, 0.0, 1.0),
                "use the *sign* of the gradient: every pixel moves by exactly ε.",
            ),
        ],
        success="Correct: x + ε·sign(∇ₓL), clipped to [0, 1].",
    )


def check_parameter_count(count: Any) -> CheckResult:
    """Exercise 4: how many parameters has a 784-128-10 MLP (weights and biases)?"""
    weights = 784 * 128 + 128 * 10
    biases = 128 + 10
    return check_number(
        count,
        weights + biases,
        rtol=0.0,
        atol=0.5,
        mistakes=[
            (weights, "the biases are parameters too: 128 + 10 of them."),
            (
                784 * 128 + 128 * 10 + 784 + 128 + 10,
                "there is no bias on the input: only the two layers have biases (128 and 10).",
            ),
            (784 * 10, "that is softmax regression without biases; count both layers."),
        ],
        success=f"Correct: 784·128 + 128 + 128·10 + 10 = {weights + biases:,}.",
    )


def check_report_split(answer: Any) -> CheckResult:
    """Exercise 5: which accuracy do you report as the model's performance?"""
    return check_choice(
        answer,
        "held-out test",
        ("training", "held-out test", "the best of the two"),
        mistakes={
            "training": "the model has seen those images; training accuracy measures memory, "
            "not how well it generalises.",
            "the best of the two": "choosing after looking is optimistic; report the held-out "
            "number, and never tune on it.",
        },
        success="Correct: only data the model never trained on measures generalisation.",
    )


def check_chance_accuracy(value: Any) -> CheckResult:
    """Exercise 6: accuracy of guessing uniformly at random on a balanced 10-class test set."""
    return check_number(
        value,
        1 / 10,
        mistakes=[
            (0.5, "there are ten classes, not two: a random guess is right 1 time in 10."),
            (1 / 9, "each of the 10 digits is equally likely: 1/10."),
            (10.0, "give a fraction (or a percentage as 0.1), not the number of classes."),
        ],
        success="Correct: 0.1 — the bar every model must clear by a wide margin.",
    )

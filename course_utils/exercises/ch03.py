"""Checks for the exercises of chapter 03 (the chain rule and automatic differentiation).

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_utils.exercises.checks import CheckResult, check_array, check_function, check_number

__all__ = [
    "POINTS",
    "JF",
    "JG",
    "check_power_chain",
    "check_sin_exp",
    "check_sigmoid_neuron",
    "check_two_paths",
    "check_jacobian_product",
    "check_double_backward",
]

POINTS: tuple[float, ...] = (-1.3, -0.4, 0.6, 1.7)

#: Exercise 5: the Jacobian of f: R² → R³ at some point, and of g: R³ → R² at f(point).
JF = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
JG = np.array([[2.0, 0.0, 1.0], [-1.0, 4.0, 0.0]])


def _cases() -> list[tuple[float]]:
    return [(p,) for p in POINTS]


def check_power_chain(dy: Any) -> CheckResult:
    """Exercise 1: y = (2x² − 1)⁵; ``dy(x)`` returns dy/dx."""
    return check_function(
        dy,
        lambda x: 20 * x * (2 * x**2 - 1) ** 4,
        _cases(),
        mistakes=[
            (
                lambda x: 5 * (2 * x**2 - 1) ** 4,
                "you forgot the inner derivative: multiply by d/dx (2x² − 1) = 4x.",
            ),
            (
                lambda x: 20 * x * (2 * x**2 - 1) ** 5,
                "the outer power must drop by one: 5u⁴, not 5u⁵.",
            ),
            (
                lambda x: 5 * (4 * x) ** 4,
                "differentiate the outer function at the *inner value* u = 2x² − 1, then multiply "
                "by u′ = 4x.",
            ),
        ],
        success="Correct: 5(2x² − 1)⁴ · 4x = 20x(2x² − 1)⁴.",
    )


def check_sin_exp(dy: Any) -> CheckResult:
    """Exercise 2: y = sin(eˣ); ``dy(x)`` returns dy/dx."""
    return check_function(
        dy,
        lambda x: np.cos(np.exp(x)) * np.exp(x),
        _cases(),
        mistakes=[
            (
                lambda x: np.cos(np.exp(x)),
                "you forgot the inner derivative: multiply by (eˣ)′ = eˣ.",
            ),
            (
                lambda x: np.cos(x) * np.exp(x),
                "the outer derivative cos must be evaluated at the inner value eˣ, not at x.",
            ),
            (lambda x: -np.cos(np.exp(x)) * np.exp(x), "the derivative of sin is +cos."),
        ],
        success="Correct: cos(eˣ)·eˣ.",
    )


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def check_sigmoid_neuron(value: Any) -> CheckResult:
    """Exercise 3: L = (σ(w·x + b) − y)² with w = 0.5, x = 2, b = 0.1, y = 1; give dL/dw."""
    w, x, b, y = 0.5, 2.0, 0.1, 1.0
    a = _sigmoid(w * x + b)
    d_l_d_a, d_a_d_z, d_z_d_w = 2 * (a - y), a * (1 - a), x
    return check_number(
        value,
        d_l_d_a * d_a_d_z * d_z_d_w,
        mistakes=[
            (
                d_l_d_a * d_z_d_w,
                "the sigmoid's own slope σ(z)(1 − σ(z)) is missing from the product.",
            ),
            (d_l_d_a * d_a_d_z, "∂z/∂w = x = 2 is missing from the product."),
            (
                (a - y) * d_a_d_z * d_z_d_w,
                "the derivative of (a − y)² is 2(a − y): a factor 2 is missing.",
            ),
            (d_l_d_a * a * d_z_d_w, "you used σ(z) where its derivative σ(z)(1 − σ(z)) belongs."),
        ],
        success=f"Correct: 2(a − y) · σ(z)(1 − σ(z)) · x = {d_l_d_a * d_a_d_z * d_z_d_w:.6f}.",
    )


def check_two_paths(value: Any) -> CheckResult:
    """Exercise 4: z = u² + 3v with u = x·y and v = x + y; give ∂z/∂x at (x, y) = (1, 2)."""
    x, y = 1.0, 2.0
    u = x * y
    via_u = 2 * u * y  # ∂z/∂u · ∂u/∂x
    via_v = 3.0 * 1.0  # ∂z/∂v · ∂v/∂x
    return check_number(
        value,
        via_u + via_v,
        mistakes=[
            (via_u, "that is only the path through u; x also reaches z through v. Add the paths."),
            (via_v, "that is only the path through v; x also reaches z through u. Add the paths."),
            (
                via_u * via_v,
                "you multiplied the two paths; multiply *along* a path, then *add* the paths.",
            ),
            (
                (2 * u + y) + (3.0 + 1.0),
                "you added the derivatives along each path; multiply "
                "along a path (∂z/∂u · ∂u/∂x), then add the paths.",
            ),
        ],
        success=f"Correct: 2u·y + 3·1 = {via_u:g} + {via_v:g} = {via_u + via_v:g}.",
    )


def check_jacobian_product(answer: Any) -> CheckResult:
    """Exercise 5: the Jacobian of h = g∘f, given J_f = ``JF`` (3 × 2) and J_g = ``JG`` (2 × 3)."""
    return check_array(
        answer,
        JG @ JF,
        mistakes=[
            (
                JF @ JG,
                "wrong order: the outer function's Jacobian goes on the left, "
                "J_h = J_g · J_f (2 × 3 times 3 × 2 = 2 × 2).",
            ),
            (
                (JG @ JF).T,
                "that is the transpose; J_h has one row per output of h (2) and one "
                "column per input (2), and equals J_g · J_f.",
            ),
            (JF.T @ JG.T, "that is (J_g J_f)ᵀ; keep J_g on the left and do not transpose."),
        ],
        success="Correct: J_h = J_g · J_f, a 2 × 2 matrix.",
    )


def check_double_backward(value: Any) -> CheckResult:
    """Exercise 6: loss = (w·x − 10)² with w = 3, x = 2; w.grad after two backward() calls?"""
    w, x = 3.0, 2.0
    once = 2 * (w * x - 10) * x
    return check_number(
        value,
        2 * once,
        mistakes=[
            (
                once,
                "that is the gradient after one call; leaf gradients accumulate, so a "
                "second backward() adds it again.",
            ),
            (0.0, "backward() does not reset the leaves' gradients; only zero_grad() does."),
        ],
        success=f"Correct: {once:g} + {once:g} = {2 * once:g} — which is why training loops "
        "zero the gradients before every backward pass.",
    )

"""Checks for the exercises of chapter 04 (gradient descent and its accelerations).

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.checks import CheckResult, check_function, check_number

__all__ = [
    "check_gd_step",
    "check_stability_bound",
    "check_adam_step",
    "check_quadratic_minimum",
    "check_momentum_velocity",
    "EX2_HESSIAN",
]

#: Exercise 2: the Hessian of a quadratic loss.
EX2_HESSIAN = np.array([[3.0, 1.0], [1.0, 3.0]])


def check_gd_step(gd_step: Any) -> CheckResult:
    """Exercise 1: ``gd_step(w, grad, lr)`` returns the parameters after one descent step."""
    cases = [
        (np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.1),
        (np.array([3.0]), np.array([-6.0]), 0.05),
        (np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, -1.0]), 0.5),
    ]
    return check_function(
        gd_step,
        lambda w, g, lr: w - lr * g,
        cases,
        mistakes=[
            (
                lambda w, g, lr: w + lr * g,
                "that steps *uphill*: the gradient points towards "
                "increase, so subtract it: w − η∇L.",
            ),
            (lambda w, g, lr: w - g, "the learning rate is missing: w − η∇L."),
            (
                lambda w, g, lr: w - lr * g / np.linalg.norm(g),
                "that normalises the gradient; "
                "plain gradient descent takes w − η∇L, longer steps where the slope is steeper.",
            ),
        ],
        success="Correct: w ← w − η∇L.",
    )


def check_stability_bound(lr_max: Any) -> CheckResult:
    """Exercise 2: the largest stable learning rate for a quadratic with Hessian ``EX2_HESSIAN``."""
    eigenvalues = np.linalg.eigvalsh(EX2_HESSIAN)
    return check_number(
        lr_max,
        2 / eigenvalues.max(),
        mistakes=[
            (
                2 / eigenvalues.min(),
                "that uses the smallest eigenvalue; the *largest* curvature "
                "is the first to blow up, so η < 2/λ_max.",
            ),
            (
                1 / eigenvalues.max(),
                "1/λ_max is where oscillation starts along the steepest "
                "direction; divergence starts at 2/λ_max.",
            ),
            (
                2 / EX2_HESSIAN[0, 0],
                "the diagonal entry 3 is not the curvature along the "
                "principal direction; use the eigenvalues of H.",
            ),
        ],
        success=f"Correct: the eigenvalues are {eigenvalues[0]:g} and {eigenvalues[1]:g}, so "
        f"η < 2/{eigenvalues.max():g} = {2 / eigenvalues.max():g}.",
    )


def check_adam_step(adam_first_step: Any) -> CheckResult:
    """Exercise 3: ``adam_first_step(g, lr)`` returns Adam's first update (to subtract) for grad g.

    Uses β₁ = 0.9, β₂ = 0.999 and ε = 1e-8.
    """
    b1, b2, eps = 0.9, 0.999, 1e-8

    def reference(g: np.ndarray, lr: float) -> np.ndarray:
        m, v = (1 - b1) * g, (1 - b2) * g**2
        return lr * (m / (1 - b1)) / (np.sqrt(v / (1 - b2)) + eps)

    def uncorrected(g: np.ndarray, lr: float) -> np.ndarray:
        return lr * ((1 - b1) * g) / (np.sqrt((1 - b2) * g**2) + eps)

    cases = [(np.array([0.5, -2.0]), 0.01), (np.array([3.0, 0.1, -0.4]), 0.001)]
    return check_function(
        adam_first_step,
        reference,
        cases,
        rtol=1e-6,
        mistakes=[
            (
                uncorrected,
                "the bias correction is missing: m and v start at 0, so divide them by "
                "(1 − β₁ᵗ) and (1 − β₂ᵗ) (t = 1 here).",
            ),
            (
                lambda g, lr: lr * g,
                "that is a plain SGD step; Adam divides the averaged gradient "
                "by the root of the averaged squared gradient.",
            ),
            (
                lambda g, lr: -reference(g, lr),
                "the sign: return the update to *subtract*, in the direction of the gradient.",
            ),
        ],
        success="Correct: on the first step Adam moves every coordinate by about η, whatever the "
        "gradient's size.",
    )


def check_quadratic_minimum(x_min: Any) -> CheckResult:
    """Exercise 4: where does gradient descent on f(x) = 2x² − 12x + 5 settle?"""
    a, b = 2.0, -12.0
    return check_number(
        x_min,
        -b / (2 * a),
        mistakes=[
            (b / (2 * a), "sign error: setting f′(x) = 4x − 12 to zero gives x = +3."),
            (-b / a, "f′(x) = 2ax + b, so the factor 2 belongs in the denominator: −b/(2a)."),
            (5 - b**2 / (4 * a), "that is the minimum *value* f(3); the question asks where."),
        ],
        success="Correct: f′(x) = 4x − 12 = 0 at x = 3 = −b/(2a).",
    )


def check_momentum_velocity(velocity: Any) -> CheckResult:
    """Exercise 5: momentum (v ← βv + g) with β = 0.9 and a constant gradient g = 1: v after
    three steps from v = 0?
    """
    beta, v = 0.9, 0.0
    for _ in range(3):
        v = beta * v + 1.0
    return check_number(
        velocity,
        v,
        mistakes=[
            (3.0, "each step first shrinks the old velocity by β = 0.9: v = 0.9v + 1."),
            (
                1.0 / (1 - beta),
                "10 = 1/(1 − β) is the *limit* after many steps; after three it is 1 + 0.9 + 0.81.",
            ),
            (beta**3, "v accumulates the gradients: 1, then 1.9, then 2.71."),
        ],
        success=f"Correct: 1, 1.9, {v:.2f} — heading for 1/(1 − β) = 10: momentum builds up "
        "speed in a consistent direction.",
    )

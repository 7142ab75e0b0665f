"""Checks for the exercises of chapter 01 (derivatives).

Each ``check_*`` function takes the learner's answer and returns a
:class:`~course_utils.exercises.checks.CheckResult`. The references are computed here from
the exact rules; the listed mistakes are the ones learners make most often with each rule.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from course_utils.exercises.checks import CheckResult, check_function, check_number

__all__ = [
    "POINTS",
    "STEP_CHOICES",
    "check_polynomial_derivative",
    "check_product_rule",
    "check_chain_rule",
    "check_central_difference",
    "check_velocity",
    "check_best_forward_step",
    "forward_step_errors",
]

#: Points where derivative functions are compared (avoid special points such as 0 and 1).
POINTS: tuple[float, ...] = (-2.3, -0.7, 0.4, 1.3, 2.9)
#: Step sizes offered in the "best step" exercise.
STEP_CHOICES: tuple[float, ...] = (1e-1, 1e-4, 1e-8, 1e-12, 1e-15)


def _cases(points: tuple[float, ...] = POINTS) -> list[tuple[float]]:
    return [(p,) for p in points]


def check_polynomial_derivative(df: Any) -> CheckResult:
    """Exercise 1: f(x) = 3x⁴ − 2x³ + x² − 5x + 1; ``df(x)`` should return f′(x)."""
    return check_function(
        df,
        lambda x: 12 * x**3 - 6 * x**2 + 2 * x - 5,
        _cases(),
        mistakes=[
            (
                lambda x: 12 * x**4 - 6 * x**3 + 2 * x**2 - 5 * x,
                "the coefficients are right but every exponent should drop by one "
                "(d/dx xⁿ = n·xⁿ⁻¹).",
            ),
            (
                lambda x: 12 * x**3 - 6 * x**2 + 2 * x - 4,
                "the constant term 1 does not change with x, so its derivative is 0.",
            ),
            (
                lambda x: 12 * x**3 - 6 * x**2 + 2 * x,
                "the term −5x contributes −5 to the derivative.",
            ),
            (
                lambda x: 12 * x**3 + 6 * x**2 + 2 * x - 5,
                "a sign slipped: the derivative of −2x³ is −6x².",
            ),
            (
                lambda x: -(12 * x**3 - 6 * x**2 + 2 * x - 5),
                "every sign is flipped; differentiate each term without changing its sign.",
            ),
        ],
        success="Correct: f′(x) = 12x³ − 6x² + 2x − 5 (power rule, term by term).",
    )


def check_product_rule(dg: Any) -> CheckResult:
    """Exercise 2: g(x) = eˣ·sin x; ``dg(x)`` should return g′(x)."""
    return check_function(
        dg,
        lambda x: np.exp(x) * (np.sin(x) + np.cos(x)),
        _cases(),
        mistakes=[
            (
                lambda x: np.exp(x) * np.cos(x),
                "the derivative of a product is not the product of the derivatives; use "
                "(uv)′ = u′v + uv′.",
            ),
            (
                lambda x: np.exp(x) * (np.sin(x) - np.cos(x)),
                "check the sign of the second term: the derivative of sin x is +cos x.",
            ),
            (
                lambda x: np.exp(x) * np.sin(x),
                "you differentiated only the eˣ factor; sin x changes with x too.",
            ),
        ],
        success="Correct: g′(x) = eˣ(sin x + cos x) by the product rule.",
    )


def check_chain_rule(dh: Any) -> CheckResult:
    """Exercise 3: h(x) = ln(x² + 1); ``dh(x)`` should return h′(x)."""
    return check_function(
        dh,
        lambda x: 2 * x / (x**2 + 1),
        _cases(),
        mistakes=[
            (
                lambda x: 1 / (x**2 + 1),
                "you forgot the inner derivative: multiply by d/dx (x² + 1) = 2x (chain rule).",
            ),
            (
                lambda x: 1 / (2 * x),
                "the outer derivative must be evaluated at the inner function: "
                "(ln u)′ = 1/u with u = x² + 1, then times u′.",
            ),
            (lambda x: 2 * x * np.log(x**2 + 1), "the derivative of ln u is 1/u, not ln u."),
        ],
        success="Correct: h′(x) = 2x / (x² + 1) — outer derivative 1/u times inner derivative 2x.",
    )


_TEST_FUNCTIONS: tuple[Callable[[Any], Any], ...] = (np.exp, np.sin, lambda x: x**3)
_DIFF_CASES = [(f, x, h) for f in _TEST_FUNCTIONS for x, h in ((0.5, 1e-3), (2.0, 0.1))]


def check_central_difference(central_difference: Any) -> CheckResult:
    """Exercise 4: ``central_difference(f, x, h)`` should return (f(x+h) − f(x−h)) / (2h)."""
    return check_function(
        central_difference,
        lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
        _DIFF_CASES,
        rtol=1e-10,
        atol=1e-12,
        mistakes=[
            (
                lambda f, x, h: (f(x + h) - f(x)) / h,
                "that is the forward difference (f(x+h) − f(x))/h; the central one looks both "
                "ways, "
                "from x − h to x + h.",
            ),
            (
                lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "the two points are 2h apart, so divide by 2h, not h.",
            ),
            (
                lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "the sign is flipped: subtract the left value from the right one, f(x+h) − f(x−h).",
            ),
            (
                lambda f, x, h: (f(x + h) - f(x)) / (2 * h),
                "use the points on both sides, x + h and x − h, divided by their distance 2h.",
            ),
        ],
        success="Correct: the central difference; its error shrinks like h² instead of h.",
    )


def _position(t: float) -> float:
    return t**3 - 2 * t


def check_velocity(v: Any) -> CheckResult:
    """Exercise 5: position s(t) = t³ − 2t metres; ``v`` is the velocity (m/s) at t = 2 s."""
    t = 2.0
    return check_number(
        v,
        3 * t**2 - 2,
        mistakes=[
            (3 * t**2, "the term −2t also changes with t; its derivative −2 belongs in v(t)."),
            (_position(t), "that is the position s(2), not how fast it changes."),
            (
                _position(t) / t,
                "that is the average velocity from t = 0 to t = 2, not the instantaneous one.",
            ),
            (
                _position(t + 1) - _position(t),
                "that is a forward difference with h = 1 s, far "
                "too coarse; take the exact derivative.",
            ),
        ],
        success=f"Correct: v(t) = s′(t) = 3t² − 2, so v({t:g}) = {3 * t**2 - 2:g} m/s.",
    )


def forward_step_errors(x: float = 1.0) -> dict[float, float]:
    """Relative error of the forward difference of eˣ at ``x`` for each step in STEP_CHOICES.

    Returns
    -------
    dict of float -> float
        Step h -> relative error.
    """
    exact = float(np.exp(x))
    return {h: float(abs((np.exp(x + h) - np.exp(x)) / h - exact) / exact) for h in STEP_CHOICES}


def check_best_forward_step(h: Any) -> CheckResult:
    """Exercise 6: the h in STEP_CHOICES whose forward difference of eˣ at 1 errs least."""
    errors = forward_step_errors()
    best = min(errors, key=errors.__getitem__)
    smallest = min(STEP_CHOICES)
    return check_number(
        h,
        best,
        rtol=1e-9,
        atol=0.0,
        mistakes=[
            (
                smallest,
                "the smallest step is not the best: f(x+h) and f(x) agree in almost every "
                "digit, and subtracting them leaves mostly round-off (error ~ ε/h).",
            ),
            (1e-12, "too small: round-off (about ε/h) already dominates at this step."),
            (
                1e-4,
                "close, but at h = 1e-4 the truncation error (about h·f″/2f′) still "
                "dominates; the best forward step is near √ε.",
            ),
            (1e-1, "too large: the truncation error h·f″/(2f′) is about 5% here."),
        ],
        success=f"Correct: h = {best:g}, close to √ε ≈ 1.5e-8, balances truncation and round-off.",
    )

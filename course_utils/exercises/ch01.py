"""Checks for the exercises of chapter 01 (derivatives).

Each ``check_*`` function takes the learner's answer and returns a
:class:`~course_utils.exercises.checks.CheckResult`. The references are computed here from
the exact rules; the listed mistakes are the ones learners make most often with each rule.

Three of the exercises are *build-it* exercises (see :mod:`course_utils.exercises.build_it`):
the learner writes ``forward_difference``, ``central_difference`` and ``relative_error``, and the
chapter's later cells run on them. ``use_forward_difference(forward_difference)`` and its two
siblings print the verdict and return the learner's function once it passes, or the reference
below (the same formula, written the same way) until then.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from course_utils.exercises.build_it import use_checked
from course_utils.exercises.checks import CheckResult, check_function, check_number

__all__ = [
    "POINTS",
    "STEP_CHOICES",
    "check_forward_difference",
    "check_central_difference",
    "check_relative_error",
    "use_forward_difference",
    "use_central_difference",
    "use_relative_error",
    "check_polynomial_derivative",
    "check_product_rule",
    "check_chain_rule",
    "check_softplus_derivative",
    "check_velocity",
    "check_best_forward_step",
    "forward_step_errors",
]

#: Points where derivative functions are compared (avoid special points such as 0 and 1).
POINTS: tuple[float, ...] = (-2.3, -0.7, 0.4, 1.3, 2.9)
#: Step sizes offered in the "best step" exercise.
STEP_CHOICES: tuple[float, ...] = (1.0, 1e-2, 1e-4, 1e-6, 1e-8)
#: Where the "best step" exercise differentiates √x: a large x, where √ε alone is too small.
BIG_X = 1e6
_EPS = float(np.finfo(np.float64).eps)


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
                lambda x: 4 * x**3 - 3 * x**2 + 2 * x - 5,
                "the exponent comes down and multiplies the coefficient that is already there: "
                "(3x⁴)′ = 3·4x³ = 12x³, not 4x³.",
            ),
            (
                lambda x: 3 * x**4 - 2 * x**3 + x**2 - 5 * x + 1,
                "that is f itself; differentiate it term by term with the power rule.",
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
            (
                lambda x: 2 * x / x**2 + 1,
                "mind the brackets: 2*x/x**2+1 divides by x² and then adds 1; write "
                "2*x / (x**2 + 1).",
            ),
        ],
        success="Correct: h′(x) = 2x / (x² + 1) — outer derivative 1/u times inner derivative 2x.",
    )


def _sigmoid(x: Any) -> Any:
    return 1 / (1 + np.exp(-x))


def check_softplus_derivative(dsoftplus: Any) -> CheckResult:
    """Exercise 4: softplus(x) = ln(1 + eˣ); ``dsoftplus(x)`` should return eˣ/(1 + eˣ)."""
    return check_function(
        dsoftplus,
        lambda x: np.exp(x) / (1 + np.exp(x)),
        _cases(),
        mistakes=[
            (
                lambda x: 1 / (1 + np.exp(x)),
                "you stopped at the outer derivative 1/u (or wrote 1 − σ(x), the same "
                "function); multiply by the inner derivative u′ = (1 + eˣ)′ = eˣ (chain rule).",
            ),
            (
                lambda x: np.exp(x),
                "that is only the inner derivative eˣ; the outer one, (ln u)′ = 1/u at "
                "u = 1 + eˣ, divides it by 1 + eˣ.",
            ),
            (
                lambda x: np.log(1 + np.exp(x)),
                "that is softplus itself; differentiate ln u with u = 1 + eˣ by the chain rule.",
            ),
            (
                lambda x: np.exp(x) / (1 + np.exp(x)) ** 2,
                "the denominator is not squared: (ln u)′ = u′/u, not u′/u² (that would be the "
                "quotient rule's denominator).",
            ),
        ],
        success=(
            "Correct: softplus′(x) = eˣ/(1 + eˣ) = 1/(1 + e⁻ˣ) = σ(x). The slope of this "
            "smooth ReLU is the sigmoid: a smooth version of ReLU's 0-or-1 slope."
        ),
    )


# -- build-it exercises: the references the notebook runs on until the learner's code passes ---


def _forward_difference(f: Callable[[Any], Any], x: Any, h: Any) -> Any:
    """Reference: slope of the secant from x to x + h."""
    return (f(x + h) - f(x)) / h


def _central_difference(f: Callable[[Any], Any], x: Any, h: Any) -> Any:
    """Reference: slope of the secant from x − h to x + h."""
    return (f(x + h) - f(x - h)) / (2 * h)


def _relative_error(analytic: Any, numeric: Any, floor: float = 1e-8) -> Any:
    """Reference: |analytic − numeric| / max(|analytic|, |numeric|, floor), elementwise."""
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return np.abs(analytic - numeric) / scale


def _cube(x: Any) -> Any:
    return x**3


_TEST_FUNCTIONS: tuple[Callable[[Any], Any], ...] = (np.exp, np.sin, _cube)
# Scalars, an array of points and an array of steps: the notebook calls the learner's function
# in all three ways (a table of values, a curve, the error-vs-h sweep).
_DIFF_CASES: list[tuple[Any, ...]] = [
    *[(f, x, h) for f in _TEST_FUNCTIONS for x, h in ((0.5, 1e-3), (2.0, 0.1))],
    (np.sin, np.array([-1.0, 0.3, 2.0]), 1e-2),
    (np.exp, 1.0, np.array([1e-1, 1e-2, 1e-3])),
]


def check_forward_difference(forward_difference: Any) -> CheckResult:
    """Build-it 1: ``forward_difference(f, x, h)`` should return (f(x + h) − f(x)) / h."""
    return check_function(
        forward_difference,
        _forward_difference,
        _DIFF_CASES,
        rtol=1e-10,
        atol=1e-12,
        mistakes=[
            (
                lambda f, x, h: f(x + h) - f(x),
                "that is the rise f(x + h) − f(x); the slope is rise over run, so divide by h.",
            ),
            (
                lambda f, x, h: (f(x) - f(x + h)) / h,
                "the sign is flipped: subtract the value at x from the value at x + h.",
            ),
            (
                lambda f, x, h: (f(x) - f(x - h)) / h,
                "that is the backward difference, from x − h to x; this one looks forward, from "
                "x to x + h.",
            ),
            (
                _central_difference,
                "that is the central difference (section 6); here the secant runs from x to "
                "x + h, as in the limit definition.",
            ),
            (
                lambda f, x, h: (f(x + h) - f(x)) / (2 * h),
                "the two points x and x + h are h apart, so divide by h, not 2h.",
            ),
            (
                lambda f, x, h: f(x + h) - f(x) / h,
                "mind the brackets: only f(x) is divided here; put the whole rise "
                "f(x + h) − f(x) in parentheses before dividing by h.",
            ),
            (
                lambda f, x, h: (np.exp(x + h) - np.exp(x)) / h,
                "your function always differentiates eˣ; call the `f` that is passed in, "
                "f(x + h) and f(x), so that it works for any function.",
            ),
        ],
        success="Correct: the forward difference, the secant slope of the limit definition.",
        unchanged=(1,),
    )


def check_central_difference(central_difference: Any) -> CheckResult:
    """Build-it 2: ``central_difference(f, x, h)`` should return (f(x+h) − f(x−h)) / (2h)."""
    return check_function(
        central_difference,
        _central_difference,
        _DIFF_CASES,
        rtol=1e-10,
        atol=1e-12,
        mistakes=[
            (
                _forward_difference,
                "that is the forward difference (f(x+h) − f(x))/h; the central one looks both "
                "ways, from x − h to x + h.",
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
            (
                lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
                "mind the brackets: only f(x − h) is divided here; put the whole difference "
                "f(x + h) − f(x − h) in parentheses.",
            ),
            (
                lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
                "mind the brackets: /2*h divides by 2 and then multiplies by h; write / (2 * h).",
            ),
            (
                lambda f, x, h: (np.exp(x + h) - np.exp(x - h)) / (2 * h),
                "your function always differentiates eˣ; call the `f` that is passed in.",
            ),
        ],
        success="Correct: the central difference; its error shrinks like h² instead of h.",
        unchanged=(1,),
    )


_ERROR_CASES: list[tuple[Any, ...]] = [
    (3.0, 3.0),
    (2.0, 1.0),
    (1.0, 2.0),
    (-1.0, -2.0),
    (-16.0, -8.0),
    (np.array([1.0, -16.0, 0.25]), np.array([1.0 + 1e-9, -8.0, 0.5])),
    (0.0, 1e-10),
    (0.0, 0.0),
    # a non-default floor: the function must use the one it is given
    (0.0, 1e-4, 1e-3),
    (2e-4, 5e-4, 1e-3),
    (np.array([0.0, 3.0]), np.array([0.0, 2.0]), 1e-3),
]


def check_relative_error(relative_error: Any) -> CheckResult:
    """Build-it 3: ``relative_error(analytic, numeric, floor)`` should return
    |analytic − numeric| / max(|analytic|, |numeric|, floor) (floor defaults to 1e-8),
    elementwise."""
    return check_function(
        relative_error,
        _relative_error,
        _ERROR_CASES,
        rtol=1e-9,
        atol=1e-15,
        mistakes=[
            (
                lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.abs(a), floor),
                "you divide by |analytic| only; divide by the larger of |analytic| and "
                "|numeric|, so the error is the same whichever of the two you call the truth.",
            ),
            (
                lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.abs(n), floor),
                "you divide by |numeric| only; divide by the larger of |analytic| and |numeric|.",
            ),
            (
                lambda a, n, floor=1e-8: (a - n) / np.maximum(np.maximum(abs(a), abs(n)), floor),
                "an error is never negative: take the absolute value of the difference.",
            ),
            (
                lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.maximum(a, n), floor),
                "take absolute values before the max: with two negative numbers, max(a, n) is "
                "negative (or only the floor).",
            ),
            (
                lambda a, n, floor=1e-8: np.abs(a - n) / (np.abs(a) + np.abs(n)),
                "dividing by |analytic| + |numeric| is a common variant, but it halves most "
                "errors; this course divides by the larger of the two (and never by less than "
                "floor).",
            ),
            (
                lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.abs(a), np.abs(n)),
                "when both values are 0 this divides 0 by 0; never divide by less than floor.",
            ),
            (
                lambda a, n, floor=1e-8: np.abs(a - n) / (np.maximum(np.abs(a), np.abs(n)) + floor),
                "adding floor to the denominator changes every error a little; floor is the "
                "smallest denominator allowed, so take the largest of the three: "
                "np.maximum(np.maximum(|analytic|, |numeric|), floor).",
            ),
            (
                lambda a, n, floor=1e-8: _relative_error(a, n),
                "your function ignores its `floor` argument (it always uses 1e-8); use the "
                "value it is called with.",
            ),
        ],
        success="Correct: the relative error, symmetric in its two arguments and safe at zero.",
        unchanged=(0, 1),
    )


def use_forward_difference(forward_difference: Any) -> Callable[..., Any]:
    """Check build-it 1 and return the forward difference the notebook runs on from here:
    the learner's once it passes, else the reference. Prints the verdict and one line."""
    return use_checked(
        check_forward_difference, forward_difference, _forward_difference, name="forward_difference"
    )


def use_central_difference(central_difference: Any) -> Callable[..., Any]:
    """Check build-it 2 and return the central difference the notebook runs on from here."""
    return use_checked(
        check_central_difference, central_difference, _central_difference, name="central_difference"
    )


def use_relative_error(relative_error: Any) -> Callable[..., Any]:
    """Check build-it 3 and return the relative error the notebook runs on from here."""
    return use_checked(check_relative_error, relative_error, _relative_error, name="relative_error")


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
            (
                3 * t**2 - 2 * t,
                "the derivative of −2t is −2 (the power rule lowers t¹ to t⁰ = 1), not −2t.",
            ),
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


def forward_step_errors() -> dict[float, float]:
    """Relative error of the forward difference of √x at x = 10⁶ for each step in STEP_CHOICES.

    Returns
    -------
    dict of float -> float
        Step h -> relative error.
    """
    x = BIG_X
    exact = 0.5 / np.sqrt(x)
    return {h: float(abs(_forward_difference(np.sqrt, x, h) - exact) / exact) for h in STEP_CHOICES}


def check_best_forward_step(h: Any) -> CheckResult:
    """Exercise 6: the h in STEP_CHOICES whose forward difference of √x at x = 10⁶ errs least."""
    errors = forward_step_errors()
    best = min(errors, key=errors.__getitem__)
    result = _check_step(h, best)
    plain_number = isinstance(h, (int, float, np.integer, np.floating)) and not isinstance(h, bool)
    if result.status != "incorrect" or not plain_number:
        return result
    value = float(h)
    if not np.isfinite(value) or any(np.isclose(value, STEP_CHOICES, rtol=1e-9, atol=0.0)):
        return result
    choices = ", ".join(f"{step:g}" for step in STEP_CHOICES)
    balance = np.sqrt(_EPS) * BIG_X  # √ε·|x| ≈ 0.015
    if balance / 3 < value < balance * 3:
        return CheckResult(
            "incorrect",
            f"Not quite: {value:g} is the right reasoning (√ε·|x| ≈ 0.015), but the exercise asks "
            f"which of the offered steps wins: pick one of ch01.STEP_CHOICES ({choices}).",
        )
    return CheckResult(
        "incorrect", f"Not quite: pick one of the steps in ch01.STEP_CHOICES ({choices})."
    )


def _check_step(h: Any, best: float) -> CheckResult:
    return check_number(
        h,
        best,
        rtol=1e-9,
        atol=0.0,
        mistakes=[
            (
                1e-8,
                "h ≈ √ε ≈ 1.5e-8 is the best step when x is about 1. At x = 10⁶ the floats "
                "are spaced about 1e-10 apart, so x + 1e-8 is not even exactly the step you "
                "asked for, and f(x + h) − f(x) is mostly round-off. Scale the step with |x|.",
            ),
            (
                1e-6,
                "still too small for x = 10⁶: round-off, about ε·|x|/h relative to the slope, "
                "dominates. Scale √ε by |x|.",
            ),
            (
                1e-4,
                "closer, but round-off still dominates at this x; the balance point is √ε·|x|.",
            ),
            (
                1.0,
                "too large: now the truncation error, h·|f″|/(2|f′|) = h/(4x), is the bigger "
                "of the two.",
            ),
        ],
        success=f"Correct: h = {best:g}, close to √ε·|x| ≈ 1.5e-2: the best step grows with |x|.",
    )

"""Exercise checks: correct, unanswered, each diagnosed mistake, and hostile answers."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch01

SOLUTIONS = {
    "check_polynomial_derivative": lambda x: 12 * x**3 - 6 * x**2 + 2 * x - 5,
    "check_product_rule": lambda x: np.exp(x) * (np.sin(x) + np.cos(x)),
    "check_chain_rule": lambda x: 2 * x / (x**2 + 1),
    "check_softplus_derivative": lambda x: np.exp(x) / (1 + np.exp(x)),
    "check_forward_difference": lambda f, x, h: (f(x + h) - f(x)) / h,
    "check_central_difference": lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
    "check_relative_error": lambda a, n, floor=1e-8: (
        np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)
    ),
}


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_ch01_function_exercises_accept_the_solution(name):
    assert getattr(ch01, name)(SOLUTIONS[name]).passed


@pytest.mark.parametrize(
    "name,wrong,phrase",
    [
        (
            "check_polynomial_derivative",
            lambda x: 12 * x**4 - 6 * x**3 + 2 * x**2 - 5 * x,
            "exponent should drop",
        ),
        ("check_polynomial_derivative", lambda x: 12 * x**3 - 6 * x**2 + 2 * x - 4, "constant"),
        (
            "check_polynomial_derivative",
            lambda x: -(12 * x**3 - 6 * x**2 + 2 * x - 5),
            "sign is flipped",
        ),
        (
            "check_polynomial_derivative",
            lambda x: 4 * x**3 - 3 * x**2 + 2 * x - 5,
            "multiplies the coefficient",
        ),
        (
            "check_polynomial_derivative",
            lambda x: 3 * x**4 - 2 * x**3 + x**2 - 5 * x + 1,
            "that is f itself",
        ),
        ("check_product_rule", lambda x: np.exp(x) * np.cos(x), "product of the derivatives"),
        ("check_chain_rule", lambda x: 2 * x / x**2 + 1, "brackets"),
        ("check_softplus_derivative", lambda x: 1 / (1 + np.exp(x)), "inner derivative"),
        ("check_softplus_derivative", lambda x: np.exp(x), "only the inner derivative"),
        ("check_softplus_derivative", lambda x: np.log(1 + np.exp(x)), "softplus itself"),
        ("check_softplus_derivative", lambda x: np.exp(x) / (1 + np.exp(x)) ** 2, "not squared"),
        (
            "check_central_difference",
            lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
            "multiplies by h",
        ),
        ("check_forward_difference", lambda f, x, h: f(x + h) - f(x) / h, "brackets"),
        (
            "check_forward_difference",
            lambda f, x, h: (np.exp(x + h) - np.exp(x)) / h,
            "call the `f`",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: np.abs(a - n) / (np.maximum(np.abs(a), np.abs(n)) + floor),
            "adding floor",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: (
                np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), 1e-8)
            ),
            "ignores its `floor`",
        ),
        ("check_chain_rule", lambda x: 1 / (x**2 + 1), "inner derivative"),
        ("check_central_difference", lambda f, x, h: (f(x + h) - f(x)) / h, "forward difference"),
        ("check_central_difference", lambda f, x, h: (f(x + h) - f(x - h)) / h, "2h, not h"),
        (
            "check_central_difference",
            lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
            "sign is flipped",
        ),
        (
            "check_central_difference",
            lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
            "brackets",
        ),
        ("check_forward_difference", lambda f, x, h: f(x + h) - f(x), "divide by h"),
        ("check_forward_difference", lambda f, x, h: (f(x) - f(x + h)) / h, "sign is flipped"),
        ("check_forward_difference", lambda f, x, h: (f(x) - f(x - h)) / h, "backward"),
        (
            "check_forward_difference",
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            "central difference",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.abs(a), floor),
            "|analytic| only",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: (a - n) / np.maximum(np.maximum(abs(a), abs(n)), floor),
            "never negative",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.maximum(a, n), floor),
            "absolute values before the max",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: np.abs(a - n) / (np.abs(a) + np.abs(n)),
            "halves most errors",
        ),
        (
            "check_relative_error",
            lambda a, n, floor=1e-8: np.abs(a - n) / np.maximum(np.abs(a), np.abs(n)),
            "0 by 0",
        ),
    ],
)
def test_ch01_diagnoses_the_typical_mistake(name, wrong, phrase):
    result = getattr(ch01, name)(wrong)
    assert result.status == "incorrect" and phrase in result.message


def test_ch01_numeric_exercises():
    assert ch01.check_velocity(10.0).passed
    assert "position" in ch01.check_velocity(4.0).message
    assert "average velocity" in ch01.check_velocity(2.0).message
    assert "forward difference" in ch01.check_velocity(17.0).message
    assert "not −2t" in ch01.check_velocity(8.0).message
    errors = ch01.forward_step_errors()
    best = min(errors, key=errors.__getitem__)
    assert best == 1e-2  # sqrt(eps) * |x| at x = 1e6, confirmed by computation
    runner_up = sorted(errors.values())[1]
    assert runner_up > 50 * errors[best]  # a clear winner, not a coin toss of round-off
    assert ch01.check_best_forward_step(best).passed
    assert "Scale the step with |x|" in ch01.check_best_forward_step(1e-8).message
    assert "truncation" in ch01.check_best_forward_step(1.0).message
    assert ch01.check_best_forward_step(...).status == "unanswered"
    right_reasoning = ch01.check_best_forward_step(0.015)
    assert right_reasoning.status == "incorrect" and "right reasoning" in right_reasoning.message
    assert "pick one of" in ch01.check_best_forward_step(0.5).message


def test_learner_slips_with_numpy_get_a_hint_and_no_warning(recwarn):
    def three_argument_maximum(a, n, floor=1e-8):
        return np.abs(a - n) / np.maximum(np.abs(a), np.abs(n), floor)

    def max_of_a_list(a, n, floor=1e-8):
        return np.abs(a - n) / np.max([np.abs(a), np.abs(n), floor])

    def math_instead_of_f(f, x, h):
        import math

        return (math.exp(x + h) - math.exp(x)) / h

    result = ch01.check_relative_error(three_argument_maximum)
    assert result.status == "incorrect" and "nest it" in result.message
    assert "np.maximum" in ch01.check_relative_error(max_of_a_list).message
    assert "call the function you were given" in (
        ch01.check_forward_difference(math_instead_of_f).message
    )
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]


def _scaffold(*args):
    """Not written yet."""
    raise NotImplementedError


@pytest.mark.parametrize(
    "use,check",
    [
        ("use_forward_difference", "check_forward_difference"),
        ("use_central_difference", "check_central_difference"),
        ("use_relative_error", "check_relative_error"),
    ],
)
def test_build_its_use_the_learners_function_once_it_passes(use, check, capsys):
    solution = SOLUTIONS[check]
    assert getattr(ch01, use)(solution) is solution
    verdict, choice = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✅") and choice.startswith("Using your `")
    reference = getattr(ch01, use)(_scaffold)
    verdict, choice = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✏️") and "course's reference" in choice
    assert getattr(ch01, check)(reference).passed  # the reference passes its own check


@pytest.mark.parametrize("check", ["check_forward_difference", "check_central_difference"])
def test_difference_checks_need_functions_that_work_on_arrays(check):
    def scalar_only(f, x, h):
        if h > 0:  # fails on an array of steps, as the error-vs-h sweep would
            return SOLUTIONS[check](f, x, h)
        return 0.0

    result = getattr(ch01, check)(scalar_only)
    assert result.status == "incorrect" and "np.where" in result.message

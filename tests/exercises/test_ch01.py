"""Exercise checks: correct, unanswered, each diagnosed mistake, and hostile answers."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch01

SOLUTIONS = {
    "check_polynomial_derivative": lambda x: 12 * x**3 - 6 * x**2 + 2 * x - 5,
    "check_product_rule": lambda x: np.exp(x) * (np.sin(x) + np.cos(x)),
    "check_chain_rule": lambda x: 2 * x / (x**2 + 1),
    "check_central_difference": lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
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
        ("check_product_rule", lambda x: np.exp(x) * np.cos(x), "product of the derivatives"),
        ("check_chain_rule", lambda x: 1 / (x**2 + 1), "inner derivative"),
        ("check_central_difference", lambda f, x, h: (f(x + h) - f(x)) / h, "forward difference"),
        ("check_central_difference", lambda f, x, h: (f(x + h) - f(x - h)) / h, "2h, not h"),
        (
            "check_central_difference",
            lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
            "sign is flipped",
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
    errors = ch01.forward_step_errors()
    best = min(errors, key=errors.__getitem__)
    assert best == 1e-8  # the classic sqrt(eps) result, confirmed by computation
    assert ch01.check_best_forward_step(best).passed
    assert "round-off" in ch01.check_best_forward_step(1e-15).message
    assert ch01.check_best_forward_step(...).status == "unanswered"

"""Chapter 02's exercise checks: solutions pass, typical mistakes are named."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch02


def test_ch02_solutions_pass():
    assert ch02.check_partials(lambda x, y: (2 * x * y**3 + 4 * y, 3 * x**2 * y**2 + 4 * x)).passed
    assert ch02.check_gradient_function(
        lambda x, y: np.array([3 * x**2 * y**2 + 2 * y, 2 * x**3 * y + 2 * x - 3 * y**2])
    ).passed
    assert ch02.check_jacobian(
        lambda x, y: np.array([[y, x], [1.0, 2 * y], [np.cos(x), 0.0]])
    ).passed
    assert ch02.check_directional_derivative(14 / np.sqrt(2)).passed
    assert ch02.check_critical_point_type("saddle").passed
    assert ch02.check_taylor_sqrt(2 + 0.1 / 4 - 0.01 / 64).passed


@pytest.mark.parametrize(
    "check,answer,phrase",
    [
        (
            ch02.check_partials,
            lambda x, y: (2 * x * y**3 + 4 * y + 3 * x**2 * y**2 + 4 * x,) * 2,
            "y is a constant",
        ),
        (
            ch02.check_partials,
            lambda x, y: (3 * x**2 * y**2 + 4 * x, 2 * x * y**3 + 4 * y),
            "x first",
        ),
        (
            ch02.check_partials,
            lambda x, y: (2 * x * y**3 + 4 * x, 3 * x**2 * y**2 + 4 * x),
            "4y, not 4x",
        ),
        (
            ch02.check_gradient_function,
            lambda x, y: np.array([[3 * x**2 * y**2 + 2 * y], [2 * x**3 * y + 2 * x - 3 * y**2]]),
            "flat vector of shape (2,)",
        ),
        (
            ch02.check_jacobian,
            lambda x, y: np.array([[y, 1.0, np.cos(x)], [x, 2 * y, 0.0]]),
            "transpose",
        ),
        (ch02.check_directional_derivative, 14.0, "length √2"),
        (ch02.check_directional_derivative, 10.0, "steepest direction"),
        (ch02.check_critical_point_type, "minimum", "opposite signs"),
        (ch02.check_taylor_sqrt, 2.025, "first-order"),
        (ch02.check_taylor_sqrt, float(np.sqrt(4.1)), "√4.1 itself"),
    ],
)
def test_ch02_diagnoses(check, answer, phrase):
    result = check(answer)
    assert result.status == "incorrect" and phrase in result.message

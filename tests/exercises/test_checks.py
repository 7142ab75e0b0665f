"""Exercise checks: correct, unanswered, each diagnosed mistake, and hostile answers."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch01, ch02
from course_utils.exercises.checks import CheckResult, check_choice, check_function, check_number


def test_check_number_states():
    mistakes = [(-6.0, "sign error.")]
    assert check_number(6.0, 6.0, mistakes=mistakes).passed
    assert check_number(np.float32(6.0), 6.0).passed
    assert check_number(np.array(6.0), 6.0).passed
    assert check_number(..., 6.0).status == "unanswered"
    assert check_number(None, 6.0).status == "unanswered"
    wrong = check_number(-6.0, 6.0, mistakes=mistakes)
    assert wrong.status == "incorrect" and "sign error" in wrong.message
    assert "not the expected value" in check_number(5.0, 6.0, mistakes=mistakes).message


@pytest.mark.parametrize("answer", ["6", "__import__('os')", True, [6.0, 1.0], 6 + 0j, np.nan])
def test_check_number_never_evaluates_or_accepts_non_numbers(answer):
    result = check_number(answer, 6.0)
    assert result.status == "incorrect"


def test_check_result_prints_one_line_with_an_icon():
    assert repr(CheckResult("correct", "Correct.")) == "✅ Correct."
    assert str(CheckResult("incorrect", "Not quite.")).startswith("❌")
    assert repr(CheckResult("unanswered", "x")).startswith("✏️")


def test_check_function_reports_exceptions_and_wrong_types():
    ref = lambda x: 2 * x  # noqa: E731
    boom = check_function(lambda x: 1 / 0, ref, [(1.0,)])
    assert boom.status == "incorrect" and "ZeroDivisionError" in boom.message
    assert "must return a number" in check_function(lambda x: "2x", ref, [(1.0,)]).message
    assert "must be a Python function" in check_function("2*x", ref, [(1.0,)]).message
    assert check_function(lambda x: None, ref, [(1.0,)]).status == "unanswered"


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


def test_check_function_compares_shapes_without_broadcasting():
    ref = lambda x: np.array([x, x])  # noqa: E731
    column = check_function(lambda x: np.array([[x], [x]]), ref, [(1.0,)])
    assert column.status == "incorrect" and "shape (2, 1)" in column.message
    assert check_function(lambda x: (x, x), ref, [(2.0,)]).passed  # tuples are fine


def test_check_choice():
    options = ("minimum", "maximum", "saddle")
    assert check_choice(" SADDLE ", "saddle", options).passed
    assert (
        "eigen"
        in check_choice("minimum", "saddle", options, mistakes={"minimum": "eigenvalues!"}).message
    )
    assert "Choose one of" in check_choice("__import__('os')", "saddle", options).message
    assert "Choose one of" in check_choice(3, "saddle", options).message
    assert check_choice(..., "saddle", options).status == "unanswered"


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


def test_check_array():
    from course_utils.exercises.checks import check_array

    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert check_array(expected.copy(), expected).passed
    assert "shape (2, 2)" in check_array(np.ones(3), expected).message
    assert "values are not" in check_array(np.zeros((2, 2)), expected).message
    assert check_array(..., expected).status == "unanswered"
    assert check_array("[[1, 2], [3, 4]]", expected).status == "incorrect"


def test_ch03_solutions_and_diagnoses():
    from course_utils.exercises import ch03

    assert ch03.check_power_chain(lambda x: 20 * x * (2 * x**2 - 1) ** 4).passed
    assert ch03.check_sin_exp(lambda x: np.cos(np.exp(x)) * np.exp(x)).passed
    a = 1 / (1 + np.exp(-1.1))
    assert ch03.check_sigmoid_neuron(2 * (a - 1) * a * (1 - a) * 2).passed
    assert "σ(z)(1 − σ(z))" in ch03.check_sigmoid_neuron(2 * (a - 1) * 2).message
    assert ch03.check_two_paths(11.0).passed
    assert "multiplied the two paths" in ch03.check_two_paths(24.0).message
    assert "only the path through u" in ch03.check_two_paths(8.0).message
    assert ch03.check_jacobian_product(ch03.JG @ ch03.JF).passed
    assert "wrong order" in ch03.check_jacobian_product(ch03.JF @ ch03.JG).message
    assert ch03.check_double_backward(-32.0).passed
    assert "accumulate" in ch03.check_double_backward(-16.0).message
    assert "inner derivative" in ch03.check_power_chain(lambda x: 5 * (2 * x**2 - 1) ** 4).message
    assert (
        "evaluated at the inner value"
        in ch03.check_sin_exp(lambda x: np.cos(x) * np.exp(x)).message
    )


def test_ch06_checks():
    from course_utils.exercises import ch06

    assert ch06.check_normalize(lambda p: p / 255.0).passed
    assert "still 0-255" in ch06.check_normalize(lambda p: p.astype(float)).message
    assert ch06.check_one_hot(lambda y, c: np.eye(c)[y]).passed
    assert "transpose" in ch06.check_one_hot(lambda y, c: np.eye(c)[y].T).message
    assert ch06.check_fgsm(lambda x, g, e: np.clip(x + e * np.sign(g), 0, 1)).passed
    assert "downhill" in ch06.check_fgsm(lambda x, g, e: np.clip(x - e * np.sign(g), 0, 1)).message
    assert ch06.check_parameter_count(101_770).passed
    assert "biases are parameters" in ch06.check_parameter_count(101_632).message
    assert ch06.check_report_split("held-out test").passed
    assert "memory" in ch06.check_report_split("training").message
    assert ch06.check_chance_accuracy(0.1).passed
    assert "ten classes" in ch06.check_chance_accuracy(0.5).message

"""The verdict machinery: correct, unanswered, diagnosed mistakes, shapes, hostile answers."""

from __future__ import annotations

import numpy as np
import pytest

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
    assert check_function(lambda x: ..., ref, [(1.0,)]).status == "unanswered"
    missing_return = check_function(lambda x: None, ref, [(1.0,)])
    assert missing_return.status == "incorrect" and "`return` missing" in missing_return.message


def test_check_function_shows_the_point_and_both_values_for_a_function_of_a_point():
    ref = lambda x, y: np.array([2 * x, 3 * y])  # noqa: E731
    result = check_function(lambda x, y: np.array([2 * x, y]), ref, [(1.0, 2.0)])
    assert "at (1, 2) the expected result is (2, 6), but your function returned (2, 2)" in (
        result.message
    )
    arrays = check_function(lambda v: v, lambda v: 2 * v, [(np.ones(3),)])
    assert "test case 1 of 1" in arrays.message  # arrays of arguments: no values shown


def test_check_number_says_when_a_rounded_answer_is_right_to_some_digits():
    exact = 2 + 0.1 / 4 - 0.01 / 64
    rounded = check_number(2.0248, exact, expression_hint="e.g. `2 + 0.1/4 - ...`")
    assert "right to 5 digits" in rounded.message and "`2 + 0.1/4 - ...`" in rounded.message
    assert "right to 6 digits" in check_number(2.02484, exact).message
    assert "Check each step again" in check_number(2.1, exact).message


def test_check_number_rounded_digits_lowers_the_bar_for_one_clean_value():
    ln10 = float(np.log(10))
    assert "Check each step again" in check_number(2.3, ln10).message  # default: 4 digits
    short = check_number(2.3, ln10, rounded_digits=2, expression_hint="e.g. np.log(10)")
    assert "right to 3 digits" in short.message and "np.log(10)" in short.message
    rounded = check_number(9.09e-13, 0.25**20, atol=0.0, rounded_digits=2)
    assert "right to 3 digits" in rounded.message
    assert "Check each step again" in check_number(2.0, ln10, rounded_digits=2).message
    with pytest.raises(ValueError, match="rounded_digits"):
        check_number(1.0, 1.0, rounded_digits=0)


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


def test_check_array():
    from course_utils.exercises.checks import check_array

    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert check_array(expected.copy(), expected).passed
    assert "shape (2, 2)" in check_array(np.ones(3), expected).message
    assert "values are not" in check_array(np.zeros((2, 2)), expected).message
    assert check_array(..., expected).status == "unanswered"
    assert check_array("[[1, 2], [3, 4]]", expected).status == "incorrect"


def test_a_scaffold_that_raises_not_implemented_is_unanswered_not_wrong():
    def scaffold(x):
        """To be written."""
        raise NotImplementedError("write it here")

    result = check_function(scaffold, lambda x: 2 * x, [(1.0,)])
    assert result.status == "unanswered" and "NotImplementedError" in result.message
    other = check_function(lambda x: {}["x"], lambda x: 2 * x, [(1.0,)])
    assert other.status == "incorrect" and "KeyError" in other.message


def test_array_and_zero_division_mistakes_get_a_hint():
    ref = lambda a: np.abs(a) / np.maximum(np.abs(a), 1.0)  # noqa: E731
    python_max = check_function(lambda a: abs(a) / max(abs(a), 1.0), ref, [(np.ones(3),)])
    assert "np.maximum" in python_max.message
    by_zero = check_function(lambda a: a / a, ref, [(0.0,)])
    assert "divides by" in by_zero.message


def test_nan_where_a_listed_mistake_gives_nan_is_that_mistake():
    ref = lambda a: a / max(a, 1.0)  # noqa: E731

    def no_floor(a):
        return np.float64(a) / np.float64(a)

    result = check_function(no_floor, ref, [(2.0,), (0.0,)], mistakes=[(no_floor, "no floor.")])
    assert result.status == "incorrect" and "no floor" in result.message


def test_judging_emits_no_floating_point_warnings(recwarn):
    check_function(lambda x: np.float64(x) / 0.0, lambda x: 2 * x, [(1.0,)])
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize(
    "answer,phrase",
    [
        (lambda a, b: np.maximum(np.abs(a), np.abs(b), 1e-8), "nest it"),
        (lambda a, b: np.max([np.abs(a), np.abs(b), 1e-8]), "two at a time"),
        (lambda a, b: __import__("math").exp(a), "take one number at a time"),
        (lambda a: a, "`def` line"),
    ],
)
def test_check_function_explains_common_numpy_slips_without_leaking_warnings(
    answer, phrase, recwarn
):
    ref = lambda a, b: np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)  # noqa: E731
    cases = [(np.array([1.0, -2.0]), np.array([3.0, 0.5]))]
    result = check_function(answer, ref, cases)
    assert result.status == "incorrect" and phrase in result.message
    assert len(recwarn) == 0

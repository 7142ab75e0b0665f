"""gradcheck: passing and failing cases, the table, the dtype-derived tolerance, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.numeric.gradcheck import GradientCheckError, gradcheck, relative_error


def f(v):
    return v[0] ** 3 * v[1] ** 2 + 2 * v[0] * v[1] - v[1] ** 3


def grad_f(v):
    return np.array(
        [3 * v[0] ** 2 * v[1] ** 2 + 2 * v[1], 2 * v[0] ** 3 * v[1] + 2 * v[0] - 3 * v[1] ** 2]
    )


def test_correct_gradient_passes_with_tiny_error():
    result = gradcheck(f, [1.0, -1.0], grad_f)
    assert result.passed
    assert result.max_error < 1e-8
    assert result.tol == pytest.approx(np.finfo(np.float64).eps ** (1 / 3))
    text = str(result)
    assert "PASSED" in text and "x[0]" in text and "x[1]" in text


def test_wrong_gradient_raises_naming_the_worst_coordinate():
    wrong = lambda v: grad_f(v) * np.array([1.0, -1.0])  # noqa: E731  sign error in y
    with pytest.raises(GradientCheckError, match=r"x\[1\].*sign error") as info:
        gradcheck(f, [1.0, -1.0], wrong)
    result = info.value.result
    assert not result.passed
    assert result.worst_index == (1,)
    assert "FAIL" in result.table()


def test_factor_two_hint_and_no_raise_mode():
    result = gradcheck(lambda v: float(v @ v), [1.0, 2.0], lambda v: v, raise_on_fail=False)
    assert not result.passed
    with pytest.raises(GradientCheckError, match="missing factor of 2"):
        gradcheck(lambda v: float(v @ v), [1.0, 2.0], lambda v: v)


def test_matrix_shaped_parameters_and_table_truncation():
    w = np.random.default_rng(0).normal(size=(5, 4))
    result = gradcheck(lambda m: float(np.sum(np.tanh(m))), w, 1 - np.tanh(w) ** 2, name="W")
    assert result.passed
    table = result.table(max_rows=5)
    assert "W[" in table and "15 more coordinates" in table


def test_tolerance_follows_the_dtype_of_grad():
    x = np.array([0.3, 0.7])
    g32 = (2 * x).astype(np.float32)
    result = gradcheck(lambda v: float(v @ v), x, g32)
    assert result.tol == pytest.approx(np.finfo(np.float32).eps ** (1 / 3))
    assert result.passed


def test_zero_gradient_components_do_not_fail_on_noise():
    # f is flat in x[1]; the numeric partial is ~1e-11 noise while the analytic one is exactly 0.
    result = gradcheck(
        lambda v: np.exp(v[0]) * 1e3 + 0 * v[1],
        [1.0, 5.0],
        lambda v: np.array([1e3 * np.exp(v[0]), 0.0]),
    )
    assert result.passed


def test_integer_inputs_are_promoted():
    result = gradcheck(lambda v: float(v @ v), np.array([1, 2]), np.array([2, 4]))
    assert result.passed


def test_relative_error_definition():
    np.testing.assert_allclose(
        relative_error([1.0, 0.0, -2.0], [1.5, 0.0, 2.0]), [0.5 / 1.5, 0.0, 2.0]
    )
    np.testing.assert_allclose(relative_error([0.0], [1e-12], floor=1e-8), [1e-4])


@pytest.mark.parametrize(
    "grad,match",
    [
        (np.array([[1.0], [2.0]]), "same shape as x.*row/column vector"),
        (np.array([1.0, 2.0, 3.0]), "same shape as x"),
        (np.array([1.0, np.nan]), "grad must be finite"),
        ("1, 2", "grad must be a number"),
    ],
)
def test_bad_grad_is_refused(grad, match):
    with pytest.raises((TypeError, ValueError), match=match):
        gradcheck(lambda v: float(v @ v), [1.0, 2.0], grad)


def test_bad_f_and_tol():
    with pytest.raises(TypeError, match="f must be a function"):
        gradcheck("v @ v", [1.0], [2.0])
    with pytest.raises(ValueError, match="tol must be"):
        gradcheck(lambda v: float(v @ v), [1.0], [2.0], tol=-1)
    with pytest.raises(ValueError, match="single number"):
        gradcheck(lambda v: v, [1.0, 2.0], [1.0, 1.0])

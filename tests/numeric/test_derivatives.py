"""Numerical derivatives and gradients: error orders, round-off, the complex step, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.numeric.derivatives import derivative, gradient, step_size_sweep
from course_utils.numeric.differences import default_step
from course_utils.numeric.jacobians import directional_derivative, hessian, jacobian

# Smooth test functions with exact derivatives, evaluated at points where f' is not tiny.

BOUNDS = {"forward": 1e-6, "backward": 1e-6, "central": 1e-9, "complex": 1e-14}


@pytest.mark.parametrize("method", list(BOUNDS))
def test_elementwise_over_arrays_keeps_shape(method):
    x = np.linspace(-2, 2, 12).reshape(3, 4)
    out = derivative(np.sin, x, method=method)
    assert out.shape == (3, 4)
    np.testing.assert_allclose(out, np.cos(x), rtol=BOUNDS[method] * 10, atol=1e-12)


def test_integer_input_is_computed_in_float():
    # A naive implementation computes x + h in integers and returns zeros.
    x = np.array([1, 2, 3])
    out = derivative(lambda v: v**2, x)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [2.0, 4.0, 6.0], rtol=1e-9)
    assert derivative(lambda v: v**3, 4) == pytest.approx(48.0, rel=1e-9)
    np.testing.assert_allclose(gradient(lambda v: v[0] ** 2 + v[1] ** 2, [3, 4]), [6, 8], rtol=1e-9)


def test_float32_input_uses_float32_step():
    x = np.float32(2.0)
    assert default_step(x, "central") == pytest.approx(np.finfo(np.float32).eps ** (1 / 3) * 2)
    assert derivative(np.exp, np.array([x]))[0] == pytest.approx(np.exp(2.0), rel=1e-3)


def _errors(method: str, hs: np.ndarray) -> np.ndarray:
    x = 0.7
    return np.array([abs(derivative(np.exp, x, h=h, method=method) - np.exp(x)) for h in hs])


def test_error_order_forward_is_one_central_is_two():
    hs = 1e-2 / 2.0 ** np.arange(4)  # well above round-off for both formulas
    fwd = _errors("forward", hs)
    cen = _errors("central", hs)
    np.testing.assert_allclose(fwd[:-1] / fwd[1:], 2.0, rtol=0.05)
    np.testing.assert_allclose(cen[:-1] / cen[1:], 4.0, rtol=0.05)


def test_round_off_takes_over_for_tiny_steps():
    errs = step_size_sweep(np.exp, 1.0, np.e, np.logspace(-1, -15, 29), ("forward", "central"))
    # The best forward step sits near sqrt(eps) ~ 1.5e-8, the best central one near eps^(1/3).
    hs = np.logspace(-1, -15, 29)
    assert 1e-10 <= hs[np.argmin(errs["forward"])] <= 1e-6
    assert 1e-7 <= hs[np.argmin(errs["central"])] <= 1e-3
    assert errs["forward"][-1] > 100 * errs["forward"].min()


def test_complex_step_has_no_round_off():
    errs = step_size_sweep(np.exp, 1.0, np.e, np.logspace(-8, -200, 5), ("complex",))
    assert np.all(errs["complex"] <= 2.3e-16)


@pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning")
def test_complex_step_refuses_functions_that_drop_the_imaginary_part():
    with pytest.raises(TypeError, match="imaginary part"):
        derivative(lambda x: np.abs(x) ** 2, 1.0, method="complex")
    with pytest.raises(TypeError, match="method='complex' needs f"):
        derivative(math.sin, 1.0, method="complex")


def test_gradient_vector_and_matrix_shapes():
    g = gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1] + v[1] ** 2, np.array([1.0, 2.0]))
    np.testing.assert_allclose(g, [2 + 6, 3 + 4], rtol=1e-9)
    w = np.arange(6.0).reshape(2, 3)
    gw = gradient(lambda m: np.sum(m**2), w)
    assert gw.shape == (2, 3)
    np.testing.assert_allclose(gw, 2 * w, atol=1e-8)
    np.testing.assert_allclose(
        gradient(lambda v: np.sum(np.exp(v)), [0.5, 1.0], method="complex"),
        np.exp([0.5, 1.0]),
        rtol=1e-14,
    )


def test_gradient_does_not_modify_x():
    x = np.array([1.0, 2.0])
    gradient(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("func", [derivative, gradient, jacobian, hessian])
def test_non_callable_f_is_refused(func):
    with pytest.raises(TypeError, match="f must be a function"):
        func(3.0, 1.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, [1.0, np.nan], [-np.inf, 2.0]])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("func", [derivative, gradient])
def test_nan_and_inf_inputs_are_refused(func, bad):
    with pytest.raises(ValueError, match="x must be finite"):
        func(np.sin if func is derivative else np.sum, bad)


@pytest.mark.parametrize("bad", ["3", None, [1, "a"], [[1, 2], [3]]])
def test_non_numeric_x_is_refused(bad):
    with pytest.raises(TypeError, match="x must"):
        derivative(np.sin, bad)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_nan_output_is_refused_with_the_point():
    message = r"returned by f must be finite \(evaluated at x = -0.99999\d\), but it holds nan"
    with pytest.raises(ValueError, match=message):
        derivative(np.sqrt, -1.0)
    with pytest.raises(ValueError, match="returned by f must be finite"):
        gradient(lambda v: np.log(v[0]), [0.0, 1.0])


def test_f_returning_none_or_text():
    with pytest.raises(TypeError, match="forget a `return`"):
        derivative(lambda x: None, 1.0)
    with pytest.raises(TypeError, match="must return numbers"):
        derivative(lambda x: "slope", 1.0)


def test_non_scalar_function_for_gradient_and_hessian():
    with pytest.raises(ValueError, match="must return a single number.*shape \\(2,\\)"):
        gradient(lambda v: v * 2, [1.0, 2.0])
    with pytest.raises(ValueError, match="must return a single number"):
        hessian(lambda v: v, [1.0, 2.0])
    with pytest.raises(ValueError, match="must return a single number"):
        directional_derivative(lambda v: v, [1.0, 2.0], [1.0, 0.0])


def test_non_elementwise_function_for_derivative():
    with pytest.raises(ValueError, match="elementwise"):
        derivative(np.sum, np.array([1.0, 2.0]))


@pytest.mark.parametrize("h", [0, -1e-3, np.nan, "small", True])
def test_bad_step_is_refused(h):
    with pytest.raises((TypeError, ValueError), match="h must be"):
        derivative(np.sin, 1.0, h=h)


def test_step_size_sweep_bad_input():
    with pytest.raises(ValueError, match="exact must be non-zero"):
        step_size_sweep(np.sin, 0.0, 0.0, [1e-3])
    with pytest.raises(ValueError, match="steps must all be > 0"):
        step_size_sweep(np.sin, 0.0, 1.0, [1e-3, 0.0])


def test_step_below_resolution_is_refused():
    with pytest.raises(ValueError, match="h is too small for x = 1"):
        derivative(np.exp, 1.0, h=1e-17)
    with pytest.raises(ValueError, match="h is too small for x = 1e\\+08"):
        derivative(np.exp, np.array([0.0, 1e8]), h=1e-9, method="forward")
    assert derivative(np.exp, 1.0, h=1e-200, method="complex") == pytest.approx(np.e, rel=1e-15)
    with pytest.raises(ValueError, match=r"h is too small for x\[1\] = 1e\+10"):
        gradient(lambda v: float(v @ v), [1.0, 1e10], h=1e-8)
    with pytest.raises(ValueError, match=r"h is too small for x\[0\]"):
        jacobian(lambda v: v * 2, [1e10], h=1e-8)

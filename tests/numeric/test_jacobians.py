"""Jacobians, Hessians and directional derivatives against closed forms, and their errors."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.numeric.jacobians import directional_derivative, hessian, jacobian

BOUNDS = {"forward": 1e-6, "backward": 1e-6, "central": 1e-9, "complex": 1e-14}


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def test_jacobian_shape_and_values():
    w = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    jac = jacobian(lambda v: w @ v, [0.3, -1.0, 2.0])
    assert jac.shape == (2, 3)
    np.testing.assert_allclose(jac, w, rtol=1e-9)
    f = lambda v: np.array([v[0] * v[1], np.sin(v[0]), v[1] ** 2])  # noqa: E731
    exact = np.array([[2.0, 1.0], [np.cos(1.0), 0.0], [0.0, 4.0]])
    for method in ("central", "complex", "forward"):
        np.testing.assert_allclose(
            jacobian(f, [1.0, 2.0], method=method), exact, rtol=BOUNDS[method] * 10, atol=1e-9
        )
    assert jacobian(lambda v: float(v @ v), [1.0, 2.0]).shape == (1, 2)


def test_hessian_matches_closed_form():
    f = lambda v: v[0] ** 3 * v[1] ** 2 + 2 * v[0] * v[1] - v[1] ** 3  # noqa: E731
    x, y = 1.0, -1.0
    exact = np.array([[6 * x * y**2, 6 * x**2 * y + 2], [6 * x**2 * y + 2, 2 * x**3 - 6 * y]])
    hess = hessian(f, [x, y])
    np.testing.assert_allclose(hess, exact, rtol=1e-6)
    np.testing.assert_array_equal(hess, hess.T)
    g = lambda v: np.exp(v[0]) * np.sin(v[1]) + v[2] ** 4  # noqa: E731
    p = np.array([0.5, 1.2, -0.7])
    exact_g = np.array(
        [
            [np.exp(p[0]) * np.sin(p[1]), np.exp(p[0]) * np.cos(p[1]), 0.0],
            [np.exp(p[0]) * np.cos(p[1]), -np.exp(p[0]) * np.sin(p[1]), 0.0],
            [0.0, 0.0, 12 * p[2] ** 2],
        ]
    )
    np.testing.assert_allclose(hessian(g, p), exact_g, rtol=1e-6, atol=1e-7)


def test_directional_derivative_is_gradient_dot_unit_direction():
    f = lambda v: v[0] ** 2 + v[1] ** 2  # noqa: E731
    x = np.array([3.0, 4.0])
    assert directional_derivative(f, x, [3.0, 4.0]) == pytest.approx(10.0, rel=1e-9)
    assert directional_derivative(f, x, [1.0, 0.0]) == pytest.approx(6.0, rel=1e-9)
    assert directional_derivative(f, x, [-4.0, 3.0]) == pytest.approx(0.0, abs=1e-8)
    assert directional_derivative(f, x, [2.0, 0.0], normalize=False) == pytest.approx(12.0)


def test_jacobian_shape_errors():
    with pytest.raises(ValueError, match="x must be a vector"):
        jacobian(lambda v: v, np.ones((2, 2)))
    with pytest.raises(ValueError, match="vector of shape \\(m,\\)"):
        jacobian(lambda v: np.outer(v, v), [1.0, 2.0])
    with pytest.raises(ValueError, match="must not depend on x"):
        jacobian(lambda v: v[: 1 + int(v[0] > 1.0)], [1.0, 2.0])


def test_directional_derivative_bad_direction():
    f = lambda v: float(v @ v)  # noqa: E731
    with pytest.raises(ValueError, match="non-zero"):
        directional_derivative(f, [1.0, 2.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="same shape"):
        directional_derivative(f, [1.0, 2.0], [1.0, 0.0, 0.0])


def test_softmax_jacobian_is_diag_minus_outer():
    z = np.array([0.5, -1.0, 2.0, 0.1])
    s = _softmax(z)
    exact = np.diag(s) - np.outer(s, s)
    for method in ("central", "complex"):
        np.testing.assert_allclose(
            jacobian(_softmax, z, method=method), exact, rtol=1e-6, atol=1e-10
        )
    np.testing.assert_allclose(jacobian(_softmax, z).sum(axis=0), 0.0, atol=1e-10)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_jacobian_and_hessian_refuse_nan():
    with pytest.raises(ValueError, match="returned by f must be finite"):
        jacobian(lambda v: np.sqrt(v), [-1.0, 1.0])
    with pytest.raises(ValueError, match="returned by f must be finite"):
        hessian(lambda v: np.log(v[0]) + v[1], [0.0, 1.0])
    with pytest.raises(ValueError, match="x must be finite"):
        hessian(lambda v: float(v @ v), [np.inf, 1.0])
    with pytest.raises(TypeError, match="f must be a function"):
        directional_derivative(None, [1.0], [1.0])

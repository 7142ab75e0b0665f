"""Taylor polynomials: exact coefficients and the |x − a|^(k+1) error law."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.numeric.derivatives import derivative  # noqa: E402
from course_utils.numeric.taylor import TAYLOR_FUNCTIONS, taylor_polynomial  # noqa: E402


@pytest.mark.parametrize("key", list(TAYLOR_FUNCTIONS))
def test_closed_form_derivatives_match_numerical_ones(key):
    fn = TAYLOR_FUNCTIONS[key]
    xs = np.linspace(fn.x_range[0] + 0.2, fn.x_range[1] - 0.2, 9)
    for k in range(3):
        np.testing.assert_allclose(
            derivative(lambda x, k=k: fn.nth_derivative(x, k), xs),
            fn.nth_derivative(xs, k + 1),
            rtol=1e-7,
            atol=1e-9,
        )


def test_polynomial_coefficients():
    # sin around 0: x − x³/6 + x⁵/120
    derivs = [TAYLOR_FUNCTIONS["sin"].nth_derivative(0.0, j) for j in range(6)]
    x = 0.3
    assert taylor_polynomial(derivs, 0.0, x) == pytest.approx(x - x**3 / 6 + x**5 / 120, rel=1e-14)
    # exp around 1 evaluated on an array
    xs = np.array([0.5, 1.5])
    expected = sum(math.e * (xs - 1) ** j / math.factorial(j) for j in range(4))
    np.testing.assert_allclose(taylor_polynomial([math.e] * 4, 1.0, xs), expected)
    with pytest.raises(ValueError, match="at least f\\(a\\)"):
        taylor_polynomial([], 0.0, 1.0)


@pytest.mark.parametrize("order", [0, 1, 2, 3])
def test_error_shrinks_like_distance_to_the_power_k_plus_one(order):
    fn = TAYLOR_FUNCTIONS["exp"]
    a = 0.4
    derivs = [fn.nth_derivative(a, j) for j in range(order + 1)]
    dxs = np.logspace(-1, -3, 9)
    errors = np.abs(fn(a + dxs) - taylor_polynomial(derivs, a, a + dxs))
    slope = np.polyfit(np.log(dxs), np.log(errors), 1)[0]
    assert slope == pytest.approx(order + 1, abs=0.05)

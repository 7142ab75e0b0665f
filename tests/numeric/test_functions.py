"""The function catalogue: exact derivatives agree with the numerical ones; sigmoid is stable."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.explorers.ch01 import X0_RANGE
from course_utils.numeric.derivatives import derivative
from course_utils.numeric.functions import CATALOG, get_function, sigmoid


@pytest.mark.parametrize("key", list(CATALOG))
def test_exact_derivatives_match_numerical(key):
    spec = CATALOG[key]
    xs = np.linspace(*spec.x_range, 37)
    xs = xs[np.abs(xs) > 1e-3]  # ReLU has a kink at 0
    np.testing.assert_allclose(derivative(spec.f, xs), spec.df(xs), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("key", list(CATALOG))
def test_windows_contain_the_explorer_range(key):
    lo, hi = CATALOG[key].x_range
    assert lo <= X0_RANGE[0] and hi >= X0_RANGE[1]


def test_sigmoid_does_not_overflow_and_is_symmetric():
    x = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        s = sigmoid(x)
    np.testing.assert_allclose(s + sigmoid(-x), 1.0)
    assert s[2] == 0.5
    assert derivative(sigmoid, 0.0, method="complex") == pytest.approx(0.25, rel=1e-14)


def test_unknown_key():
    with pytest.raises(ValueError, match="key must be one of"):
        get_function("tan")

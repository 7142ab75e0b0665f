"""Difference quotients: the default step per formula, its accuracy and scaling; methods."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.numeric.derivatives import derivative
from course_utils.numeric.differences import default_step

SMOOTH = [
    ("x^2", lambda x: x**2, lambda x: 2 * x, [3.0, -3.0, 0.7, 12.5]),
    ("x^3", lambda x: x**3, lambda x: 3 * x**2, [4.0, -1.5, 0.3]),
    ("exp", np.exp, np.exp, [-2.0, 0.0, 1.0, 5.0]),
    ("sin", np.sin, np.cos, [0.0, 0.5, 2.5, -1.0]),
    ("log", np.log, lambda x: 1 / x, [0.5, 1.0, 3.0, 100.0]),
    (
        "exp*sin",
        lambda x: np.exp(x) * np.sin(x),
        lambda x: np.exp(x) * (np.sin(x) + np.cos(x)),
        [0.3, 1.0, 2.0],
    ),
    ("log(x^2+1)", lambda x: np.log(x**2 + 1), lambda x: 2 * x / (x**2 + 1), [0.5, 2.0, -3.0]),
]


BOUNDS = {"forward": 1e-6, "backward": 1e-6, "central": 1e-9, "complex": 1e-14}


@pytest.mark.parametrize("method", list(BOUNDS))
@pytest.mark.parametrize("name,f,df,points", SMOOTH, ids=[s[0] for s in SMOOTH])
def test_default_step_accuracy(name, f, df, points, method):
    for x in points:
        exact = df(x)
        est = derivative(f, x, method=method)
        assert isinstance(est, float)
        assert abs(est - exact) <= BOUNDS[method] * abs(exact), (name, x, method, est, exact)


def test_default_step_scales_with_x():
    eps = np.finfo(float).eps
    assert default_step(0.5, "forward") == pytest.approx(math.sqrt(eps))
    assert default_step(1e6, "central") == pytest.approx(eps ** (1 / 3) * 1e6)
    assert default_step(-3.0, "complex") == pytest.approx(3 * eps)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be one of"):
        derivative(np.sin, 1.0, method="centered")


def test_working_array_keeps_float32_and_computes_the_rest_in_float64():
    from course_utils.numeric.differences import working_array

    assert working_array(np.ones(3, dtype=np.float32)).dtype == np.float32
    for given in (np.ones(3, dtype=np.float16), [1, 2, 3], True, 2.5):
        assert working_array(given).dtype == np.float64
    with pytest.raises(ValueError, match="x must be finite"):
        working_array([1.0, np.nan])

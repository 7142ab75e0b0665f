"""Forward mode with dual numbers: exact derivatives through every operation."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

from course_utils.autodiff.dual import Dual  # noqa: E402
from course_utils.autodiff.ops import relu, sigmoid


def test_dual_numbers_exact_derivatives():
    x = Dual(2.0, 1.0)
    assert ((3 * x + 2) ** 4).slope == pytest.approx(12 * (3 * 2 + 2) ** 3, rel=1e-15)
    assert ((x**2 + 1) ** 3).slope == pytest.approx(6 * 2 * (2**2 + 1) ** 2, rel=1e-15)
    assert (1 / x).slope == -0.25
    assert relu(Dual(-1.0, 1.0)).slope == 0.0 and relu(Dual(1.0, 1.0)).slope == 1.0
    assert sigmoid(Dual(0.0, 1.0)).slope == 0.25

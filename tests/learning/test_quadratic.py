"""Gradient descent on quadratics: regimes, iterates against the closed form, steps to converge."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.learning.quadratic import gd_regime, quadratic_iterates, steps_to_converge


@pytest.mark.parametrize(
    "lr,regime",
    [
        (0.05, "slow"),
        (0.3, "good"),
        (0.5, "good"),
        (0.8, "oscillating"),
        (1.0, "on the edge"),
        (1.2, "diverging"),
    ],
)
def test_regimes_for_curvature_two(lr, regime):
    assert gd_regime(lr, 2.0) == regime


def test_iterates_match_the_closed_form():
    ws = quadratic_iterates(0.1, 2.0, 0.0, 3.0, 20)
    np.testing.assert_allclose(ws, 3.0 - 3.0 * 0.8 ** np.arange(21))
    assert len(quadratic_iterates(2.0, 2.0, 0.0, 3.0, 10_000)) < 100  # stops once |w| > 1e6


def test_steps_to_converge():
    assert steps_to_converge(0.5, 2.0) == 1  # lands exactly on the minimum
    assert steps_to_converge(1.0, 2.0) == 1000 and steps_to_converge(1.5, 2.0) == 1000
    assert steps_to_converge(0.1, 2.0) == int(np.ceil(np.log(1e-6) / np.log(0.8)))


def test_bad_regime_input():
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        gd_regime(0.0, 2.0)
    with pytest.raises(ValueError, match="curvature must be a finite number > 0"):
        gd_regime(0.1, -1.0)

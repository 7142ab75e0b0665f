"""Gradient descent on quadratics: regimes, iterates against the closed form, steps to converge."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.learning.optim import Momentum, run_optimizer  # noqa: E402
from course_utils.learning.quadratic import (  # noqa: E402
    gd_regime,
    quadratic_iterates,
    stability_bound,
    steps_to_converge,
)


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


def test_momentum_iterates_are_the_heavy_ball():
    ws = quadratic_iterates(0.02, 20.0, 1.5, 0.0, 30, beta=0.8)
    run = run_optimizer(lambda v: 20.0 * v, [1.5], Momentum(0.02, 0.8), 30)
    np.testing.assert_allclose(ws, run.points[:, 0], rtol=1e-12, atol=1e-15)
    # beta = 0 is plain gradient descent, computed exactly as before
    assert np.array_equal(
        quadratic_iterates(0.1, 2.0, 0.0, 3.0, 20, beta=0.0),
        quadratic_iterates(0.1, 2.0, 0.0, 3.0, 20),
    )


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.5, 0.8, 0.9, 0.95])
@pytest.mark.parametrize("curvature", [1.0, 20.0])
def test_heavy_ball_bound_is_two_times_one_plus_beta_over_lambda(beta, curvature):
    bound = stability_bound(curvature, beta)
    assert bound == pytest.approx(2 * (1 + beta) / curvature)
    inside = quadratic_iterates(0.98 * bound, curvature, 1.0, 0.0, 5000, beta=beta)
    outside = quadratic_iterates(1.02 * bound, curvature, 1.0, 0.0, 5000, beta=beta)
    assert abs(inside[-1]) < 1e-3 and len(inside) == 5001
    assert abs(outside[-1]) > 1e6  # stopped early, on its way out


def test_bad_momentum_input():
    with pytest.raises(ValueError, match=r"beta must lie in \[0, 1\)"):
        stability_bound(20.0, 1.0)
    with pytest.raises(TypeError, match="beta must be a real number"):
        quadratic_iterates(0.1, 2.0, 0.0, 3.0, 5, beta="0.5")


def test_steps_to_converge():
    assert steps_to_converge(0.5, 2.0) == 1  # lands exactly on the minimum
    assert steps_to_converge(1.0, 2.0) == 1000 and steps_to_converge(1.5, 2.0) == 1000
    assert steps_to_converge(0.1, 2.0) == int(np.ceil(np.log(1e-6) / np.log(0.8)))


def test_bad_regime_input():
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        gd_regime(0.0, 2.0)
    with pytest.raises(ValueError, match="curvature must be a finite number > 0"):
        gd_regime(0.1, -1.0)

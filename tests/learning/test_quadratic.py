"""Chapter 04's regimes, iterates, drawings, explorers and exercise checks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.exercises import ch04  # noqa: E402
from course_utils.explorers.ch04 import learning_rate_explorer, momentum_explorer  # noqa: E402
from course_utils.figures.descent import plot_descent_1d, plot_trajectory
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


def test_plot_descent_1d_updates_in_place():
    fig, (ax, eax) = plt.subplots(1, 2)
    plot = plot_descent_1d(0.1, ax=ax, error_ax=eax)
    path = plot.path
    xs, ys = path.get_data()
    np.testing.assert_allclose(ys, (np.asarray(xs) - 3.0) ** 2)
    plot.update(0.8)
    assert plot.path is path and plot.path.get_data()[0][1] == pytest.approx(4.8)
    line = plot_trajectory([[0.0, 0.0], [1.0, 1.0]], ax=ax, color="red")
    assert line.get_color() == "red"
    with pytest.raises(ValueError, match=r"shape \(k \+ 1, 2\)"):
        plot_trajectory([[0.0, 0.0, 0.0]], ax=ax)
    plt.close(fig)


def test_explorers_readouts():
    lr = learning_rate_explorer()
    assert "+0.80" in lr.readout.value and "slow" in lr.readout.value
    lr.controls["lr"].value = 1.05
    assert "diverging" in lr.readout.value
    mom = momentum_explorer()
    assert "loss still" in mom.readout.value
    mom.controls["beta"].value = 0.8
    assert "loss < 10⁻⁴ after <b>" in mom.readout.value


def test_bad_regime_input():
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        gd_regime(0.0, 2.0)
    with pytest.raises(ValueError, match="curvature must be a finite number > 0"):
        gd_regime(0.1, -1.0)


def test_ch04_checks():
    assert ch04.check_gd_step(lambda w, g, lr: w - lr * g).passed
    assert "uphill" in ch04.check_gd_step(lambda w, g, lr: w + lr * g).message
    assert ch04.check_stability_bound(0.5).passed
    assert "largest" in ch04.check_stability_bound(1.0).message
    assert ch04.check_adam_step(lambda g, lr: lr * g / (np.abs(g) + 1e-8)).passed
    assert (
        "bias correction"
        in ch04.check_adam_step(
            lambda g, lr: lr * (0.1 * g) / (np.sqrt(0.001 * g**2) + 1e-8)
        ).message
    )
    assert ch04.check_quadratic_minimum(3.0).passed
    assert "sign error" in ch04.check_quadratic_minimum(-3.0).message
    assert ch04.check_momentum_velocity(2.71).passed
    assert "limit" in ch04.check_momentum_velocity(10.0).message

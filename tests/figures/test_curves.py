"""Pure drawing functions return the artists they drew, and their update methods move them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.figures.curves import (
    plot_function_and_derivative,
    plot_secant,
    plot_square_growth,
    plot_step_size_errors,
    plot_tangent,
)
from course_utils.numeric.derivatives import step_size_sweep  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_plot_tangent_draws_curve_tangent_and_point(ax):
    plot = plot_tangent(np.square, 1.5, x_range=(-2, 2), ax=ax)
    assert plot.ax is ax
    assert {plot.curve, plot.tangent, plot.point} <= set(ax.lines)
    assert plot.slope == pytest.approx(3.0, rel=1e-9)
    xs, ys = plot.tangent.get_data()
    np.testing.assert_allclose(ys, 2.25 + 3.0 * (np.asarray(xs) - 1.5), rtol=1e-9)
    np.testing.assert_allclose(plot.point.get_data(), [[1.5], [2.25]])
    assert ax.get_xlim() == (-2.0, 2.0)


def test_tangent_set_point_moves_the_same_artists(ax):
    plot = plot_tangent(np.sin, 0.0, x_range=(-3, 3), ax=ax)
    tangent, n_lines = plot.tangent, len(ax.lines)
    slope = plot.update(np.pi / 3)
    assert slope == pytest.approx(0.5, rel=1e-9)
    assert plot.tangent is tangent and len(ax.lines) == n_lines
    np.testing.assert_allclose(plot.point.get_data(), [[np.pi / 3], [np.sin(np.pi / 3)]])


def test_tangent_with_derivative_panel_and_function_swap():
    fig, (ax, dax) = plt.subplots(1, 2)
    plot = plot_tangent(
        np.square, 1.0, x_range=(-3, 3), ax=ax, derivative_ax=dax, df=lambda x: 2 * x
    )
    np.testing.assert_allclose(plot.derivative_point.get_data(), [[1.0], [2.0]], rtol=1e-9)
    plot.set_function(np.exp, (-1, 2), (0, 8), np.exp)
    assert plot.slope == pytest.approx(np.e, rel=1e-9)
    assert ax.get_ylim() == (0.0, 8.0)
    xs, ys = plot.derivative_curve.get_data()
    np.testing.assert_allclose(ys, np.exp(xs))
    plt.close(fig)


def test_plot_secant_slope_and_update(ax):
    plot = plot_secant(np.square, 1.0, 0.5, ax=ax)
    assert plot.secant_slope == pytest.approx(2.5)
    assert plot.tangent_slope == pytest.approx(2.0)
    for h in (0.1, 0.01, -0.01):
        assert plot.update(h) == pytest.approx(2.0 + h)
    np.testing.assert_allclose(plot.points.get_data(), [[1.0, 0.99], [1.0, 0.99**2]])
    with pytest.raises(ValueError, match="h must be non-zero"):
        plot.update(0.0)


def test_square_growth_areas(ax):
    patches = plot_square_growth(3.0, 0.5, ax=ax)
    assert set(patches) == {"square", "strip_right", "strip_top", "corner"}
    area = {k: p.get_width() * p.get_height() for k, p in patches.items()}
    assert area["square"] == 9.0 and area["corner"] == 0.25
    assert area["strip_right"] == area["strip_top"] == 1.5
    assert all(p in ax.patches for p in patches.values())
    with pytest.raises(ValueError, match="x must be a finite number > 0"):
        plot_square_growth(-1.0, 0.5, ax=ax)


def test_step_size_error_plot_marks_the_best_step(ax):
    hs = np.logspace(-1, -14, 27)
    errors = step_size_sweep(np.exp, 1.0, np.e, hs, ("forward", "central"))
    lines = plot_step_size_errors(hs, errors, ax=ax)
    assert set(lines) == {"forward", "central", "forward best", "central best"}
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    best_x = lines["forward best"].get_xdata()[0]
    assert best_x == hs[np.argmin(errors["forward"])]
    with pytest.raises(ValueError, match="one value per step"):
        plot_step_size_errors(hs, {"bad": [1.0, 2.0]}, ax=ax)


def test_function_and_derivative(ax):
    lines = plot_function_and_derivative(
        np.tanh, lambda x: 1 - np.tanh(x) ** 2, ax=ax, label="tanh"
    )
    assert lines["f"].get_label() == "tanh" and lines["df"].get_label() == "tanh′"


def test_bad_arguments(ax):
    with pytest.raises(TypeError, match="f must be a function"):
        plot_tangent("x**2", 1.0, ax=ax)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_tangent(np.sin, 1.0, ax="left")
    with pytest.raises(ValueError, match="x_range must be two numbers"):
        plot_tangent(np.sin, 1.0, x_range=(2, 1), ax=ax)
    with pytest.raises(ValueError, match="x0 must be finite"):
        plot_tangent(np.sin, np.nan, ax=ax)


def test_function_and_derivative_breaks_the_slope_at_a_jump(ax):
    artists = plot_function_and_derivative(
        lambda x: np.maximum(x, 0.0),
        lambda x: (x > 0).astype(float),
        x_range=(-3, 3),
        ax=ax,
        jumps=[0.0],
    )
    xs, ys = (np.asarray(v, dtype=float) for v in artists["df"].get_data())
    cut = np.flatnonzero(np.isnan(xs))
    assert cut.size == 1  # two pieces, not joined by a vertical segment
    assert np.all(ys[: cut[0]] == 0.0) and np.all(ys[cut[0] + 1 :] == 1.0)
    assert xs[cut[0] - 1] < 0.0 < xs[cut[0] + 1]
    np.testing.assert_allclose(artists["df at jumps"].get_data(), [[0.0], [0.0]])  # filled
    np.testing.assert_allclose(artists["df limits"].get_data(), [[0.0], [1.0]])  # open
    assert artists["df limits"].get_markerfacecolor() == "white"
    with pytest.raises(ValueError, match="inside x_range"):
        plot_function_and_derivative(np.abs, np.sign, x_range=(-1, 1), ax=ax, jumps=[2.0])


def test_function_and_derivative_without_jumps_draws_one_unbroken_slope(ax):
    artists = plot_function_and_derivative(np.sin, np.cos, x_range=(-3, 3), ax=ax)
    assert set(artists) == {"f", "df"}
    assert not np.any(np.isnan(np.asarray(artists["df"].get_xdata(), dtype=float)))


def test_step_size_errors_stars_only_the_methods_named(ax):
    steps = np.logspace(-1, -12, 12)
    errors = step_size_sweep(np.exp, 1.0, np.e, steps, ["central", "complex"])
    lines = plot_step_size_errors(steps, errors, ax=ax, mark_best=["central"])
    assert "central best" in lines and "complex best" not in lines
    with pytest.raises(ValueError, match="not in errors"):
        plot_step_size_errors(steps, errors, ax=ax, mark_best=["forward"])
    with pytest.raises(TypeError, match="mark_best"):
        plot_step_size_errors(steps, errors, ax=ax, mark_best="central")

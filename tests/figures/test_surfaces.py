"""Contours, gradient arrows and tangent planes: artists returned, moved in place, bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.figures.surfaces import (
    grid_values,
    plot_contours,
    plot_gradient,
    plot_tangent_plane,
)


def bowl(v):
    return v[0] ** 2 + v[1] ** 2


def bumpy(v):
    return np.sin(v[0]) * np.cos(v[1]) + 0.1 * (v[0] ** 2 + v[1] ** 2)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_grid_values_shapes_and_values():
    X, Y, Z = grid_values(bowl, (-1, 1), (0, 2), n=5)
    assert X.shape == Y.shape == Z.shape == (5, 5)
    np.testing.assert_allclose(Z, X**2 + Y**2)
    with pytest.raises(ValueError, match="elementwise on a stacked grid"):
        grid_values(lambda v: float(np.sum(v)), (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="y_range must be two numbers"):
        grid_values(bowl, (-1, 1), (1, -1))


def test_contours_with_unit_gradient_field(ax):
    out = plot_contours(bowl, x_range=(-2, 2), y_range=(-2, 2), quiver_density=5, ax=ax)
    assert out["filled"] in ax.collections or out["filled"].axes is ax
    U, V = out["quiver"].U, out["quiver"].V
    lengths = np.hypot(U, V)
    np.testing.assert_allclose(lengths[lengths > 0], 1.0)  # directions only, unit length
    offsets = out["quiver"].get_offsets()
    # For the bowl every arrow points straight away from the origin.
    away = offsets / np.maximum(np.linalg.norm(offsets, axis=1, keepdims=True), 1e-12)
    moving = lengths > 0
    np.testing.assert_allclose(np.c_[U, V][moving], away[moving], atol=1e-6)
    assert plot_contours(bowl, quiver=False, ax=ax)["quiver"] is None


def test_contours_colour_bar_reads_the_levels(ax):
    assert plot_contours(bowl, quiver=False, ax=ax)["colorbar"] is None
    bar = plot_contours(bowl, quiver=False, colorbar=True, ax=ax)["colorbar"]
    assert bar.ax.get_ylabel() == "f(x, y)"
    low, high = bar.mappable.get_clim()
    assert low <= 0.0 < high  # the bowl's minimum 0 and its rim are both on the scale
    with pytest.raises(TypeError, match="colorbar"):
        plot_contours(bowl, colorbar="yes", ax=ax)


def test_gradient_plot_is_perpendicular_to_the_level_set_and_moves_in_place(ax):
    plot = plot_gradient(bowl, (3.0, 4.0), 0.0, ax=ax, arrow_length=1.0)
    np.testing.assert_allclose(plot.grad, [6.0, 8.0], rtol=1e-9)
    (x0, x1), (y0, y1) = plot.level_tangent.get_data()
    tangent = np.array([x1 - x0, y1 - y0])
    assert abs(tangent @ plot.grad) < 1e-9  # level set ⟂ gradient
    arrows = (plot.grad_arrow, plot.direction_arrow, plot.marker)
    n_artists = len(ax.get_children())
    plot.update(point=(1.0, -2.0), angle_deg=90.0)
    assert (plot.grad_arrow, plot.direction_arrow, plot.marker) == arrows
    assert len(ax.get_children()) == n_artists
    np.testing.assert_allclose(plot.grad, [2.0, -4.0], rtol=1e-9)
    np.testing.assert_allclose(plot.direction, [0.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(plot.grad_arrow.get_offsets(), [[1.0, -2.0]])
    g = np.array([plot.grad_arrow.U[0], plot.grad_arrow.V[0]])
    np.testing.assert_allclose(g, np.array([2.0, -4.0]) / np.hypot(2, 4), rtol=1e-9)


def test_gradient_plot_at_a_critical_point(ax):
    plot = plot_gradient(bowl, (0.0, 0.0), 30.0, ax=ax)
    assert np.allclose(plot.grad, 0.0, atol=1e-9)
    assert plot.level_tangent.get_data()[0] == [] or len(plot.level_tangent.get_data()[0]) == 0


def test_tangent_plane_touches_the_surface():
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    out = plot_tangent_plane(bumpy, (0.5, -0.3), ax=ax)
    h = 1e-3
    g = out["gradient"]
    p = np.array([0.5, -0.3])
    for d in ([h, 0.0], [0.0, h], [h, h]):
        d = np.array(d)
        plane = bumpy(p) + g @ d
        assert abs(bumpy(p + d) - plane) < 10 * h**2  # first-order contact
    with pytest.raises(ValueError, match="3-D axes"):
        plot_tangent_plane(bumpy, (0, 0), ax=fig.add_subplot(2, 2, 1))
    plt.close(fig)


def test_bad_arguments(ax):
    with pytest.raises(ValueError, match="point must be two numbers"):
        plot_gradient(bowl, (1.0, 2.0, 3.0), ax=ax)
    with pytest.raises(TypeError, match="f must be a function"):
        plot_gradient("x**2", (1.0, 2.0), ax=ax)
    with pytest.raises(ValueError, match="point must be finite"):
        plot_gradient(bowl, (np.nan, 2.0), ax=ax)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_contours(bowl, ax=[])

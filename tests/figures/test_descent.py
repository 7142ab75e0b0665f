"""The drawing of gradient descent on a quadratic: artists updated in place."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.figures.descent import (  # noqa: E402
    OPTIMIZER_STYLES,
    plot_descent_1d,
    plot_race,
    plot_trajectory,
)


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


def test_plot_race_gives_each_optimizer_one_look_in_both_panels():
    fig, (ax, bx) = plt.subplots(1, 2)
    steps = np.arange(5.0)
    paths = {name: np.c_[steps, steps * i] for i, name in enumerate(OPTIMIZER_STYLES)}
    losses = {name: 1.0 / (1 + np.arange(5.0)) for name in OPTIMIZER_STYLES}
    drawn = plot_race(paths, losses, ax=ax, loss_ax=bx)
    looks = set()
    for name, (path, loss) in drawn.items():
        style = OPTIMIZER_STYLES[name]
        for line in (path, loss):
            assert matplotlib.colors.same_color(line.get_color(), style["color"])
            assert line.get_marker() == style["marker"] and line.get_zorder() == style["zorder"]
        looks.add((style["color"], style["marker"], style["ls"]))
    assert len(looks) == len(OPTIMIZER_STYLES)  # no two optimizers look alike
    # the thickest lines lie underneath: z-order falls as the width grows
    widths = sorted(OPTIMIZER_STYLES.values(), key=lambda s: s["lw"])
    assert [s["zorder"] for s in widths] == sorted((s["zorder"] for s in widths), reverse=True)
    with pytest.raises(ValueError, match="same optimizers"):
        plot_race(paths, {"SGD": losses["SGD"]}, ax=ax, loss_ax=bx)
    plt.close(fig)


def test_plot_race_marks_where_each_optimizer_stops_all_visible_at_one_point():
    fig, (ax, bx) = plt.subplots(1, 2)
    paths = {name: np.array([[-1.0, 1.0], [0.0, 0.0]]) for name in OPTIMIZER_STYLES}  # one end
    losses = {name: np.array([2.0, 0.0]) for name in OPTIMIZER_STYLES}
    drawn = plot_race(paths, losses, ax=ax, loss_ax=bx)
    path_lines = {line for line, _ in drawn.values()}
    ends = [line for line in ax.get_lines() if line not in path_lines]
    assert len(ends) == len(OPTIMIZER_STYLES)
    for end in ends:
        assert np.array_equal(end.get_xydata(), [[0.0, 0.0]]) and end.get_markersize() > 10
    # at a shared end point the smaller markers lie on top of the larger ones
    by_size = sorted(ends, key=lambda line: line.get_markersize())
    assert [e.get_zorder() for e in by_size] == sorted((e.get_zorder() for e in ends), reverse=True)
    plt.close(fig)

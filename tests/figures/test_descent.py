"""The drawing of gradient descent on a quadratic: artists updated in place."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.figures.descent import plot_descent_1d, plot_trajectory


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

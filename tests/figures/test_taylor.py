"""The Taylor figure: drawn once, updated in place, bad arguments refused."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.figures.taylor import plot_taylor
from course_utils.numeric.taylor import TAYLOR_FUNCTIONS  # noqa: E402


def test_plot_taylor_updates_in_place():
    fig, (ax, eax) = plt.subplots(1, 2)
    plot = plot_taylor(TAYLOR_FUNCTIONS["sin"], 0.0, 1, ax=ax, error_ax=eax)
    xs, ys = plot.polynomial.get_data()
    np.testing.assert_allclose(ys, xs, atol=1e-12)  # T_1 of sin at 0 is x
    line = plot.polynomial
    plot.update(order=0)
    assert plot.polynomial is line
    np.testing.assert_allclose(plot.polynomial.get_data()[1], 0.0, atol=1e-12)
    plot.update(a=np.pi / 2, order=2)
    np.testing.assert_allclose(plot.point.get_data(), [[np.pi / 2], [1.0]])
    with pytest.raises(ValueError, match="order must be a whole number"):
        plot.update(order=-1)
    with pytest.raises(ValueError, match="a must lie in"):
        plot.update(a=100.0)
    with pytest.raises(TypeError, match="TaylorFunction"):
        plot_taylor(np.sin, 0.0, 1, ax=ax)
    plt.close(fig)

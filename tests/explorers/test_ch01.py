"""Chapter 01's explorers: the tangent and the secant move in place and report honestly."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.explorers.ch01 import secant_explorer, tangent_explorer

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_tangent_explorer_moves_artists_in_place():
    fignums = plt.get_fignums()
    explorer = tangent_explorer("square", 1.0)
    ax = explorer.fig.axes[0]
    lines_before = list(ax.lines)
    tangent = lines_before[1]
    png_before = explorer.image.value
    explorer.controls["x0"].value = 2.0
    assert list(ax.lines) == lines_before  # same artist objects, none added
    xs, ys = tangent.get_data()
    np.testing.assert_allclose(ys, 4.0 + 4.0 * (np.asarray(xs) - 2.0), rtol=1e-8)
    assert bytes(explorer.image.value) != bytes(png_before)
    assert bytes(explorer.image.value).startswith(PNG_MAGIC)
    assert "x₀ = 2.00" in explorer.readout.value and "<b>4.000</b>" in explorer.readout.value
    assert plt.get_fignums() == fignums  # nothing registered with pyplot
    assert explorer.renders == 2


def test_tangent_explorer_function_switch_redraws_the_background():
    explorer = tangent_explorer("square", 0.5)
    explorer.controls["function"].value = "sigmoid"
    assert "σ(x)" in explorer.readout.value and "<b>0.235</b>" in explorer.readout.value
    assert explorer.fig.axes[0].get_title() == "f(x) = σ(x)"
    explorer.controls["x0"].value = 0.0
    assert "<b>0.250</b>" in explorer.readout.value


def test_relu_kink_is_shown_honestly():
    explorer = tangent_explorer("relu", 0.0)
    # Central differences straddle the kink and report the average of the two one-sided slopes.
    assert "<b>0.500</b>" in explorer.readout.value


def test_secant_explorer_readout_tracks_h():
    explorer = secant_explorer()
    explorer.controls["h"].value = 0.1
    assert "<b>2.1000</b>" in explorer.readout.value and "gap = 0.1000" in explorer.readout.value


def _slider_position(slider) -> float:
    """How many steps above its minimum a log slider's value is (an integer on the grid)."""
    return (np.log10(slider.value) - slider.min) / slider.step


@pytest.mark.parametrize("h", [1.0, 1.5, 0.3, 0.01, 2.0])
def test_secant_slider_starts_on_its_grid_where_the_static_image_is(h):
    """A log slider snaps to min + k·step in the browser: the start must be a grid point, or the
    live figure would begin at another h than the one drawn (h = 1.5 used to snap to 1.585)."""
    explorer = secant_explorer(h=h)
    slider = explorer.controls["h"]
    assert slider.value == h
    position = _slider_position(slider)
    assert abs(position - round(position)) < 1e-9
    assert 10**slider.min >= 0.01 - 1e-12 and 10**slider.max <= 2.0 + 1e-12
    assert 10**slider.min < 0.0115 and 10**slider.max > 1.75  # about the documented 0.01 .. 2
    assert f"h = {h:.3f}" in explorer.readout.value


def test_secant_explorer_default_matches_the_notebook_caption():
    explorer = secant_explorer()
    assert explorer.controls["h"].value == 1.0
    assert "<b>3.0000</b>" in explorer.readout.value  # h = 1: secant slope 3 = 2 + h

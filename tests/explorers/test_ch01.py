"""The widget pattern: artists move in place, no figures are created, memory stays flat."""

from __future__ import annotations

import resource
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from course_utils.explorers.ch01 import secant_explorer, tangent_explorer

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _resident_bytes() -> int:
    """Current resident set size of this process (Linux /proc; falls back to peak RSS)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


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

"""Chapter 04's explorers: learning-rate and momentum readouts."""

from __future__ import annotations

import base64
import io

import matplotlib
import numpy as np
from PIL import Image

matplotlib.use("Agg")
from course_utils.explorers.ch04 import (  # noqa: E402
    BETA_RANGE,
    ELONGATED_CURVATURES,
    learning_rate_explorer,
    momentum_explorer,
)
from course_utils.learning.quadratic import stability_bound  # noqa: E402


def test_explorers_readouts():
    lr = learning_rate_explorer()
    assert "+0.80" in lr.readout.value and "slow" in lr.readout.value
    lr.controls["lr"].value = 1.05
    assert "diverging" in lr.readout.value
    mom = momentum_explorer()
    assert "loss still" in mom.readout.value
    mom.controls["beta"].value = 0.8
    assert "loss below 10⁻⁴ after <b>" in mom.readout.value
    assert "below the bound 2(1 + β)/20 = 0.180" in mom.readout.value


def test_momentum_slider_reaches_past_the_bound_for_every_beta():
    """ "Push η past the bound and it flies off" has to be true for every β the slider offers."""
    mom = momentum_explorer()
    lr, beta = mom.controls["lr"], mom.controls["beta"]
    assert (beta.min, beta.max) == BETA_RANGE
    lam_max = float(ELONGATED_CURVATURES.max())
    for value in np.arange(beta.min, beta.max + 1e-9, beta.step):
        assert lr.max > stability_bound(lam_max, value)
        beta.value = float(value)
        lr.value = lr.max
        assert "above the bound" in mom.readout.value and "<b>diverged</b>" in mom.readout.value
        lr.value = round(0.9 * stability_bound(lam_max, value), 3)
        assert "below the bound" in mom.readout.value and "diverged" not in mom.readout.value


def test_stored_views_are_strips_of_the_key_positions():
    """Without a kernel, each explorer shows several positions, one above the other."""
    for explorer in (learning_rate_explorer(), momentum_explorer()):
        live = Image.open(io.BytesIO(bytes(explorer.image.value)))
        strip = Image.open(io.BytesIO(base64.b64decode(explorer._repr_mimebundle_()["image/png"])))
        assert strip.width == live.width and strip.height > 4 * live.height  # four positions

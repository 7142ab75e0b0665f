"""Chapter 05's deep-gradients explorer: its readout follows the verdict of gradient_flow."""

from __future__ import annotations

import numpy as np

from course_utils.explorers.ch05 import deep_gradients_explorer


def test_deep_gradients_explorer_readout_follows_the_controls():
    explorer = deep_gradients_explorer()
    assert "vanishing" in explorer.readout.value
    explorer.controls["activation"].value = "relu"
    explorer.controls["init_scale"].value = np.sqrt(2)
    assert "healthy" in explorer.readout.value
    explorer.close()

"""Chapter 05's deep-gradients explorer: its readout follows the verdict of gradient_flow."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.explorers.ch05 import deep_gradients_explorer


def test_deep_gradients_explorer_readout_follows_the_controls():
    explorer = deep_gradients_explorer()
    assert "vanishing" in explorer.readout.value
    explorer.controls["residual"].value = True
    assert "healthy" in explorer.readout.value and "output layer" in explorer.readout.value
    explorer.controls["activation"].value = "relu"
    explorer.controls["init_scale"].value = np.sqrt(2)
    assert "exploding" in explorer.readout.value
    explorer.controls["residual"].value = False
    assert "healthy" in explorer.readout.value
    explorer.close()


def test_key_positions_make_a_strip_and_leave_the_default():
    plain = deep_gradients_explorer(depth=4)
    strip = deep_gradients_explorer(
        depth=4, key_positions=[{"activation": "sigmoid"}, {"activation": "relu", "residual": True}]
    )
    assert len(strip._static_png) != len(plain._static_png)
    assert strip.controls["activation"].value == "sigmoid" and not strip.controls["residual"].value
    with pytest.raises(ValueError, match="key_positions"):
        deep_gradients_explorer(depth=4, key_positions=[{"activation": "gelu"}])
    plain.close()
    strip.close()

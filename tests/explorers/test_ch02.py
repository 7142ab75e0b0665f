"""Chapter 02's explorers: the gradient readout and the Taylor error law."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.explorers.ch02 import gradient_explorer, taylor_explorer


def test_taylor_explorer_readout_and_error_law():
    explorer = taylor_explorer("exp", 0.0, 1)
    assert "order k = 1" in explorer.readout.value
    explorer.controls["order"].value = 2
    # T_2 of eˣ at 0, at x = 0.5: 1 + 0.5 + 0.125
    assert "T_k = 1.62500" in explorer.readout.value
    assert "|x − a|^3" in explorer.readout.value
    with pytest.raises(ValueError, match="function must be one of"):
        taylor_explorer("tan")


def test_gradient_explorer_readout_matches_numbers():
    explorer = gradient_explorer(lambda v: v[0] ** 2 + v[1] ** 2, (1.0, 2.0), 0.0)
    text = explorer.readout.value
    assert "∇f = [2.000, 4.000]" in text and "∇f·u = <b>2.000</b>" in text
    explorer.controls["angle"].value = 65.0
    text = explorer.readout.value
    u = np.array([np.cos(np.radians(65)), np.sin(np.radians(65))])
    assert f"<b>{np.array([2.0, 4.0]) @ u:.3f}</b>" in text and "largest at 63°" in text
    explorer.controls["x"].value = -1.0
    assert "at (-1.00, 2.00)" in explorer.readout.value

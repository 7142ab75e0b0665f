"""Chapter 04's explorers: learning-rate and momentum readouts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
from course_utils.explorers.ch04 import learning_rate_explorer, momentum_explorer  # noqa: E402


def test_explorers_readouts():
    lr = learning_rate_explorer()
    assert "+0.80" in lr.readout.value and "slow" in lr.readout.value
    lr.controls["lr"].value = 1.05
    assert "diverging" in lr.readout.value
    mom = momentum_explorer()
    assert "loss still" in mom.readout.value
    mom.controls["beta"].value = 0.8
    assert "loss < 10⁻⁴ after <b>" in mom.readout.value

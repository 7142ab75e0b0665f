"""Chapter 04's exercise checks: solutions pass, typical mistakes are named."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from course_utils.exercises import ch04  # noqa: E402


def test_ch04_checks():
    assert ch04.check_gd_step(lambda w, g, lr: w - lr * g).passed
    assert "uphill" in ch04.check_gd_step(lambda w, g, lr: w + lr * g).message
    assert ch04.check_stability_bound(0.5).passed
    assert "largest" in ch04.check_stability_bound(1.0).message
    assert ch04.check_adam_step(lambda g, lr: lr * g / (np.abs(g) + 1e-8)).passed
    assert (
        "bias correction"
        in ch04.check_adam_step(
            lambda g, lr: lr * (0.1 * g) / (np.sqrt(0.001 * g**2) + 1e-8)
        ).message
    )
    assert ch04.check_quadratic_minimum(3.0).passed
    assert "sign error" in ch04.check_quadratic_minimum(-3.0).message
    assert ch04.check_momentum_velocity(2.71).passed
    assert "limit" in ch04.check_momentum_velocity(10.0).message

"""Chapter 06's exercise checks: solutions pass, typical mistakes are named."""

from __future__ import annotations

import numpy as np


def test_ch06_checks():
    from course_utils.exercises import ch06

    assert ch06.check_normalize(lambda p: p / 255.0).passed
    assert "still 0-255" in ch06.check_normalize(lambda p: p.astype(float)).message
    assert ch06.check_one_hot(lambda y, c: np.eye(c)[y]).passed
    assert "transpose" in ch06.check_one_hot(lambda y, c: np.eye(c)[y].T).message
    assert ch06.check_fgsm(lambda x, g, e: np.clip(x + e * np.sign(g), 0, 1)).passed
    assert "downhill" in ch06.check_fgsm(lambda x, g, e: np.clip(x - e * np.sign(g), 0, 1)).message
    assert ch06.check_parameter_count(101_770).passed
    assert "biases are parameters" in ch06.check_parameter_count(101_632).message
    assert ch06.check_report_split("held-out test").passed
    assert "memory" in ch06.check_report_split("training").message
    assert ch06.check_chance_accuracy(0.1).passed
    assert "ten classes" in ch06.check_chance_accuracy(0.5).message

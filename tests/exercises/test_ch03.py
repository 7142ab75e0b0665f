"""Chapter 03's exercise checks: solutions pass, typical mistakes are named."""

from __future__ import annotations

import numpy as np


def test_ch03_solutions_and_diagnoses():
    from course_utils.exercises import ch03

    assert ch03.check_power_chain(lambda x: 20 * x * (2 * x**2 - 1) ** 4).passed
    assert ch03.check_sin_exp(lambda x: np.cos(np.exp(x)) * np.exp(x)).passed
    a = 1 / (1 + np.exp(-1.1))
    assert ch03.check_sigmoid_neuron(2 * (a - 1) * a * (1 - a) * 2).passed
    assert "σ(z)(1 − σ(z))" in ch03.check_sigmoid_neuron(2 * (a - 1) * 2).message
    assert ch03.check_two_paths(11.0).passed
    assert "multiplied the two paths" in ch03.check_two_paths(24.0).message
    assert "only the path through u" in ch03.check_two_paths(8.0).message
    assert ch03.check_jacobian_product(ch03.JG @ ch03.JF).passed
    assert "wrong order" in ch03.check_jacobian_product(ch03.JF @ ch03.JG).message
    assert ch03.check_double_backward(-32.0).passed
    assert "accumulate" in ch03.check_double_backward(-16.0).message
    assert "inner derivative" in ch03.check_power_chain(lambda x: 5 * (2 * x**2 - 1) ** 4).message
    assert (
        "evaluated at the inner value"
        in ch03.check_sin_exp(lambda x: np.cos(x) * np.exp(x)).message
    )

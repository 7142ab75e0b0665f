"""The shared primitives: one function each for floats, arrays, Dual and Value."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.autodiff.ops import cos, exp, log, relu, sigmoid, sin, tanh


def test_primitives_act_elementwise_on_arrays_like_numpy():
    xs = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    for primitive, reference in [
        (exp, np.exp),
        (sin, np.sin),
        (cos, np.cos),
        (tanh, np.tanh),
        (relu, lambda v: np.maximum(v, 0.0)),
        (sigmoid, lambda v: 1 / (1 + np.exp(-v))),
    ]:
        np.testing.assert_allclose(primitive(xs), reference(xs), rtol=1e-15)
        assert primitive(0.5) == pytest.approx(float(reference(np.array(0.5))), rel=1e-15)
    np.testing.assert_allclose(log(xs[3:]), np.log(xs[3:]), rtol=1e-15)
    with pytest.raises(ValueError, match="positive"):
        log(xs)

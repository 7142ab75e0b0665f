"""The speed path equals the textbook code: fused optimizers against optim.py's update rules.

``mlp_forward`` / ``mlp_backward`` are compared with the chained layer functions in test_mlp.py,
next to the readable path they stand in for."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.learning.fast import FusedAdam, FusedMomentum, FusedRMSProp, FusedSGD
from course_utils.learning.optim import SGD, Adam, Momentum, RMSProp

PAIRS = [
    (SGD, FusedSGD, {"lr": 0.05}),
    (Momentum, FusedMomentum, {"lr": 0.05, "beta": 0.9}),
    (RMSProp, FusedRMSProp, {"lr": 0.01, "rho": 0.9}),
    (Adam, FusedAdam, {"lr": 0.01}),
    (Adam, FusedAdam, {"lr": 0.01, "bias_correction": False}),
]
PAIR_IDS = ["sgd", "momentum", "rmsprop", "adam", "adam-uncorrected"]


# NumPy < 2 promotes a 0-d float32 array combined with a Python float to float64 (value-based
# casting, removed by NEP 50 in NumPy 2): there the textbook rules keep a float64 state for a 0-d
# float32 parameter while the in-place fused ones stay in float32. Every other shape is compared.
NUMPY_2 = int(np.__version__.split(".")[0]) >= 2


def run_both(textbook, fused, kwargs, dtype, steps=60, switch_at=None):
    """The same random gradients fed to both; ``switch_at`` hands the fused state to textbook."""
    rng = np.random.default_rng(5)
    shapes = [(6, 4), (4,), (), (3, 2, 2)] if NUMPY_2 or dtype == np.float64 else [(6, 4), (4,)]
    slow = [np.asarray(rng.normal(size=s)).astype(dtype) for s in shapes]
    quick = [p.copy() for p in slow]
    slow_state, quick_state = {}, {}
    for step in range(steps):
        scale = 10 ** rng.uniform(-3, 1)  # gradients of very different sizes over the run
        grads = [np.asarray(rng.normal(size=p.shape) * scale).astype(dtype) for p in slow]
        slow_state = textbook(**kwargs).step(slow, grads, slow_state)
        second = textbook if switch_at is not None and step >= switch_at else fused
        quick_state = second(**kwargs).step(quick, grads, quick_state)
    return slow, slow_state, quick, quick_state


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("textbook,fused,kwargs", PAIRS, ids=PAIR_IDS)
def test_fused_optimizers_equal_the_textbook_rules(textbook, fused, kwargs, dtype):
    slow, slow_state, quick, quick_state = run_both(textbook, fused, kwargs, dtype)
    assert issubclass(fused, textbook)  # same constructor, checks and state keys
    assert sorted(quick_state) == sorted(slow_state) and quick_state["t"] == slow_state["t"] == 60
    for key in set(slow_state) - {"t"}:  # velocities, mean squares, m and v: bit for bit
        for a, b in zip(quick_state[key], slow_state[key], strict=True):
            assert a.dtype == b.dtype == dtype and np.array_equal(a, b), key
    for a, b in zip(quick, slow, strict=True):
        assert a.dtype == dtype
        if fused is FusedAdam:  # bias correction folded into scalars: equal up to rounding
            eps = np.finfo(dtype).eps
            np.testing.assert_allclose(a, b, rtol=max(1e-12, 100 * eps), atol=10 * eps)
        else:  # the same operations in the same order
            assert np.array_equal(a, b)


@pytest.mark.parametrize("textbook,fused,kwargs", PAIRS, ids=PAIR_IDS)
def test_fused_and_textbook_states_are_interchangeable(textbook, fused, kwargs):
    slow, _, mixed, _ = run_both(textbook, fused, kwargs, np.float64, steps=50, switch_at=25)
    for a, b in zip(mixed, slow, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_fused_optimizers_refuse_bad_input_like_the_textbook_ones():
    with pytest.raises(ValueError, match="NaN or inf"):
        FusedAdam().step([np.zeros(2)], [np.array([np.nan, 0.0])])
    with pytest.raises(ValueError, match="shape"):
        FusedMomentum(0.1).step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(TypeError, match="floating-point NumPy array"):
        FusedRMSProp(0.1).step([np.array([1, 2])], [np.zeros(2)])
    with pytest.raises(ValueError, match=r"beta1 must lie in \[0, 1\)"):
        FusedAdam(beta1=1.0)
    with pytest.raises(TypeError, match="bias_correction must be True or False"):
        Adam(bias_correction="yes")

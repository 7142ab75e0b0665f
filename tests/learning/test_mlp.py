"""The MLP: its readable path and its training path equal the chained layer functions, bit for bit.

``MLP.forward`` / ``MLP.backward`` are what a learner reads; ``MLP.loss_and_grads`` runs the
in-place speed path of ``course_utils.learning.fast``. Both are compared here, with
``np.array_equal``, against a network rebuilt by hand from ``course_utils.learning.layers``
(``chained``); then the checks at the door.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.learning import fast
from course_utils.learning.layers import (
    ACTIVATIONS,
    linear_backward,
    linear_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    softmax_cross_entropy,
    tanh_backward,
    tanh_forward,
)
from course_utils.learning.mlp import MLP

LAYER_FUNCTIONS = {
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
}
SIZES = (5, 7, 7, 7, 3)  # residual skips around the two 7 → 7 layers, not around 5 → 7


def batch(dtype=np.float64):
    rng = np.random.default_rng(42)
    x = rng.normal(size=(9, 5))
    x[4] = 0.0  # with zero biases this row hits ReLU's kink exactly (z = 0)
    return x.astype(dtype), rng.integers(0, 3, 9)


def chained(net, x, labels, forward, backward):
    """The network written out by hand from the layer functions: the reference."""
    L = net.n_layers
    h, tape = x, []
    for i in range(1, L):
        z, linear_cache = linear_forward(h, net.params[f"W{i}"], net.params[f"b{i}"])
        a, act_cache = forward(z)
        skip = net.residual and a.shape == h.shape
        tape.append((linear_cache, act_cache, skip))
        h = h + a if skip else a
    scores, last_cache = linear_forward(h, net.params[f"W{L}"], net.params[f"b{L}"])
    loss, dscores = softmax_cross_entropy(scores, labels)
    grads = {}
    d, grads[f"W{L}"], grads[f"b{L}"] = linear_backward(dscores, last_cache)
    for i in range(L - 1, 0, -1):
        linear_cache, act_cache, skip = tape[i - 1]
        dh, grads[f"W{i}"], grads[f"b{i}"] = linear_backward(backward(d, act_cache), linear_cache)
        d = dh + d if skip else dh
    return scores, loss, dscores, grads, d


def assert_same(actual: dict, expected: dict):
    assert actual.keys() == expected.keys()
    for k in expected:
        assert actual[k].dtype == expected[k].dtype, k
        assert np.array_equal(actual[k], expected[k]), f"{k} differs"


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("residual", [False, True], ids=["plain", "residual"])
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_both_paths_equal_the_chained_layer_functions_exactly(activation, residual, dtype):
    net = MLP(SIZES, activation=activation, residual=residual, seed=7, dtype=dtype)
    x, labels = batch(dtype)
    x_before = x.copy()
    scores, loss, dscores, grads, dx = chained(net, x, labels, *LAYER_FUNCTIONS[activation])
    assert scores.dtype == dtype and dx.dtype == dtype

    # the readable path: MLP.forward / MLP.backward
    net_scores, caches = net.forward(x)
    assert np.array_equal(net_scores, scores)
    net_grads, net_dx = net.backward(dscores, caches)
    assert_same(net_grads, grads)
    assert np.array_equal(net_dx, dx)

    # the training path, which runs on course_utils.learning.fast (tested directly in test_fast.py)
    train_loss, train_grads = net.loss_and_grads(x, labels)
    assert train_loss == loss
    assert_same(train_grads, grads)
    assert np.array_equal(x, x_before)  # the in-place activations never touch the input


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("residual", [False, True], ids=["plain", "residual"])
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_the_fast_passes_equal_the_chained_layer_functions_exactly(activation, residual, dtype):
    net = MLP(SIZES, activation=activation, residual=residual, seed=7, dtype=dtype)
    x, labels = batch(dtype)  # one row of x hits ReLU's kink exactly
    x_before = x.copy()
    scores, _, dscores, grads, dx = chained(net, x, labels, *LAYER_FUNCTIONS[activation])
    fast_scores, caches = fast.mlp_forward(net, x)
    assert fast_scores.dtype == dtype and np.array_equal(fast_scores, scores)
    dscores_before = dscores.copy()
    fast_grads, fast_dx = fast.mlp_backward(net, dscores, caches, need_dx=True)
    assert_same(fast_grads, grads)
    assert fast_dx is not None and np.array_equal(fast_dx, dx)
    assert np.array_equal(dscores, dscores_before)  # the caller's gradient is never overwritten
    assert np.array_equal(x, x_before)  # the in-place activations never touch the input
    _, caches = fast.mlp_forward(net, x)
    no_dx_grads, no_dx = fast.mlp_backward(net, dscores, caches, need_dx=False)
    assert_same(no_dx_grads, grads)  # skipping ∂L/∂x changes nothing else
    assert no_dx is None


def test_a_user_added_activation_runs_through_its_public_functions(monkeypatch):
    def softsign_forward(x):
        out = x / (1 + np.abs(x))
        return out, (x,)

    def softsign_backward(dout, cache):
        (x,) = cache
        return dout / (1 + np.abs(x)) ** 2

    monkeypatch.setitem(ACTIVATIONS, "softsign", (softsign_forward, softsign_backward))
    net = MLP(SIZES, activation="softsign", residual=True, seed=1)
    x, labels = batch()
    scores, loss, _, grads, _ = chained(net, x, labels, softsign_forward, softsign_backward)
    assert np.array_equal(net.forward(x)[0], scores)
    train_loss, train_grads = net.loss_and_grads(x, labels)
    assert train_loss == loss
    assert_same(train_grads, grads)


def test_predictions_and_dtypes():
    net = MLP((5, 8, 3), dtype=np.float32, seed=0)
    x, labels = batch()
    scores, _ = net.forward(x)  # float64 input is cast once to the network's dtype
    assert scores.dtype == np.float32
    np.testing.assert_array_equal(net.predict(x), scores.argmax(axis=1))
    _, grads = net.loss_and_grads(x.astype(int), labels)  # integers are promoted, not refused
    assert all(g.dtype == np.float32 for g in grads.values())
    assert MLP(np.array([5, 4, 3])).sizes == (5, 4, 3)


@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        ({"sizes": (4, 8.5, 3)}, TypeError, r"sizes\[1\] must be a whole number"),
        ({"sizes": (4, 8.0, 3)}, TypeError, r"sizes\[1\] must be a whole number"),
        ({"sizes": (4, True, 3)}, TypeError, r"sizes\[1\] must be a whole number"),
        ({"sizes": 5}, TypeError, "sizes must be a sequence of layer widths"),
        ({"sizes": "4,3"}, TypeError, "sizes must be a sequence of layer widths"),
        ({"sizes": (4, 0, 3)}, ValueError, "sizes must list at least two positive widths"),
        ({"sizes": (4,)}, ValueError, "sizes must list at least two positive widths"),
        ({"activation": "gelu"}, ValueError, "activation must be one of"),
        ({"activation": relu_forward}, TypeError, "activation must be one of"),
        ({"residual": "yes"}, TypeError, "residual must be True or False"),
        ({"seed": -1}, ValueError, "seed must be a whole number >= 0"),
        ({"seed": 1.5}, TypeError, "seed must be a whole number"),
        ({"init_scale": 0.0}, ValueError, "init_scale must be a finite number > 0"),
        ({"init_scale": float("nan")}, ValueError, "init_scale must be a finite number > 0"),
        ({"init_scale": "big"}, TypeError, "init_scale must be a positive number"),
        ({"dtype": np.int32}, ValueError, "dtype must be float32 or float64"),
        ({"dtype": "no such type"}, TypeError, "dtype must be float32 or float64"),
    ],
)
def test_bad_constructor_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        MLP(**{"sizes": (4, 5, 3), **kwargs})


def test_bad_batches():
    net = MLP((4, 5, 3), seed=0)
    x, labels = np.ones((2, 4)), np.array([0, 2])
    for call in (net.forward, net.predict, lambda b: net.loss_and_grads(b, labels[: len(b)])):
        with pytest.raises(TypeError, match="x must be real-valued"):
            call(x + 1j)  # the imaginary part must not be dropped silently
        with pytest.raises(ValueError, match="x is an empty batch"):
            call(np.zeros((0, 4)))
        with pytest.raises(ValueError, match=r"x holds NaN or inf \(first at row 1, column 2\)"):
            call(np.array([[0.0] * 4, [0.0, 0.0, np.inf, 0.0]]))
        with pytest.raises(ValueError, match="must be a 2-D batch"):
            call(np.ones(4))
        with pytest.raises(ValueError, match="x has 3 features per example but W1 expects 4"):
            call(np.ones((2, 3)))
        with pytest.raises(TypeError, match="x must be"):
            call("1 2 3 4")
    with pytest.raises(ValueError, match="labels must"):
        net.loss_and_grads(x, np.array([0, 3]))


def test_bad_backward_arguments_and_destroyed_parameters():
    net = MLP((4, 5, 3), seed=0)
    scores, caches = net.forward(np.ones((2, 4)))
    with pytest.raises(TypeError, match="dscores must be real-valued"):
        net.backward(scores + 1j, caches)
    with pytest.raises(ValueError, match=r"dscores must have shape \(2, 3\)"):
        net.backward(np.ones((2, 4)), caches)
    with pytest.raises(ValueError, match="caches must be the list of 2 caches"):
        net.backward(scores, caches[:1])
    with pytest.raises(TypeError, match="caches must be the list of 2 caches"):
        net.backward(scores, tuple(caches))
    net.params["W2"][0, 0] = np.nan  # e.g. after a diverged training step
    with pytest.raises(ValueError, match="NaN or inf in W2"):
        net.forward(np.ones((2, 4)))
    with pytest.raises(ValueError, match="NaN or inf in W2"):
        net.loss_and_grads(np.ones((2, 4)), np.array([0, 1]))

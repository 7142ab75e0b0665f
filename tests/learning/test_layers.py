"""Layers and losses: gradients checked, a planted bug caught, float32 kept, bad input refused."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.learning.layers import (
    linear_backward,
    linear_forward,
    mse_loss,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    softmax,
    softmax_cross_entropy,
    tanh_backward,
    tanh_forward,
)
from course_utils.learning.mlp import MLP
from course_utils.numeric.gradcheck import ParameterCheckError, gradcheck, gradcheck_parameters

rng = np.random.default_rng(0)
X = rng.normal(size=(6, 4))
W = rng.normal(size=(4, 3))
B = rng.normal(size=3)
DOUT = rng.normal(size=(6, 3))
LABELS = np.array([0, 2, 1, 1, 0, 2])


def test_linear_layer_gradients():
    _, cache = linear_forward(X, W, B)
    dx, dW, db = linear_backward(DOUT, cache)
    gradcheck(lambda x: float(np.sum(linear_forward(x, W, B)[0] * DOUT)), X, dx)
    gradcheck(lambda w: float(np.sum(linear_forward(X, w, B)[0] * DOUT)), W, dW)
    gradcheck(lambda b: float(np.sum(linear_forward(X, W, b)[0] * DOUT)), B, db)


@pytest.mark.parametrize(
    "forward,backward",
    [
        (relu_forward, relu_backward),
        (sigmoid_forward, sigmoid_backward),
        (tanh_forward, tanh_backward),
    ],
    ids=["relu", "sigmoid", "tanh"],
)
def test_activation_gradients(forward, backward):
    x = rng.normal(size=(5, 3)) + 0.05  # keep ReLU inputs off the kink
    x[np.abs(x) < 1e-3] = 0.5
    d = rng.normal(size=(5, 3))
    _, cache = forward(x)
    gradcheck(lambda v: float(np.sum(forward(v)[0] * d)), x, backward(d, cache))


def test_losses_and_their_gradients():
    pred, target = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    loss, dpred = mse_loss(pred, target)
    assert loss == pytest.approx(0.5 * np.sum((pred - target) ** 2) / 4)
    gradcheck(lambda p: mse_loss(p, target)[0], pred, dpred)
    scores = rng.normal(size=(6, 3))
    loss, dscores = softmax_cross_entropy(scores, LABELS)
    probs = softmax(scores)
    assert loss == pytest.approx(-np.mean(np.log(probs[np.arange(6), LABELS])))
    np.testing.assert_allclose(dscores, (probs - np.eye(3)[LABELS]) / 6)
    gradcheck(lambda s: softmax_cross_entropy(s, LABELS)[0], scores, dscores)
    big = softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([1]))[0]
    assert big == pytest.approx(1000.0)  # stable for huge scores


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("residual", [False, True])
def test_mlp_gradients_pass_the_check(activation, residual):
    net = MLP((4, 5, 5, 3), activation=activation, residual=residual, seed=3)
    _, grads = net.loss_and_grads(X, LABELS)
    result = gradcheck_parameters(lambda: net.loss_and_grads(X, LABELS)[0], net.params, grads)
    assert result.passed and result.max_error < 1e-6


def test_checker_catches_a_planted_bug():
    net = MLP((4, 5, 3), activation="tanh", seed=1)
    _, grads = net.loss_and_grads(X, LABELS)
    grads["b1"] = grads["b1"] * 6  # "forgot the 1/N" in one place
    with pytest.raises(ParameterCheckError, match=r"b1.*\n.*parameter.*worst index") as info:
        gradcheck_parameters(lambda: net.loss_and_grads(X, LABELS)[0], net.params, grads)
    assert "FAIL" in info.value.result.table()


def test_float32_network_trains_in_float32():
    net = MLP((4, 8, 3), dtype=np.float32, seed=0)
    scores, _ = net.forward(X.astype(np.float32))
    assert scores.dtype == np.float32
    _, grads = net.loss_and_grads(X.astype(np.float32), LABELS)
    assert all(g.dtype == np.float32 for g in grads.values())
    with pytest.raises(TypeError, match="float64 array for a trustworthy check"):
        gradcheck_parameters(lambda: 0.0, net.params, grads)


def test_bad_input():
    with pytest.raises(ValueError, match="x has 3 features per example but W expects 4"):
        linear_forward(X[:, :3], W, B)
    with pytest.raises(ValueError, match="b must have shape"):
        linear_forward(X, W, np.zeros(4))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\)"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(TypeError, match="integer class indices"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="one class index per row"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="x holds NaN"):
        MLP((4, 3)).forward(np.full((2, 4), np.nan))
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP((4, 3), activation="gelu")
    with pytest.raises(ValueError, match="sizes must list"):
        MLP((4,))
    with pytest.raises(ValueError, match="same shape"):
        mse_loss(np.zeros((2, 2)), np.zeros((2, 3)))

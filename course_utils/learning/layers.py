"""Neural-network layers with a symmetric forward/backward API, and losses.

Every layer has ``*_forward(inputs) -> (out, cache)`` and ``*_backward(dout, cache) -> grads``:
the cache holds what the backward pass needs, and the backward pass returns the gradient for each
input of the forward pass. That symmetry is what makes a generic gradient check a few lines.
Everything is vectorised over a batch of N examples (rows) and works in float32 or float64.

Shapes: x (N, D) inputs, W (D, M) weights, b (M,) biases, out (N, M). The network built from
these layers, ``MLP``, is in ``course_utils.learning.mlp``.

Introduced in: 05_backpropagation.ipynb (reused by 06_mnist_from_scratch.ipynb)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import as_float_array

__all__ = [
    "linear_forward",
    "linear_backward",
    "relu_forward",
    "relu_backward",
    "sigmoid_forward",
    "sigmoid_backward",
    "tanh_forward",
    "tanh_backward",
    "mse_loss",
    "softmax",
    "softmax_cross_entropy",
    "ACTIVATIONS",
]

Cache = tuple[Any, ...]


def _floats(x: ArrayLike, name: str, ndim: int | None = None, nonempty: bool = False) -> NDArray:
    """``x`` as a finite real float array (ints and bools promoted; float32 kept)."""
    return as_float_array(x, name, ndim=ndim, nonempty=nonempty)


def _cache(cache: Any, size: int, forward: str) -> tuple[NDArray, ...]:
    """The cache tuple returned by ``forward``, checked before the backward pass uses it."""
    if not isinstance(cache, tuple) or len(cache) != size:
        raise TypeError(
            f"cache must be the tuple returned by {forward}() (its second output), got "
            f"{type(cache).__name__} {cache!r:.40}"
        )
    if not all(isinstance(item, np.ndarray) for item in cache):
        raise TypeError(f"cache must be the tuple returned by {forward}(), holding arrays")
    return cache


def _dout_like(dout: ArrayLike, shape: tuple[int, ...]) -> NDArray:
    d = _floats(dout, "dout")
    if d.shape != shape:
        raise ValueError(
            f"dout must have the shape of the forward output, {shape}, got {d.shape} "
            "(no broadcasting: one gradient entry per output entry)"
        )
    return d


# -- layers ------------------------------------------------------------------------------------


def linear_forward(x: ArrayLike, W: ArrayLike, b: ArrayLike) -> tuple[NDArray, Cache]:
    """Affine layer out = x W + b.

    Parameters
    ----------
    x : array_like, shape (N, D)
    W : array_like, shape (D, M)
    b : array_like, shape (M,)

    Returns
    -------
    out : ndarray, shape (N, M)
    cache : tuple
        (x, W) for the backward pass.
    """
    x_arr, W_arr, b_arr = _floats(x, "x", 2), _floats(W, "W", 2), _floats(b, "b", 1)
    if x_arr.shape[1] != W_arr.shape[0]:
        raise ValueError(
            f"x has {x_arr.shape[1]} features per example but W expects {W_arr.shape[0]} "
            f"(x: {x_arr.shape}, W: {W_arr.shape}); W must have shape (D, M)"
        )
    if b_arr.shape != (W_arr.shape[1],):
        raise ValueError(
            f"b must have shape ({W_arr.shape[1]},) to match W {W_arr.shape}, got {b_arr.shape}"
        )
    return x_arr @ W_arr + b_arr, (x_arr, W_arr)


def linear_backward(dout: ArrayLike, cache: Cache) -> tuple[NDArray, NDArray, NDArray]:
    """Gradients of the affine layer: dx = dout Wᵀ, dW = xᵀ dout, db = Σ over the batch of dout.

    Parameters
    ----------
    dout : array_like, shape (N, M)
        ∂L/∂out.
    cache : tuple
        From :func:`linear_forward`.

    Returns
    -------
    dx : ndarray, shape (N, D)
    dW : ndarray, shape (D, M)
    db : ndarray, shape (M,)
    """
    x, W = _cache(cache, 2, "linear_forward")
    d = _floats(dout, "dout", 2)
    if d.shape != (x.shape[0], W.shape[1]):
        raise ValueError(f"dout must have shape {(x.shape[0], W.shape[1])}, got {d.shape}")
    return d @ W.T, x.T @ d, d.sum(axis=0)


def relu_forward(x: ArrayLike) -> tuple[NDArray, Cache]:
    """ReLU, elementwise: out = max(0, x). Shapes (...) → (...)."""
    arr = _floats(x, "x")
    return np.maximum(arr, 0), (arr > 0,)


def relu_backward(dout: ArrayLike, cache: Cache) -> NDArray:
    """dx = dout · 1[x > 0] (the kink at 0 gets slope 0, as in every library)."""
    (mask,) = _cache(cache, 1, "relu_forward")
    return _dout_like(dout, mask.shape) * mask


def _sigmoid(x: NDArray) -> NDArray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def sigmoid_forward(x: ArrayLike) -> tuple[NDArray, Cache]:
    """Logistic sigmoid σ(x) = 1/(1 + e⁻ˣ), elementwise and overflow-free. Shapes (...) → (...)."""
    out = _sigmoid(_floats(x, "x"))
    return out, (out,)


def sigmoid_backward(dout: ArrayLike, cache: Cache) -> NDArray:
    """dx = dout · σ(x)(1 − σ(x)), using the cached output."""
    (s,) = _cache(cache, 1, "sigmoid_forward")
    return _dout_like(dout, s.shape) * s * (1 - s)


def tanh_forward(x: ArrayLike) -> tuple[NDArray, Cache]:
    """tanh, elementwise. Shapes (...) → (...)."""
    out = np.tanh(_floats(x, "x"))
    return out, (out,)


def tanh_backward(dout: ArrayLike, cache: Cache) -> NDArray:
    """dx = dout · (1 − tanh²(x)), using the cached output."""
    (t,) = _cache(cache, 1, "tanh_forward")
    return _dout_like(dout, t.shape) * (1 - t * t)


ACTIVATIONS = {
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
}


# -- losses ------------------------------------------------------------------------------------


def mse_loss(pred: ArrayLike, target: ArrayLike) -> tuple[float, NDArray]:
    """Half mean squared error L = (1/N) Σₙ ½‖predₙ − targetₙ‖² and its gradient.

    Parameters
    ----------
    pred, target : array_like, shape (N, K)

    Returns
    -------
    loss : float
    dpred : ndarray, shape (N, K)
        (pred − target)/N.
    """
    p, t = _floats(pred, "pred", 2, nonempty=True), _floats(target, "target", 2, nonempty=True)
    if p.shape != t.shape:
        raise ValueError(f"pred and target must have the same shape, got {p.shape} and {t.shape}")
    diff = p - t
    n = p.shape[0]
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def softmax(scores: ArrayLike) -> NDArray:
    """Row-wise softmax, stabilised by subtracting each row's maximum. Shape (N, C) → (N, C)."""
    s = _floats(scores, "scores", 2, nonempty=True)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(scores: ArrayLike, labels: ArrayLike) -> tuple[float, NDArray]:
    """Mean cross-entropy of softmax(scores) against integer labels, and ∂L/∂scores = (ŷ − y)/N.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Unnormalised class scores (logits).
    labels : array_like of int, shape (N,)
        Class indices in [0, C).

    Returns
    -------
    loss : float
    dscores : ndarray, shape (N, C)
    """
    s = _floats(scores, "scores", 2, nonempty=True)
    if isinstance(labels, (str, bytes)) or labels is None:
        raise TypeError(f"labels must be an array of integer class indices, got {labels!r:.40}")
    y = np.asarray(labels)
    if y.ndim != 1 or y.shape[0] != s.shape[0]:
        raise ValueError(
            f"labels must have shape ({s.shape[0]},), one class index per row of "
            f"scores; got {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"labels must be integer class indices, got dtype {y.dtype} "
            "(one-hot rows? pass labels.argmax(axis=1))"
        )
    n, c = s.shape
    if y.size and (y.min() < 0 or y.max() >= c):
        raise ValueError(
            f"labels must lie in [0, {c}) for {c} classes; got values from {y.min()} to {y.max()}"
        )
    shifted = s - s.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_probs[np.arange(n), y].mean())
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1
    return loss, dscores / n

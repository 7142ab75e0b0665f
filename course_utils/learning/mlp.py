"""A multi-layer perceptron built from the layers of ``course_utils.learning.layers``.

``MLP`` chains (linear → activation) × (L − 1) and a final linear layer, with the same
forward/backward contract as the layers. Its training path runs the same formulas as the public
layer functions, minus their per-call input checks (the batch is validated once) and with
activations computed in place; ``tests/test_nn.py`` checks it gives exactly the same numbers.

Introduced in: 05_backpropagation.ipynb (trained on MNIST in 06_mnist_from_scratch.ipynb)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils.learning.layers import (
    ACTIVATIONS,
    Cache,
    _all_finite,
    _floats,
    _sigmoid,
    softmax_cross_entropy,
)

__all__ = ["MLP"]


# The MLP's internal versions: no input checks (the batch was validated once), the forward pass
# overwrites its input z (a fresh pre-activation) and caches only the output, and the backward pass
# may overwrite dout when the MLP owns it.


def _relu_inplace(z: NDArray) -> NDArray:
    return np.maximum(z, 0, out=z)


def _tanh_inplace(z: NDArray) -> NDArray:
    return np.tanh(z, out=z)


def _relu_backward_from_output(dout: NDArray, out: NDArray, inplace: bool) -> NDArray:
    # out = max(z, 0) > 0 exactly where z > 0, so the output gives the same mask as the input.
    return np.multiply(dout, out > 0, out=dout if inplace else None)


def _sigmoid_backward_from_output(dout: NDArray, s: NDArray, inplace: bool) -> NDArray:
    return dout * s * (1 - s)


def _tanh_backward_from_output(dout: NDArray, t: NDArray, inplace: bool) -> NDArray:
    return dout * (1 - t * t)


_Forward = Callable[[NDArray], NDArray]
_Backward = Callable[[NDArray, NDArray, bool], NDArray]
# keyed by the public (forward, backward) pair, so an entry of ACTIVATIONS replaced by the user
# is honoured (it then runs through the public, checked functions)
_UNCHECKED: dict[tuple[Callable[..., Any], Callable[..., Any]], tuple[_Forward, _Backward]] = {
    ACTIVATIONS["relu"]: (_relu_inplace, _relu_backward_from_output),
    ACTIVATIONS["sigmoid"]: (_sigmoid, _sigmoid_backward_from_output),
    ACTIVATIONS["tanh"]: (_tanh_inplace, _tanh_backward_from_output),
}


# -- a multi-layer perceptron --------------------------------------------------------------------


@dataclass
class MLP:
    """A fully connected network: (linear → activation) × (L − 1), then a final linear layer.

    Introduced in: 05_backpropagation.ipynb (trained on MNIST in 06_mnist_from_scratch.ipynb)

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. (2, 64, 3).
    activation : {"relu", "sigmoid", "tanh"}
    init_scale : float or None
        Standard deviation multiplier of the initial weights: W ~ N(0, (scale²/fan_in)).
        None picks He (√2) for ReLU and Xavier-like (1) otherwise.
    residual : bool
        Add a skip connection h ← h + act(h W + b) around every hidden layer whose input and
        output widths match.
    seed : int
        Seed of the weight initialisation.
    dtype : numpy dtype
        float64 (default, exact gradient checks) or float32 (speed).

    Attributes
    ----------
    params : dict of str -> ndarray
        "W1", "b1", ..., shapes (sizes[i-1], sizes[i]) and (sizes[i],).
    """

    sizes: Sequence[int]
    activation: str = "relu"
    init_scale: float | None = None
    residual: bool = False
    seed: int = 0
    dtype: Any = np.float64
    params: dict[str, NDArray] = field(init=False)

    def __post_init__(self) -> None:
        sizes = [int(s) for s in self.sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two positive widths, got {self.sizes}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(ACTIVATIONS)}, got {self.activation!r}"
            )
        if np.dtype(self.dtype) not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        scale = self.init_scale
        if scale is None:
            scale = np.sqrt(2.0) if self.activation == "relu" else 1.0
        if not np.isfinite(scale) or scale <= 0:
            raise ValueError(f"init_scale must be a positive number, got {self.init_scale}")
        self.sizes = tuple(sizes)
        rng = np.random.default_rng(self.seed)
        self.params = {}
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
            W = rng.normal(0.0, scale / np.sqrt(fan_in), size=(fan_in, fan_out))
            self.params[f"W{i}"] = W.astype(self.dtype)
            self.params[f"b{i}"] = np.zeros(fan_out, dtype=self.dtype)

    @property
    def n_layers(self) -> int:
        """Number of linear layers."""
        return len(self.sizes) - 1

    def forward(self, x: ArrayLike) -> tuple[NDArray, list[Cache]]:
        """Scores for a batch, with the caches the backward pass needs.

        ``x`` is validated once (numeric, 2-D, finite, ``sizes[0]`` columns); the layers then run
        without re-checking every intermediate array, and a non-finite result (NaN/inf weights,
        or overflow) is reported once at the end.

        Parameters
        ----------
        x : array_like, shape (N, sizes[0])

        Returns
        -------
        scores : ndarray, shape (N, sizes[-1])
        caches : list
        """
        h = _floats(x, "x", 2).astype(self.dtype, copy=False)
        if h.shape[1] != self.sizes[0]:
            raise ValueError(
                f"x has {h.shape[1]} features per example but W1 expects {self.sizes[0]} "
                f"(x: {h.shape}, W1: {self.params['W1'].shape})"
            )
        scores, caches = self._forward(h)
        if not _all_finite(scores):
            bad = [k for k, v in self.params.items() if not _all_finite(v)]
            where = f"NaN or inf in {', '.join(bad)}" if bad else "it overflowed"
            raise ValueError(f"the forward pass produced NaN or inf scores: {where}")
        return scores, caches

    def _forward(self, h: NDArray) -> tuple[NDArray, list[Cache]]:
        """Forward pass on an already validated batch of dtype ``self.dtype``."""
        public = ACTIVATIONS[self.activation]
        act_forward = _UNCHECKED[public][0] if public in _UNCHECKED else None
        caches: list[Cache] = []
        for i in range(1, self.n_layers + 1):
            W = self.params[f"W{i}"]
            z = h @ W
            z += self.params[f"b{i}"]
            if i == self.n_layers:
                caches.append(((h, W), None, False))
                return z, caches
            if act_forward is None:  # an activation added to ACTIVATIONS by the user
                a, act_cache = public[0](z)
            else:
                a = act_forward(z)  # overwrites z, which nothing else holds
                act_cache = (a,)
            skip = self.residual and a.shape == h.shape
            caches.append(((h, W), act_cache, skip))
            h = h + a if skip else a
        raise AssertionError("unreachable")  # pragma: no cover

    def backward(
        self, dscores: ArrayLike, caches: list[Cache]
    ) -> tuple[dict[str, NDArray], NDArray]:
        """Gradients of every parameter (and of the input) from ∂L/∂scores.

        Returns
        -------
        grads : dict of str -> ndarray
            Same keys and shapes as ``params``.
        dx : ndarray, shape (N, sizes[0])
        """
        d = _floats(dscores, "dscores", 2)
        (h, W), _, _ = caches[-1]
        if d.shape != (h.shape[0], W.shape[1]):
            raise ValueError(f"dscores must have shape {(h.shape[0], W.shape[1])}, got {d.shape}")
        grads, dx = self._backward(d, caches, need_dx=True)
        assert dx is not None
        return grads, dx

    def _backward(
        self, d: NDArray, caches: list[Cache], need_dx: bool
    ) -> tuple[dict[str, NDArray], NDArray | None]:
        """Backward pass from a validated ∂L/∂scores; skips ∂L/∂x unless ``need_dx``."""
        public = ACTIVATIONS[self.activation]
        act_backward = _UNCHECKED[public][1] if public in _UNCHECKED else None
        grads: dict[str, NDArray] = {}
        owned = False  # may d be overwritten? (not the caller's dscores, nor a skip gradient)
        dx: NDArray | None = None
        for i in range(self.n_layers, 0, -1):
            (h, W), act_cache, skip = caches[i - 1]
            if act_cache is None:
                d_through = d
            elif act_backward is None:
                d_through = public[1](d, act_cache)
            else:
                d_through = act_backward(d, act_cache[0], owned and not skip)
            grads[f"W{i}"] = h.T @ d_through
            grads[f"b{i}"] = d_through.sum(axis=0)
            if i > 1 or need_dx:
                dh = d_through @ W.T
                d = dh + d if skip else dh
                owned = True
        if need_dx:
            dx = d
        return grads, dx

    def loss_and_grads(self, x: ArrayLike, labels: ArrayLike) -> tuple[float, dict[str, NDArray]]:
        """Softmax cross-entropy loss on a batch and the gradient of every parameter."""
        scores, caches = self.forward(x)
        loss, dscores = softmax_cross_entropy(scores, labels)
        grads, _ = self._backward(dscores, caches, need_dx=False)
        return loss, grads

    def predict(self, x: ArrayLike) -> NDArray:
        """Predicted class index per row, shape (N,)."""
        return np.argmax(self.forward(x)[0], axis=1)

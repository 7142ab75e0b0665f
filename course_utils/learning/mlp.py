"""A multi-layer perceptron built from the layers of ``course_utils.learning.layers``.

``MLP`` chains (linear → activation) × (L − 1) and a final linear layer. ``forward`` is exactly
that chain of ``linear_forward`` and the activation's forward function; ``backward`` runs the
matching ``*_backward`` functions in reverse order. Read these two to see what a network is.

Training calls ``loss_and_grads`` thousands of times, so it runs the same formulas through the
speed path of ``course_utils.learning.fast`` (activations in place, the batch checked once instead
of at every layer). ``tests/learning/test_mlp.py`` checks that both paths give exactly the same
numbers.

Introduced in: 05_backpropagation.ipynb (trained on MNIST in 06_mnist_from_scratch.ipynb)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    all_finite,
    as_real_batch,
    require_bool,
    require_choice,
    require_int,
    require_positive_scalar,
)
from course_utils.learning import fast
from course_utils.learning.layers import (
    ACTIVATIONS,
    Cache,
    linear_backward,
    linear_forward,
    softmax_cross_entropy,
)

__all__ = ["MLP"]


@dataclass
class MLP:
    """A fully connected network: (linear → activation) × (L − 1), then a final linear layer.

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
        sequence = isinstance(self.sizes, (Sequence, np.ndarray))
        if isinstance(self.sizes, (str, bytes)) or not sequence:
            raise TypeError(
                f"sizes must be a sequence of layer widths such as (784, 128, 10), got "
                f"{type(self.sizes).__name__} {self.sizes!r:.40}"
            )
        sizes = [require_int(s, f"sizes[{i}]") for i, s in enumerate(self.sizes)]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two positive widths, got {self.sizes}")
        require_choice(self.activation, "activation", sorted(ACTIVATIONS))
        require_bool(self.residual, "residual")
        require_int(self.seed, "seed", minimum=0)
        try:
            dtype = np.dtype(self.dtype)
        except TypeError:
            raise TypeError(f"dtype must be float32 or float64, got {self.dtype!r:.40}") from None
        if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        if self.init_scale is None:
            scale = np.sqrt(2.0) if self.activation == "relu" else 1.0
        else:
            scale = require_positive_scalar(self.init_scale, "init_scale")
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

        Parameters
        ----------
        x : array_like, shape (N, sizes[0])
            N >= 1 real examples, one per row.

        Returns
        -------
        scores : ndarray, shape (N, sizes[-1])
        caches : list
            One (linear cache, activation cache, skip?) per layer, for :meth:`backward`.
        """
        h = self._batch(x)
        self._require_finite_params()
        act_forward = ACTIVATIONS[self.activation][0]
        caches: list[Cache] = []
        for i in range(1, self.n_layers):
            z, linear_cache = linear_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            a, act_cache = act_forward(z)
            skip = self.residual and a.shape == h.shape  # h ← h + act(h W + b)
            caches.append((linear_cache, act_cache, skip))
            h = h + a if skip else a
        last = self.n_layers  # the last layer has no activation: its outputs are the scores
        scores, linear_cache = linear_forward(h, self.params[f"W{last}"], self.params[f"b{last}"])
        caches.append((linear_cache, None, False))
        self._require_finite(scores)
        return scores, caches

    def backward(
        self, dscores: ArrayLike, caches: list[Cache]
    ) -> tuple[dict[str, NDArray], NDArray]:
        """Gradients of every parameter (and of the input) from ∂L/∂scores: the chain reversed.

        Parameters
        ----------
        dscores : array_like, shape (N, sizes[-1])
            ∂L/∂scores.
        caches : list
            From :meth:`forward`.

        Returns
        -------
        grads : dict of str -> ndarray
            Same keys and shapes as ``params``.
        dx : ndarray, shape (N, sizes[0])
        """
        d = self._dscores(dscores, caches)
        act_backward = ACTIVATIONS[self.activation][1]
        grads: dict[str, NDArray] = {}
        for i in range(self.n_layers, 0, -1):
            linear_cache, act_cache, skip = caches[i - 1]
            dz = d if act_cache is None else act_backward(d, act_cache)
            dh, grads[f"W{i}"], grads[f"b{i}"] = linear_backward(dz, linear_cache)
            d = dh + d if skip else dh  # a skip connection adds its identity path
        return grads, d

    def loss_and_grads(self, x: ArrayLike, labels: ArrayLike) -> tuple[float, dict[str, NDArray]]:
        """Softmax cross-entropy loss on a batch and the gradient of every parameter.

        The same numbers as ``forward`` → ``softmax_cross_entropy`` → ``backward``, computed on
        the speed path ``course_utils.learning.fast`` (the training loop's workhorse).

        Parameters
        ----------
        x : array_like, shape (N, sizes[0])
        labels : array_like of int, shape (N,)
            Class indices in [0, sizes[-1]).
        """
        scores, caches = fast.mlp_forward(self, self._batch(x))
        self._require_finite(scores)
        loss, dscores = softmax_cross_entropy(scores, labels)
        grads, _ = fast.mlp_backward(self, dscores, caches, need_dx=False)
        return loss, grads

    def predict(self, x: ArrayLike) -> NDArray:
        """Predicted class index per row of ``x`` (N, sizes[0]), shape (N,)."""
        return np.argmax(self.forward(x)[0], axis=1)

    # -- the checks at the door ------------------------------------------------------------------

    def _batch(self, x: ArrayLike) -> NDArray:
        """``x`` checked once (real, 2-D, non-empty, finite, sizes[0] columns), in ``dtype``."""
        h = as_real_batch(x, "x")
        if h.shape[1] != self.sizes[0]:
            raise ValueError(
                f"x has {h.shape[1]} features per example but W1 expects {self.sizes[0]} "
                f"(x: {h.shape}, W1: {self.params['W1'].shape})"
            )
        return h.astype(self.dtype, copy=False)

    def _dscores(self, dscores: ArrayLike, caches: list[Cache]) -> NDArray:
        wanted = f"the list of {self.n_layers} caches returned by this network's forward(x)"
        if not isinstance(caches, list):
            raise TypeError(f"caches must be {wanted}, got {type(caches).__name__}")
        if len(caches) != self.n_layers:
            raise ValueError(f"caches must be {wanted}, got a list of {len(caches)}")
        d = as_real_batch(dscores, "dscores")
        (x_last, W_last), _, _ = caches[-1]
        if d.shape != (x_last.shape[0], W_last.shape[1]):
            raise ValueError(
                f"dscores must have shape {(x_last.shape[0], W_last.shape[1])} (one row of "
                f"∂L/∂scores per example), got {d.shape}"
            )
        return d

    def _require_finite_params(self) -> None:
        bad = [k for k, v in self.params.items() if not all_finite(v)]
        if bad:
            raise ValueError(
                f"the network's parameters hold NaN or inf in {', '.join(bad)} (did a training "
                "step diverge? try a smaller learning rate)"
            )

    def _require_finite(self, scores: NDArray) -> None:
        if not all_finite(scores):
            self._require_finite_params()
            raise ValueError("the forward pass produced NaN or inf scores: it overflowed")

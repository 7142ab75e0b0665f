"""The speed path: fused, in-place twins of the textbook optimizers and of the MLP's passes.

Nothing here is new mathematics. Each function or class computes the same numbers as the
textbook code a notebook sends learners to, only with fewer temporary arrays and checks:

* ``FusedSGD``, ``FusedMomentum``, ``FusedRMSProp``, ``FusedAdam`` are ``SGD``, ``Momentum``,
  ``RMSProp``, ``Adam`` of ``course_utils.learning.optim`` (subclasses: same constructor, same
  ``step(params, grads, state) -> state``, same state keys, so they can even be swapped in
  mid-run) whose steps update the state arrays in place. The first three keep the formulas'
  order of operations and give bit-for-bit the same numbers; ``FusedAdam`` folds the bias
  correction into two scalars (Kingma & Ba's own "efficient version") and agrees to rounding.
* ``mlp_forward`` / ``mlp_backward`` equal ``MLP.forward`` / ``MLP.backward`` of
  ``course_utils.learning.mlp`` (linear_forward → activation, and the reverse chain of
  ``course_utils.learning.layers``), minus the per-layer input checks, with the activations
  computed in place and ∂L/∂x skipped when nobody needs it. ``MLP.loss_and_grads`` (the training
  path of ``train_classifier`` and the benchmark) runs on them.

``tests/learning/test_fast.py`` proves these claims (``np.array_equal``, and ``assert_allclose``
for Adam's step). Read the textbook code first; come here only to see how it is made fast.

Introduced in: no lesson of its own; it runs under ``MLP.loss_and_grads`` (05_backpropagation.ipynb,
06_mnist_from_scratch.ipynb) and in benchmarks/mnist_mlp.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from course_utils._validation import require_param_grad_pairs
from course_utils.learning.layers import ACTIVATIONS, Cache
from course_utils.learning.optim import SGD, Adam, Momentum, RMSProp, State

if TYPE_CHECKING:
    from course_utils.learning.mlp import MLP

__all__ = ["FusedSGD", "FusedMomentum", "FusedRMSProp", "FusedAdam", "mlp_forward", "mlp_backward"]


# -- optimizers ----------------------------------------------------------------------------------
# Each line applies one operation of the textbook formula, in its order, to an array in place:
# ``m *= β₁; m += buf`` rounds exactly as ``β₁ * m + buf`` does, so only the speed changes (the
# one exception, Adam's final step, is explained in its docstring). Unlike the textbook steps,
# these overwrite the arrays of the state they are given: an old state dict is no snapshot.


class FusedSGD(SGD):
    """``SGD`` (p ← p − η g); its step is already a single in-place update, so it is reused."""


class FusedMomentum(Momentum):
    """``Momentum`` with the velocities updated in place (bit-for-bit the same numbers)."""

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        velocity = state.get("velocity") or [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, velocity, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            v *= self.beta
            v += g  # v = β v + g
            buf = np.multiply(v, self.lr, out=np.empty_like(p))
            p -= buf  # p = p − η v
        state["velocity"] = velocity
        state["t"] = state.get("t", 0) + 1
        return state


class FusedRMSProp(RMSProp):
    """``RMSProp`` with the running mean of g² updated in place (bit-for-bit the same numbers)."""

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        mean_square = state.get("mean_square") or [np.zeros_like(p) for p in params]
        for p, g, s in zip(params, grads, mean_square, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            buf = np.multiply(g, g, out=np.empty_like(p))
            buf *= 1 - self.rho
            s *= self.rho
            s += buf  # s = ρ s + (1 − ρ) g²
            np.sqrt(s, out=buf)
            buf += self.eps  # √s + ε
            update = np.multiply(g, self.lr, out=np.empty_like(p))
            update /= buf
            p -= update  # p = p − η g / (√s + ε)
        state["mean_square"] = mean_square
        state["t"] = state.get("t", 0) + 1
        return state


class FusedAdam(Adam):
    """``Adam`` with the bias corrections folded into two scalars, and every array op in place.

    This is the "more efficient order of computation" that Kingma & Ba give at the end of
    section 2 of the Adam paper. With cₖ = 1 − βₖᵗ, √v̂ = √v / √c₂, so

        η m̂ / (√v̂ + ε) = m / ((√v + ε √c₂) · c₁ / (η √c₂)),

    which needs neither m̂ nor v̂: one scratch array per parameter, two fewer passes over it.
    m and v are updated exactly as in ``Adam`` (same bits); the step itself equals ``Adam``'s up
    to rounding (relative differences ~1e-16 in float64, ~1e-7 in float32, checked by
    ``tests/learning/test_fast.py``).
    """

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        t = state.get("t", 0) + 1
        first = state.get("m") or [np.zeros_like(p) for p in params]
        second = state.get("v") or [np.zeros_like(p) for p in params]
        c1, sqrt_c2 = 1.0, 1.0
        if self.bias_correction:
            c1, sqrt_c2 = 1 - self.beta1**t, math.sqrt(1 - self.beta2**t)
        eps_hat, denominator_scale = self.eps * sqrt_c2, c1 / (self.lr * sqrt_c2)
        for p, g, m, v in zip(params, grads, first, second, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            buf = np.multiply(g, 1 - self.beta1, out=np.empty_like(p))  # one scratch array
            m *= self.beta1
            m += buf  # m = β₁ m + (1 − β₁) g
            np.multiply(g, g, out=buf)
            buf *= 1 - self.beta2
            v *= self.beta2
            v += buf  # v = β₂ v + (1 − β₂) g²
            np.sqrt(v, out=buf)
            buf += eps_hat
            buf *= denominator_scale
            np.divide(m, buf, out=buf)
            p -= buf  # p = p − m / ((√v + ε√c₂) · c₁/(η√c₂)) = p − η m̂ / (√v̂ + ε)
        state.update(m=first, v=second, t=t)
        return state


# -- the MLP's passes ----------------------------------------------------------------------------
# The forward pass overwrites its input z (a fresh pre-activation nobody else holds) and caches
# only the output; the backward pass overwrites the incoming gradient when the MLP owns it.


def _relu_inplace(z: NDArray) -> NDArray:
    return np.maximum(z, 0, out=z)


def _sigmoid_stable(z: NDArray) -> NDArray:
    # the formula of layers.sigmoid_forward, without its input check
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)


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
_IN_PLACE: dict[tuple[Callable[..., Any], Callable[..., Any]], tuple[_Forward, _Backward]] = {
    ACTIVATIONS["relu"]: (_relu_inplace, _relu_backward_from_output),
    ACTIVATIONS["sigmoid"]: (_sigmoid_stable, _sigmoid_backward_from_output),
    ACTIVATIONS["tanh"]: (_tanh_inplace, _tanh_backward_from_output),
}


def mlp_forward(net: MLP, h: NDArray) -> tuple[NDArray, list[Cache]]:
    """``net.forward`` on a batch already validated and of dtype ``net.dtype``; no checks.

    Returns the scores (N, sizes[-1]) and caches that only :func:`mlp_backward` understands.
    """
    public = ACTIVATIONS[net.activation]
    act_forward = _IN_PLACE[public][0] if public in _IN_PLACE else None
    caches: list[Cache] = []
    for i in range(1, net.n_layers + 1):
        W = net.params[f"W{i}"]
        z = h @ W
        z += net.params[f"b{i}"]
        if i == net.n_layers:
            caches.append(((h, W), None, False))
            return z, caches
        if act_forward is None:  # an activation added to ACTIVATIONS by the user
            a, act_cache = public[0](z)
        else:
            a = act_forward(z)  # overwrites z, which nothing else holds
            act_cache = (a,)
        skip = net.residual and a.shape == h.shape
        caches.append(((h, W), act_cache, skip))
        h = h + a if skip else a
    raise AssertionError("unreachable")  # pragma: no cover


def mlp_backward(
    net: MLP, d: NDArray, caches: list[Cache], need_dx: bool
) -> tuple[dict[str, NDArray], NDArray | None]:
    """``net.backward`` from a validated ∂L/∂scores and the caches of :func:`mlp_forward`.

    ``d`` is never modified. Returns the parameter gradients (keys as in ``net.params``) and
    ∂L/∂x, or None for it unless ``need_dx`` (the first layer then skips one matrix product).
    """
    public = ACTIVATIONS[net.activation]
    act_backward = _IN_PLACE[public][1] if public in _IN_PLACE else None
    grads: dict[str, NDArray] = {}
    owned = False  # may d be overwritten? (not the caller's dscores, nor a skip gradient)
    for i in range(net.n_layers, 0, -1):
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
    return grads, (d if need_dx else None)

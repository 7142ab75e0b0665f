"""Gradient-based optimizers with one interface, and a driver that records the path taken.

Every optimizer has ``step(params, grads, state) -> state``: it updates the NumPy arrays in
``params`` *in place* from the matching ``grads`` and returns its (possibly new) state dict —
velocities, running averages, the step counter. The same signature for all of them is what lets
chapter 04 race them side by side and chapter 06 swap them with one word.

Update rules (g = gradient, η = learning rate, t = step number from 1):

* SGD:       p ← p − η g
* Momentum:  v ← β v + g;            p ← p − η v
* RMSProp:   s ← ρ s + (1 − ρ) g²;   p ← p − η g / (√s + ε)
* Adam:      m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
             m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ);  p ← p − η m̂ / (√v̂ + ε)

Each ``step`` below is those lines, written out. Their in-place twins for long training runs
(``FusedAdam`` and friends, tested to give the same numbers) are in ``course_utils.learning.fast``.

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_float_array,
    require_bool,
    require_callable,
    require_int,
    require_param_grad_pairs,
    require_positive_scalar,
)

__all__ = [
    "SGD",
    "Momentum",
    "RMSProp",
    "Adam",
    "Trajectory",
    "clip_by_norm",
    "clip_by_value",
    "run_optimizer",
]

State = dict[str, Any]


def _unit_interval(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    if not 0.0 <= float(value) < 1.0:
        raise ValueError(f"{name} must lie in [0, 1), got {value}")
    return float(value)


@dataclass(frozen=True)
class SGD:
    """Plain gradient descent: p ← p − η g.

    Parameters
    ----------
    lr : float
        Learning rate η > 0.
    """

    lr: float

    def __post_init__(self) -> None:
        require_positive_scalar(self.lr, "lr")

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        """Update each array in ``params`` in place; returns the state (just the step count t)."""
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        for p, g in zip(params, grads, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            p -= self.lr * g
        state["t"] = state.get("t", 0) + 1
        return state


@dataclass(frozen=True)
class Momentum:
    """Heavy-ball momentum: v ← β v + g, p ← p − η v.

    Parameters
    ----------
    lr : float
        Learning rate η > 0.
    beta : float
        Momentum coefficient β in [0, 1) (0 gives plain SGD).
    """

    lr: float
    beta: float = 0.9

    def __post_init__(self) -> None:
        require_positive_scalar(self.lr, "lr")
        _unit_interval(self.beta, "beta")

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        """Update ``params`` in place; ``state["velocity"]`` holds one v per parameter."""
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        velocity = state.get("velocity") or [np.zeros_like(p) for p in params]
        new_velocity = []
        for p, g, v in zip(params, grads, velocity, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            v = self.beta * v + g  # velocity: a decaying sum of past gradients
            p -= self.lr * v
            new_velocity.append(v)
        state["velocity"] = new_velocity
        state["t"] = state.get("t", 0) + 1
        return state


@dataclass(frozen=True)
class RMSProp:
    """Scale each coordinate's step by a running root-mean-square of its gradients.

    s ← ρ s + (1 − ρ) g², p ← p − η g / (√s + ε).

    Parameters
    ----------
    lr : float
        Learning rate η > 0.
    rho : float
        Decay ρ of the running average of g², in [0, 1).
    eps : float
        Small constant ε > 0 that keeps the division finite.
    """

    lr: float
    rho: float = 0.9
    eps: float = 1e-8

    def __post_init__(self) -> None:
        require_positive_scalar(self.lr, "lr")
        _unit_interval(self.rho, "rho")
        require_positive_scalar(self.eps, "eps")

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        """Update ``params`` in place; ``state["mean_square"]`` holds one s per parameter."""
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        mean_square = state.get("mean_square") or [np.zeros_like(p) for p in params]
        new_mean_square = []
        for p, g, s in zip(params, grads, mean_square, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            s = self.rho * s + (1 - self.rho) * g**2  # running mean of g²
            p -= self.lr * g / (np.sqrt(s) + self.eps)
            new_mean_square.append(s)
        state["mean_square"] = new_mean_square
        state["t"] = state.get("t", 0) + 1
        return state


@dataclass(frozen=True)
class Adam:
    """Momentum on the gradient plus RMSProp scaling, with bias correction of both averages.

    m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,
    m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ),  p ← p − η m̂ / (√v̂ + ε).

    Parameters
    ----------
    lr : float
        Learning rate η > 0.
    beta1, beta2 : float
        Decays of the first and second moment averages, in [0, 1).
    eps : float
        Small constant ε > 0.
    bias_correction : bool
        Divide the averages by (1 − βᵗ). Both start at 0, so uncorrected they are too small at
        first, v (with β₂ closer to 1) far more than m: the steps are then too *large*. For a
        constant gradient with β₁ = 0.9, β₂ = 0.999 the first step is η·0.1/√0.001 ≈ 3.16 η
        instead of η, the steps peak near 6.6 η at t = 12 and stay above 2 η until t ≈ 290.
    """

    lr: float = 0.001
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    bias_correction: bool = True

    def __post_init__(self) -> None:
        require_positive_scalar(self.lr, "lr")
        _unit_interval(self.beta1, "beta1")
        _unit_interval(self.beta2, "beta2")
        require_positive_scalar(self.eps, "eps")
        require_bool(self.bias_correction, "bias_correction")

    def step(
        self, params: Sequence[NDArray], grads: Sequence[NDArray], state: State | None = None
    ) -> State:
        """Update ``params`` in place; the state holds m, v per parameter and the step count t."""
        require_param_grad_pairs(params, grads)
        state = dict(state or {})
        t = state.get("t", 0) + 1
        first = state.get("m") or [np.zeros_like(p) for p in params]
        second = state.get("v") or [np.zeros_like(p) for p in params]
        new_first, new_second = [], []
        for p, g, m, v in zip(params, grads, first, second, strict=True):
            g = np.asarray(g, dtype=p.dtype)
            m = self.beta1 * m + (1 - self.beta1) * g  # running mean of g
            v = self.beta2 * v + (1 - self.beta2) * g**2  # running mean of g²
            if self.bias_correction:
                m_hat = m / (1 - self.beta1**t)
                v_hat = v / (1 - self.beta2**t)
            else:
                m_hat, v_hat = m, v
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
            new_first.append(m)
            new_second.append(v)
        state.update(m=new_first, v=new_second, t=t)
        return state


def clip_by_norm(grad: ArrayLike, max_norm: float) -> NDArray:
    """Scale ``grad`` down so that its Euclidean norm is at most ``max_norm`` (direction kept).

    Parameters
    ----------
    grad : array_like, shape (...)
    max_norm : float
        Largest allowed norm (> 0).

    Returns
    -------
    ndarray, shape (...)
    """
    g = as_float_array(grad, "grad")
    limit = require_positive_scalar(max_norm, "max_norm")
    norm = float(np.linalg.norm(g))
    return g * (limit / norm) if norm > limit else g.copy()


def clip_by_value(grad: ArrayLike, limit: float) -> NDArray:
    """Clip every component of ``grad`` to [−limit, limit] ("if g > 5, set it to 5").

    Unlike :func:`clip_by_norm` this changes the gradient's *direction* whenever the components
    are clipped unequally: (12, 3) clipped at 5 becomes (5, 3).

    Parameters
    ----------
    grad : array_like, shape (...)
    limit : float
        Largest allowed absolute value of a component (> 0).

    Returns
    -------
    ndarray, shape (...)
    """
    g = as_float_array(grad, "grad")
    bound = require_positive_scalar(limit, "limit")
    return np.clip(g, -bound, bound)


@dataclass
class Trajectory:
    """The path of an optimization run.

    Attributes
    ----------
    points : ndarray, shape (k + 1, n)
        Parameters before the first step and after each of the k steps taken.
    losses : ndarray, shape (k + 1,)
        Loss at each point (NaN where no loss function was given).
    grad_norms : ndarray, shape (k + 1,)
        |∇L| at each point.
    converged : bool
        Stopped because |∇L| fell below the tolerance.
    diverged : bool
        Stopped because the parameters or the loss stopped being finite or exceeded 1e12.
    """

    points: NDArray
    losses: NDArray
    grad_norms: NDArray
    converged: bool = False
    diverged: bool = False

    @property
    def steps(self) -> int:
        """Number of update steps taken."""
        return len(self.points) - 1


def run_optimizer(
    grad_fn: Callable[[NDArray], ArrayLike],
    x0: ArrayLike,
    optimizer: Any,
    steps: int,
    *,
    loss_fn: Callable[[NDArray], float | NDArray] | None = None,
    tol: float | None = None,
    clip_norm: float | None = None,
    clip_value: float | None = None,
    blow_up: float = 1e12,
) -> Trajectory:
    """Run ``optimizer`` from ``x0`` for up to ``steps`` steps and record the path.

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(x) -> gradient`` with the shape of ``x``.
    x0 : array_like, shape (n,)
        Starting point (copied, never modified).
    optimizer : SGD, Momentum, RMSProp, Adam or anything with the same ``step``
    steps : int
        Largest number of steps (>= 0).
    loss_fn : callable, optional
        ``loss_fn(x) -> float``, recorded along the way.
    tol : float, optional
        Stop when |∇L| < tol (the practitioner's convergence test).
    clip_norm : float, optional
        Clip each gradient to this norm before the step (:func:`clip_by_norm`).
    clip_value : float, optional
        Clip each gradient component to [−clip_value, clip_value] before the step
        (:func:`clip_by_value`); not together with ``clip_norm``.
    blow_up : float
        Declare divergence when |x| or |loss| exceeds this.

    Returns
    -------
    Trajectory
    """
    require_callable(grad_fn, "grad_fn")
    if loss_fn is not None:
        require_callable(loss_fn, "loss_fn")
    if not hasattr(optimizer, "step") or not callable(optimizer.step):
        raise TypeError(
            f"optimizer must have a step(params, grads, state) method, got "
            f"{type(optimizer).__name__}"
        )
    steps = require_int(steps, "steps", minimum=0)
    x = as_float_array(x0, "x0").astype(np.float64).reshape(-1).copy()
    tolerance = None if tol is None else require_positive_scalar(tol, "tol")
    if clip_norm is not None and clip_value is not None:
        raise ValueError("give clip_norm or clip_value, not both")
    if clip_norm is not None:
        require_positive_scalar(clip_norm, "clip_norm")
    if clip_value is not None:
        require_positive_scalar(clip_value, "clip_value")

    def measure(point: NDArray) -> tuple[NDArray, float, float]:
        g = np.asarray(grad_fn(point.copy()), dtype=np.float64).reshape(point.shape)
        loss = float(loss_fn(point.copy())) if loss_fn is not None else float("nan")
        return g, loss, float(np.linalg.norm(g))

    points, losses, norms = [x.copy()], [], []
    g, loss, norm = measure(x)
    losses.append(loss)
    norms.append(norm)
    state: State = {}
    converged = diverged = False
    for _ in range(steps):
        if tolerance is not None and norm < tolerance:
            converged = True
            break
        if not np.isfinite(norm) or norm > blow_up:
            diverged = True
            break
        step_grad = g
        if clip_norm is not None:
            step_grad = clip_by_norm(g, clip_norm)
        elif clip_value is not None:
            step_grad = clip_by_value(g, clip_value)
        state = optimizer.step([x], [step_grad], state)
        points.append(x.copy())
        if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > blow_up:
            losses.append(float("nan"))
            norms.append(float("nan"))
            diverged = True
            break
        g, loss, norm = measure(x)
        losses.append(loss)
        norms.append(norm)
        if loss_fn is not None and (not np.isfinite(loss) or abs(loss) > blow_up):
            diverged = True
            break
    else:
        converged = tolerance is not None and norm < tolerance
    return Trajectory(np.array(points), np.array(losses), np.array(norms), converged, diverged)

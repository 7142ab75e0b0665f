"""Gradient descent on quadratics: the step factor, the regimes and the stability bound.

On L(w) = (c/2)(w − w*)², one gradient step multiplies the distance to the minimum by (1 − η·c).
Everything about the learning rate follows from that factor: |1 − ηc| < 1 converges, a negative
factor oscillates, and η > 2/c diverges. In several dimensions the largest curvature — the largest
eigenvalue of the Hessian — sets the same bound, η < 2/λ_max. Heavy-ball momentum with
coefficient β moves the bound to η < 2(1 + β)/λ_max (:func:`stability_bound`). The drawings are in
``course_utils.figures.descent``.

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from course_utils._validation import require_int, require_positive_scalar, require_real_scalar

__all__ = ["gd_regime", "quadratic_iterates", "stability_bound", "steps_to_converge"]


def gd_regime(lr: float, curvature: float) -> str:
    """Name the behaviour of gradient descent with step ``lr`` on a quadratic of ``curvature``.

    "slow" (η < 0.3/c), "good" (up to 1/c), "oscillating" (1/c < η < 2/c),
    "on the edge" (η = 2/c: bounces forever) or "diverging" (η > 2/c).
    """
    eta = require_positive_scalar(lr, "lr")
    c = require_positive_scalar(curvature, "curvature")
    product = eta * c
    if np.isclose(product, 2.0, rtol=1e-12, atol=0.0):
        return "on the edge"
    if product > 2.0:
        return "diverging"
    if product > 1.0:
        return "oscillating"
    return "slow" if product < 0.3 else "good"


def quadratic_iterates(
    lr: float, curvature: float, w0: float, w_star: float, steps: int, *, beta: float = 0.0
) -> NDArray:
    """Gradient-descent iterates on L(w) = (c/2)(w − w*)², computed step by step.

    With ``beta`` > 0 the steps are heavy-ball momentum, v ← βv + L′(w), w ← w − ηv (v starts
    at 0), as in ``course_utils.learning.optim.Momentum``.

    Parameters
    ----------
    lr : float
        Step size η > 0.
    curvature : float
        c = L″ > 0.
    w0, w_star : float
        Start and minimum.
    steps : int
        Number of steps (>= 0).
    beta : float
        Momentum coefficient in [0, 1); 0 is plain gradient descent.

    Returns
    -------
    ndarray, shape (steps + 1,)
        w₀, w₁, ..., stopped early (and the rest left out) once |w| exceeds 1e6.
    """
    eta = require_positive_scalar(lr, "lr")
    c = require_positive_scalar(curvature, "curvature")
    w_star = require_real_scalar(w_star, "w_star")
    momentum = _momentum_coefficient(beta)
    ws = [require_real_scalar(w0, "w0")]
    v = 0.0
    for _ in range(require_int(steps, "steps", minimum=0)):
        if momentum:
            v = momentum * v + c * (ws[-1] - w_star)  # velocity: a decaying sum of slopes
            w = ws[-1] - eta * v
        else:
            w = ws[-1] - eta * c * (ws[-1] - w_star)
        ws.append(w)
        if abs(w) > 1e6:
            break
    return np.array(ws)


def _momentum_coefficient(beta: object) -> float:
    value = require_real_scalar(beta, "beta")
    if not 0.0 <= value < 1.0:
        raise ValueError(f"beta must lie in [0, 1), got {value}")
    return value


def stability_bound(curvature: float, beta: float = 0.0) -> float:
    """The largest stable step size on a quadratic: η < 2(1 + β)/λ_max.

    For plain gradient descent (β = 0) this is 2/λ_max. With heavy-ball momentum the error obeys
    e_{k+1} = (1 + β − ηλ) e_k − β e_{k−1}; its two factors r multiply to β < 1, and one of them
    leaves the unit circle through r = −1 exactly when ηλ = 2(1 + β).

    Parameters
    ----------
    curvature : float
        λ_max > 0, the largest eigenvalue of the Hessian (L″ in one dimension).
    beta : float
        Momentum coefficient in [0, 1).

    Returns
    -------
    float
    """
    lam = require_positive_scalar(curvature, "curvature")
    return 2.0 * (1.0 + _momentum_coefficient(beta)) / lam


def steps_to_converge(
    lr: float, curvature: float, *, w0: float = 1.0, tol: float = 1e-6, cap: int = 1000
) -> int:
    """Steps until |w − w*| < tol·|w₀ − w*| on a quadratic; ``cap`` if that never happens."""
    factor = abs(
        1.0 - require_positive_scalar(lr, "lr") * require_positive_scalar(curvature, "curvature")
    )
    require_real_scalar(w0, "w0")
    tol = require_positive_scalar(tol, "tol")
    if tol >= 1:
        raise ValueError(f"tol must be a fraction between 0 and 1 (e.g. 1e-6), got {tol}")
    cap = require_int(cap, "cap", minimum=1)
    if factor >= 1.0:
        return cap
    if factor == 0.0:
        return 1
    return int(min(cap, np.ceil(np.log(tol) / np.log(factor))))

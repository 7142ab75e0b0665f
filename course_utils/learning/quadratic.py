"""Gradient descent on quadratics: the step factor, the regimes and the stability bound.

On L(w) = (c/2)(w − w*)², one gradient step multiplies the distance to the minimum by (1 − η·c).
Everything about the learning rate follows from that factor: |1 − ηc| < 1 converges, a negative
factor oscillates, and η > 2/c diverges. In several dimensions the largest curvature — the largest
eigenvalue of the Hessian — sets the same bound, η < 2/λ_max. The drawings are in
``course_utils.figures.descent``.

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from course_utils._validation import require_int, require_positive_scalar, require_real_scalar

__all__ = ["gd_regime", "quadratic_iterates", "steps_to_converge"]


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
    lr: float, curvature: float, w0: float, w_star: float, steps: int
) -> NDArray:
    """Gradient-descent iterates on L(w) = (c/2)(w − w*)², computed step by step.

    Returns
    -------
    ndarray, shape (steps + 1,)
        w₀, w₁, ..., stopped early (and the rest left out) once |w| exceeds 1e6.
    """
    eta = require_positive_scalar(lr, "lr")
    c = require_positive_scalar(curvature, "curvature")
    w_star = require_real_scalar(w_star, "w_star")
    ws = [require_real_scalar(w0, "w0")]
    for _ in range(require_int(steps, "steps", minimum=0)):
        w = ws[-1] - eta * c * (ws[-1] - w_star)
        ws.append(w)
        if abs(w) > 1e6:
            break
    return np.array(ws)


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

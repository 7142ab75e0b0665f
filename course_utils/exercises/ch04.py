"""Checks for the exercises of chapter 04 (gradient descent and its accelerations).

Three of the exercises are *build-it* exercises (see :mod:`course_utils.exercises.build_it`):
the learner writes the gradient-descent loop, heavy-ball momentum and Adam, each as a function
``(grad, w0, lr, steps, ...) -> path`` that returns every point visited, and the chapter then runs
on them, up to the optimizer race. ``use_gradient_descent(gradient_descent)`` and its two
siblings print the verdict and return the learner's function once it passes, or the reference
below until then. The references are the update rules of ``course_utils.learning.optim`` written
as loops, in the same order of operations, so they give the same numbers to the last bit (tested).

Introduced in: 04_gradient_descent.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from course_utils.exercises.build_it import use_checked
from course_utils.exercises.checks import CheckResult, check_array, check_function, check_number

__all__ = [
    "check_gradient_descent",
    "check_momentum",
    "check_adam",
    "use_gradient_descent",
    "use_momentum",
    "use_adam",
    "check_stability_bound",
    "check_heavy_ball_bound",
    "check_newton_step",
    "check_quadratic_minimum",
    "check_momentum_velocity",
    "EX2_HESSIAN",
    "HEAVY_BALL_BETA",
    "NEWTON_B",
    "NEWTON_START",
]

#: Exercises 1 and 3: the Hessian of a quadratic loss (eigenvalues 2 and 4).
EX2_HESSIAN = np.array([[3.0, 1.0], [1.0, 3.0]])
#: Exercise 2: the momentum coefficient for the heavy-ball bound.
HEAVY_BALL_BETA = 0.8
#: Exercise 3: L(w) = ½ wᵀHw − bᵀw with H = EX2_HESSIAN; one Newton step from NEWTON_START.
NEWTON_B = np.array([5.0, 7.0])
NEWTON_START = np.array([2.0, -1.0])

Grad = Callable[[NDArray], Any]

# -- the references: the update rules as loops (the solutions are written the same way) ----------


def _gradient_descent(grad: Grad, w0: Any, lr: float, steps: int) -> NDArray:
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w)
    return np.array(path)


def _momentum(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
    w = np.array(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        v = beta * v + grad(w)
        w = w - lr * v
        path.append(w)
    return np.array(path)


def _adam(
    grad: Grad,
    w0: Any,
    lr: float,
    steps: int,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> NDArray:
    w = np.array(w0, dtype=float)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    path = [w]
    for t in range(1, steps + 1):
        g = grad(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(w)
    return np.array(path)


# -- the test problems ---------------------------------------------------------------------------


def _bowl_grad(v: NDArray) -> NDArray:
    return np.array([1.0, 20.0]) * v


def _parabola_grad(w: NDArray) -> NDArray:
    return 2 * (w - 3)


def _curved_grad(v: NDArray) -> NDArray:
    x, y = v
    return np.array([x**3 - 1, 2 * y + np.sin(x)])


_LOOP_CASES: list[tuple[Any, ...]] = [
    (_parabola_grad, np.array([0.0]), 0.1, 4),
    (_bowl_grad, np.array([-4.5, 1.5]), 0.02, 5),
    (_curved_grad, np.array([0.5, -1.0]), 0.1, 6),
    (_bowl_grad, np.array([1.0, 1.0]), 0.05, 0),
    (_parabola_grad, [0.0], 0.1, 3),  # a list, as the notebook passes it
]
_MOMENTUM_CASES: list[tuple[Any, ...]] = [
    (_parabola_grad, np.array([0.0]), 0.1, 5),
    (_bowl_grad, np.array([-4.5, 1.5]), 0.02, 6, 0.8),
    (_curved_grad, np.array([0.5, -1.0]), 0.05, 8, 0.5),
    (_parabola_grad, [0.0], 0.1, 3),
]
_ADAM_CASES: list[tuple[Any, ...]] = [
    (_parabola_grad, np.array([0.0]), 0.5, 5),
    (_bowl_grad, np.array([-4.5, 1.5]), 0.1, 8),
    (_curved_grad, np.array([0.5, -1.0]), 0.05, 10, 0.8, 0.99),
    (_parabola_grad, [0.0], 0.5, 3),
]

#: Added to the verdict when the learner's loop fails on a list w0 (``w = w0`` without a copy).
_LIST_HINT = (
    " Convert w0 first with `w = np.array(w0, dtype=float)`: the notebook passes lists such as "
    "[0.0], and a list cannot be shifted by `w - lr * …`."
)


def _with_list_hint(result: CheckResult) -> CheckResult:
    """``result``, with :data:`_LIST_HINT` added when the learner's loop choked on a list."""
    if result.status == "incorrect" and "'list'" in result.message and "raised" in result.message:
        return CheckResult("incorrect", result.message + _LIST_HINT)
    return result


# -- mistakes every path-returning loop can make ------------------------------------------------


def _path_mistakes(reference: Callable[..., NDArray]) -> list[tuple[Callable[..., Any], str]]:
    """The slips of the loop itself, whatever the update rule."""

    def no_start(*args: Any) -> NDArray:
        return reference(*args)[1:]

    def final_only(*args: Any) -> NDArray:
        return reference(*args)[-1]

    def aliased(*args: Any) -> NDArray:
        path = reference(*args)
        return np.repeat(path[-1:], len(path), axis=0)

    def one_more(grad: Grad, w0: Any, lr: float, steps: int, *rest: Any) -> NDArray:
        return reference(grad, w0, lr, steps + 1, *rest)

    def first_row_moved(*args: Any) -> NDArray:
        path = np.array(reference(*args))
        path[0] = path[-1]
        return path

    return [
        (
            aliased,
            "every row of your path is the last point. `w -= …` changes the one array in place, "
            "and the list holds that same array many times: write `w = w - …` (a new array each "
            "step) or append `w.copy()`.",
        ),
        (
            no_start,
            "the starting point is missing: the path begins with w0 itself, before any step, so "
            "it has steps + 1 rows.",
        ),
        (
            final_only,
            "that is only the last point; return the whole path, one row per point "
            "(`np.array(path)`, shape (steps + 1, n)).",
        ),
        (
            one_more,
            "one step too many: `steps` updates give steps + 1 points, w0 included.",
        ),
        (
            first_row_moved,
            "the first row is not w0 but the last point: `w -= …` changed in place the array "
            "you put first in the path. Append a copy of w0 (`path = [w.copy()]`), or write "
            "`w = w - …` (a new array each step).",
        ),
    ]


def _gd_ascent(grad: Grad, w0: Any, lr: float, steps: int) -> NDArray:
    return _gradient_descent(lambda w: -np.asarray(grad(w)), w0, lr, steps)


def _gd_no_rate(grad: Grad, w0: Any, lr: float, steps: int) -> NDArray:
    return _gradient_descent(grad, w0, 1.0, steps)


def _gd_frozen(grad: Grad, w0: Any, lr: float, steps: int) -> NDArray:
    g0 = grad(np.array(w0, dtype=float))
    return _gradient_descent(lambda w: g0, w0, lr, steps)


def check_gradient_descent(gradient_descent: Any) -> CheckResult:
    """Build-it 1: ``gradient_descent(grad, w0, lr, steps)`` returns the path of ``steps``
    gradient-descent steps w ← w − η·grad(w) from w0, shape (steps + 1, n), w0 first."""
    return _with_list_hint(
        check_function(
            gradient_descent,
            _gradient_descent,
            _LOOP_CASES,
            rtol=1e-9,
            atol=1e-12,
            mistakes=[
                (
                    _gd_ascent,
                    "that walks *uphill*: the gradient points towards increase, so subtract it, "
                    "w ← w − η∇L.",
                ),
                (_gd_no_rate, "the learning rate is missing: w ← w − η∇L, with η = lr."),
                (
                    _gd_frozen,
                    "every step uses the gradient at the starting point; call grad(w) inside the "
                    "loop, at the current w.",
                ),
                *_path_mistakes(_gradient_descent),
            ],
            success="Correct: w ← w − η∇L(w), repeated, with every point kept.",
            unchanged=(1,),
        )
    )


def _mom_averaged(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
    return _momentum(lambda w: (1 - beta) * np.asarray(grad(w)), w0, lr, steps, beta)


def _mom_position_first(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
    w = np.array(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        g = grad(w)
        w = w - lr * v
        v = beta * v + g
        path.append(w)
    return np.array(path)


def _mom_forgetful(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
    return _gradient_descent(grad, w0, lr, steps)


def _mom_uphill(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
    return _momentum(lambda w: -np.asarray(grad(w)), w0, lr, steps, beta)


def _mom_default_beta(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
    return _momentum(grad, w0, lr, steps, 0.9)


def _mom_variant(rule: str) -> Callable[..., NDArray]:
    """Momentum with one slip in the velocity: ``rule`` names it (see :func:`check_momentum`)."""

    def run(grad: Grad, w0: Any, lr: float, steps: int, beta: float = 0.9) -> NDArray:
        w = np.array(w0, dtype=float)
        v = np.array(grad(w), dtype=float) if rule == "v0 = g0" else np.zeros_like(w)
        path = [w]
        for _ in range(steps):
            if rule == "nesterov":
                v = beta * v + grad(w - lr * beta * v)
            elif rule == "v + beta g":
                v = v + beta * grad(w)
            elif rule == "(1 - beta) v + g":
                v = (1 - beta) * v + grad(w)
            else:
                v = beta * v + grad(w)
            w = w - lr * v
            path.append(w)
        return np.array(path)

    return run


def check_momentum(momentum: Any) -> CheckResult:
    """Build-it 2: ``momentum(grad, w0, lr, steps, beta=0.9)`` returns the heavy-ball path:
    v ← βv + grad(w), w ← w − ηv, with v starting at 0; shape (steps + 1, n)."""
    return _with_list_hint(
        check_function(
            momentum,
            _momentum,
            _MOMENTUM_CASES,
            rtol=1e-9,
            atol=1e-12,
            mistakes=[
                (
                    _mom_averaged,
                    "that is the averaged form v ← βv + (1 − β)g, whose steps are (1 − β) times "
                    "smaller; the course's heavy ball (like PyTorch's SGD with momentum) adds the "
                    "whole gradient: v ← βv + g.",
                ),
                (
                    _mom_position_first,
                    "w moved with the *old* velocity (so the first step goes nowhere): update v "
                    "first, v ← βv + g, then w ← w − ηv.",
                ),
                (
                    _mom_forgetful,
                    "that is plain gradient descent: the velocity has to remember the past, "
                    "v ← βv + g, with v kept from one step to the next.",
                ),
                (
                    _mom_default_beta,
                    "β is always 0.9: use the `beta` argument.",
                ),
                (_mom_uphill, "that walks uphill: w ← w − ηv, with v built from +grad(w)."),
                (
                    _mom_variant("v0 = g0"),
                    "v starts at the first gradient, so the first step is 1 + β times too long: "
                    "start from v = np.zeros_like(w), and let the loop add grad(w).",
                ),
                (
                    _mom_variant("nesterov"),
                    "that is Nesterov's momentum (the gradient at the look-ahead point w − ηβv); "
                    "the heavy ball takes the gradient at the current w: v ← βv + grad(w).",
                ),
                (
                    _mom_variant("v + beta g"),
                    "β multiplies the gradient instead of the old velocity: v ← βv + g (with "
                    "v ← v + βg nothing is ever forgotten).",
                ),
                (
                    _mom_variant("(1 - beta) v + g"),
                    "the old velocity is multiplied by 1 − β; the heavy ball keeps β of it: "
                    "v ← βv + g.",
                ),
                *_path_mistakes(_momentum),
            ],
            success="Correct: v ← βv + g, then w ← w − ηv — the velocity is a decaying sum of the "
            "gradients so far.",
            unchanged=(1,),
        )
    )


def _adam_slip(slip: str) -> Callable[..., NDArray]:
    """Adam with one slip, named by ``slip`` (see :func:`check_adam`): "no correction",
    "t from 0", "t from 2", "swapped" corrections, "no root", "g on top" or "m on top" instead of
    m̂, the corrected means "overwritten" into m and v, "t fixed" at 1, or "sum m" / "sum both"
    instead of running means."""
    t0 = {"t from 0": 0, "t from 2": 2}.get(slip, 1)

    def run(
        grad: Grad,
        w0: Any,
        lr: float,
        steps: int,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> NDArray:
        w = np.array(w0, dtype=float)
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        path = [w]
        with np.errstate(all="ignore"):
            for step in range(t0, steps + t0):
                t = 1 if slip == "t fixed" else step
                g = grad(w)
                m = beta1 * m + (1 if slip in ("sum m", "sum both") else 1 - beta1) * g
                v = beta2 * v + (1 if slip == "sum both" else 1 - beta2) * g**2
                if slip == "no correction":
                    m_hat, v_hat = m, v
                elif slip == "swapped":
                    m_hat, v_hat = m / (1 - beta2**t), v / (1 - beta1**t)
                else:
                    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
                top = {"g on top": g, "m on top": m}.get(slip, m_hat)
                if slip == "overwritten":
                    m, v = m_hat, v_hat
                bottom = (v_hat if slip == "no root" else np.sqrt(v_hat)) + eps
                w = w - lr * top / bottom
                path.append(w)
        return np.array(path)

    return run


def _adam_uphill(grad: Grad, w0: Any, lr: float, steps: int, *rest: float) -> NDArray:
    return _adam(lambda w: -np.asarray(grad(w)), w0, lr, steps, *rest)


def check_adam(adam: Any) -> CheckResult:
    """Build-it 3: ``adam(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8)`` returns the
    Adam path (bias-corrected moments, t counted from 1); shape (steps + 1, n)."""
    return _with_list_hint(
        check_function(
            adam,
            _adam,
            _ADAM_CASES,
            rtol=1e-8,
            atol=1e-12,
            mistakes=[
                (
                    _adam_slip("no correction"),
                    "the bias correction is missing: m and v start at 0, so divide them by "
                    "(1 − β₁ᵗ) and (1 − β₂ᵗ) before the step.",
                ),
                (
                    _adam_slip("t from 0"),
                    "t starts at 1: with t = 0 the bias correction divides by 1 − β⁰ = 0.",
                ),
                (
                    _adam_slip("t from 2"),
                    "the step counter is one ahead: the first step has t = 1, so its correction "
                    "divides by 1 − β₁ = 0.1 (and 1 − β₂ = 0.001).",
                ),
                (
                    _adam_slip("swapped"),
                    "the two corrections are swapped: m̂ = m/(1 − β₁ᵗ) goes with β₁, "
                    "v̂ = v/(1 − β₂ᵗ) with β₂.",
                ),
                (
                    _adam_slip("no root"),
                    "the square root is missing: divide by √v̂ + ε, the typical *size* of the "
                    "gradient, not by its square.",
                ),
                (
                    _adam_slip("g on top"),
                    "the numerator should be the averaged gradient m̂, not the current g (that "
                    "would be RMSProp with a bias-corrected v).",
                ),
                (
                    _adam_slip("m on top"),
                    "the numerator is m without its correction; use m̂ = m/(1 − β₁ᵗ).",
                ),
                (_adam_uphill, "that walks uphill: w ← w − η m̂/(√v̂ + ε)."),
                (
                    _adam_slip("overwritten"),
                    "the corrected values were written back into m and v (`m = m / (1 − β₁ᵗ)`), so "
                    "the next step corrects them again; keep them separate: m_hat = m / (1 − β₁ᵗ).",
                ),
                (
                    _adam_slip("t fixed"),
                    "t stays 1: the bias correction must fade as t grows, so count the steps "
                    "(t = 1, 2, 3, …).",
                ),
                (
                    _adam_slip("sum m"),
                    "m is a running *mean*: m ← β₁m + (1 − β₁)g; without the (1 − β₁) it is a "
                    "sum, about 1/(1 − β₁) = 10 times too large.",
                ),
                (
                    _adam_slip("sum both"),
                    "m and v are running *means*: m ← β₁m + (1 − β₁)g and v ← β₂v + (1 − β₂)g²; "
                    "without the (1 − β) factors they are sums, and the bias correction no longer "
                    "fits them.",
                ),
                *_path_mistakes(_adam),
            ],
            success="Correct: m and v are running means of g and g², bias-corrected, and each "
            "coordinate steps η·m̂/(√v̂ + ε).",
            unchanged=(1,),
        )
    )


def use_gradient_descent(gradient_descent: Any) -> Callable[..., Any]:
    """Check build-it 1 and return the gradient-descent loop the notebook runs on from here:
    the learner's once it passes, else the reference. Prints the verdict and one line."""
    return use_checked(
        check_gradient_descent, gradient_descent, _gradient_descent, name="gradient_descent"
    )


def use_momentum(momentum: Any) -> Callable[..., Any]:
    """Check build-it 2 and return the momentum loop the notebook runs on from here."""
    return use_checked(check_momentum, momentum, _momentum, name="momentum")


def use_adam(adam: Any) -> Callable[..., Any]:
    """Check build-it 3 and return the Adam loop the notebook runs on from here."""
    return use_checked(check_adam, adam, _adam, name="adam")


# -- the other exercises ----------------------------------------------------------------------


def _plain_number(answer: Any) -> float | None:
    """``answer`` as a float if it is one plain real number (not a bool), else None."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        return None
    value = float(answer)
    return value if np.isfinite(value) else None


def _near(answer: Any, target: float, low: float, high: float) -> bool:
    """True if ``answer`` lies in [low, high] but is not ``target`` (to check_number's rtol)."""
    value = _plain_number(answer)
    return value is not None and low <= value <= high and abs(value - target) > 1e-6 * abs(target)


_JUST_UNDER = (
    "Not quite: {value:g} is stable, but so is every η below the bound, and no largest stable η "
    "exists (at the bound itself the error no longer shrinks). The question asks for the bound: "
    "the value η must stay below."
)


def check_stability_bound(lr_max: Any) -> CheckResult:
    """Exercise 1: the largest stable learning rate for a quadratic with Hessian ``EX2_HESSIAN``."""
    eigenvalues = np.linalg.eigvalsh(EX2_HESSIAN)
    if _near(lr_max, 2 / eigenvalues.max(), 0.9 * 2 / eigenvalues.max(), 2 / eigenvalues.max()):
        return CheckResult("incorrect", _JUST_UNDER.format(value=float(lr_max)))
    return check_number(
        lr_max,
        2 / eigenvalues.max(),
        mistakes=[
            (
                2 / eigenvalues.min(),
                "that uses the smallest eigenvalue; the *largest* curvature "
                "is the first to blow up, so η < 2/λ_max.",
            ),
            (
                1 / eigenvalues.max(),
                "1/λ_max is where oscillation starts along the steepest "
                "direction; divergence starts at 2/λ_max.",
            ),
            (
                2 / EX2_HESSIAN[0, 0],
                "the diagonal entry 3 is not the curvature along the "
                "principal direction; use the eigenvalues of H.",
            ),
        ],
        success=f"Correct: the eigenvalues are {eigenvalues[0]:g} and {eigenvalues[1]:g}, so "
        f"η < 2/{eigenvalues.max():g} = {2 / eigenvalues.max():g}.",
    )


def check_heavy_ball_bound(lr_max: Any) -> CheckResult:
    """Exercise 2: the largest stable learning rate of heavy-ball momentum with
    β = ``HEAVY_BALL_BETA`` on the quadratic with Hessian ``EX2_HESSIAN``."""
    lam_min, lam_max = np.linalg.eigvalsh(EX2_HESSIAN)
    beta = HEAVY_BALL_BETA
    bound = 2 * (1 + beta) / lam_max
    if _near(lr_max, bound, 0.9 * bound, bound):
        return CheckResult("incorrect", _JUST_UNDER.format(value=float(lr_max)))
    return check_number(
        lr_max,
        2 * (1 + beta) / lam_max,
        mistakes=[
            (
                2 / lam_max,
                "that is the bound without momentum; with it the bound grows to 2(1 + β)/λ_max.",
            ),
            (
                2 * (1 + beta) / lam_min,
                "that uses the smallest eigenvalue; the steepest direction, λ_max, is the first "
                "to blow up.",
            ),
            (
                2 * (1 - beta) / lam_max,
                "the factor is (1 + β), not (1 − β): momentum *raises* the bound.",
            ),
            (
                2 / (lam_max * (1 - beta)),
                "1/(1 − β) is how far the velocity can grow for a constant gradient, not the "
                "stability factor; the bound is 2(1 + β)/λ_max.",
            ),
        ],
        success=f"Correct: λ_max = {lam_max:g}, so η < 2(1 + {beta:g})/{lam_max:g} = "
        f"{2 * (1 + beta) / lam_max:g}.",
    )


def check_newton_step(w_new: Any) -> CheckResult:
    """Exercise 3: one Newton step on L(w) = ½ wᵀHw − bᵀw (H = ``EX2_HESSIAN``, b = ``NEWTON_B``)
    from w = ``NEWTON_START``: where does it land? (an array of shape (2,))"""
    H, b, w0 = EX2_HESSIAN, NEWTON_B, NEWTON_START
    g = H @ w0 - b
    newton = w0 - np.linalg.solve(H, g)
    return check_array(
        w_new,
        newton,
        mistakes=[
            (
                w0 - g,
                "that is a gradient step with η = 1, w − ∇L; Newton's step divides by the "
                "curvature: w − H⁻¹∇L.",
            ),
            (w0 + np.linalg.solve(H, g), "the sign: Newton's step is w − H⁻¹∇L."),
            (w0 - H @ g, "multiply by the *inverse* of H: w − H⁻¹∇L (np.linalg.solve(H, g))."),
            (
                w0 - g / np.diag(H),
                "dividing by the diagonal of H ignores the off-diagonal 1s; solve with the "
                "whole matrix: np.linalg.solve(H, g).",
            ),
            (
                np.linalg.solve(H, w0) - b,
                "the gradient of ½ wᵀHw − bᵀw is Hw − b; then the step is w − H⁻¹(Hw − b).",
            ),
            (
                w0 - np.linalg.solve(H, H @ w0),
                "the −b is missing from the gradient: the gradient of −bᵀw is −b, so "
                "∇L = Hw − b (without it every Newton step lands on 0, the minimum of ½ wᵀHw).",
            ),
            (
                w0 - np.linalg.solve(H, H @ w0 + b),
                "the sign of b: the gradient of −bᵀw is −b, so ∇L = Hw − b, not Hw + b.",
            ),
        ],
        success=f"Correct: ∇L = Hw − b = {g.astype(int).tolist()}, and w − H⁻¹∇L = "
        f"{newton.round(12).tolist()} = H⁻¹b, the minimum itself: on a quadratic one Newton "
        "step is enough.",
    )


def check_quadratic_minimum(x_min: Any) -> CheckResult:
    """Exercise 4: where does gradient descent on f(x) = 2x² − 12x + 5 settle?"""
    a, b = 2.0, -12.0
    if _near(x_min, -b / (2 * a), -b / (2 * a) - 0.01, -b / (2 * a) + 0.01):
        return CheckResult(
            "incorrect",
            f"Close: {float(x_min):.6g} is where a finite run has got to. 'Settles' means the "
            "limit: run longer, or solve f′(x) = 0 exactly.",
        )
    return check_number(
        x_min,
        -b / (2 * a),
        mistakes=[
            (b / (2 * a), "sign error: setting f′(x) = 4x − 12 to zero gives x = +3."),
            (-b / a, "f′(x) = 2ax + b, so the factor 2 belongs in the denominator: −b/(2a)."),
            (5 - b**2 / (4 * a), "that is the minimum *value* f(3); the question asks where."),
        ],
        success="Correct: f′(x) = 4x − 12 = 0 at x = 3 = −b/(2a).",
    )


def check_momentum_velocity(velocity: Any) -> CheckResult:
    """Exercise 5: momentum (v ← βv + g) with β = 0.9 and a constant gradient g = 1: v after
    three steps from v = 0?
    """
    beta, v = 0.9, 0.0
    for _ in range(3):
        v = beta * v + 1.0
    return check_number(
        velocity,
        v,
        mistakes=[
            (3.0, "each step first shrinks the old velocity by β = 0.9: v = 0.9v + 1."),
            (
                1.0 / (1 - beta),
                "10 = 1/(1 − β) is the *limit* after many steps; after three it is 1 + 0.9 + 0.81.",
            ),
            (beta**3, "v accumulates the gradients: 1, then 1.9, then 2.71."),
            (1.9, "that is v after two steps (1, then 1.9); one more: v = 0.9·1.9 + 1."),
            (
                3.439,
                "that is v after four steps (1, 1.9, 2.71, 3.439); stop after the third.",
            ),
        ],
        success=f"Correct: 1, 1.9, {v:.2f} — heading for 1/(1 − β) = 10: momentum builds up "
        "speed in a consistent direction.",
    )

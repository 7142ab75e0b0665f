"""Checks for the exercises of chapter 05 (backpropagation).

Three of the exercises are *build-it* exercises (see :mod:`course_utils.exercises.build_it`): the
learner writes the backward pass of a linear layer, of ReLU and of softmax with cross-entropy, and
the notebook's two-layer network on the spirals is then built from those functions.
``use_linear_backward(linear_backward)`` and its siblings print the verdict and return the
learner's function once it passes, or the reference below (written exactly as the notebook's
solution, so every number downstream is the same either way) until then.

The signatures follow the course's layer API (``course_utils.learning.layers``):

* ``linear_backward(dout, cache) -> (dx, dW, db)`` with ``cache = (x, W)``, the second output of
  ``linear_forward(x, W, b)``; shapes x (N, D), W (D, M), dout (N, M);
* ``relu_backward(dout, z) -> dz`` with z the pre-activation, shapes (N, H);
* ``softmax_cross_entropy_backward(scores, labels) -> dscores``, scores (N, C), labels (N,).

Introduced in: 05_backpropagation.ipynb
"""

from __future__ import annotations

import copy
import itertools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from course_utils.exercises.build_it import use_checked
from course_utils.exercises.checks import (
    SCAFFOLD_HINT,
    UNANSWERED_HINT,
    CheckResult,
    changed_input,
    check_array,
    check_function,
    check_number,
    not_a_function_answer,
)
from course_utils.learning.layers import softmax

__all__ = [
    "check_linear_backward",
    "check_relu_backward",
    "check_softmax_cross_entropy_backward",
    "use_linear_backward",
    "use_relu_backward",
    "use_softmax_cross_entropy_backward",
    "check_mse_gradient",
    "check_initial_loss",
    "check_sigmoid_depth_factor",
    "check_recurrent_growth",
    "check_clipped_gradient",
    "CLIP_GRADIENT",
    "CLIP_MAX_NORM",
]

_rng = np.random.default_rng(5)
_X = _rng.normal(size=(4, 3))
_W = _rng.normal(size=(3, 2))
_DOUT = _rng.normal(size=(4, 2))
_PRED = _rng.normal(size=5)
_TARGET = _rng.normal(size=5)
_Z = _rng.normal(size=(4, 5))
_Z[1, 2] = 0.0  # a pre-activation exactly on ReLU's kink: its slope is 0, as in every library
_Z[3, 0] = 0.0
_DZ = _rng.normal(size=(4, 5))
_SCORES = _rng.normal(size=(5, 4))
_LABELS = np.array([0, 3, 1, 1, 2])
_BIG_SCORES = np.array([[1000.0, 999.0, 0.0], [-5.0, 800.0, 801.0]])
_BIG_LABELS = np.array([0, 2])

#: Exercise 5: the gradient to clip, and the largest norm allowed.
CLIP_GRADIENT = np.array([30.0, -40.0])
CLIP_MAX_NORM = 5.0


# -- build-it 1: the linear layer ------------------------------------------------------------------


def _linear_backward(dout: Any, cache: Any) -> Any:
    """Reference: the gradients of out = xW + b, from dout = ∂L/∂out and cache = (x, W)."""
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


_LINEAR_CASES: list[tuple[Any, ...]] = [
    (_DOUT, (_X, _W)),
    (_DOUT[:2], (_X[:2], _W)),
]
_PARTS = ("dx", "dW", "db")
#: Per part: (wrong formula of (dout, x, W), explanation).
_LINEAR_MISTAKES: dict[str, list[tuple[Callable[..., Any], str]]] = {
    "dx": [
        (
            lambda d, x, W: (W @ d.T).T,
            "dx goes back through the transpose of the weights: dx = dout · Wᵀ, shape (N, D).",
        ),
        (
            lambda d, x, W: d @ W.T / x.shape[0],
            "no 1/N in dx: dout already carries the loss's 1/N.",
        ),
    ],
    "dW": [
        (
            lambda d, x, W: d.T @ x,
            "dW is (xᵀ dout)ᵀ, shape (M, D); ∂L/∂W must have W's shape (D, M): dW = xᵀ · dout.",
        ),
        (
            lambda d, x, W: x.T @ d / x.shape[0],
            "no extra 1/N in dW: dout already carries the loss's 1/N.",
        ),
    ],
    "db": [
        (
            lambda d, x, W: d.sum(axis=1),
            "db sums over the wrong axis: b is shared by all N examples, so sum over the batch "
            "axis (axis=0), one entry per output (M,).",
        ),
        (
            lambda d, x, W: d.mean(axis=0),
            "db: sum, don't average — the 1/N is already inside dout.",
        ),
        (lambda d, x, W: d.sum(), "db: keep one entry per bias (M,): sum over axis 0 only."),
        (lambda d, x, W: d[0], "db: every example adds to the bias, so sum dout over all rows."),
    ],
}


def _as_array(value: Any) -> np.ndarray | None:
    if isinstance(value, (str, bytes, bool)) or value is None:
        return None
    try:
        arr = np.asarray(value)
        if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
            return None
        if np.iscomplexobj(arr):
            return None
        return arr.astype(float)
    except Exception:  # a learner's exotic object is simply not an array
        return None


def _close(a: np.ndarray, b: Any, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    try:
        b_arr = np.asarray(b, dtype=float)
        return a.shape == b_arr.shape and bool(np.allclose(a, b_arr, rtol=rtol, atol=atol))
    except Exception:
        return False


def _describe_error(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:
        text = "<unprintable message>"
    return f"{type(exc).__name__}: {text[:200]}"


def _call_parts(answer: Any, case: tuple[Any, ...]) -> list[np.ndarray] | CheckResult:
    """The learner's three gradients for one case, or the verdict that explains why not."""
    try:
        out = answer(*copy.deepcopy(case))
    except NotImplementedError:
        return CheckResult("unanswered", SCAFFOLD_HINT)
    except Exception as exc:  # a learner's bug: report it, never crash the notebook
        return CheckResult(
            "incorrect",
            f"Your function raised {_describe_error(exc)} (called with dout of shape "
            f"{case[0].shape} and cache = (x {case[1][0].shape}, W {case[1][1].shape})). "
            "Write down each product's shapes: (N, M)·(M, D) = (N, D) for dx.",
        )
    if out is None:
        return CheckResult("incorrect", "Your function returned None — is a `return` missing?")
    if out is Ellipsis:
        return CheckResult("unanswered", UNANSWERED_HINT)
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        return CheckResult(
            "incorrect",
            "Return the three gradients as a tuple, `return dx, dW, db` (got "
            f"{type(out).__name__}"
            + (f" of length {len(out)}" if isinstance(out, (tuple, list)) else "")
            + ").",
        )
    parts = [_as_array(part) for part in out]
    for name, part in zip(_PARTS, parts, strict=True):
        if part is None:
            return CheckResult("incorrect", f"{name} must be an array of numbers.")
    return [p for p in parts if p is not None]


def check_linear_backward(linear_backward: Any) -> CheckResult:
    """Build-it 1: ``linear_backward(dout, cache)`` returns (dx, dW, db) of out = xW + b.

    cache = (x, W), x (N, D), W (D, M), dout (N, M); dx (N, D), dW (D, M), db (M,).
    """
    if answer_missing := not_a_function_answer(linear_backward):
        return answer_missing
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in _LINEAR_CASES:
            parts = _call_parts(linear_backward, case)
            if isinstance(parts, CheckResult):
                return parts
            dout, (x, W) = case
            expected = _linear_backward(dout, (x, W))
            if _permuted(parts, expected):
                return CheckResult(
                    "incorrect",
                    "Not quite: your three gradients are right but in another order; return "
                    "them in the order dx, dW, db (the order of the docstring).",
                )
            for name, part, want in zip(_PARTS, parts, expected, strict=True):
                if _close(part, want):
                    continue
                for wrong, explanation in _LINEAR_MISTAKES[name]:
                    try:
                        if _close(part, wrong(dout, x, W)):
                            return CheckResult("incorrect", f"Not quite: {explanation}")
                    except Exception:  # a mistake formula that does not apply to this case
                        continue
                if part.shape != np.shape(want):
                    return CheckResult(
                        "incorrect",
                        f"Not quite: {name} has shape {part.shape}, but {np.shape(want)} is "
                        f"expected (the shape of {name[1:]}).",
                    )
                return CheckResult(
                    "incorrect",
                    f"Not quite: {name} has the right shape but wrong values. Check its formula.",
                )
    changed = changed_input(linear_backward, _LINEAR_CASES, (0, 1), names=("dout", "cache"))
    if changed is not None:
        return CheckResult("incorrect", changed)
    return CheckResult(
        "correct",
        "Correct: dx = dout·Wᵀ, dW = xᵀ·dout, db = Σₙ dout — each with its input's shape.",
    )


def _permuted(parts: list[np.ndarray], expected: tuple[Any, ...]) -> bool:
    """True when ``parts`` holds the expected gradients, but not in the order (dx, dW, db)."""
    if all(_close(part, want) for part, want in zip(parts, expected, strict=True)):
        return False
    return any(
        all(_close(parts[i], want) for i, want in zip(order, expected, strict=True))
        for order in itertools.permutations(range(3))
    )


# -- build-it 2: ReLU ------------------------------------------------------------------------------


def _relu_backward(dout: Any, z: Any) -> Any:
    """Reference: dz = dout · 1[z > 0] (slope 0 on the kink z = 0, as in PyTorch and JAX)."""
    return dout * (z > 0)


def check_relu_backward(relu_backward: Any) -> CheckResult:
    """Build-it 2: ``relu_backward(dout, z)`` returns dout · 1[z > 0]; dout, z (N, H)."""
    return check_function(
        relu_backward,
        _relu_backward,
        [(_DZ, _Z), (_DZ[:1], _Z[:1])],
        rtol=1e-12,
        atol=0.0,
        mistakes=[
            (
                lambda d, z: d * (z >= 0),
                "at z = 0 exactly, use slope 0: the gate is 1[z > 0] (strictly), as PyTorch, "
                "TensorFlow and JAX do.",
            ),
            (
                lambda d, z: (z > 0).astype(float),
                "that is the local slope alone; multiply it by the arriving gradient dout.",
            ),
            (
                lambda d, z: d * np.maximum(z, 0),
                "that multiplies by ReLU's output; the chain rule needs its slope, 1[z > 0].",
            ),
            (
                lambda d, z: np.maximum(d, 0),
                "the gate is decided by the pre-activation z, not by the sign of dout: "
                "dout · 1[z > 0].",
            ),
            (
                lambda d, z: d * (z < 0),
                "the gate is reversed: it is open where z > 0 (the unit was active) and closed "
                "where z ≤ 0, so dz = dout · 1[z > 0].",
            ),
            (
                lambda d, z: d * np.sign(z),
                "ReLU's slope is 0 or 1, never −1 (np.sign gives −1 for negative z): "
                "dz = dout · 1[z > 0].",
            ),
            (lambda d, z: d, "ReLU passes dout only where z > 0; elsewhere the gradient is 0."),
        ],
        success="Correct: dz = dout · 1[z > 0] — the gradient passes where the unit was active.",
        unchanged=(0, 1),
    )


# -- build-it 3: softmax with cross-entropy --------------------------------------------------------


def _softmax_cross_entropy_backward(scores: Any, labels: Any) -> Any:
    """Reference: ∂L/∂scores = (softmax(scores) − one-hot(labels)) / N."""
    n, c = scores.shape
    return (softmax(scores) - np.eye(c)[labels]) / n


def _plain_softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def check_softmax_cross_entropy_backward(softmax_cross_entropy_backward: Any) -> CheckResult:
    """Build-it 3: ∂L/∂scores = (ŷ − y)/N for the mean cross-entropy; scores (N, C)."""
    onehot = lambda s, y: np.eye(s.shape[1])[y]  # noqa: E731
    result = check_function(
        softmax_cross_entropy_backward,
        _softmax_cross_entropy_backward,
        [(_SCORES, _LABELS), (_SCORES[:2], _LABELS[:2]), (_BIG_SCORES, _BIG_LABELS)],
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                lambda s, y: (
                    (np.exp(s) / np.exp(s).sum(axis=1, keepdims=True) - onehot(s, y)) / s.shape[0]
                ),
                "right formula, but np.exp(1000) overflows to inf (and inf/inf is NaN): "
                "subtract each row's maximum before exponentiating, or call the course's "
                "softmax(scores), which does.",
            ),
            (
                lambda s, y: _plain_softmax(s) - onehot(s, y),
                "the loss is a mean over the N examples: divide ŷ − y by N.",
            ),
            (
                lambda s, y: (onehot(s, y) - _plain_softmax(s)) / s.shape[0],
                "sign: the gradient is prediction minus target, (ŷ − y)/N.",
            ),
            (
                lambda s, y: _plain_softmax(s) / s.shape[0],
                "subtract the one-hot target: (ŷ − y)/N (the true class gets ŷ − 1).",
            ),
            (
                lambda s, y: (s - onehot(s, y)) / s.shape[0],
                "use the softmax probabilities ŷ = softmax(scores), not the raw scores.",
            ),
            (
                lambda s, y: (_plain_softmax(s) - onehot(s, y)) / s.shape[1],
                "divide by N, the number of examples (rows), not by the number of classes.",
            ),
            (
                lambda s, y: (_plain_softmax(s) - onehot(s, y)) / s.size,
                "scores.size is N·C, the number of entries; divide by N = scores.shape[0], the "
                "number of examples.",
            ),
            (
                _columns_minus_one,
                "p[:, labels] -= 1 subtracts 1 in the labels' columns of *every* row; take one "
                "entry per row, p[np.arange(N), labels] -= 1 (or subtract np.eye(C)[labels]).",
            ),
        ],
        success="Correct: ∂L/∂scores = (ŷ − y)/N — prediction minus target, averaged.",
        unchanged=(0, 1),
    )
    if result.status == "incorrect" and "could not be broadcast" in result.message:
        return CheckResult(
            "incorrect",
            result.message + " labels holds one class index per example, shape (N,), not a "
            "one-hot (N, C) array: turn it into one-hot rows with np.eye(C)[labels] before "
            "subtracting.",
        )
    return result


def _columns_minus_one(s: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The slip ``p[:, labels] -= 1``: 1 taken off whole columns instead of one entry per row."""
    p = _plain_softmax(s)
    p[:, y] -= 1
    return p / s.shape[0]


def use_linear_backward(linear_backward: Any) -> Callable[..., Any]:
    """Check build-it 1 and return the linear layer's backward pass the notebook uses from here."""
    return use_checked(
        check_linear_backward, linear_backward, _linear_backward, name="linear_backward"
    )


def use_relu_backward(relu_backward: Any) -> Callable[..., Any]:
    """Check build-it 2 and return ReLU's backward pass the notebook uses from here."""
    return use_checked(check_relu_backward, relu_backward, _relu_backward, name="relu_backward")


def use_softmax_cross_entropy_backward(softmax_cross_entropy_backward: Any) -> Callable[..., Any]:
    """Check build-it 3 and return the loss gradient the notebook uses from here."""
    return use_checked(
        check_softmax_cross_entropy_backward,
        softmax_cross_entropy_backward,
        _softmax_cross_entropy_backward,
        name="softmax_cross_entropy_backward",
    )


# -- the other exercises -------------------------------------------------------------------------


def check_mse_gradient(mse_grad: Any) -> CheckResult:
    """Exercise 1: ``mse_grad(pred, target)`` of L = (1/n) Σᵢ (predᵢ − targetᵢ)², shapes (n,)."""
    return check_function(
        mse_grad,
        lambda p, t: 2 * (p - t) / p.shape[0],
        [(_PRED, _TARGET), (_PRED[:2], _TARGET[:2])],
        mistakes=[
            (
                lambda p, t: (p - t) / p.shape[0],
                "that is the gradient of the loss with ½ in front; without the ½ the 2 from "
                "the square stays: 2(pred − target)/n.",
            ),
            (lambda p, t: 2 * (p - t), "the loss is a mean over n values: divide by n."),
            (
                lambda p, t: 2 * (t - p) / p.shape[0],
                "sign: the derivative of (p − t)² with respect to p is +2(p − t).",
            ),
            (
                lambda p, t: np.full(p.shape, 2 * np.mean(p - t)),
                "each prediction gets its own entry, 2(predᵢ − targetᵢ)/n; don't average them.",
            ),
        ],
        success="Correct: ∂L/∂pred = 2(pred − target)/n (the ½ convention only removes the 2).",
    )


def check_initial_loss(value: Any) -> CheckResult:
    """Exercise 2: the expected first cross-entropy loss of a 10-class net with tiny weights."""
    classes = 10
    return check_number(
        value,
        float(np.log(classes)),
        rtol=1e-4,
        mistakes=[
            (float(np.log10(classes)), "cross-entropy uses the natural logarithm: ln 10."),
            (1.0 / classes, "that is the probability of each class; the loss is −ln of it."),
            (
                float(classes),
                "with tiny weights every class gets probability 1/10, and the loss is −ln(1/10).",
            ),
            (float(np.log(3)), "ln 3 was for the 3 spiral classes; here there are 10."),
        ],
        success=f"Correct: all scores ≈ 0, every class gets 1/10, loss = ln 10 ≈ "
        f"{np.log(classes):.4f}. A much larger first loss signals a bug or a bad init.",
        expression_hint="e.g. np.log(10)",
        rounded_digits=2,
    )


def check_sigmoid_depth_factor(value: Any) -> CheckResult:
    """Exercise 3: the largest factor 20 sigmoid slopes can multiply a gradient by, 0.25²⁰."""
    return check_number(
        value,
        0.25**20,
        rtol=1e-6,
        atol=0.0,
        mistakes=[
            (0.25 * 20, "the slopes multiply, one factor per layer: 0.25 × 0.25 × … = 0.25²⁰."),
            (0.5**20, "the sigmoid's slope peaks at σ(0)(1 − σ(0)) = 0.25, not 0.5."),
            (0.1**20, "0.1 is the illustration; the sigmoid's largest slope is 0.25."),
            (0.25**19, "count one slope per layer: 20 layers, 20 factors."),
        ],
        success="Correct: 0.25²⁰ ≈ 9.1e-13 at best — 20 sigmoid layers shrink a gradient by "
        "at least 10¹² before the weights have any say.",
        expression_hint="e.g. 0.25 ** 20",
        rounded_digits=2,
    )


def check_recurrent_growth(value: Any) -> CheckResult:
    """Exercise 4: growth of a gradient sent back 100 steps through W with spectral radius 1.05."""
    return check_number(
        value,
        1.05**100,
        rtol=1e-6,
        mistakes=[
            (1.05 * 100, "the same W multiplies once per time step: 1.05 × 1.05 × … = 1.05¹⁰⁰."),
            (0.05 * 100, "growth compounds like interest: 1.05¹⁰⁰, not 100 × 5 %."),
            (1.05**99, "100 steps back means 100 factors of 1.05."),
            (1.0, "an eigenvalue of magnitude 1.05 > 1 makes the gradient grow, step after step."),
        ],
        success="Correct: 1.05¹⁰⁰ ≈ 131.5 — only 5 % per step, yet over 100 steps the gradient "
        "grows more than a hundredfold.",
        expression_hint="e.g. 1.05 ** 100",
        rounded_digits=3,
    )


def check_clipped_gradient(answer: Any) -> CheckResult:
    """Exercise 5: ``CLIP_GRADIENT`` clipped by its norm to ``CLIP_MAX_NORM``, as an array."""
    g = CLIP_GRADIENT
    norm = float(np.linalg.norm(g))
    return check_array(
        answer,
        g * (CLIP_MAX_NORM / norm),
        mistakes=[
            (
                np.clip(g, -CLIP_MAX_NORM, CLIP_MAX_NORM),
                "that clips each entry (by value), which turns the direction; clipping by norm "
                "rescales the whole vector: g · (5 / ‖g‖).",
            ),
            (g / norm, "that is the unit vector; scale it to the allowed norm 5."),
            (g, "‖g‖ = 50 exceeds 5, so the gradient must be scaled down."),
            (g / CLIP_MAX_NORM, "divide by ‖g‖/5 = 10, not by 5: the result must have norm 5."),
        ],
        success="Correct: ‖g‖ = 50, so g is scaled by 5/50: (3, −4), the same direction with "
        "norm 5.",
    )

"""Checks for the exercises of chapter 06 (MNIST from scratch).

Four of the exercises are *build-it* exercises (see :mod:`course_utils.exercises.build_it`): the
learner writes the training loop — the mini-batches of one epoch, one training step (forward,
loss, backward, update), one epoch — and the fast gradient sign attack, and the notebook then
trains and attacks its MNIST network with them. ``use_train_step(train_step)`` and its siblings
print the verdict and return the learner's function once it passes, or the reference below until
then. The references compute what ``course_utils.learning.training.train_classifier`` computes,
in the same order (``tests/exercises/test_ch06.py`` proves the loop equal to it, bit for bit), so
the notebook prints the same numbers on either.

Each check runs the learner's function on deep copies of a small network, optimizer and data,
and judges it on what it returns and on the parameters it leaves behind.

Introduced in: 06_mnist_from_scratch.ipynb
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np

from course_utils._validation import require_positive_scalar
from course_utils.exercises.build_it import use_checked
from course_utils.exercises.checks import (
    SCAFFOLD_HINT,
    CheckResult,
    check_function,
    check_number,
    not_a_function_answer,
)
from course_utils.learning.layers import softmax_cross_entropy
from course_utils.learning.mlp import MLP
from course_utils.learning.optim import SGD, Adam

__all__ = [
    "N_PARAMETERS",
    "BENCHMARK_PARAMETERS",
    "check_iterate_minibatches",
    "check_train_step",
    "check_train_epoch",
    "check_fgsm",
    "check_numerical_gradient_cost",
    "check_first_order_rise",
    "check_step_growth_factor",
    "use_iterate_minibatches",
    "use_train_step",
    "use_train_epoch",
    "use_fgsm",
]

#: Parameters of the chapter's 784-128-10 network: 784·128 + 128 + 128·10 + 10.
N_PARAMETERS = 784 * 128 + 128 + 128 * 10 + 10
#: Parameters of the benchmark's 784-256-256-10 network (exercise 1).
BENCHMARK_PARAMETERS = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10

# -- the references (the solutions compute the same floats in the same order) --------------------


def _iterate_minibatches(n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Reference: shuffle 0..n-1 once with ``rng``, then cut into consecutive batches."""
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def _train_step(
    net: MLP, optimizer: Any, state: dict[str, Any], x: np.ndarray, labels: np.ndarray
) -> tuple[float, dict[str, Any]]:
    """Reference: forward, loss, backward, update; returns the loss and the optimizer's state."""
    scores, caches = net.forward(x)
    loss, dscores = softmax_cross_entropy(scores, labels)
    grads, _ = net.backward(dscores, caches)
    names = list(net.params)
    state = optimizer.step([net.params[k] for k in names], [grads[k] for k in names], state)
    return loss, state


def _train_epoch(
    net: MLP,
    optimizer: Any,
    state: dict[str, Any],
    x: np.ndarray,
    labels: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
) -> tuple[list[float], dict[str, Any]]:
    """Reference: one training step per mini-batch of one shuffled pass over (x, labels)."""
    losses = []
    for idx in _iterate_minibatches(len(labels), batch_size, rng):
        loss, state = _train_step(net, optimizer, state, x[idx], labels[idx])
        losses.append(loss)
    return losses, state


def _fgsm(net: MLP, x: np.ndarray, labels: np.ndarray, eps: float) -> np.ndarray:
    """Reference: x + ε·sign(∂L/∂x), clipped to the valid pixel range [0, 1]."""
    scores, caches = net.forward(x)
    _, dscores = softmax_cross_entropy(scores, labels)
    _, dx = net.backward(dscores, caches)
    return np.clip(x + eps * np.sign(dx), 0.0, 1.0)


# -- the checks' small problem: a 6-8-3 network on 50 examples -------------------------------------

_rng = np.random.default_rng(6)
_X = _rng.uniform(0.0, 1.0, size=(50, 6))
_Y = _rng.integers(0, 3, size=50)


def _net() -> MLP:
    return MLP((6, 8, 3), seed=3)


_USE_INSTEAD = {
    "iterate_minibatches": "batches_of",
    "train_step": "step",
    "train_epoch": "run_epoch",
}


def _not_implemented(exc: NotImplementedError, answer: Callable[..., Any]) -> CheckResult:
    """The scaffold hint, or where the NotImplementedError came from (an unfinished scaffold
    that the learner's function calls)."""
    frames = traceback.extract_tb(exc.__traceback__)
    origin = frames[-1].name if frames else ""
    own = getattr(answer, "__name__", "")
    if not origin or origin == own or origin == "<lambda>" or origin not in _USE_INSTEAD:
        return CheckResult("unanswered", SCAFFOLD_HINT)
    return CheckResult(
        "unanswered",
        f"Not finished yet: your `{own}` calls `{origin}`, which still raises "
        f"NotImplementedError. Call `{_USE_INSTEAD[origin]}(...)` instead — your `{origin}` once "
        "it passes its check, else the course's reference.",
    )


def _raised(exc: BaseException) -> CheckResult:
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    hint = ""
    if "shape" in text and ("grad" in text or "param" in text):
        hint = (
            " Are the gradients paired with the wrong parameters? `net.backward` returns them "
            "in backward order (W2, b2, W1, b1): pair them by name, "
            "`[grads[k] for k in net.params]`."
        )
    return CheckResult(
        "incorrect",
        f"Your function raised {type(exc).__name__}: {text} (on the check's small network).{hint}",
    )


def _call(answer: Callable[..., Any], *args: Any) -> tuple[Any, CheckResult | None]:
    """``answer(*args)`` on deep copies, or the verdict for an exception."""
    try:
        return answer(*copy.deepcopy(args)), None
    except NotImplementedError as exc:
        return None, _not_implemented(exc, answer)
    except Exception as exc:  # a learner's bug: report it, don't crash the notebook
        return None, _raised(exc)


# -- build-it 1: the mini-batches of an epoch -----------------------------------------------------


def _partition_problem(batches: Any, n: int, batch_size: int) -> str | None:
    if not isinstance(batches, (list, tuple)):
        return f"return a list of index arrays, got {type(batches).__name__}."
    try:
        arrays = [np.asarray(b) for b in batches]
        flat = np.concatenate(arrays) if arrays else np.array([], dtype=int)
    except Exception:
        return "each batch must be an array of example indices."
    if not np.issubdtype(flat.dtype, np.integer):
        return "each batch must hold integer indices (positions of examples), not the examples."
    full = n // batch_size
    if len(arrays) == full and n % batch_size:
        return (
            f"the last, smaller batch is missing ({n % batch_size} examples never trained on): "
            "slice with range(0, n, batch_size) so that the remainder forms a batch of its own."
        )
    if any(len(a) > batch_size for a in arrays):
        return f"a batch holds more than batch_size = {batch_size} examples."
    if len(flat) != n or len(np.unique(flat)) != n or flat.min() < 0 or flat.max() >= n:
        return (
            "every example must appear exactly once per epoch: shuffle the indices 0..n−1 once "
            "(rng.permutation(n)), then cut that order into consecutive slices — drawing each "
            "batch at random repeats some examples and skips others."
        )
    if np.array_equal(flat, np.arange(n)):
        return (
            "the batches are not shuffled: the same batches in the same order every epoch. Use "
            "order = rng.permutation(n), then slice order."
        )
    return None


def check_iterate_minibatches(iterate_minibatches: Any) -> CheckResult:
    """Build-it 1: ``iterate_minibatches(n, batch_size, rng)`` — the index batches of an epoch."""
    early = not_a_function_answer(iterate_minibatches)
    if early is not None:
        return early
    for n, batch_size in ((50, 16), (48, 16), (7, 10)):
        got, failed = _call(iterate_minibatches, n, batch_size, np.random.default_rng(n))
        if failed is not None:
            return failed
        if got is ...:
            return CheckResult("unanswered", "Not answered yet: your function returns `...`.")
        problem = _partition_problem(got, n, batch_size)
        if problem is not None:
            return CheckResult("incorrect", f"Not quite: {problem}")
        wanted = _iterate_minibatches(n, batch_size, np.random.default_rng(n))
        same = len(got) == len(wanted) and all(
            np.array_equal(np.asarray(a), b) for a, b in zip(got, wanted, strict=True)
        )
        if not same:
            return CheckResult(
                "incorrect",
                "Not quite: a valid shuffle, but not the one a seed reproduces. Use the `rng` you "
                "were given, once per epoch: order = rng.permutation(n) (not np.random, not a "
                "new generator), then consecutive slices of order.",
            )
    return CheckResult(
        "correct",
        "Correct: one shuffle per epoch, every example exactly once, the remainder as a last, "
        "smaller batch.",
    )


def use_iterate_minibatches(iterate_minibatches: Any) -> Callable[..., Any]:
    """Check build-it 1 and return the batching the notebook's training uses from here."""
    return use_checked(
        check_iterate_minibatches,
        iterate_minibatches,
        _iterate_minibatches,
        name="iterate_minibatches",
    )


# -- build-it 2: one training step ----------------------------------------------------------------


def _step_outcome(
    train_step: Callable[..., Any], optimizer: Any
) -> tuple[Any, dict[str, np.ndarray] | None, CheckResult | None]:
    """(returned value, parameters afterwards) of one step of ``train_step`` on the check's data."""
    net = _net()
    try:
        result = train_step(net, copy.deepcopy(optimizer), {}, _X[:16].copy(), _Y[:16].copy())
    except NotImplementedError as exc:
        return None, None, _not_implemented(exc, train_step)
    except Exception as exc:  # a learner's bug: report it, don't crash the notebook
        return None, None, _raised(exc)
    return result, {k: v.copy() for k, v in net.params.items()}, None


def _close_params(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return a.keys() == b.keys() and all(
        a[k].shape == b[k].shape and np.allclose(a[k], b[k], rtol=1e-10, atol=1e-12) for k in a
    )


def check_train_step(train_step: Any) -> CheckResult:
    """Build-it 2: ``train_step(net, optimizer, state, x, labels) -> (loss, state)``."""
    early = not_a_function_answer(train_step)
    if early is not None:
        return early
    start = _net().params
    for optimizer in (SGD(0.5), Adam(0.01)):
        result, params, failed = _step_outcome(train_step, optimizer)
        if failed is not None:
            return failed
        assert params is not None
        if result is ...:
            return CheckResult("unanswered", "Not answered yet: your function returns `...`.")
        if not (isinstance(result, tuple) and len(result) == 2):
            return CheckResult(
                "incorrect",
                f"Not quite: return the pair (loss, state), got {type(result).__name__}.",
            )
        loss, state = result
        reference, wanted, _ = _step_outcome(_train_step, optimizer)
        assert wanted is not None
        wanted_loss, wanted_state = reference
        if _close_params(params, start):
            return CheckResult(
                "incorrect",
                "Not quite: the parameters did not change. After the backward pass, call "
                "optimizer.step(params, grads, state) — it updates the arrays in place.",
            )
        if not _close_params(params, wanted):
            moved = {k: params[k] - start[k] for k in start}
            if all(np.allclose(moved[k], -(wanted[k] - start[k])) for k in start):
                return CheckResult(
                    "incorrect",
                    "Not quite: the parameters moved uphill. Gradient descent steps against the "
                    "gradient, p ← p − η·∂L/∂p: pass the gradients themselves to optimizer.step.",
                )
            unchanged = [k for k in start if np.array_equal(params[k], start[k])]
            if unchanged:
                return CheckResult(
                    "incorrect",
                    f"Not quite: {', '.join(unchanged)} did not change: update every parameter, "
                    "the biases included ([net.params[k] for k in net.params]).",
                )
            return CheckResult(
                "incorrect",
                "Not quite: the parameters after the step differ from one step of gradient "
                "descent. Forward (net.forward), loss and ∂L/∂scores (softmax_cross_entropy), "
                "backward (net.backward), then optimizer.step with the gradients paired by name.",
            )
        if not isinstance(loss, (float, np.floating)) or not np.isclose(loss, wanted_loss):
            return CheckResult(
                "incorrect",
                "Not quite: the parameters are right, but return the mini-batch's loss (the "
                "float from softmax_cross_entropy) as the first element.",
            )
        if not isinstance(state, dict) or state.get("t") != wanted_state.get("t"):
            return CheckResult(
                "incorrect",
                "Not quite: return the state that optimizer.step gives back: it carries the "
                "optimizer's memory (Adam's moments, the step count) into the next step.",
            )
    return CheckResult(
        "correct",
        "Correct: forward, loss, backward, update — one step of gradient descent on a mini-batch.",
    )


def use_train_step(train_step: Any) -> Callable[..., Any]:
    """Check build-it 2 and return the training step the notebook uses from here."""
    return use_checked(check_train_step, train_step, _train_step, name="train_step")


# -- build-it 3: one epoch ------------------------------------------------------------------------


def _epoch_outcome(
    train_epoch: Callable[..., Any], optimizer: Any, seed: int
) -> tuple[Any, dict[str, np.ndarray] | None, CheckResult | None]:
    net = _net()
    try:
        result = train_epoch(
            net, copy.deepcopy(optimizer), {}, _X.copy(), _Y.copy(), 16, np.random.default_rng(seed)
        )
    except NotImplementedError as exc:
        return None, None, _not_implemented(exc, train_epoch)
    except Exception as exc:  # a learner's bug: report it, don't crash the notebook
        return None, None, _raised(exc)
    return result, {k: v.copy() for k, v in net.params.items()}, None


def check_train_epoch(train_epoch: Any) -> CheckResult:
    """Build-it 3: ``train_epoch(net, optimizer, state, x, labels, batch_size, rng)``."""
    early = not_a_function_answer(train_epoch)
    if early is not None:
        return early
    for optimizer, seed in ((SGD(0.5), 1), (Adam(0.01), 2)):
        result, params, failed = _epoch_outcome(train_epoch, optimizer, seed)
        if failed is not None:
            return failed
        assert params is not None
        if result is ...:
            return CheckResult("unanswered", "Not answered yet: your function returns `...`.")
        if not (isinstance(result, tuple) and len(result) == 2):
            return CheckResult(
                "incorrect",
                f"Not quite: return the pair (losses, state), got {type(result).__name__}.",
            )
        losses, state = result
        (wanted_losses, wanted_state), wanted, _ = _epoch_outcome(_train_epoch, optimizer, seed)
        assert wanted is not None
        if isinstance(losses, (float, np.floating)):
            return CheckResult(
                "incorrect",
                "Not quite: return the list of every mini-batch's loss, not one number "
                "(the live plot draws each of them).",
            )
        try:
            count = len(losses)
        except TypeError:
            return CheckResult("incorrect", "Not quite: return the losses as a list of floats.")
        if count != len(wanted_losses):
            return CheckResult(
                "incorrect",
                f"Not quite: {count} losses for {len(wanted_losses)} mini-batches: one training "
                "step, and one loss, per batch of batches_of(len(labels), batch_size, rng).",
            )
        if not _close_params(params, wanted):
            if isinstance(state, dict) and state.get("t") == 1:
                return CheckResult(
                    "incorrect",
                    "Not quite: pass each step the state the previous step returned "
                    "(loss, state = step(..., state, ...)); starting every step from the same "
                    "state erases Adam's memory.",
                )
            return CheckResult(
                "incorrect",
                "Not quite: the parameters after the epoch differ from the reference. Loop over "
                "batches_of(len(labels), batch_size, rng) and call step(net, optimizer, state, "
                "x[idx], labels[idx]) for each batch of indices idx.",
            )
        if not np.allclose(np.asarray(losses, dtype=float), wanted_losses):
            return CheckResult(
                "incorrect", "Not quite: the parameters are right but the losses are not."
            )
        if not isinstance(state, dict) or state.get("t") != wanted_state.get("t"):
            if isinstance(state, dict) and state.get("t") == 1 != wanted_state.get("t"):
                return CheckResult(
                    "incorrect",
                    "Not quite: pass each step the state the previous step returned "
                    "(loss, state = step(..., state, ...)); starting every step from the same "
                    "state loses the step count and, with Adam, the moments.",
                )
            return CheckResult(
                "incorrect",
                "Not quite: return the state of the last step, so that the next epoch goes on "
                "from it.",
            )
    return CheckResult(
        "correct",
        "Correct: one shuffled pass, one step per mini-batch, the optimizer's state carried along.",
    )


def use_train_epoch(train_epoch: Any) -> Callable[..., Any]:
    """Check build-it 3 and return the epoch the notebook trains with from here."""
    return use_checked(check_train_epoch, train_epoch, _train_epoch, name="train_epoch")


# -- build-it 4: the fast gradient sign method ----------------------------------------------------

_FGSM_NET = _net()
_FGSM_X = _X[:10]
_FGSM_Y = _Y[:10]


def _input_gradient(net: MLP, x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    scores, caches = net.forward(x)
    _, dscores = softmax_cross_entropy(scores, labels)
    return net.backward(dscores, caches)[1]


def _fgsm_unclipped(net: MLP, x: np.ndarray, labels: np.ndarray, eps: float) -> np.ndarray:
    return x + eps * np.sign(_input_gradient(net, x, labels))


def _fgsm_downhill(net: MLP, x: np.ndarray, labels: np.ndarray, eps: float) -> np.ndarray:
    return np.clip(x - eps * np.sign(_input_gradient(net, x, labels)), 0.0, 1.0)


def _fgsm_raw_gradient(net: MLP, x: np.ndarray, labels: np.ndarray, eps: float) -> np.ndarray:
    return np.clip(x + eps * _input_gradient(net, x, labels), 0.0, 1.0)


def _fgsm_slip(fgsm: Callable[..., Any]) -> CheckResult | None:
    """The verdict for an attack that changes its input ``x`` in place, or that raises for one of
    two common slips (the results of ``net.backward`` swapped, ∂L/∂scores used as ∂L/∂x); None
    otherwise, and for anything else (``check_function`` judges it)."""
    net, x, labels = copy.deepcopy((_FGSM_NET, _FGSM_X, _FGSM_Y))
    before = x.copy()
    try:
        with np.errstate(all="ignore"):
            fgsm(net, x, labels, 0.1)
    except NotImplementedError:
        return None
    except TypeError as exc:
        if "dict" in str(exc):
            return CheckResult(
                "incorrect",
                f"Your function raised TypeError: {str(exc)[:120]}. net.backward returns "
                "(grads, dx): the gradients of the parameters (a dict) first, ∂L/∂x second — "
                "write _, dx = net.backward(dscores, caches).",
            )
        return None
    except ValueError as exc:
        if "broadcast" in str(exc):
            return CheckResult(
                "incorrect",
                f"Your function raised ValueError: {str(exc)[:120]}. dscores is ∂L/∂scores, one "
                "number per class; the attack needs ∂L/∂x, one per pixel — the second result of "
                "net.backward(dscores, caches).",
            )
        return None
    except Exception:
        return None
    if not np.array_equal(x, before):
        return CheckResult(
            "incorrect",
            "Not quite: your function changed the images x it was given (x += ... modifies the "
            "caller's array in place: the notebook's test images would be attacked for good). "
            "Build a new array: return np.clip(x + eps * np.sign(dx), 0, 1).",
        )
    return None


def check_fgsm(fgsm: Any) -> CheckResult:
    """Build-it 4: ``fgsm(net, x, labels, eps)`` — x + ε·sign(∂L/∂x), clipped to [0, 1]."""
    if callable(fgsm):
        slip = _fgsm_slip(fgsm)
        if slip is not None:
            return slip
    return check_function(
        fgsm,
        _fgsm,
        [(_FGSM_NET, _FGSM_X, _FGSM_Y, 0.1), (_FGSM_NET, _FGSM_X[:3], _FGSM_Y[:3], 0.3)],
        rtol=1e-12,
        atol=1e-12,
        mistakes=[
            (
                _fgsm_downhill,
                "that steps *downhill* and makes the model more confident; an attack climbs the "
                "loss: x + ε·sign(∂L/∂x).",
            ),
            (
                _fgsm_unclipped,
                "clip the result to [0, 1] (np.clip): it must remain a valid image.",
            ),
            (
                _fgsm_raw_gradient,
                "use the *sign* of the gradient: every pixel moves by exactly ε.",
            ),
        ],
        success="Correct: x + ε·sign(∂L/∂x), clipped to [0, 1] — the gradient turned against "
        "the model.",
    )


def use_fgsm(fgsm: Any) -> Callable[..., Any]:
    """Check build-it 4 and return the attack the notebook uses from here."""
    return use_checked(check_fgsm, fgsm, _fgsm, name="fgsm")


# -- the other exercises --------------------------------------------------------------------------


def check_numerical_gradient_cost(count: Any) -> CheckResult:
    """Forward passes for a central-difference gradient of the 784-256-256-10 network."""
    weights = 784 * 256 + 256 * 256 + 256 * 10
    return check_number(
        count,
        2 * BENCHMARK_PARAMETERS,
        rtol=0.0,
        atol=0.5,
        mistakes=[
            (
                BENCHMARK_PARAMETERS,
                "a central difference needs two passes per parameter, L(θ + h·eᵢ) and L(θ − h·eᵢ).",
            ),
            (
                BENCHMARK_PARAMETERS + 1,
                "that is the one-sided difference (n nudges and one unnudged pass); the central "
                "difference needs two passes per parameter.",
            ),
            (
                2 * weights,
                "count the biases too: every layer has one per output unit (256 + 256 + 10).",
            ),
            (weights, "count the biases too, and two passes per parameter."),
            (
                2 * N_PARAMETERS,
                "that is the chapter's 784-128-10 network; the question is about the benchmark's "
                "784-256-256-10 (MLP((784, 256, 256, 10)).params).",
            ),
            (1, "that is the backward pass; the numerical gradient needs passes per parameter."),
            (2, "two passes per *parameter*: how many parameters has the network?"),
        ],
        success=f"Correct: 2 × {BENCHMARK_PARAMETERS:,} = {2 * BENCHMARK_PARAMETERS:,} forward "
        "passes for one gradient, against one forward and one backward pass for backpropagation.",
    )


_rise_rng = np.random.default_rng(66)
_GRADS = [_rise_rng.normal(size=(2, 784)) * 0.01, _rise_rng.normal(size=(5,))]


def _l2_rise(g: np.ndarray, e: float) -> float:
    return float(e * np.sqrt(np.sum(g**2)))


def check_first_order_rise(rise: Any) -> CheckResult:
    """``rise(grad, eps)``: the first-order rise of the loss for a step of length ε along ∇ₓL.

    The step is δ = ε·g/‖g‖₂, so ∇ₓL·δ = ε‖g‖₂, summed over every entry of ``grad`` whatever
    its shape.
    """
    ratio = np.sum(np.abs(_GRADS[0])) / np.sqrt(np.sum(_GRADS[0] ** 2))
    return check_function(
        rise,
        _l2_rise,
        [(_GRADS[0], 0.1), (_GRADS[1], 0.02)],
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                lambda g, e: e * np.sum(np.abs(g)),
                "that is the sign step's rise, ε·Σ|gᵢ|; here δ = ε·g/‖g‖₂, a step of length ε "
                "along g, so g·δ = ε·‖g‖₂.",
            ),
            (
                lambda g, e: e * np.sum(g**2),
                "divide by the length: δ = ε·g/‖g‖₂ has length ε, so g·δ = ε·Σgᵢ²/‖g‖₂ = ε·‖g‖₂.",
            ),
            (lambda g, e: np.sqrt(np.sum(g**2)), "the step has length ε: multiply by ε."),
            (
                lambda g, e: e * np.sum(g) / np.sqrt(np.sum(g**2)),
                "δ = ε·g/‖g‖₂, so g·δ = ε·Σgᵢ·gᵢ/‖g‖₂: square the entries, don't just sum them.",
            ),
            (
                lambda g, e: e * np.linalg.norm(g, axis=-1).mean(),
                "grad may have any shape (here a batch of two images): take the length of the "
                "whole array, summing gᵢ² over every entry.",
            ),
            (
                lambda g, e: e * np.linalg.norm(g, axis=-1).sum(),
                "grad may have any shape (here a batch of two images): take the length of the "
                "whole array, √(Σgᵢ²) over every entry, not a sum of per-row lengths.",
            ),
            (
                lambda g, e: e * np.abs(g),
                "return one number, the change of the loss: the dot product g·δ sums over entries.",
            ),
        ],
        success="Correct: a step of length ε along g raises the loss by ε‖g‖₂. The sign step "
        "moves every pixel by ε and gains ε‖g‖₁, up to √n times more: for the check's 1,568-entry "
        f"gradient, {ratio:.0f} times more. That is why the attack uses the sign.",
    )


def check_step_growth_factor(factor: Any, *, curvature: float) -> CheckResult:
    """|1 − ηλ_max| at η = 3 × 2/λ_max: how much each step multiplies the error along the top
    eigenvector (it is 5, whatever λ_max).

    ``curvature`` is the λ_max the notebook measured (the course's number, not the learner's
    answer), so a bad one raises instead of being judged.
    """
    curvature = require_positive_scalar(curvature, "curvature")
    eta = 3 * 2.0 / curvature
    return check_number(
        factor,
        abs(1.0 - eta * curvature),
        rtol=1e-6,
        atol=1e-9,
        mistakes=[
            (
                1.0 - eta * curvature,
                "1 − ηλ = −5 is right, but the question is the size of the factor, |1 − ηλ|: the "
                "sign only says the iterate flips side every step.",
            ),
            (eta * curvature, "the factor is 1 − ηλ (w ← w − ηλw), not ηλ."),
            (
                abs(1.0 - 3.0),
                "that is η = 3/λ_max, three times 1/λ; the bound is 2/λ_max, so η = 3 × 2/λ_max.",
            ),
            (eta, "that is the step size η itself; the factor is |1 − ηλ_max|."),
            (3.0, "that is η divided by the bound; the factor is |1 − ηλ_max|."),
        ],
        success=f"Correct: η = 3 × 2/λ_max = {eta:.2f}, and |1 − ηλ_max| = 5: along the "
        "most-curved direction (the top eigenvector) the distance to the minimum grows fivefold "
        "per step on a bowl. Cross-entropy is no bowl: the orange run was caught again as the "
        "softmax saturated and the curvature fell.",
    )

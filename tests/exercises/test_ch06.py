"""Chapter 06's exercise checks: solutions pass, planted bugs are named, nothing raises, and the
reference training loop the notebook falls back to equals ``train_classifier`` bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch06
from course_utils.learning.layers import softmax_cross_entropy
from course_utils.learning.mlp import MLP
from course_utils.learning.optim import Adam
from course_utils.learning.training import train_classifier

# -- solutions, written as a learner would ---------------------------------------------------------


def iterate_minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def train_step(net, optimizer, state, x, labels):
    scores, caches = net.forward(x)
    loss, dscores = softmax_cross_entropy(scores, labels)
    grads, _ = net.backward(dscores, caches)
    names = list(net.params)
    state = optimizer.step([net.params[k] for k in names], [grads[k] for k in names], state)
    return loss, state


def train_epoch(net, optimizer, state, x, labels, batch_size, rng):
    losses = []
    for idx in iterate_minibatches(len(labels), batch_size, rng):
        loss, state = train_step(net, optimizer, state, x[idx], labels[idx])
        losses.append(loss)
    return losses, state


def fgsm(net, x, labels, eps):
    scores, caches = net.forward(x)
    _, dscores = softmax_cross_entropy(scores, labels)
    _, dx = net.backward(dscores, caches)
    return np.clip(x + eps * np.sign(dx), 0.0, 1.0)


def _gradients(net, x, labels):
    scores, caches = net.forward(x)
    loss, dscores = softmax_cross_entropy(scores, labels)
    return loss, net.backward(dscores, caches)[0]


def test_solutions_pass_and_are_used():
    assert ch06.check_iterate_minibatches(iterate_minibatches).passed
    assert ch06.check_train_step(train_step).passed
    assert ch06.check_train_epoch(train_epoch).passed
    assert ch06.check_fgsm(fgsm).passed
    assert ch06.use_fgsm(fgsm) is fgsm
    assert ch06.use_train_step(...) is ch06._train_step
    assert ch06.check_numerical_gradient_cost(2 * 269_322).passed
    assert ch06.check_first_order_rise(lambda g, e: e * np.sqrt(np.sum(g**2))).passed
    assert ch06.check_first_order_rise(lambda g, e: e * np.linalg.norm(g)).passed
    assert ch06.check_step_growth_factor(abs(1 - 3 * (2 / 5.3) * 5.3), curvature=5.3).passed
    benchmark = MLP((784, 256, 256, 10))
    assert ch06.BENCHMARK_PARAMETERS == sum(p.size for p in benchmark.params.values())


def test_scaffolds_count_as_unanswered():
    def scaffold(*args):
        raise NotImplementedError

    for check in (
        ch06.check_iterate_minibatches,
        ch06.check_train_step,
        ch06.check_train_epoch,
        ch06.check_fgsm,
    ):
        assert check(scaffold).status == "unanswered"
        assert check(...).status == "unanswered"
        assert check(3).status == "incorrect"


def test_an_epoch_calling_an_unfinished_scaffold_says_which_to_call():
    def iterate_minibatches(n, batch_size, rng):
        raise NotImplementedError

    def epoch(net, optimizer, state, x, labels, batch_size, rng):
        for _ in iterate_minibatches(len(labels), batch_size, rng):
            pass

    result = ch06.check_train_epoch(epoch)
    assert result.status == "unanswered" and "batches_of" in result.message


# -- planted bugs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrong,hint",
    [
        (lambda n, b, r: [np.arange(n)[s : s + b] for s in range(0, n, b)], "not shuffled"),
        (lambda n, b, r: [r.permutation(n)[s : s + b] for s in range(0, n - n % b, b)], "last"),
        (lambda n, b, r: [r.integers(0, n, min(b, n - s)) for s in range(0, n, b)], "exactly once"),
        (lambda n, b, r: iterate_minibatches(n, b, np.random.default_rng(99)), "rng"),
        (lambda n, b, r: r.permutation(n), "list of index arrays"),
    ],
)
def test_batch_mistakes_are_named(wrong, hint):
    result = ch06.check_iterate_minibatches(wrong)
    assert result.status == "incorrect" and hint in result.message


def _unpaired(net, optimizer, state, x, labels):
    _, grads = _gradients(net, x, labels)
    return 0.0, optimizer.step(list(net.params.values()), list(grads.values()), state)


def _no_update(net, optimizer, state, x, labels):
    return _gradients(net, x, labels)[0], state


def _uphill(net, optimizer, state, x, labels):
    loss, grads = _gradients(net, x, labels)
    names = list(net.params)
    return loss, optimizer.step([net.params[k] for k in names], [-grads[k] for k in names], state)


def _weights_only(net, optimizer, state, x, labels):
    loss, grads = _gradients(net, x, labels)
    names = ["W1", "W2"]
    return loss, optimizer.step([net.params[k] for k in names], [grads[k] for k in names], state)


def _old_state(net, optimizer, state, x, labels):
    loss, grads = _gradients(net, x, labels)
    names = list(net.params)
    optimizer.step([net.params[k] for k in names], [grads[k] for k in names], state)
    return loss, state


@pytest.mark.parametrize(
    "wrong,hint",
    [
        (_unpaired, "pair them by name"),
        (_no_update, "did not change"),
        (_uphill, "uphill"),
        (_weights_only, "biases"),
        (_old_state, "return the state"),
        (lambda net, opt, state, x, labels: train_step(net, opt, state, x, labels)[0], "pair"),
    ],
)
def test_step_mistakes_are_named(wrong, hint):
    result = ch06.check_train_step(wrong)
    assert result.status == "incorrect" and hint in result.message


def _state_dropped(net, optimizer, state, x, labels, batch_size, rng):
    losses = []
    for idx in iterate_minibatches(len(labels), batch_size, rng):
        losses.append(train_step(net, optimizer, state, x[idx], labels[idx])[0])
    return losses, state


def _same_state_returns_last(net, optimizer, state, x, labels, batch_size, rng):
    losses = []
    for idx in iterate_minibatches(len(labels), batch_size, rng):
        loss, last = train_step(net, optimizer, state, x[idx], labels[idx])
        losses.append(loss)
    return losses, last


def _unshuffled(net, optimizer, state, x, labels, batch_size, rng):
    losses = []
    for start in range(0, len(labels), batch_size):
        idx = np.arange(start, min(start + batch_size, len(labels)))
        loss, state = train_step(net, optimizer, state, x[idx], labels[idx])
        losses.append(loss)
    return losses, state


def _mean_loss(net, optimizer, state, x, labels, batch_size, rng):
    losses, state = train_epoch(net, optimizer, state, x, labels, batch_size, rng)
    return float(np.mean(losses)), state


@pytest.mark.parametrize(
    "wrong,hint",
    [
        (_state_dropped, "state"),
        (_same_state_returns_last, "pass each step the state the previous step returned"),
        (_unshuffled, "differ from the reference"),
        (_mean_loss, "list of every mini-batch"),
    ],
)
def test_epoch_mistakes_are_named(wrong, hint):
    result = ch06.check_train_epoch(wrong)
    assert result.status == "incorrect" and hint in result.message


def _input_gradient(net, x, labels):
    scores, caches = net.forward(x)
    return net.backward(softmax_cross_entropy(scores, labels)[1], caches)[1]


def _fgsm_in_place(net, x, labels, eps):
    x += eps * np.sign(_input_gradient(net, x, labels))
    return np.clip(x, 0, 1)


def _fgsm_swapped(net, x, labels, eps):
    scores, caches = net.forward(x)
    dx, _ = net.backward(softmax_cross_entropy(scores, labels)[1], caches)
    return np.clip(x + eps * np.sign(dx), 0, 1)


def _fgsm_dscores(net, x, labels, eps):
    _, dscores = softmax_cross_entropy(net.forward(x)[0], labels)
    return np.clip(x + eps * np.sign(dscores), 0, 1)


@pytest.mark.parametrize(
    "wrong,hint",
    [
        (lambda n, x, y, e: np.clip(x - e * np.sign(_input_gradient(n, x, y)), 0, 1), "downhill"),
        (lambda n, x, y, e: x + e * np.sign(_input_gradient(n, x, y)), "clip"),
        (lambda n, x, y, e: np.clip(x + e * _input_gradient(n, x, y), 0, 1), "sign"),
        (_fgsm_in_place, "changed the images x"),
        (_fgsm_swapped, "net.backward returns (grads, dx)"),
        (_fgsm_dscores, "dscores is ∂L/∂scores"),
    ],
)
def test_fgsm_mistakes_are_named(wrong, hint):
    result = ch06.check_fgsm(wrong)
    assert result.status == "incorrect" and hint in result.message


def test_number_mistakes_are_named():
    cost = ch06.check_numerical_gradient_cost
    assert "two passes" in cost(269_322).message
    assert "one-sided" in cost(269_323).message
    assert "biases too" in cost(2 * (784 * 256 + 256 * 256 + 256 * 10)).message
    assert "784-128-10" in cost(2 * 101_770).message
    rise = ch06.check_first_order_rise
    assert "sign step" in rise(lambda g, e: e * np.abs(g).sum()).message
    assert "divide by the length" in rise(lambda g, e: e * np.sum(g**2)).message
    assert "any shape" in rise(lambda g, e: e * np.linalg.norm(g, axis=-1).mean()).message
    assert "any shape" in rise(lambda g, e: e * np.sqrt(np.sum(g**2, axis=-1)).sum()).message
    growth = ch06.check_step_growth_factor
    assert "size of the factor" in growth(1 - 6.0, curvature=5.3).message
    assert "three times 1/λ" in growth(2.0, curvature=5.3).message
    assert "step size η itself" in growth(6 / 5.3, curvature=5.3).message
    assert "1 − ηλ" in growth(6.0, curvature=5.3).message


def test_checks_do_not_mutate_and_survive_a_crashing_answer():
    def crash(*args):
        raise RuntimeError("boom")

    for check in (ch06.check_train_step, ch06.check_train_epoch, ch06.check_fgsm):
        assert "RuntimeError" in check(crash).message
    before = ch06._X.copy()

    def scribble(net, optimizer, state, x, labels, *rest):
        x[...] = 0.0
        return train_step(net, optimizer, state, x, labels)

    ch06.check_train_step(scribble)
    assert np.array_equal(ch06._X, before)


# -- the reference loop is train_classifier, bit for bit ------------------------------------------


def test_reference_loop_equals_train_classifier():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0, 1, size=(150, 12)), rng.integers(0, 4, size=150)
    fast = MLP((12, 16, 4), seed=1)
    train_classifier(fast, x, y, x[:20], y[:20], Adam(0.01), epochs=3, batch_size=32, seed=5)
    textbook, state, batches = MLP((12, 16, 4), seed=1), {}, np.random.default_rng(5)
    optimizer = Adam(0.01)
    for _ in range(3):
        _, state = ch06._train_epoch(textbook, optimizer, state, x, y, 32, batches)
    for name in fast.params:
        assert np.array_equal(fast.params[name], textbook.params[name]), name

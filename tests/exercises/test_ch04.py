"""Chapter 04's exercise checks: solutions pass, typical mistakes are named, build-its choose,
and the references compute exactly what the course's optimizers compute."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import SGD, Adam, Momentum, run_optimizer
from course_utils.exercises import ch04
from course_utils.exercises.build_it import USING_REFERENCE, USING_YOURS


def gradient_descent(grad, w0, lr, steps):
    w = np.asarray(w0, dtype=float).copy()
    path = [w.copy()]
    for _ in range(steps):
        w -= lr * grad(w)  # in place, but a copy goes into the path
        path.append(w.copy())
    return np.stack(path)


def momentum(grad, w0, lr, steps, beta=0.9):
    w, v = np.array(w0, dtype=float), 0.0
    path = [w]
    for _ in range(steps):
        v = beta * v + grad(w)
        w = w - lr * v
        path.append(w)
    return np.array(path)


def adam(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(w0, dtype=float)
    m = v = np.zeros_like(w)
    path = [w]
    for t in range(1, steps + 1):
        g = grad(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        path.append(w)
    return np.array(path)


def test_build_it_solutions_pass():
    assert ch04.check_gradient_descent(gradient_descent).passed
    assert ch04.check_momentum(momentum).passed
    assert ch04.check_adam(adam).passed


def test_other_solutions_pass():
    assert ch04.check_stability_bound(0.5).passed
    assert ch04.check_heavy_ball_bound(2 * 1.8 / 4).passed
    assert ch04.check_newton_step(np.array([1.0, 2.0])).passed
    assert ch04.check_quadratic_minimum(3.0).passed
    assert ch04.check_momentum_velocity(2.71).passed


def _gd_aliased(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w)
    return np.array(path)


def _gd_uphill(grad, w0, lr, steps):
    return gradient_descent(lambda w: -grad(w), w0, lr, steps)


def _gd_without_start(grad, w0, lr, steps):
    return gradient_descent(grad, w0, lr, steps)[1:]


def _gd_last_point(grad, w0, lr, steps):
    return gradient_descent(grad, w0, lr, steps)[-1]


def _gd_frozen_gradient(grad, w0, lr, steps):
    g = grad(np.array(w0, dtype=float))
    return gradient_descent(lambda w: g, w0, lr, steps)


def _gd_extra_step(grad, w0, lr, steps):
    return gradient_descent(grad, w0, lr, steps + 1)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (_gd_aliased, "same array many times"),
        (_gd_uphill, "uphill"),
        (_gd_without_start, "starting point is missing"),
        (_gd_last_point, "only the last point"),
        (_gd_frozen_gradient, "inside the loop"),
        (_gd_extra_step, "one step too many"),
        (lambda grad, w0, lr, steps: gradient_descent(grad, w0, 1.0, steps), "learning rate"),
    ],
)
def test_gradient_descent_mistakes_are_named(wrong, hint):
    result = ch04.check_gradient_descent(wrong)
    assert result.status == "incorrect" and hint in result.message


def _mom_averaged(grad, w0, lr, steps, beta=0.9):
    return momentum(lambda w: (1 - beta) * grad(w), w0, lr, steps, beta)


def _mom_old_velocity(grad, w0, lr, steps, beta=0.9):
    w, v = np.array(w0, dtype=float), 0.0
    path = [w]
    for _ in range(steps):
        w = w - lr * v
        v = beta * v + grad(path[-1])
        path.append(w)
    return np.array(path)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (_mom_averaged, "averaged form"),
        (_mom_old_velocity, "*old* velocity"),
        (lambda grad, w0, lr, steps, beta=0.9: gradient_descent(grad, w0, lr, steps), "plain"),
        (lambda grad, w0, lr, steps, beta=0.9: momentum(grad, w0, lr, steps), "`beta`"),
        (lambda grad, w0, lr, steps, beta=0.9: momentum(grad, w0, lr, steps, beta)[1:], "missing"),
    ],
)
def test_momentum_mistakes_are_named(wrong, hint):
    result = ch04.check_momentum(wrong)
    assert result.status == "incorrect" and hint in result.message


def _adam_with(**changes):
    def run(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
        w = np.array(w0, dtype=float)
        m = v = np.zeros_like(w)
        path = [w]
        first = changes.get("t0", 1)
        with np.errstate(all="ignore"):
            for t in range(first, first + steps):
                g = grad(w)
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * g**2
                m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
                if changes.get("uncorrected"):
                    m_hat, v_hat = m, v
                scale = v_hat if changes.get("no_root") else np.sqrt(v_hat)
                top = g if changes.get("raw_gradient") else m_hat
                w = w - lr * top / (scale + eps)
                path.append(w)
        return np.array(path)

    return run


@pytest.mark.parametrize(
    "changes, hint",
    [
        ({"uncorrected": True}, "bias correction is missing"),
        ({"t0": 0}, "t starts at 1"),
        ({"t0": 2}, "one ahead"),
        ({"no_root": True}, "square root"),
        ({"raw_gradient": True}, "averaged gradient"),
    ],
)
def test_adam_mistakes_are_named(changes, hint):
    result = ch04.check_adam(_adam_with(**changes))
    assert result.status == "incorrect" and hint in result.message


def test_other_mistakes_are_named():
    assert "largest" in ch04.check_stability_bound(1.0).message
    assert "without momentum" in ch04.check_heavy_ball_bound(0.5).message
    assert "(1 + β), not (1 − β)" in ch04.check_heavy_ball_bound(2 * 0.2 / 4).message
    assert "gradient step" in ch04.check_newton_step(np.array([2.0, 7.0])).message
    assert "sign" in ch04.check_newton_step(np.array([3.0, -4.0])).message
    assert "sign error" in ch04.check_quadratic_minimum(-3.0).message
    assert "limit" in ch04.check_momentum_velocity(10.0).message


def test_scaffolds_count_as_unanswered():
    def scaffold(*args, **kwargs):
        raise NotImplementedError

    for check in (ch04.check_gradient_descent, ch04.check_momentum, ch04.check_adam):
        assert check(scaffold).status == "unanswered"


def test_checks_do_not_mutate_and_never_raise():
    def vandal(grad, w0, lr, steps, *rest):
        w0[...] = 99.0  # the check hands over copies
        raise ValueError("boom")

    for check in (ch04.check_gradient_descent, ch04.check_momentum, ch04.check_adam):
        result = check(vandal)
        assert result.status == "incorrect" and "ValueError" in result.message


@pytest.mark.parametrize(
    "use, yours, name",
    [
        (ch04.use_gradient_descent, gradient_descent, "gradient_descent"),
        (ch04.use_momentum, momentum, "momentum"),
        (ch04.use_adam, adam, "adam"),
    ],
)
def test_use_functions_choose(use, yours, name, capsys):
    assert use(yours) is yours
    assert USING_YOURS.format(name=name) in capsys.readouterr().out
    chosen = use(_gd_aliased)
    assert chosen is not _gd_aliased and callable(chosen)
    assert USING_REFERENCE.format(name=name) in capsys.readouterr().out


def _rosenbrock_grad(v):
    x, y = v
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


@pytest.mark.parametrize(
    "reference, optimizer",
    [
        (lambda g, x0, n: ch04._gradient_descent(g, x0, 0.001, n), SGD(0.001)),
        (lambda g, x0, n: ch04._momentum(g, x0, 0.001, n, 0.9), Momentum(0.001, 0.9)),
        (lambda g, x0, n: ch04._adam(g, x0, 0.05, n), Adam(0.05)),
    ],
)
def test_references_equal_the_course_optimizers_bit_for_bit(reference, optimizer):
    """The notebook's cells print the same numbers whether they run on optim's classes, the
    references here or the solutions (written the same way)."""
    path = reference(_rosenbrock_grad, [-1.2, 1.0], 1500)
    run = run_optimizer(_rosenbrock_grad, [-1.2, 1.0], optimizer, 1500)
    assert np.array_equal(path, run.points)


def _gd_kept_w0_as_is(grad, w0, lr, steps):
    w = w0  # no conversion: fine for arrays, a TypeError for the notebook's lists
    path = [w]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w)
    return np.array(path)


def _gd_first_row_in_place(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w.copy())
    return np.array(path)


def test_a_loop_that_cannot_take_a_list_is_told_to_convert_w0():
    result = ch04.check_gradient_descent(_gd_kept_w0_as_is)
    assert result.status == "incorrect" and "np.array(w0, dtype=float)" in result.message
    assert "np.array(w0, dtype=float)" not in ch04.check_gradient_descent(_gd_uphill).message


def test_a_first_row_changed_in_place_is_named():
    result = ch04.check_gradient_descent(_gd_first_row_in_place)
    assert result.status == "incorrect" and "first row is not w0" in result.message


def _momentum_with(rule):
    def run(grad, w0, lr, steps, beta=0.9):
        w = np.array(w0, dtype=float)
        v = grad(w) if rule == "v0" else np.zeros_like(w)
        path = [w]
        for _ in range(steps):
            if rule == "nesterov":
                v = beta * v + grad(w - lr * beta * v)
            elif rule == "beta on g":
                v = v + beta * grad(w)
            elif rule == "1 - beta":
                v = (1 - beta) * v + grad(w)
            else:
                v = beta * v + grad(w)
            w = w - lr * v
            path.append(w)
        return np.array(path)

    return run


@pytest.mark.parametrize(
    "rule, hint",
    [
        ("v0", "v starts at the first gradient"),
        ("nesterov", "Nesterov"),
        ("beta on g", "β multiplies the gradient"),
        ("1 - beta", "multiplied by 1 − β"),
    ],
)
def test_more_momentum_mistakes_are_named(rule, hint):
    result = ch04.check_momentum(_momentum_with(rule))
    assert result.status == "incorrect" and hint in result.message


def _adam_bookkeeping(slip):
    def run(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
        w = np.array(w0, dtype=float)
        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
        path = [w]
        for _ in range(steps):
            if slip != "t fixed" or t == 0:
                t += 1
            g = grad(w)
            m = beta1 * m + (g if slip in ("sum m", "sum both") else (1 - beta1) * g)
            v = beta2 * v + (g**2 if slip == "sum both" else (1 - beta2) * g**2)
            if slip == "overwritten":
                m = m / (1 - beta1**t)
                v = v / (1 - beta2**t)
                w = w - lr * m / (np.sqrt(v) + eps)
            else:
                w = w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
            path.append(w)
        return np.array(path)

    return run


@pytest.mark.parametrize(
    "slip, hint",
    [
        ("overwritten", "written back into m and v"),
        ("t fixed", "t stays 1"),
        ("sum m", "m is a running *mean*"),
        ("sum both", "m and v are running *means*"),
    ],
)
def test_adam_bookkeeping_mistakes_are_named(slip, hint):
    result = ch04.check_adam(_adam_bookkeeping(slip))
    assert result.status == "incorrect" and hint in result.message


def test_an_unlisted_slip_gets_the_first_differing_row():
    def doubled_gradient(grad, w0, lr, steps, beta=0.9):
        return momentum(lambda w: 2 * grad(w), w0, lr, steps, beta)

    result = ch04.check_momentum(doubled_gradient)
    assert "the first row that differs is row 1: expected (0.6), got (1.2)" in result.message


def test_near_misses_of_the_number_exercises_are_explained():
    for just_under in (0.49, 0.4999):
        assert "no largest stable η" in ch04.check_stability_bound(just_under).message
    assert "no largest stable η" in ch04.check_heavy_ball_bound(0.89).message
    assert "−b is missing" in ch04.check_newton_step(np.array([0.0, 0.0])).message
    assert (
        "not Hw + b"
        in ch04.check_newton_step(-np.linalg.solve(ch04.EX2_HESSIAN, ch04.NEWTON_B)).message
    )
    assert "'Settles' means the limit" in ch04.check_quadratic_minimum(2.9999).message
    assert "two steps" in ch04.check_momentum_velocity(1.9).message
    assert "four steps" in ch04.check_momentum_velocity(3.439).message

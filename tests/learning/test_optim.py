"""Optimizers: hand-computed first steps, known minima, the shared interface, bad input.

Their fused in-place twins are checked against these textbook rules in test_fast.py."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.learning.optim import (
    SGD,
    Adam,
    Momentum,
    RMSProp,
    Trajectory,
    clip_by_norm,
    clip_by_value,
    run_optimizer,
)


def quad_grad(x):
    return np.array([1.0, 10.0]) * x


def quad_loss(x):
    return 0.5 * (x[0] ** 2 + 10 * x[1] ** 2)


def test_first_steps_by_hand():
    g = np.array([2.0, -4.0])
    p = np.array([1.0, 1.0])
    SGD(0.1).step([p], [g])
    np.testing.assert_allclose(p, [0.8, 1.4])

    p = np.array([1.0, 1.0])
    state = Momentum(0.1, beta=0.5).step([p], [g])
    np.testing.assert_allclose(p, [0.8, 1.4])  # v = g on the first step
    Momentum(0.1, beta=0.5).step([p], [g], state)  # v = 0.5 g + g = 1.5 g
    np.testing.assert_allclose(p, [0.8 - 0.3, 1.4 + 0.6])

    p = np.array([1.0, 1.0])
    RMSProp(0.01, rho=0.9, eps=0.0 + 1e-12).step([p], [g])
    # s = 0.1 g², step = η g / sqrt(0.1 g²) = η sign(g) / sqrt(0.1)
    np.testing.assert_allclose(p, 1.0 - 0.01 * np.sign(g) / np.sqrt(0.1), rtol=1e-9)

    p = np.array([1.0, 1.0])
    state = Adam(0.01).step([p], [g])
    # bias-corrected first step is η·sign(g) (up to eps)
    np.testing.assert_allclose(p, 1.0 - 0.01 * np.sign(g), rtol=1e-6)
    assert state["t"] == 1

    p = np.array([1.0, 1.0])
    Adam(0.01, bias_correction=False).step([p], [g])
    # without correction: m = 0.1 g, v = 0.001 g² → step η·0.1/sqrt(0.001) ≈ 3.16 η
    np.testing.assert_allclose(p, 1.0 - 0.01 * np.sign(g) * 0.1 / np.sqrt(0.001), rtol=1e-6)


@pytest.mark.parametrize(
    "optimizer,steps",
    [(SGD(0.15), 300), (Momentum(0.05, 0.8), 300), (RMSProp(0.01), 3000), (Adam(0.05), 2000)],
    ids=["sgd", "momentum", "rmsprop", "adam"],
)
def test_all_reach_the_minimum_of_a_quadratic(optimizer, steps):
    run = run_optimizer(quad_grad, [3.0, -2.0], optimizer, steps, loss_fn=quad_loss)
    assert np.linalg.norm(run.points[-1]) < 1e-2
    assert not run.diverged


def test_rosenbrock_minimum_with_adam():
    def grad(v):
        x, y = v
        return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])

    run = run_optimizer(grad, [-1.2, 1.0], Adam(0.02), 5000)
    np.testing.assert_allclose(run.points[-1], [1.0, 1.0], atol=1e-2)


def test_learning_rate_bound_two_over_lambda_max():
    # Hessian diag(1, 10): GD is stable iff lr < 2/10
    below = run_optimizer(quad_grad, [1.0, 1.0], SGD(0.199), 2000, loss_fn=quad_loss)
    above = run_optimizer(quad_grad, [1.0, 1.0], SGD(0.201), 2000, loss_fn=quad_loss)
    assert below.losses[-1] < 1e-6 and not below.diverged
    assert above.diverged or above.losses[-1] > above.losses[0]


def test_driver_stops_on_gradient_norm_and_records():
    run = run_optimizer(quad_grad, [1.0, 1.0], SGD(0.1), 10_000, loss_fn=quad_loss, tol=1e-6)
    assert run.converged and run.steps < 10_000
    assert run.grad_norms[-1] < 1e-6 and run.points.shape == (run.steps + 1, 2)
    assert np.all(np.diff(run.losses) <= 0)


def test_clipping_tames_a_cliff():
    def cliff_grad(x):
        return np.array([1e4 if x[0] < 0.1 else 1.0])

    free = run_optimizer(cliff_grad, [0.0], SGD(0.1), 5)
    clipped = run_optimizer(cliff_grad, [0.0], SGD(0.1), 5, clip_norm=1.0)
    assert abs(free.points[1, 0]) == pytest.approx(1e3)
    assert np.max(np.abs(np.diff(clipped.points[:, 0]))) <= 0.1 + 1e-12
    np.testing.assert_allclose(clip_by_norm([3.0, 4.0], 1.0), [0.6, 0.8])
    np.testing.assert_allclose(clip_by_norm([0.3, 0.4], 1.0), [0.3, 0.4])


def test_clipping_by_value_bends_the_direction_by_norm_keeps_it():
    g = np.array([12.0, 3.0])
    np.testing.assert_array_equal(clip_by_value(g, 5.0), [5.0, 3.0])
    np.testing.assert_array_equal(clip_by_value([-7.0, 0.5], 5.0), [-5.0, 0.5])
    by_norm = clip_by_norm(g, 5.0)
    assert np.linalg.norm(by_norm) == pytest.approx(5.0)
    assert by_norm[1] / by_norm[0] == pytest.approx(g[1] / g[0])
    assert clip_by_value(g, 5.0)[1] / clip_by_value(g, 5.0)[0] != pytest.approx(g[1] / g[0])


def test_driver_clips_by_value():
    def grad(x):
        return np.array([40.0, -2.0]) if x[0] < 1 else np.zeros(2)

    run = run_optimizer(grad, [0.0, 0.0], SGD(0.1), 1, clip_value=5.0)
    np.testing.assert_allclose(run.points[1], [-0.5, 0.2])
    with pytest.raises(ValueError, match="not both"):
        run_optimizer(grad, [0.0, 0.0], SGD(0.1), 1, clip_value=5.0, clip_norm=1.0)
    with pytest.raises(ValueError, match="clip_value must be a finite number > 0"):
        run_optimizer(grad, [0.0, 0.0], SGD(0.1), 1, clip_value=-1.0)


def test_divergence_is_reported_not_raised():
    run = run_optimizer(lambda x: 2 * x, [1.0], SGD(1.5), 500)
    assert run.diverged and not run.converged


def test_x0_is_not_modified():
    x0 = np.array([1.0, 2.0])
    run_optimizer(quad_grad, x0, SGD(0.1), 3)
    np.testing.assert_array_equal(x0, [1.0, 2.0])


@pytest.mark.parametrize(
    "factory,match",
    [
        (lambda: SGD(0.0), "lr must be a finite number > 0"),
        (lambda: SGD(-1e-3), "lr must be a finite number > 0"),
        (lambda: Momentum(0.1, beta=1.0), r"beta must lie in \[0, 1\)"),
        (lambda: Momentum(0.1, beta=-0.1), r"beta must lie in \[0, 1\)"),
        (lambda: RMSProp(0.1, rho=1.5), r"rho must lie in \[0, 1\)"),
        (lambda: Adam(0.1, beta2=1.0), r"beta2 must lie in \[0, 1\)"),
        (lambda: Adam(0.1, eps=0.0), "eps must be a finite number > 0"),
        (lambda: SGD(float("nan")), "lr must be a finite number > 0"),
        (lambda: Momentum(0.1, beta="0.9"), "beta must be a number"),
    ],
)
def test_bad_hyperparameters(factory, match):
    with pytest.raises((TypeError, ValueError), match=match):
        factory()


def test_bad_params_and_grads():
    with pytest.raises(TypeError, match="floating-point NumPy array"):
        SGD(0.1).step([np.array([1, 2])], [np.array([1.0, 1.0])])
    with pytest.raises(TypeError, match="floating-point NumPy array"):
        SGD(0.1).step([[1.0, 2.0]], [np.array([1.0, 1.0])])
    with pytest.raises(ValueError, match="shape"):
        Adam().step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(ValueError, match="NaN or inf"):
        Momentum(0.1).step([np.zeros(2)], [np.array([np.nan, 0.0])])
    with pytest.raises(ValueError, match="pair up"):
        SGD(0.1).step([np.zeros(2)], [])
    with pytest.raises(TypeError, match="optimizer must have a step"):
        run_optimizer(quad_grad, [1.0, 1.0], "adam", 3)
    with pytest.raises(ValueError, match="steps must be a whole number"):
        run_optimizer(quad_grad, [1.0, 1.0], SGD(0.1), -1)


def test_adam_bias_correction_by_hand_over_a_few_steps():
    # m̂, v̂ written out for a constant gradient: bias-corrected steps are exactly η·sign(g)
    g, p = np.array([2.0, -4.0]), np.array([1.0, 1.0])
    state = {}
    for t in range(1, 4):
        state = Adam(0.01).step([p], [g], state)
        m = (1 - 0.9**t) * g  # the running means of g and g² after t equal gradients
        v = (1 - 0.999**t) * g**2
        np.testing.assert_allclose(state["m"][0], m, rtol=1e-12)
        np.testing.assert_allclose(state["v"][0], v, rtol=1e-12)
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        np.testing.assert_allclose(m_hat, g)
        np.testing.assert_allclose(v_hat, g**2)
    np.testing.assert_allclose(p, 1.0 - 3 * 0.01 * np.sign(g), rtol=1e-6)


def test_trajectory_has_exactly_the_documented_fields():
    assert set(Trajectory.__dataclass_fields__) == {
        "points",
        "losses",
        "grad_norms",
        "converged",
        "diverged",
    }


def test_step_refuses_bare_arrays_and_complex_gradients():
    w = np.zeros(2)
    with pytest.raises(TypeError, match=r"params must be a list of arrays, one per parameter"):
        SGD(0.1).step(w, [np.ones(2)])
    with pytest.raises(TypeError, match=r"grads must be a list of arrays"):
        Adam().step([w], np.ones(2))
    with pytest.raises(TypeError, match=r"grads\[0\] must be a real-valued.*imaginary part"):
        Momentum(0.1).step([w], [np.ones(2) * 1j])
    with pytest.raises(TypeError, match=r"grads\[0\] must be a real-valued"):
        RMSProp(0.1).step([w], [np.array(["a", "b"])])
    np.testing.assert_array_equal(w, [0.0, 0.0])  # nothing was modified

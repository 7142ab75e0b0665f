"""Chapter 05's exercise checks: solutions pass, typical mistakes are named, build-its switch."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch05
from course_utils.exercises.build_it import USING_REFERENCE, USING_YOURS
from course_utils.learning.layers import linear_backward as course_linear_backward
from course_utils.learning.layers import (
    linear_forward,
    relu_backward,
    relu_forward,
    softmax,
    softmax_cross_entropy,
)

# -- the build-its: solutions written as in the notebook's solution cells -------------------------


def linear_backward(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def relu_bw(dout, z):
    return dout * (z > 0)


def softmax_ce_bw(scores, labels):
    n, c = scores.shape
    return (softmax(scores) - np.eye(c)[labels]) / n


def test_build_it_solutions_pass():
    assert ch05.check_linear_backward(linear_backward).passed
    assert ch05.check_relu_backward(relu_bw).passed
    assert ch05.check_softmax_cross_entropy_backward(softmax_ce_bw).passed


def test_references_equal_the_course_layers_float_for_float():
    rng = np.random.default_rng(3)
    x, W, b, d = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3), None
    out, cache = linear_forward(x, W, b)
    d = rng.normal(size=out.shape)
    for mine, course in zip(
        ch05._linear_backward(d, cache), course_linear_backward(d, cache), strict=True
    ):
        assert np.array_equal(mine, course)
    z = rng.normal(size=(6, 3))
    z[0, 0] = 0.0
    assert np.array_equal(ch05._relu_backward(d, z), relu_backward(d, relu_forward(z)[1]))
    scores, labels = rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    np.testing.assert_allclose(
        ch05._softmax_cross_entropy_backward(scores, labels),
        softmax_cross_entropy(scores, labels)[1],
        rtol=1e-14,
        atol=1e-17,
    )


@pytest.mark.parametrize(
    "wrong,hint",
    [
        (lambda d, c: (d @ c[1].T, d.T @ c[0], d.sum(axis=0)), "shape (M, D)"),
        (lambda d, c: (d @ c[1].T, c[0].T @ d / len(d), d.sum(axis=0)), "no extra 1/N"),
        (lambda d, c: (d @ c[1].T, c[0].T @ d, d.sum(axis=1)), "wrong axis"),
        (lambda d, c: (d @ c[1].T, c[0].T @ d, d.mean(axis=0)), "sum, don't average"),
        (lambda d, c: (d @ c[1].T, c[0].T @ d, d.sum()), "one entry per bias"),
        (lambda d, c: (d @ c[1], c[0].T @ d, d.sum(axis=0)), "raised ValueError"),
        (lambda d, c: (c[0].T @ d, d.sum(axis=0)), "three gradients"),
        (lambda d, c: None, "return"),
    ],
)
def test_linear_backward_mistakes_are_named(wrong, hint):
    result = ch05.check_linear_backward(wrong)
    assert result.status == "incorrect" and hint in result.message, result.message


def test_relu_and_softmax_mistakes_are_named():
    assert "1[z > 0] (strictly)" in ch05.check_relu_backward(lambda d, z: d * (z >= 0)).message
    assert "arriving gradient" in ch05.check_relu_backward(lambda d, z: (z > 0) * 1.0).message
    assert "its slope" in ch05.check_relu_backward(lambda d, z: d * np.maximum(z, 0)).message
    assert (
        "not by the sign of dout" in ch05.check_relu_backward(lambda d, z: np.maximum(d, 0)).message
    )

    def naive(s, y):
        e = np.exp(s)
        return (e / e.sum(axis=1, keepdims=True) - np.eye(s.shape[1])[y]) / len(s)

    assert "overflows" in ch05.check_softmax_cross_entropy_backward(naive).message
    no_mean = lambda s, y: softmax(s) - np.eye(s.shape[1])[y]  # noqa: E731
    assert "divide ŷ − y by N" in ch05.check_softmax_cross_entropy_backward(no_mean).message
    per_class = lambda s, y: (softmax(s) - np.eye(s.shape[1])[y]) / s.shape[1]  # noqa: E731
    assert "not by the number of classes" in (
        ch05.check_softmax_cross_entropy_backward(per_class).message
    )


def test_use_functions_switch_to_the_learners_code(capsys):
    def unfinished(dout, cache):
        raise NotImplementedError

    assert ch05.use_linear_backward(unfinished) is ch05._linear_backward
    assert USING_REFERENCE.format(name="linear_backward") in capsys.readouterr().out
    assert ch05.use_linear_backward(linear_backward) is linear_backward
    assert USING_YOURS.format(name="linear_backward") in capsys.readouterr().out
    assert ch05.use_relu_backward(relu_bw) is relu_bw
    assert ch05.use_softmax_cross_entropy_backward(softmax_ce_bw) is softmax_ce_bw
    assert ch05.use_relu_backward(None) is ch05._relu_backward


def test_ch05_exercises():
    assert ch05.check_mse_gradient(lambda p, t: 2 * (p - t) / len(p)).passed
    assert "with ½ in front" in ch05.check_mse_gradient(lambda p, t: (p - t) / len(p)).message
    assert "divide by n" in ch05.check_mse_gradient(lambda p, t: 2 * (p - t)).message
    assert ch05.check_initial_loss(np.log(10)).passed
    assert "natural logarithm" in ch05.check_initial_loss(1.0).message
    assert "10 classes" not in ch05.check_initial_loss(np.log(3)).message
    assert "here there are 10" in ch05.check_initial_loss(np.log(3)).message
    assert ch05.check_sigmoid_depth_factor(0.25**20).passed
    assert "multiply" in ch05.check_sigmoid_depth_factor(5.0).message
    assert "0.25, not 0.5" in ch05.check_sigmoid_depth_factor(0.5**20).message
    assert ch05.check_recurrent_growth(1.05**100).passed
    assert "compounds" in ch05.check_recurrent_growth(5.0).message
    assert ch05.check_clipped_gradient(np.array([3.0, -4.0])).passed
    assert "by value" in ch05.check_clipped_gradient(np.array([5.0, -5.0])).message
    assert "unit vector" in ch05.check_clipped_gradient(np.array([0.6, -0.8])).message


def test_review_mistakes_are_named():
    swapped = ch05.check_linear_backward(lambda d, c: (c[0].T @ d, d @ c[1].T, d.sum(axis=0)))
    assert "order dx, dW, db" in swapped.message
    assert "reversed" in ch05.check_relu_backward(lambda d, z: d * (z < 0)).message
    assert "never −1" in ch05.check_relu_backward(lambda d, z: d * np.sign(z)).message
    raw_labels = ch05.check_softmax_cross_entropy_backward(lambda s, y: (softmax(s) - y) / len(s))
    assert "np.eye(C)[labels]" in raw_labels.message and raw_labels.status == "incorrect"

    def columns(s, y):
        p = softmax(s)
        p[:, y] -= 1
        return p / len(s)

    assert "p[np.arange(N), labels]" in ch05.check_softmax_cross_entropy_backward(columns).message
    per_entry = lambda s, y: (softmax(s) - np.eye(s.shape[1])[y]) / s.size  # noqa: E731
    assert "N·C" in ch05.check_softmax_cross_entropy_backward(per_entry).message


def test_rounded_answers_get_the_rounding_hint():
    assert "right to 3 digits" in ch05.check_initial_loss(2.3).message
    assert "right to 2 digits" in ch05.check_sigmoid_depth_factor(9.1e-13).message
    assert "right to 3 digits" in ch05.check_sigmoid_depth_factor(9.09e-13).message
    assert "right to 3 digits" in ch05.check_recurrent_growth(132).message
    assert "Check each step again" in ch05.check_initial_loss(2.0).message

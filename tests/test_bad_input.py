"""Bad input, for every public callable: a clear TypeError/ValueError that names the argument.

The battery below is a table: one row per (callable, bad input, expected exception, words the
message must contain). ``test_every_public_callable_has_bad_input_cases`` enumerates
``course_utils.__all__``, so a new public helper without rows here fails the suite. Further tests
check that the exercise checks never raise and never mutate, that data faults become
``DataError`` leaving nothing behind, and that no finite bad input yields NaN/inf results.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import inspect
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import course_utils as cu  # noqa: E402
from course_utils.exercises import ch01, ch02, ch03, ch04, ch05, ch06, checks  # noqa: E402
from course_utils.learning import data  # noqa: E402
from course_utils.learning.data import DataError  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str  # the public name exercised
    call: Callable[[], Any]
    exc: type[BaseException]
    match: str


def _ax() -> Any:
    fig = matplotlib.figure.Figure()
    return fig.add_subplot()


def _f(x: Any) -> Any:
    return x**2


def _f2(v: Any) -> Any:
    return v[0] ** 2 + v[1] ** 2


def _net() -> Any:
    return cu.MLP((4, 3))


_X4 = np.zeros((5, 4))
_Y4 = np.array([0, 1, 2, 0, 1])


def _fig() -> Any:
    fig, _ = cu.new_figure(2.0, 2.0)
    return fig


def _slider() -> Any:
    return widgets.FloatSlider(value=0.0, min=-1.0, max=1.0)


def _leaf_graph() -> Any:
    w = cu.Value(2.0, "w")
    return w * 3.0


CASES: list[Case] = [
    # -- numeric ----------------------------------------------------------------------------
    Case("derivative", lambda: cu.derivative("x**2", 1.0), TypeError, "f must be a function"),
    Case("derivative", lambda: cu.derivative(_f, "1"), TypeError, "x must be a number"),
    Case("derivative", lambda: cu.derivative(_f, np.nan), ValueError, "x must be finite"),
    Case("derivative", lambda: cu.derivative(_f, 1.0, h=-1), ValueError, "h must be"),
    Case("derivative", lambda: cu.derivative(_f, 1.0, h=1e-300), ValueError, "h is too small"),
    Case("derivative", lambda: cu.derivative(_f, 1.0, method="exact"), ValueError, "method"),
    Case("derivative", lambda: cu.derivative(_f, 1 + 2j), TypeError, "x must be real"),
    Case("gradient", lambda: cu.gradient(_f2, [1.0, np.inf]), ValueError, "x must be finite"),
    Case("gradient", lambda: cu.gradient(lambda v: v, [1.0, 2.0]), ValueError, "single number"),
    Case("gradient", lambda: cu.gradient(_f2, [1.0, 2.0], h=True), TypeError, "h must be"),
    Case("jacobian", lambda: cu.jacobian(_f2, [[1.0, 2.0]]), ValueError, "x must be a vector"),
    Case("jacobian", lambda: cu.jacobian(None, [1.0]), TypeError, "f must be a function"),
    Case("hessian", lambda: cu.hessian(_f2, [1.0, 2.0], h=1e-200), ValueError, "h = 1e-200"),
    Case("hessian", lambda: cu.hessian(_f2, [0.0, 0.0], h=1e-200), ValueError, "h = 1e-200"),
    Case("hessian", lambda: cu.hessian(_f2, [1.0, 2.0], h=1e-9), ValueError, "h = 1e-09"),
    Case("hessian", lambda: cu.hessian(_f2, [1.0, 2.0], h=1e200), ValueError, "h = 1e"),
    Case("hessian", lambda: cu.hessian(_f2, [1.0, 2.0], h="1"), TypeError, "h must be"),
    Case(
        "directional_derivative",
        lambda: cu.directional_derivative(_f2, [1.0, 2.0], [1.0, 0.0], h=1e-200),
        ValueError,
        "h = 1e-200",
    ),
    Case(
        "directional_derivative",
        lambda: cu.directional_derivative(_f2, [1.0, 2.0], [0.0, 0.0]),
        ValueError,
        "u must be a non-zero",
    ),
    Case(
        "directional_derivative",
        lambda: cu.directional_derivative(_f2, [1.0, 2.0], [1.0, 0.0, 0.0]),
        ValueError,
        "u must have the same shape",
    ),
    Case("default_step", lambda: cu.default_step(1.0, "cubic"), ValueError, "method"),
    Case("default_step", lambda: cu.default_step([1.0, None]), TypeError, "x must be"),
    Case(
        "step_size_sweep",
        lambda: cu.step_size_sweep(_f, 1.0, 2.0, [1e-3, -1.0]),
        ValueError,
        "steps must all be > 0",
    ),
    Case("step_size_sweep", lambda: cu.step_size_sweep(_f, 1.0, 0.0, [1e-3]), ValueError, "exact"),
    Case(
        "step_size_sweep",
        lambda: cu.step_size_sweep(_f, 1.0, [2.0, 3.0], [1e-3]),
        TypeError,
        "exact must be a real number",
    ),
    Case(
        "step_size_sweep",
        lambda: cu.step_size_sweep(_f, 1.0, 2.0, [1e-3], methods="central"),
        TypeError,
        "methods must be a sequence",
    ),
    Case("step_size_sweep", lambda: cu.step_size_sweep(_f, 1.0, 2.0, []), ValueError, "steps"),
    Case("get_function", lambda: cu.get_function("tan"), ValueError, "key must be one of"),
    Case("get_function", lambda: cu.get_function(["sin"]), TypeError, "key must be one of"),
    Case(
        "taylor_polynomial",
        lambda: cu.taylor_polynomial([], 0.0, 1.0),
        ValueError,
        "derivatives must hold",
    ),
    Case(
        "taylor_polynomial",
        lambda: cu.taylor_polynomial([1.0], [0.0, 1.0], 1.0),
        TypeError,
        "a must be a real number",
    ),
    Case(
        "taylor_polynomial",
        lambda: cu.taylor_polynomial([1.0], 0.0, np.nan),
        ValueError,
        "x must be finite",
    ),
    Case(
        "TaylorFunction",
        lambda: cu.TAYLOR_FUNCTIONS["log1p"](-2.0),
        ValueError,
        r"ln\(1 \+ x\) at x must be finite",
    ),
    Case("TaylorFunction", lambda: cu.TAYLOR_FUNCTIONS["sin"]("x"), TypeError, "x must be"),
    Case("gradcheck", lambda: cu.gradcheck(_f2, [1.0, 2.0], [1.0]), ValueError, "grad must have"),
    Case(
        "gradcheck",
        lambda: cu.gradcheck(_f2, [1.0, 2.0], lambda v: None),
        TypeError,
        "grad returned None",
    ),
    Case(
        "gradcheck",
        lambda: cu.gradcheck(_f2, [1.0, 2.0], [2.0, 4.0], tol=0),
        ValueError,
        "tol must be",
    ),
    Case(
        "gradcheck",
        lambda: cu.gradcheck(_f2, [1.0, 2.0], [2.0, np.nan]),
        ValueError,
        "grad must be finite",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(lambda: 0.0, {"w": np.ones(3)}, {"w": np.ones(3)}, h=0),
        ValueError,
        "h must be",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(
            lambda: 0.0, {"w": np.ones(3)}, {"w": np.ones(3)}, max_per_param=0
        ),
        ValueError,
        "max_per_param must be a whole number >= 1",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(
            lambda: 0.0, {"w": np.ones(3)}, {"w": np.ones(3)}, max_per_param=2.5
        ),
        TypeError,
        "max_per_param must be a whole number",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(lambda: 0.0, {}, {}),
        ValueError,
        "params must hold at least one",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(lambda: 0.0, {"w": np.ones(3)}, {"w": np.full(3, np.nan)}),
        ValueError,
        r"grads\['w'\] must be finite",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(lambda: np.nan, {"w": np.ones(3)}, {"w": np.ones(3)}),
        ValueError,
        "loss_fn must be finite",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(lambda: "0", {"w": np.ones(3)}, {"w": np.ones(3)}),
        TypeError,
        "loss_fn must return a number",
    ),
    Case(
        "gradcheck_parameters",
        lambda: cu.gradcheck_parameters(lambda: 0.0, [np.ones(3)], {"w": np.ones(3)}),
        TypeError,
        "params must be a dict",
    ),
    Case("relative_error", lambda: cu.relative_error([1.0], [1.0, 2.0]), ValueError, "same shape"),
    Case("relative_error", lambda: cu.relative_error([1.0], [1.0], floor=-1), ValueError, "floor"),
    Case("relative_error", lambda: cu.relative_error([1.0], ["a"]), TypeError, "n must"),
    # -- autodiff ---------------------------------------------------------------------------
    Case("Value", lambda: cu.Value(True), TypeError, "data must be a real number"),
    Case("Value", lambda: cu.Value("1"), TypeError, "data must be a real number"),
    Case("Value", lambda: cu.Value(float("nan")), ValueError, "data must be finite"),
    Case("Value", lambda: cu.Value(1.0, label=3), TypeError, "label must be a string"),
    Case("Value", lambda: cu.Value(1000.0).exp(), ValueError, r"exp\(1000\) overflows"),
    Case("Value", lambda: cu.Value(-1.0).log(), ValueError, "log needs a positive input"),
    Case("Value", lambda: cu.Value(1.0) / 0, ValueError, "division by zero"),
    Case("Value", lambda: cu.Value(-2.0) ** 0.5, ValueError, "not real"),
    Case("Value", lambda: cu.Value(-2.0) ** cu.Value(0.5), ValueError, "needs x > 0"),
    Case("Value", lambda: cu.Value(1e200) * 1e200, ValueError, "outside the float range"),
    Case("Value", lambda: cu.Value(1.0) + "2", TypeError, r"unsupported operand for \+"),
    Case(
        "Value", lambda: cu.Value(1.0) + float("inf"), ValueError, "operand of \\+ must be finite"
    ),
    Case("Value", lambda: cu.Value(1.0) ** "2", TypeError, "the exponent must be"),
    Case("Dual", lambda: cu.Dual(True), TypeError, "value must be a real number"),
    Case("Dual", lambda: cu.Dual("1"), TypeError, "value must be a real number"),
    Case("Dual", lambda: cu.Dual(float("nan")), ValueError, "value must be finite"),
    Case("Dual", lambda: cu.Dual(1.0, slope=float("inf")), ValueError, "slope must be finite"),
    Case("Dual", lambda: cu.Dual(1000.0, 1.0).exp(), ValueError, r"exp\(1000\) overflows"),
    Case("Dual", lambda: cu.Dual(0.0, 1.0).log(), ValueError, "log needs a positive input"),
    Case("Dual", lambda: cu.Dual(1.0) / cu.Dual(0.0), ValueError, "division by zero"),
    Case("Dual", lambda: cu.Dual(-2.0, 1.0) ** 0.5, ValueError, "not real"),
    Case("Dual", lambda: cu.Dual(1.0) * [1.0], TypeError, r"unsupported operand for \*"),
    Case("exp", lambda: cu.exp(1000.0), ValueError, r"exp\(1000\) overflows"),
    Case("exp", lambda: cu.exp(np.array([1.0, 1000.0])), ValueError, r"exp\(x\) must be finite"),
    Case("exp", lambda: cu.exp("1"), TypeError, "exp"),
    Case("log", lambda: cu.log(-1.0), ValueError, "log needs a positive input"),
    Case("log", lambda: cu.log(np.array([1.0, 0.0])), ValueError, "log needs positive inputs"),
    Case("log", lambda: cu.log(None), TypeError, "log"),
    Case("sin", lambda: cu.sin(float("nan")), ValueError, "x must be finite"),
    Case("sin", lambda: cu.sin(True), TypeError, "sin"),
    Case("cos", lambda: cu.cos([1.0, np.inf]), ValueError, "x must be finite"),
    Case("cos", lambda: cu.cos({"x": 1}), TypeError, "cos"),
    Case("tanh", lambda: cu.tanh("0"), TypeError, "tanh"),
    Case("tanh", lambda: cu.tanh(float("inf")), ValueError, "x must be finite"),
    Case("sigmoid", lambda: cu.sigmoid("0"), TypeError, "sigmoid"),
    Case("sigmoid", lambda: cu.sigmoid([np.nan]), ValueError, "x must be finite"),
    Case("relu", lambda: cu.relu(object()), TypeError, "relu"),
    Case("relu", lambda: cu.relu(float("nan")), ValueError, "x must be finite"),
    Case(
        "reverse_mode_jacobian",
        lambda: cu.reverse_mode_jacobian(lambda v: [float(v[0].data) * 2], [1.0, 2.0]),
        TypeError,
        "plain number.*course's primitives",
    ),
    Case(
        "reverse_mode_jacobian",
        lambda: cu.reverse_mode_jacobian(lambda v: np.array(v, dtype=float) * 2, [1.0, 2.0]),
        TypeError,
        "f failed on its inputs, which are Value objects",
    ),
    Case(
        "reverse_mode_jacobian",
        lambda: cu.reverse_mode_jacobian(lambda v: v, []),
        ValueError,
        "x must not be empty",
    ),
    Case(
        "reverse_mode_jacobian",
        lambda: cu.reverse_mode_jacobian("f", [1.0]),
        TypeError,
        "f must be a function",
    ),
    Case(
        "forward_mode_jacobian",
        lambda: cu.forward_mode_jacobian(lambda v: [v[0].value * 2], [1.0, 2.0]),
        TypeError,
        "plain number.*course's primitives",
    ),
    Case(
        "forward_mode_jacobian",
        lambda: cu.forward_mode_jacobian(lambda v: None, [1.0]),
        TypeError,
        "f returned None",
    ),
    Case(
        "forward_mode_jacobian",
        lambda: cu.forward_mode_jacobian(lambda v: v, [[1.0], [2.0]]),
        ValueError,
        "x must be a flat sequence",
    ),
    Case(
        "forward_mode_jacobian",
        lambda: cu.forward_mode_jacobian(lambda v: v, [1.0, np.nan]),
        ValueError,
        "x must be finite",
    ),
    Case("draw_graph", lambda: cu.draw_graph(1.0), TypeError, "root must be a Value"),
    Case("draw_graph", lambda: cu.draw_graph(_leaf_graph(), ax="ax"), TypeError, "ax must be"),
    Case(
        "draw_graph",
        lambda: cu.draw_graph(_leaf_graph(), ax=_ax(), show_grad="yes"),
        TypeError,
        "show_grad must be True or False",
    ),
    # -- learning: layers -------------------------------------------------------------------
    Case(
        "linear_forward",
        lambda: cu.linear_forward(_X4, np.ones((3, 2)), np.ones(2)),
        ValueError,
        "W expects 3",
    ),
    Case(
        "linear_forward",
        lambda: cu.linear_forward(_X4 + 1j, np.ones((4, 2)), np.ones(2)),
        TypeError,
        "x must be real",
    ),
    Case(
        "linear_forward",
        lambda: cu.linear_forward(np.zeros(4), np.ones((4, 2)), np.ones(2)),
        ValueError,
        "x must have 2 dimension",
    ),
    Case(
        "linear_backward",
        lambda: cu.linear_backward(np.ones((5, 2)), "cache"),
        TypeError,
        "cache must be the tuple",
    ),
    Case(
        "linear_backward",
        lambda: cu.linear_backward(
            np.ones((5, 3)), cu.linear_forward(_X4, np.ones((4, 2)), np.ones(2))[1]
        ),
        ValueError,
        "dout must have shape",
    ),
    Case("relu_forward", lambda: cu.relu_forward("x"), TypeError, "x must"),
    Case("relu_forward", lambda: cu.relu_forward([np.nan]), ValueError, "x must be finite"),
    Case(
        "relu_backward",
        lambda: cu.relu_backward(np.ones(1), cu.relu_forward(np.ones((2, 2)))[1]),
        ValueError,
        "dout must have the shape",
    ),
    Case(
        "relu_backward",
        lambda: cu.relu_backward(np.ones(1), None),
        TypeError,
        "cache must be the tuple",
    ),
    Case("sigmoid_forward", lambda: cu.sigmoid_forward([1 + 1j]), TypeError, "x must be real"),
    Case(
        "sigmoid_backward",
        lambda: cu.sigmoid_backward(np.ones((2, 1)), cu.sigmoid_forward(np.ones((2, 2)))[1]),
        ValueError,
        "dout must have the shape",
    ),
    Case(
        "sigmoid_backward",
        lambda: cu.sigmoid_backward(np.ones(2), (1, 2)),
        TypeError,
        "cache must be the tuple",
    ),
    Case("tanh_forward", lambda: cu.tanh_forward(None), TypeError, "x must"),
    Case(
        "tanh_backward",
        lambda: cu.tanh_backward([np.nan, 1.0], cu.tanh_forward(np.ones(2))[1]),
        ValueError,
        "dout must be finite",
    ),
    Case(
        "tanh_backward",
        lambda: cu.tanh_backward(np.ones(2), ()),
        TypeError,
        "cache must be the tuple",
    ),
    Case(
        "mse_loss",
        lambda: cu.mse_loss(np.ones((2, 2)) + 1j, np.ones((2, 2))),
        TypeError,
        "pred must be real",
    ),
    Case(
        "mse_loss",
        lambda: cu.mse_loss(np.zeros((0, 2)), np.zeros((0, 2))),
        ValueError,
        "pred must not be empty",
    ),
    Case(
        "mse_loss",
        lambda: cu.mse_loss(np.zeros((2, 2)), np.zeros((2, 3))),
        ValueError,
        "same shape",
    ),
    Case("softmax", lambda: cu.softmax(np.ones((2, 3)) * 1j), TypeError, "scores must be real"),
    Case("softmax", lambda: cu.softmax(np.zeros((0, 3))), ValueError, "scores must not be empty"),
    Case("softmax", lambda: cu.softmax(np.zeros(3)), ValueError, "scores must have 2 dimension"),
    Case(
        "softmax_cross_entropy",
        lambda: cu.softmax_cross_entropy(np.zeros((2, 3)) + 0j, [0, 1]),
        TypeError,
        "scores must be real",
    ),
    Case(
        "softmax_cross_entropy",
        lambda: cu.softmax_cross_entropy(np.zeros((0, 3)), np.zeros(0, dtype=int)),
        ValueError,
        "scores must not be empty",
    ),
    Case(
        "softmax_cross_entropy",
        lambda: cu.softmax_cross_entropy(np.zeros((2, 3)), [0, 3]),
        ValueError,
        r"labels must lie in \[0, 3\)",
    ),
    Case(
        "softmax_cross_entropy",
        lambda: cu.softmax_cross_entropy(np.zeros((2, 3)), [0.0, 1.0]),
        TypeError,
        "labels must be integer class indices",
    ),
    Case(
        "softmax_cross_entropy",
        lambda: cu.softmax_cross_entropy(np.zeros((2, 3)), "01"),
        TypeError,
        "labels must be an array",
    ),
    # -- learning: training, quadratic, gradient flow ----------------------------------------
    Case(
        "accuracy",
        lambda: cu.accuracy(_net(), _X4, [0, 1, 2, 0, 3]),
        ValueError,
        r"labels must lie in \[0, 3\)",
    ),
    Case(
        "accuracy",
        lambda: cu.accuracy(_net(), _X4, _Y4.astype(float)),
        TypeError,
        "labels must be integer class indices",
    ),
    Case(
        "accuracy",
        lambda: cu.accuracy(_net(), _X4, _Y4[:3]),
        ValueError,
        "labels must hold one label per example",
    ),
    Case(
        "accuracy",
        lambda: cu.accuracy(_net(), _X4, _Y4, batch_size=0),
        ValueError,
        "batch_size must be a whole number >= 1",
    ),
    Case("accuracy", lambda: cu.accuracy("net", _X4, _Y4), TypeError, "net must be an MLP"),
    Case(
        "evaluate",
        lambda: cu.evaluate(_net(), np.zeros((5, 3)), _Y4),
        ValueError,
        "x has 3 features per row but the network expects 4",
    ),
    Case(
        "evaluate",
        lambda: cu.evaluate(_net(), np.zeros((0, 4)), _Y4[:0]),
        ValueError,
        "x must not be empty",
    ),
    Case(
        "evaluate",
        lambda: cu.evaluate(_net(), _X4, _Y4, batch_size=2.5),
        TypeError,
        "batch_size must be a whole number",
    ),
    Case(
        "train_classifier",
        lambda: cu.train_classifier(_net(), _X4, _Y4, _X4, _Y4, cu.SGD(0.1), epochs=1.5),
        TypeError,
        "epochs must be a whole number",
    ),
    Case(
        "train_classifier",
        lambda: cu.train_classifier(_net(), _X4, _Y4, _X4, _Y4, cu.SGD(0.1), epochs=0),
        ValueError,
        "epochs must be a whole number >= 1",
    ),
    Case(
        "train_classifier",
        lambda: cu.train_classifier(_net(), _X4, _Y4 + 3, _X4, _Y4, cu.SGD(0.1), epochs=1),
        ValueError,
        r"y_train must lie in \[0, 3\)",
    ),
    Case(
        "train_classifier",
        lambda: cu.train_classifier(_net(), _X4, _Y4, _X4, _Y4[:2], cu.SGD(0.1), epochs=1),
        ValueError,
        "y_test must hold one label per example",
    ),
    Case(
        "train_classifier",
        lambda: cu.train_classifier(_net(), _X4, _Y4, _X4, _Y4, "adam", epochs=1),
        TypeError,
        "optimizer must be an optimizer",
    ),
    Case(
        "train_classifier",
        lambda: cu.train_classifier(_net(), _X4, _Y4, _X4, _Y4, cu.SGD(0.1), epochs=1, on_epoch=3),
        TypeError,
        "on_epoch must be a function",
    ),
    Case(
        "gd_regime", lambda: cu.gd_regime(-0.1, 2.0), ValueError, "lr must be a finite number > 0"
    ),
    Case(
        "gd_regime",
        lambda: cu.gd_regime(0.1, "2"),
        TypeError,
        "curvature must be a positive number",
    ),
    Case(
        "quadratic_iterates",
        lambda: cu.quadratic_iterates(0.1, 2.0, 0.0, 3.0, 2.5),
        TypeError,
        "steps must be a whole number",
    ),
    Case(
        "quadratic_iterates",
        lambda: cu.quadratic_iterates(0.1, 2.0, np.nan, 3.0, 5),
        ValueError,
        "w0 must be finite",
    ),
    Case(
        "quadratic_iterates",
        lambda: cu.quadratic_iterates(0.1, 2.0, 0.0, 3.0, -1),
        ValueError,
        "steps must be a whole number >= 0",
    ),
    Case(
        "quadratic_iterates",
        lambda: cu.quadratic_iterates(0.1, 2.0, 0.0, "3", 5),
        TypeError,
        "w_star must be a real number",
    ),
    Case(
        "steps_to_converge",
        lambda: cu.steps_to_converge(0.1, 2.0, tol=2.0),
        ValueError,
        "tol must be a fraction",
    ),
    Case(
        "quadratic_iterates",
        lambda: cu.quadratic_iterates(0.1, 2.0, 0.0, 3.0, 5, beta=1.0),
        ValueError,
        r"beta must lie in \[0, 1\)",
    ),
    Case("stability_bound", lambda: cu.stability_bound(0.0), ValueError, "curvature must be"),
    Case("stability_bound", lambda: cu.stability_bound(20.0, -0.1), ValueError, "beta must lie"),
    Case("stability_bound", lambda: cu.stability_bound(20.0, "0.9"), TypeError, "beta must be"),
    Case(
        "steps_to_converge",
        lambda: cu.steps_to_converge(0.1, 2.0, cap=10.5),
        TypeError,
        "cap must be a whole number",
    ),
    Case(
        "steps_to_converge",
        lambda: cu.steps_to_converge(0.1, 2.0, w0=np.nan),
        ValueError,
        "w0 must be finite",
    ),
    Case("gradient_health", lambda: cu.gradient_health([]), ValueError, "norms must not be empty"),
    Case(
        "gradient_health",
        lambda: cu.gradient_health([1.0, np.nan]),
        ValueError,
        "norms must be finite",
    ),
    Case(
        "gradient_health", lambda: cu.gradient_health([-1.0, 1.0]), ValueError, "norms must be >= 0"
    ),
    Case(
        "deep_stack_norms",
        lambda: cu.deep_stack_norms(2.5, "relu", 1.0),
        TypeError,
        "depth must be a whole number",
    ),
    Case(
        "deep_stack_norms",
        lambda: cu.deep_stack_norms(3, "gelu", 1.0),
        ValueError,
        "activation must be one of",
    ),
    Case(
        "deep_stack_norms",
        lambda: cu.deep_stack_norms(3, "relu", -1.0),
        ValueError,
        "init_scale must be",
    ),
    Case(
        "deep_stack_norms",
        lambda: cu.deep_stack_norms(3, "relu", 1.0, residual="no"),
        TypeError,
        "residual must be True or False",
    ),
    # -- learning: optimizers and the MLP -----------------------------------------------------
    Case("SGD", lambda: cu.SGD(-0.1), ValueError, "lr must be"),
    Case("SGD", lambda: cu.SGD("0.1"), TypeError, "lr must be"),
    Case(
        "SGD",
        lambda: cu.SGD(0.1).step([np.ones(2)], [np.ones(3)]),
        ValueError,
        r"grads\[0\] has shape",
    ),
    Case(
        "SGD",
        lambda: cu.SGD(0.1).step([np.ones(2)], [np.array([np.nan, 1.0])]),
        ValueError,
        r"grads\[0\]",
    ),
    Case("Momentum", lambda: cu.Momentum(0.1, beta=1.5), ValueError, "beta must lie in"),
    Case("Momentum", lambda: cu.Momentum(0.1, beta="0.9"), TypeError, "beta must be"),
    Case(
        "Momentum",
        lambda: cu.Momentum(0.1).step([np.ones(2)], []),
        ValueError,
        "params and grads must pair up",
    ),
    Case("RMSProp", lambda: cu.RMSProp(0.1, rho=1.0), ValueError, "rho must lie in"),
    Case("RMSProp", lambda: cu.RMSProp(-1.0), ValueError, "lr must be"),
    Case(
        "RMSProp",
        lambda: cu.RMSProp(0.1).step([np.ones(2)], [np.ones(3)]),
        ValueError,
        r"grads\[0\] has shape",
    ),
    Case("Adam", lambda: cu.Adam(0.1, beta1=1.0), ValueError, "beta1 must lie in"),
    Case("Adam", lambda: cu.Adam(0.1, eps=-1.0), ValueError, "eps must be"),
    Case(
        "Adam",
        lambda: cu.Adam(0.1).step([np.ones(2)], [np.ones(3)]),
        ValueError,
        r"grads\[0\] has shape",
    ),
    Case("clip_by_norm", lambda: cu.clip_by_norm([1.0, 2.0], -1.0), ValueError, "max_norm must be"),
    Case("clip_by_norm", lambda: cu.clip_by_norm([1.0, np.nan], 1.0), ValueError, "grad"),
    Case("clip_by_norm", lambda: cu.clip_by_norm("g", 1.0), TypeError, "grad"),
    Case("clip_by_value", lambda: cu.clip_by_value([1.0, 2.0], 0.0), ValueError, "limit must be"),
    Case("clip_by_value", lambda: cu.clip_by_value([1.0, np.inf], 5.0), ValueError, "grad"),
    Case("clip_by_value", lambda: cu.clip_by_value(None, 5.0), TypeError, "grad"),
    Case(
        "run_optimizer",
        lambda: cu.run_optimizer(lambda x: 2 * x, [1.0], cu.SGD(0.1), 5, clip_value=-5.0),
        ValueError,
        "clip_value must be",
    ),
    Case(
        "run_optimizer",
        lambda: cu.run_optimizer(
            lambda x: 2 * x, [1.0], cu.SGD(0.1), 5, clip_value=5.0, clip_norm=1.0
        ),
        ValueError,
        "clip_norm or clip_value, not both",
    ),
    Case(
        "run_optimizer",
        lambda: cu.run_optimizer(lambda x: 2 * x, [1.0], cu.SGD(0.1), 2.5),
        TypeError,
        "steps must be a whole number",
    ),
    Case(
        "run_optimizer",
        lambda: cu.run_optimizer(lambda x: 2 * x, [np.nan], cu.SGD(0.1), 5),
        ValueError,
        "x0",
    ),
    Case(
        "run_optimizer",
        lambda: cu.run_optimizer("grad", [1.0], cu.SGD(0.1), 5),
        TypeError,
        "grad_fn must be a function",
    ),
    Case("MLP", lambda: cu.MLP((4,)), ValueError, "sizes must list"),
    Case("MLP", lambda: cu.MLP((4, 2.5)), TypeError, "sizes"),
    Case("MLP", lambda: cu.MLP((4, 3), activation="gelu"), ValueError, "activation must be one of"),
    Case("MLP", lambda: cu.MLP((4, 3), init_scale=-1.0), ValueError, "init_scale must be"),
    Case("MLP", lambda: _net().forward(np.full((2, 4), np.nan)), ValueError, "x holds NaN"),
    Case("MLP", lambda: _net().forward(np.zeros((2, 5))), ValueError, "x"),
    Case(
        "MLP", lambda: _net().loss_and_grads(_X4, [0, 1, 2, 0, 9]), ValueError, "labels must lie in"
    ),
    Case("MLP", lambda: _net().predict("x"), TypeError, "x"),
    # -- data -------------------------------------------------------------------------------
    Case("load_mnist", lambda: cu.load_mnist(3), TypeError, "data_dir must be a path"),
    Case(
        "load_mnist",
        lambda: cu.load_mnist(".", download="yes"),
        TypeError,
        "download must be True or False",
    ),
    Case(
        "load_mnist",
        lambda: cu.load_mnist("/nonexistent-course-folder"),
        DataError,
        "missing .*download=True",
    ),
    Case(
        "load_course_mnist", lambda: _course_mnist("everything"), ValueError, "COURSE_MNIST must be"
    ),
    # -- figures ----------------------------------------------------------------------------
    Case(
        "plot_tangent",
        lambda: cu.plot_tangent(_f, 1.0, ax="ax"),
        TypeError,
        "ax must be a matplotlib Axes",
    ),
    Case(
        "plot_tangent",
        lambda: cu.plot_tangent(_f, 1.0, x_range=(3, 1), ax=_ax()),
        ValueError,
        "x_range must be two numbers",
    ),
    Case(
        "plot_tangent",
        lambda: cu.plot_tangent(_f, np.nan, ax=_ax()),
        ValueError,
        "x0 must be finite",
    ),
    Case(
        "plot_tangent",
        lambda: cu.plot_tangent(_f, 1.0, y_range=(0, np.inf), ax=_ax()),
        ValueError,
        "y_range must be finite",
    ),
    Case(
        "plot_tangent",
        lambda: cu.plot_tangent(lambda x: "y", 1.0, ax=_ax()),
        TypeError,
        "f must return numbers",
    ),
    Case(
        "plot_tangent",
        lambda: cu.plot_tangent(_f, 1.0, ax=_ax(), df=1),
        TypeError,
        "df must be a function",
    ),
    Case(
        "plot_secant",
        lambda: cu.plot_secant(_f, 1.0, 0.0, ax=_ax()),
        ValueError,
        "h must be non-zero",
    ),
    Case(
        "plot_secant",
        lambda: cu.plot_secant(_f, 1.0, 0.5, x_range="ab", ax=_ax()),
        TypeError,
        "x_range must be two numbers",
    ),
    Case(
        "plot_secant",
        lambda: cu.plot_secant(_f, 1.0, 0.5, ax=3),
        TypeError,
        "ax must be a matplotlib Axes",
    ),
    Case(
        "plot_square_growth",
        lambda: cu.plot_square_growth(-1.0, 0.5, ax=_ax()),
        ValueError,
        "x must be a finite number > 0",
    ),
    Case(
        "plot_square_growth",
        lambda: cu.plot_square_growth(1.0, 0.5, ax=[]),
        TypeError,
        "ax must be a matplotlib Axes",
    ),
    Case(
        "plot_step_size_errors",
        lambda: cu.plot_step_size_errors([1e-3, 0.0], {}, ax=_ax()),
        ValueError,
        "steps must all be > 0",
    ),
    Case(
        "plot_step_size_errors",
        lambda: cu.plot_step_size_errors([1e-3], [1.0], ax=_ax()),
        TypeError,
        "errors must be a mapping",
    ),
    Case(
        "plot_step_size_errors",
        lambda: cu.plot_step_size_errors([1e-3], {"central": [1.0, 2.0]}, ax=_ax()),
        ValueError,
        r"errors\['central'\] must have one value per step",
    ),
    Case(
        "plot_function_and_derivative",
        lambda: cu.plot_function_and_derivative(_f, "2x", ax=_ax()),
        TypeError,
        "df must be a function",
    ),
    Case(
        "plot_function_and_derivative",
        lambda: cu.plot_function_and_derivative(_f, _f, x_range=(1, 1), ax=_ax()),
        ValueError,
        "x_range must be two numbers",
    ),
    Case(
        "plot_function_and_derivative",
        lambda: cu.plot_function_and_derivative(_f, lambda x: x[:3], ax=_ax()),
        ValueError,
        "df must act elementwise",
    ),
    Case(
        "grid_values",
        lambda: cu.grid_values(_f2, (-1, 1), (-1, 1), n=1),
        ValueError,
        "n must be a whole number >= 2",
    ),
    Case(
        "grid_values",
        lambda: cu.grid_values(_f2, (-1, 1), (-1, 1), n=10.0),
        TypeError,
        "n must be a whole number",
    ),
    Case(
        "grid_values",
        lambda: cu.grid_values(_f2, (1, -1), (-1, 1)),
        ValueError,
        "x_range must be two numbers",
    ),
    Case(
        "grid_values",
        lambda: cu.grid_values(lambda v: None, (-1, 1), (-1, 1)),
        TypeError,
        "f returned None",
    ),
    Case(
        "grid_values",
        lambda: cu.grid_values(lambda v: v[0][0], (-1, 1), (-1, 1)),
        ValueError,
        "f must work elementwise",
    ),
    Case(
        "plot_contours",
        lambda: cu.plot_contours(_f2, levels=0, ax=_ax()),
        ValueError,
        "levels must be a whole number >= 1",
    ),
    Case(
        "plot_contours",
        lambda: cu.plot_contours(_f2, quiver="no", ax=_ax()),
        TypeError,
        "quiver must be True or False",
    ),
    Case(
        "plot_contours",
        lambda: cu.plot_contours(_f2, ax="ax"),
        TypeError,
        "ax must be a matplotlib Axes",
    ),
    Case(
        "plot_contours",
        lambda: cu.plot_contours(lambda v: v[0] * np.nan, ax=_ax()),
        ValueError,
        "NaN or inf everywhere",
    ),
    Case(
        "plot_gradient",
        lambda: cu.plot_gradient(_f2, (1.0,), ax=_ax()),
        ValueError,
        "point must be two numbers",
    ),
    Case(
        "plot_gradient",
        lambda: cu.plot_gradient(_f2, (1.0, 0.0), ax=_ax(), arrow_length=0),
        ValueError,
        "arrow_length must be",
    ),
    Case(
        "plot_gradient",
        lambda: cu.plot_gradient(_f2, (1.0, 0.0), "north", ax=_ax()),
        TypeError,
        "angle_deg must be a real number",
    ),
    Case(
        "GradientPlot",
        lambda: cu.plot_gradient(_f2, (1.0, 0.0), ax=_ax()).update(angle_deg=[1, 2]),
        TypeError,
        "angle_deg must be a real number",
    ),
    Case(
        "GradientPlot",
        lambda: cu.plot_gradient(_f2, (1.0, 0.0), ax=_ax()).update(point=(np.nan, 1.0)),
        ValueError,
        "point must be finite",
    ),
    Case(
        "plot_tangent_plane",
        lambda: cu.plot_tangent_plane(_f2, (0.0, 0.0), ax=_ax()),
        ValueError,
        "ax must be a 3-D axes",
    ),
    Case(
        "plot_tangent_plane",
        lambda: cu.plot_tangent_plane(_f2, (0.0, 0.0), plane_halfwidth=-1),
        ValueError,
        "plane_halfwidth must be",
    ),
    Case(
        "plot_tangent_plane",
        lambda: cu.plot_tangent_plane(_f2, "p"),
        TypeError,
        "point must be two numbers",
    ),
    Case(
        "plot_taylor",
        lambda: cu.plot_taylor("sin", 0.0, 1, ax=_ax()),
        TypeError,
        "function must be a TaylorFunction",
    ),
    Case(
        "plot_taylor",
        lambda: cu.plot_taylor(cu.TAYLOR_FUNCTIONS["sin"], 0.0, 1.5, ax=_ax()),
        TypeError,
        "order must be a whole number",
    ),
    Case(
        "plot_taylor",
        lambda: cu.plot_taylor(cu.TAYLOR_FUNCTIONS["sin"], 0.0, -1, ax=_ax()),
        ValueError,
        "order must be a whole number >= 0",
    ),
    Case(
        "plot_taylor",
        lambda: cu.plot_taylor(cu.TAYLOR_FUNCTIONS["log1p"], -3.0, 1, ax=_ax()),
        ValueError,
        "a must lie in",
    ),
    Case(
        "plot_taylor",
        lambda: cu.plot_taylor(cu.TAYLOR_FUNCTIONS["sin"], 0.0, 1, ax=None),
        TypeError,
        "ax must be a matplotlib Axes",
    ),
    Case(
        "plot_descent_1d",
        lambda: cu.plot_descent_1d(0.1, steps=2.5, ax=_ax(), error_ax=_ax()),
        TypeError,
        "steps must be a whole number",
    ),
    Case(
        "plot_descent_1d",
        lambda: cu.plot_descent_1d(0.1, w0=np.nan, ax=_ax(), error_ax=_ax()),
        ValueError,
        "w0 must be finite",
    ),
    Case(
        "plot_descent_1d",
        lambda: cu.plot_descent_1d(-0.1, ax=_ax(), error_ax=_ax()),
        ValueError,
        "lr must be a finite number > 0",
    ),
    Case(
        "plot_descent_1d",
        lambda: cu.plot_descent_1d(0.1, ax=_ax(), error_ax="e"),
        TypeError,
        "error_ax must be a matplotlib Axes",
    ),
    Case(
        "plot_trajectory",
        lambda: cu.plot_trajectory(np.zeros((3, 3)), ax=_ax()),
        ValueError,
        r"points must have shape \(k \+ 1, 2\)",
    ),
    Case(
        "plot_race",
        lambda: cu.plot_race({"SGD": np.zeros((2, 2))}, {}, ax=_ax(), loss_ax=_ax()),
        ValueError,
        "paths and losses must name the same optimizers",
    ),
    Case(
        "plot_race",
        lambda: cu.plot_race([np.zeros((2, 2))], {}, ax=_ax(), loss_ax=_ax()),
        TypeError,
        "paths and losses must be mappings",
    ),
    Case(
        "plot_race",
        lambda: cu.plot_race({"SGD": np.zeros((2, 2))}, {"SGD": [1.0, 2.0]}, ax=_ax(), loss_ax=1),
        TypeError,
        "loss_ax",
    ),
    Case(
        "plot_trajectory",
        lambda: cu.plot_trajectory(5.0, ax=_ax()),
        ValueError,
        "points must have shape",
    ),
    Case(
        "plot_trajectory",
        lambda: cu.plot_trajectory([[0.0, np.nan]], ax=_ax()),
        ValueError,
        "points must be finite",
    ),
    Case(
        "plot_trajectory",
        lambda: cu.plot_trajectory([[0.0, 1.0]], ax=None),
        TypeError,
        "ax must be a matplotlib Axes",
    ),
    # -- interactive ------------------------------------------------------------------------
    Case(
        "new_figure", lambda: cu.new_figure(-1.0), ValueError, "width must be a finite number > 0"
    ),
    Case(
        "new_figure", lambda: cu.new_figure(3.0, "2"), TypeError, "height must be a positive number"
    ),
    Case(
        "new_figure",
        lambda: cu.new_figure(ncols=0),
        ValueError,
        "ncols must be a whole number between 1 and 12",
    ),
    Case("new_figure", lambda: cu.new_figure(dpi=96.5), TypeError, "dpi must be a whole number"),
    Case("new_figure", lambda: cu.new_figure(1e6, 1.0), ValueError, "pixels"),
    Case(
        "render_png", lambda: cu.render_png(plt.gca), TypeError, "fig must be a matplotlib Figure"
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(None, {"x": _slider()}, lambda x: ""),
        TypeError,
        "fig must be a matplotlib Figure",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), [_slider()], lambda x: ""),
        TypeError,
        "controls must be a mapping",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), {}, lambda: ""),
        ValueError,
        "controls must hold at least one",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), {"x": 1.0}, lambda x: ""),
        TypeError,
        r"controls\['x'\] must be an ipywidgets control",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), {"x": _slider()}, "update"),
        TypeError,
        "update must be a function",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), {"x": _slider()}, lambda x: "", key_positions=[{}]),
        TypeError,
        r"key_positions\[0\] must be a non-empty mapping",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(
            _fig(), {"x": _slider()}, lambda x: "", key_positions=[{"x": 5.0}]
        ),
        ValueError,
        r"key_positions\[0\]\['x'\] = 5.0 is not a value the control 'x' can take",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), {"x": _slider()}, lambda x: "", redraw_on={"y"}),
        ValueError,
        "redraw_on names unknown controls",
    ),
    Case(
        "InteractiveFigure",
        lambda: cu.InteractiveFigure(_fig(), {"x": _slider()}, lambda x: "", animated=3),
        TypeError,
        "animated must be an iterable",
    ),
    Case(
        "TrainingMonitor",
        lambda: cu.TrainingMonitor(0),
        ValueError,
        "epochs must be a whole number >= 1",
    ),
    Case(
        "TrainingMonitor",
        lambda: cu.TrainingMonitor(2, held_out_label=3),
        TypeError,
        "held_out_label must be a non-empty string",
    ),
    Case(
        "TrainingMonitor",
        lambda: cu.TrainingMonitor(2).update({"batch_loss": []}),
        TypeError,
        "history must be a History",
    ),
    # -- explorers: refused before any widget is built --------------------------------------
    Case(
        "tangent_explorer",
        lambda: cu.tangent_explorer(x0=float("nan")),
        ValueError,
        "x0 must be finite",
    ),
    Case("tangent_explorer", lambda: cu.tangent_explorer("tan"), ValueError, "key must be one of"),
    Case("tangent_explorer", lambda: cu.tangent_explorer(3), TypeError, "key must be one of"),
    Case(
        "tangent_explorer",
        lambda: cu.tangent_explorer(x0="1"),
        TypeError,
        "x0 must be a real number",
    ),
    Case(
        "secant_explorer",
        lambda: cu.secant_explorer(h=-1),
        ValueError,
        "h must lie between 0.01 and 2",
    ),
    Case(
        "secant_explorer", lambda: cu.secant_explorer(f="x**2"), TypeError, "f must be a function"
    ),
    Case("secant_explorer", lambda: cu.secant_explorer(x0=np.inf), ValueError, "x0 must be finite"),
    Case(
        "secant_explorer", lambda: cu.secant_explorer(label=2), TypeError, "label must be a string"
    ),
    Case(
        "gradient_explorer",
        lambda: cu.gradient_explorer(_f2, point=(10.0, 0.0)),
        ValueError,
        r"point\[0\] must lie between",
    ),
    Case(
        "gradient_explorer",
        lambda: cu.gradient_explorer(_f2, angle_deg=720),
        ValueError,
        "angle_deg must lie between",
    ),
    Case(
        "gradient_explorer", lambda: cu.gradient_explorer(None), TypeError, "f must be a function"
    ),
    Case(
        "gradient_explorer",
        lambda: cu.gradient_explorer(_f2, point="ab"),
        TypeError,
        "point must be two numbers",
    ),
    Case(
        "taylor_explorer", lambda: cu.taylor_explorer("tan"), ValueError, "function must be one of"
    ),
    Case(
        "taylor_explorer",
        lambda: cu.taylor_explorer(order=9),
        ValueError,
        "order must be a whole number between 0 and 6",
    ),
    Case(
        "taylor_explorer",
        lambda: cu.taylor_explorer(order=1.0),
        TypeError,
        "order must be a whole number",
    ),
    Case(
        "taylor_explorer",
        lambda: cu.taylor_explorer("log1p", a=-1.0),
        ValueError,
        "a must lie between",
    ),
    Case(
        "neuron_explorer",
        lambda: cu.neuron_explorer(w=10.0),
        ValueError,
        "w must lie between -3 and 6",
    ),
    Case("neuron_explorer", lambda: cu.neuron_explorer(x=np.nan), ValueError, "x must be finite"),
    Case(
        "neuron_explorer", lambda: cu.neuron_explorer(b="0"), TypeError, "b must be a real number"
    ),
    Case(
        "learning_rate_explorer",
        lambda: cu.learning_rate_explorer(lr=100),
        ValueError,
        "lr must lie between",
    ),
    Case(
        "learning_rate_explorer",
        lambda: cu.learning_rate_explorer(curvature=0),
        ValueError,
        "curvature must be",
    ),
    Case(
        "learning_rate_explorer",
        lambda: cu.learning_rate_explorer(steps=2.5),
        TypeError,
        "steps must be a whole number",
    ),
    Case(
        "momentum_explorer",
        lambda: cu.momentum_explorer(beta=1.0),
        ValueError,
        "beta must lie between 0 and 0.95",
    ),
    Case(
        "momentum_explorer",
        lambda: cu.momentum_explorer(lr="0.1"),
        TypeError,
        "lr must be a real number",
    ),
    Case(
        "momentum_explorer",
        lambda: cu.momentum_explorer(start=(1.0,)),
        ValueError,
        "start must be two numbers",
    ),
    Case(
        "deep_gradients_explorer",
        lambda: cu.deep_gradients_explorer(depth=100),
        ValueError,
        "depth must be a whole number between 2 and 40",
    ),
    Case(
        "deep_gradients_explorer",
        lambda: cu.deep_gradients_explorer(activation="gelu"),
        ValueError,
        "activation must be one of",
    ),
    Case(
        "deep_gradients_explorer",
        lambda: cu.deep_gradients_explorer(init_scale=100.0),
        ValueError,
        "init_scale must lie between",
    ),
    Case(
        "deep_gradients_explorer",
        lambda: cu.deep_gradients_explorer(residual=1),
        TypeError,
        "residual must be True or False",
    ),
    # -- exercise machinery: the author-facing arguments fail loudly -------------------------
    Case(
        "check_number",
        lambda: cu.check_number(1.0, "1"),
        TypeError,
        "expected must be a real number",
    ),
    Case(
        "check_number", lambda: cu.check_number(1.0, 1.0, rtol=-1), ValueError, "rtol must be >= 0"
    ),
    Case(
        "check_number",
        lambda: cu.check_number(1.0, 1.0, mistakes=[(2.0,)]),
        TypeError,
        r"mistakes\[0\] must be a \(number, explanation\) pair",
    ),
    Case(
        "check_array",
        lambda: cu.check_array([1.0], "x"),
        TypeError,
        "expected must be an array of numbers",
    ),
    Case(
        "check_array",
        lambda: cu.check_array([1.0], [1.0], atol=np.nan),
        ValueError,
        "atol must be finite",
    ),
    Case(
        "check_function",
        lambda: cu.check_function(_f, "ref", [(1.0,)]),
        TypeError,
        "reference must be a function",
    ),
    Case(
        "check_function",
        lambda: cu.check_function(_f, _f, []),
        TypeError,
        "cases must be a non-empty sequence",
    ),
    Case(
        "check_function",
        lambda: cu.check_function(_f, _f, [1.0]),
        TypeError,
        r"cases\[0\] must be a tuple",
    ),
    Case(
        "check_function",
        lambda: cu.check_function(_f, _f, [(1.0,)], mistakes=[("f", "x")]),
        TypeError,
        r"mistakes\[0\]\[0\] must be a function",
    ),
    Case(
        "check_choice",
        lambda: cu.check_choice("a", "c", ("a", "b")),
        ValueError,
        "expected must be one of",
    ),
    Case(
        "check_choice",
        lambda: cu.check_choice("a", "a", "ab"),
        TypeError,
        "options must be a non-empty sequence",
    ),
    Case(
        "check_choice",
        lambda: cu.check_choice("a", "a", ("a", 1)),
        TypeError,
        r"options\[1\] must be a string",
    ),
]


def _course_mnist(choice: str) -> Any:
    import os

    old = os.environ.get("COURSE_MNIST")
    os.environ["COURSE_MNIST"] = choice
    try:
        return cu.load_course_mnist()
    finally:
        if old is None:
            del os.environ["COURSE_MNIST"]
        else:
            os.environ["COURSE_MNIST"] = old


#: Public names that are not callables taking user input, with the reason.
NOT_CALLABLE_INPUT = {
    "CATALOG": "a dict of FunctionSpec (data)",
    "TAYLOR_FUNCTIONS": "a dict of TaylorFunction (data; TaylorFunction has its own rows)",
    "CheckResult": "a result record the checks return",
    "DataError": "an exception type",
    "Dataset": "a frozen record load_* return",
    "FunctionSpec": "a frozen record of the catalogue",
    "GradientCheckError": "an exception type",
    "GradientCheckResult": "a result record gradcheck returns",
    "ParameterCheckError": "an exception type",
    "ParameterCheckResult": "a result record gradcheck_parameters returns",
    "History": "a record train_classifier fills in",
    "Trajectory": "a result record run_optimizer returns",
}


def _params(cases: list[Case]) -> list[Any]:
    out = []
    for i, case in enumerate(cases):
        out.append(pytest.param(case, id=f"{case.name}-{i}"))
    return out


def test_every_public_callable_has_bad_input_cases():
    covered = {case.name for case in CASES}
    missing = []
    for name in cu.__all__:
        obj = getattr(cu, name)
        if name in NOT_CALLABLE_INPUT:
            continue
        assert callable(obj), f"{name} is neither callable nor listed in NOT_CALLABLE_INPUT"
        if name not in covered:
            missing.append(name)
    assert not missing, f"public callables without bad-input cases in CASES: {missing}"
    assert not set(NOT_CALLABLE_INPUT) - set(cu.__all__), "stale NOT_CALLABLE_INPUT entries"


@pytest.mark.parametrize("case", _params(CASES))
def test_bad_input_is_refused_clearly(case: Case):
    with pytest.raises(case.exc, match=case.match) as info:
        case.call()
    # raised by the project, not by a library deep inside
    assert type(info.value) in (TypeError, ValueError, DataError), type(info.value)
    plt.close("all")


# -- the exercise checks never raise and never mutate -----------------------------------------


#: Checks that also take the course's own numbers (not the learner's): what the notebook passes.
CHECK_CONTEXT: dict[str, dict[str, Any]] = {
    "ch06.check_step_growth_factor": {"curvature": 5.33},
}


def _exercise_checks() -> list[Any]:
    found = []
    for module in (ch01, ch02, ch03, ch04, ch05, ch06):
        for name in module.__all__:
            obj = getattr(module, name)
            if name.startswith("check_") and inspect.isfunction(obj):
                label = f"{module.__name__.rsplit('.', 1)[1]}.{name}"
                context = CHECK_CONTEXT.get(label)
                check = functools.partial(obj, **context) if context else obj
                found.append(pytest.param(check, id=label))
    return found


def test_every_check_with_extra_arguments_has_its_context():
    for param in _exercise_checks():
        (check,) = param.values
        required = [
            p
            for p in inspect.signature(check).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        assert len(required) <= 1, f"{param.id}: add its extra arguments to CHECK_CONTEXT"


def test_check_context_is_validated():
    with pytest.raises(ValueError, match="curvature"):
        ch06.check_step_growth_factor(5.0, curvature=-1.0)


def _zeroes_in_place(*args: Any) -> Any:
    for a in args:
        if isinstance(a, np.ndarray) and a.dtype.kind == "f":
            a[...] = 0.0
    return args[0] if args else None


def _raises(*args: Any) -> Any:
    raise RuntimeError("learner bug")


class _Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no array")

    def __float__(self) -> float:
        raise RuntimeError("no float")


HOSTILE_ANSWERS = [
    None,
    ...,
    "6",
    "__import__('os').system('echo hi')",
    True,
    np.nan,
    np.inf,
    1 + 2j,
    [1.0, "a"],
    [[1.0], [2.0, 3.0]],
    {"a": 1},
    object(),
    _Hostile(),
    np.array([np.nan, 1.0]),
    _zeroes_in_place,
    _raises,
    lambda *a: None,
    lambda *a: ...,
    lambda *a: np.nan,
    lambda *a: "text",
    lambda *a: _Hostile(),
    lambda *a: np.zeros((7, 7, 7)),
    lambda *a: [1.0, [2.0]],
    lambda *a: object(),
    lambda: 1.0,  # wrong arity
    lambda *a: a,  # returns its (copied) arguments
]


def _snapshot(obj: Any) -> Any:
    import copy

    try:
        return copy.deepcopy(obj)
    except Exception:
        return obj


def _module_data() -> dict[str, Any]:
    state = {}
    for module in (ch01, ch02, ch03, ch04, ch05, ch06):
        for name, value in vars(module).items():
            if isinstance(value, np.ndarray) or (isinstance(value, tuple) and name.isupper()):
                state[f"{module.__name__}.{name}"] = value
    return state


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b, equal_nan=True)
    return repr(a) == repr(b)


@pytest.mark.parametrize("check", _exercise_checks())
@pytest.mark.parametrize("answer", HOSTILE_ANSWERS, ids=lambda a: type(a).__name__)
def test_exercise_checks_never_raise_and_never_mutate(check, answer):
    before = {k: _snapshot(v) for k, v in _module_data().items()}
    answer_before = _snapshot(answer)
    result = check(answer)
    assert isinstance(result, checks.CheckResult)
    assert result.status in ("correct", "incorrect", "unanswered")
    assert isinstance(repr(result), str)
    if answer is not None and answer is not ... and not callable(answer):
        assert result.status == "incorrect"
    for key, value in _module_data().items():
        assert _same(value, before[key]), f"{key} was changed by the check"
    if isinstance(answer, np.ndarray):
        assert _same(answer, answer_before)


def test_an_in_place_answer_is_told_so_and_the_shared_data_survive():
    """Right values but a changed argument: ❌ naming it (downstream it would corrupt the
    notebook's arrays); the checks' own test data are never changed either way."""

    def gd_in_place(grad, w0, lr, steps):
        w0 = np.asarray(w0, dtype=float)  # lists converted; an array stays the argument itself
        path = [w0.copy()]
        for _ in range(steps):
            w0 -= lr * grad(w0)  # right values, and changes its argument
            path.append(w0.copy())
        return np.array(path)

    def zeroes_and_returns_the_reference(grad, w0, lr, steps):
        w0 = np.asarray(w0, dtype=float)
        out = [w0.copy()]
        for _ in range(steps):
            out.append(out[-1] - lr * grad(out[-1]))
        w0[...] = 0.0
        return np.array(out)

    def gd_on_a_copy(grad, w0, lr, steps):
        w = np.array(w0, dtype=float)
        path = [w.copy()]
        for _ in range(steps):
            w = w - lr * grad(w)
            path.append(w)
        return np.array(path)

    for answer in (gd_in_place, zeroes_and_returns_the_reference):
        result = ch04.check_gradient_descent(answer)
        assert not result.passed and "changes its argument `w0` in place" in result.message
    assert not ch04.check_gradient_descent(_zeroes_in_place).passed
    assert ch04.check_gradient_descent(gd_on_a_copy).passed

    def linear_backward_in_place(dout, cache):
        x, W = cache
        grads = (dout @ W.T, x.T @ dout, dout.sum(axis=0))
        for array in (dout, x, W):
            array[...] = 0.0
        return grads

    def reference(dout, cache):
        x, W = cache
        return dout @ W.T, x.T @ dout, dout.sum(axis=0)

    result = ch05.check_linear_backward(linear_backward_in_place)
    assert not result.passed and "changes its argument `dout` in place" in result.message
    assert not ch05.check_linear_backward(_zeroes_in_place).passed
    # the shared data survived: the reference solution still passes
    assert ch05.check_linear_backward(reference).passed


def test_nudging_x_in_place_is_caught_even_when_restored_by_subtraction():
    def numerical_gradient(f, x, h=1e-5):
        x = np.asarray(x, dtype=float)
        grad = np.zeros_like(x)
        for i in range(x.size):
            x[i] += h
            up = f(x)
            x[i] -= 2 * h
            down = f(x)
            x[i] += h  # back where it was, up to rounding
            grad[i] = (up - down) / (2 * h)
        return grad

    def restoring_exactly(f, x, h=1e-5):
        x = np.asarray(x, dtype=float)
        grad = np.zeros_like(x)
        for i in range(x.size):
            old = x[i]
            x[i] = old + h
            up = f(x)
            x[i] = old - h
            down = f(x)
            x[i] = old
            grad[i] = (up - down) / (2 * h)
        return grad

    def f(v):
        return float(np.sum(v**2))

    # At 0.1, (0.1 + 1e-5) − 2e-5 + 1e-5 is not 0.1 again in float64.
    message = checks.changed_input(numerical_gradient, [(f, np.array([0.1, 0.3]))], (1,))
    assert message is not None and "need not give back exactly the old float" in message
    assert checks.changed_input(restoring_exactly, [(f, np.array([0.1, 0.3]))], (1,)) is None
    assert ch02.check_numerical_gradient(restoring_exactly).passed


def test_unchanged_positions_are_validated():
    with pytest.raises(TypeError, match="unchanged must be a sequence"):
        checks.check_function(_f, _f, [(1.0,)], unchanged=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="argument positions"):
        checks.check_function(_f, _f, [(1.0,)], unchanged=(-1,))


def test_check_function_reports_what_went_wrong():
    ref = lambda x: 2 * x  # noqa: E731
    assert "raised RuntimeError: learner bug" in cu.check_function(_raises, ref, [(1.0,)]).message
    assert "NaN or inf" in cu.check_function(lambda x: np.nan, ref, [(1.0,)]).message
    assert "shape" in cu.check_function(lambda x: np.ones(3), ref, [(1.0,)]).message
    hostile = cu.check_number(_Hostile(), 1.0)
    assert hostile.status == "incorrect" and "<unprintable>" in hostile.message


# -- data faults: DataError, nothing left behind -------------------------------------------------


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def test_corrupt_gzip_is_a_data_error(tmp_path):
    blob = bytearray(gzip.compress(_idx(np.arange(2000, dtype=np.uint8).reshape(40, 50))))
    blob[30:60] = bytes(30)  # damaged deflate stream: zlib.error inside gzip
    path = tmp_path / "damaged.gz"
    path.write_bytes(bytes(blob))
    with pytest.raises(DataError, match="corrupt or truncated"):
        data.read_idx(path)


@pytest.mark.parametrize(
    "header",
    [
        bytes([0, 0, 0x08, 3]) + (0xFFFFFFFF).to_bytes(4, "big") * 3,  # product overflows int64
        bytes([0, 0, 0x08, 2]) + (1 << 31).to_bytes(4, "big") * 2,  # 2^62: wraps in int32 maths
        bytes([0, 0, 0x08, 1]) + (10**9).to_bytes(4, "big"),  # far more than the file holds
    ],
    ids=["overflow", "wrap", "exceeds-file"],
)
def test_idx_header_sizes_that_overflow_or_exceed_the_file(tmp_path, header):
    path = tmp_path / "bad-idx"
    path.write_bytes(header + bytes(16))
    with pytest.raises(DataError, match="truncated: header promises shape"):
        data.read_idx(path)


def _subset_arrays() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {
        "x_train": rng.integers(0, 256, (20, 784), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 20),
        "x_test": rng.integers(0, 256, (5, 784), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 5),
    }


@pytest.mark.parametrize(
    "tamper,match",
    [
        (lambda a: a.update(y_train=a["y_train"].astype(float) + 0.5), "integer labels"),
        (lambda a: a.update(y_test=a["y_test"] + 10), "one label 0-9"),
        (lambda a: a.update(x_train=a["x_train"].astype(np.float32)), "uint8 of shape"),
        (lambda a: a.update(x_test=a["x_test"][:, :100]), "uint8 of shape"),
        (lambda a: a.pop("y_test"), "missing arrays"),
        (lambda a: a.update(x_train=a["x_train"][:0], y_train=a["y_train"][:0]), "no images"),
    ],
    ids=["float-labels", "label-range", "dtype", "shape", "missing", "empty"],
)
def test_a_tampered_npz_by_path_is_a_data_error(tmp_path, tamper, match):
    arrays = _subset_arrays()
    tamper(arrays)
    path = tmp_path / "subset.npz"
    np.savez(path, **arrays)
    with pytest.raises(DataError, match=match):
        data.load_mnist_subset(path)


def test_a_broken_npz_is_a_data_error(tmp_path):
    path = tmp_path / "subset.npz"
    np.savez_compressed(path, **_subset_arrays())
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 200] = bytes(200)
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="not a valid course subset"):
        data.load_mnist_subset(path)
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(DataError, match="not a valid course subset"):
        data.load_mnist_subset(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x_train.npy", b"garbage")
    with pytest.raises(DataError, match="not a valid course subset"):
        data.load_mnist_subset(path)


def test_the_bundled_subset_is_always_verified(tmp_path, monkeypatch):
    bad = tmp_path / "mnist_subset.npz"
    np.savez(bad, **_subset_arrays())  # structurally valid, but not the published file
    monkeypatch.setattr(data, "SUBSET_PATH", bad)
    with pytest.raises(DataError, match="SHA-256 .* does not match"):
        data.load_mnist_subset(verify=False)


class _Truncating(http.server.BaseHTTPRequestHandler):
    """Promises 1000 bytes and sends 10: the client sees http.client.IncompleteRead."""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args: Any) -> None:
        pass


def test_a_truncated_download_is_a_data_error_and_leaves_nothing(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Truncating)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    target = tmp_path / "new" / "mnist"
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with pytest.raises(DataError, match="cut off after 10 bytes"):
            data.download_mnist(target, mirror=url, progress=False, timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert not (tmp_path / "new").exists()  # no folder, no .part file
    assert list(tmp_path.iterdir()) == []


def test_download_refuses_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="mirror must be an http"):
        data.download_mnist(tmp_path / "d", mirror="ftp://example.org/")
    with pytest.raises(ValueError, match="timeout must be"):
        data.download_mnist(tmp_path / "d", mirror="http://127.0.0.1:9/", timeout=0)
    assert not (tmp_path / "d").exists()


# -- no finite bad input yields NaN/inf ----------------------------------------------------------


FINITE_BAD = [
    lambda: cu.hessian(_f2, [1.0, 2.0], h=1e-200),
    lambda: cu.hessian(_f2, [0.0, 0.0], h=1e-300),
    lambda: cu.directional_derivative(_f2, [1.0, 2.0], [1.0, 0.0], h=1e-200),
    lambda: cu.derivative(np.sin, 1.0, h=1e-300),
    lambda: cu.gradient(_f2, [1e300, 1.0]),
    lambda: cu.exp(np.array([800.0])),
    lambda: cu.Value(1e300) * cu.Value(1e300),
    lambda: cu.Dual(1e300, 1.0) * 1e300,
    lambda: cu.Value(1e-300) ** -2,
    lambda: cu.mse_loss(np.zeros((0, 3)), np.zeros((0, 3))),
    lambda: cu.softmax_cross_entropy(np.zeros((0, 3)), np.zeros(0, dtype=int)),
]


# The functions given may overflow themselves (that is the point); the course must refuse.
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.parametrize("call", FINITE_BAD)
def test_no_finite_bad_input_gives_nan_or_inf(call):
    try:
        out = call()
    except (TypeError, ValueError):
        return
    values = [getattr(out, "data", getattr(out, "value", out))]
    if isinstance(out, tuple):
        values = list(out)
    for v in values:
        arr = np.asarray(v, dtype=float)
        assert np.all(np.isfinite(arr)), f"silently non-finite result {out!r}"


def test_a_correct_jacobian_from_an_object_array_of_nodes():
    """np.array(inputs) holds the Value/Dual nodes themselves: the result is right, not zeros."""
    for jac in (cu.reverse_mode_jacobian, cu.forward_mode_jacobian):
        J, _ = jac(lambda v: np.array(v) * 2, [1.0, 2.0])
        np.testing.assert_array_equal(J, [[2.0, 0.0], [0.0, 2.0]])


def test_valid_paths_still_work(tmp_path: Path):
    assert cu.check_number(6.0, 6.0).passed
    fig, ax = cu.new_figure(2.0, 2.0)
    cu.plot_trajectory(np.zeros((0, 2)), ax=ax)
    assert cu.render_png(fig).startswith(b"\x89PNG")

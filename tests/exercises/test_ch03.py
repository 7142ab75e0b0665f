"""Chapter 03's exercise checks: solutions pass, typical mistakes are named, build-its switch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.exercises import ch03


def test_ch03_solutions_and_diagnoses():
    assert ch03.check_power_chain(lambda x: 20 * x * (2 * x**2 - 1) ** 4).passed
    assert ch03.check_sin_exp(lambda x: np.cos(np.exp(x)) * np.exp(x)).passed
    a = 1 / (1 + np.exp(0.4))
    assert ch03.check_sigmoid_neuron(2 * (a - 1) * a * (1 - a) * 1.5).passed
    assert "σ(z)(1 − σ(z))" in ch03.check_sigmoid_neuron(2 * (a - 1) * 1.5).message
    assert ch03.check_two_paths(11.0).passed
    assert "multiplied the two paths" in ch03.check_two_paths(24.0).message
    assert "only the path through u" in ch03.check_two_paths(8.0).message
    assert "inner derivative" in ch03.check_power_chain(lambda x: 5 * (2 * x**2 - 1) ** 4).message
    assert (
        "evaluated at the inner value"
        in ch03.check_sin_exp(lambda x: np.cos(x) * np.exp(x)).message
    )


def test_ch03_common_slips_are_named():
    assert "4x" in ch03.check_power_chain(lambda x: 10 * x * (2 * x**2 - 1) ** 4).message
    a = 1 / (1 + np.exp(0.4))
    expected = 2 * (a - 1) * a * (1 - a) * 1.5
    assert "the sign" in ch03.check_sigmoid_neuron(-expected).message
    assert "its derivative" in ch03.check_sigmoid_neuron(2 * (a - 1) * a * 1.5).message
    for rounded in (-0.432, -0.4315, -0.43152):
        result = ch03.check_sigmoid_neuron(rounded)
        assert result.status == "incorrect" and "digits only" in result.message, result.message
    assert "∂u/∂x = y = 2, not 1" in ch03.check_two_paths(7.0).message
    assert "path through v (3·1 = 3) is right" in ch03.check_two_paths(5).message


def test_ch03_accumulation_and_dual_exercises():
    assert ch03.check_accumulated_grad(60.0).passed
    assert "adds the same amount again" in ch03.check_accumulated_grad(30.0).message
    assert "zero_grad" in ch03.check_accumulated_grad(0.0).message
    assert ch03.check_accumulated_grad(...).status == "unanswered"
    assert ch03.check_sin_dual(lambda a, b: (math.sin(a), b * math.cos(a))).passed
    assert "b·cos a" in ch03.check_sin_dual(lambda a, b: (math.sin(a), math.cos(a))).message
    assert "the sign" in ch03.check_sin_dual(lambda a, b: (math.sin(a), -b * math.cos(a))).message
    assert ch03.check_sin_dual(lambda a, b: ...).status == "unanswered"


def test_backward_names_an_unfinished_function_it_calls():
    def unfinished_order(root):
        raise NotImplementedError("visit the parents first, then append the node")

    def backward(root):
        root.grad = 1.0
        for node in reversed(unfinished_order(root)):
            node.grad += 0.0

    result = ch03.check_backward(backward)
    assert result.status == "unanswered"
    assert "`unfinished_order`" in result.message and "order_of(root)" in result.message


# -- the build-its: solutions written as in the notebook's solution cells -------------------------


def mul_backward(a, b, grad):
    return grad * b, grad * a


def power_backward(x, n, grad):
    return grad * n * x ** (n - 1)


def tanh_backward(out, grad):
    return grad * (1 - out**2)


def topological_order(root):
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def backward(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad += contribution


def iterative_order(root):
    """Another valid order (explicit stack, parents visited last to first)."""
    order, seen, stack = [], {id(root)}, [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        stack.append((node, True))
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, False))
    return order


SOLUTIONS = {
    "mul_backward": mul_backward,
    "power_backward": power_backward,
    "tanh_backward": tanh_backward,
    "topological_order": topological_order,
    "backward": backward,
}


def _scaffold(*args):
    """Not written yet."""
    raise NotImplementedError


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_build_its_use_the_learners_function_once_it_passes(name, capsys):
    solution = SOLUTIONS[name]
    assert getattr(ch03, f"check_{name}")(solution).passed
    assert getattr(ch03, f"use_{name}")(solution) is solution
    verdict, choice = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✅") and choice == f"Using your `{name}` from here on."
    reference = getattr(ch03, f"use_{name}")(_scaffold)
    verdict, choice = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✏️") and "course's reference" in choice
    assert getattr(ch03, f"check_{name}")(reference).passed


def test_any_valid_topological_order_passes():
    assert ch03.check_topological_order(iterative_order).passed


def _no_seen_set(root):
    order = []

    def visit(node):
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(root)
    return order


def _children_first(root):
    return topological_order(root)[::-1]


def _parents_only(root):
    return [*root.parents, root]


def _assigning(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad = contribution


def _unseeded(root):
    for node in reversed(topological_order(root)):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad += contribution


def _forward_order(root):
    root.grad = 1.0
    for node in topological_order(root):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad += contribution


@pytest.mark.parametrize(
    "check,wrong,phrase",
    [
        ("check_mul_backward", lambda a, b, g: (g * a, g * b), "swapped"),
        ("check_mul_backward", lambda a, b, g: (b, a), "local derivative alone"),
        ("check_mul_backward", lambda a, b, g: (g, g), "rule of addition"),
        ("check_power_backward", lambda x, n, g: g * n * x**n, "drops by one"),
        ("check_power_backward", lambda x, n, g: n * x ** (n - 1), "local derivative alone"),
        ("check_tanh_backward", lambda t, g: g * (1 - math.tanh(t) ** 2), "already tanh"),
        ("check_tanh_backward", lambda t, g: g * t * (1 - t), "sigmoid"),
        ("check_tanh_backward", lambda t, g: 1 - t**2, "local derivative alone"),
        ("check_topological_order", _no_seen_set, "more than once"),
        ("check_topological_order", _children_first, "reversed"),
        ("check_topological_order", _parents_only, "missing"),
        ("check_topological_order", lambda root: root, "list of nodes"),
        ("check_backward", _assigning, "+="),
        ("check_backward", _unseeded, "root.grad = 1.0"),
        ("check_backward", _forward_order, "reversed"),
    ],
)
def test_build_its_name_the_typical_mistake(check, wrong, phrase):
    result = getattr(ch03, check)(wrong)
    assert result.status == "incorrect" and phrase in result.message, result.message


def test_graph_checks_report_a_crash_without_raising():
    def crashes(root):
        raise KeyError("oops")

    for check in (ch03.check_topological_order, ch03.check_backward):
        result = check(crashes)
        assert result.status == "incorrect" and "KeyError" in result.message
        assert check(...).status == "unanswered"
        assert check(3.0).status == "incorrect"

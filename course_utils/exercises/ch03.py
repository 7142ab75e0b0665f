"""Checks for the exercises of chapter 03 (the chain rule and automatic differentiation).

Five of the exercises are *build-it* exercises (see :mod:`course_utils.exercises.build_it`): the
learner writes the pieces of a small reverse-mode engine — the backward rules of ×, powers and
tanh, the topological order of a graph, and the backward sweep — and the chapter's ``Node``
class and later cells run on them. ``use_mul_backward(mul_backward)`` and its siblings print the
verdict and return the learner's function once it passes, or the reference below (written the
same way as the notebook's solution) until then.

The engine's nodes have four attributes, the same in the notebook's ``Node`` and in ``_Node``
here: ``data`` (the number), ``grad`` (d root / d node, filled in by the backward sweep),
``parents`` (the nodes it was computed from, in order) and ``rule`` (a function from this node's
gradient to a tuple of gradient contributions, one per parent; a leaf's rule returns ``()``).

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

import math
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from course_utils.exercises.build_it import use_checked
from course_utils.exercises.checks import (
    SCAFFOLD_HINT,
    CheckResult,
    check_function,
    check_number,
    not_a_function_answer,
)

__all__ = [
    "POINTS",
    "check_power_chain",
    "check_sin_exp",
    "check_sigmoid_neuron",
    "check_two_paths",
    "check_accumulated_grad",
    "check_sin_dual",
    "check_mul_backward",
    "check_power_backward",
    "check_tanh_backward",
    "check_topological_order",
    "check_backward",
    "use_mul_backward",
    "use_power_backward",
    "use_tanh_backward",
    "use_topological_order",
    "use_backward",
]

POINTS: tuple[float, ...] = (-1.3, -0.4, 0.6, 1.7)


def _cases() -> list[tuple[float]]:
    return [(p,) for p in POINTS]


def check_power_chain(dy: Any) -> CheckResult:
    """Exercise: y = (2x² − 1)⁵; ``dy(x)`` returns dy/dx."""
    return check_function(
        dy,
        lambda x: 20 * x * (2 * x**2 - 1) ** 4,
        _cases(),
        mistakes=[
            (
                lambda x: 5 * (2 * x**2 - 1) ** 4,
                "you forgot the inner derivative: multiply by d/dx (2x² − 1) = 4x.",
            ),
            (
                lambda x: 20 * x * (2 * x**2 - 1) ** 5,
                "the outer power must drop by one: 5u⁴, not 5u⁵.",
            ),
            (
                lambda x: 10 * x * (2 * x**2 - 1) ** 4,
                "the inner derivative of 2x² − 1 is 4x: the 2 in front stays, d/dx 2x² = 2·2x.",
            ),
            (
                lambda x: 5 * (4 * x) ** 4,
                "differentiate the outer function at the *inner value* u = 2x² − 1, then multiply "
                "by u′ = 4x.",
            ),
        ],
        success="Correct: 5(2x² − 1)⁴ · 4x = 20x(2x² − 1)⁴.",
    )


def check_sin_exp(dy: Any) -> CheckResult:
    """Exercise: y = sin(eˣ); ``dy(x)`` returns dy/dx."""
    return check_function(
        dy,
        lambda x: np.cos(np.exp(x)) * np.exp(x),
        _cases(),
        mistakes=[
            (
                lambda x: np.cos(np.exp(x)),
                "you forgot the inner derivative: multiply by (eˣ)′ = eˣ.",
            ),
            (
                lambda x: np.cos(x) * np.exp(x),
                "the outer derivative cos must be evaluated at the inner value eˣ, not at x.",
            ),
            (lambda x: -np.cos(np.exp(x)) * np.exp(x), "the derivative of sin is +cos."),
        ],
        success="Correct: cos(eˣ)·eˣ.",
    )


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def check_sigmoid_neuron(value: Any) -> CheckResult:
    """Exercise: L = (σ(w·x + b) − y)² with w = −0.4, x = 1.5, b = 0.2, y = 1; give dL/dw."""
    w, x, b, y = -0.4, 1.5, 0.2, 1.0
    a = _sigmoid(w * x + b)
    d_l_d_a, d_a_d_z, d_z_d_w = 2 * (a - y), a * (1 - a), x
    expected = d_l_d_a * d_a_d_z * d_z_d_w
    result = check_number(
        value,
        expected,
        expression_hint="e.g. a = 1 / (1 + np.exp(0.4)), then 2 * (a - 1) * a * (1 - a) * 1.5",
        mistakes=[
            (
                -expected,
                "the sign: a = σ(−0.4) ≈ 0.40 is below y = 1, so a − y and with it dL/dw are "
                "negative (a larger w moves a towards 1 and lowers the loss).",
            ),
            (
                d_l_d_a * d_z_d_w,
                "the sigmoid's own slope σ(z)(1 − σ(z)) is missing from the product.",
            ),
            (d_l_d_a * d_a_d_z, "∂z/∂w = x = 1.5 is missing from the product."),
            (
                (a - y) * d_a_d_z * d_z_d_w,
                "the derivative of (a − y)² is 2(a − y): a factor 2 is missing.",
            ),
            (d_l_d_a * a * d_z_d_w, "you used σ(z) where its derivative σ(z)(1 − σ(z)) belongs."),
        ],
        success=f"Correct: 2(a − y) · σ(z)(1 − σ(z)) · x = {expected:.6f}.",
    )
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if result.status == "incorrect" and number is not None and math.isfinite(number):
        # check_number names a rounded answer from 4 digits on; -0.173 is right to 3
        if f"{number:.2e}" == f"{expected:.2e}" and f"{number:.3e}" != f"{expected:.3e}":
            return CheckResult(
                "incorrect",
                f"Not quite: {number:g} is right to 3 digits only — rounded too early? "
                "Type the expression itself and let Python do the arithmetic, e.g. "
                "a = 1 / (1 + np.exp(0.4)), then 2 * (a - 1) * a * (1 - a) * 1.5.",
            )
    return result


def check_two_paths(value: Any) -> CheckResult:
    """Exercise: z = u² + 3v with u = x·y and v = x + y; give ∂z/∂x at (x, y) = (1, 2)."""
    x, y = 1.0, 2.0
    u = x * y
    via_u = 2 * u * y  # ∂z/∂u · ∂u/∂x
    via_v = 3.0 * 1.0  # ∂z/∂v · ∂v/∂x
    return check_number(
        value,
        via_u + via_v,
        mistakes=[
            (via_u, "that is only the path through u; x also reaches z through v. Add the paths."),
            (via_v, "that is only the path through v; x also reaches z through u. Add the paths."),
            (
                2 * u * 1.0 + via_v,
                "the path through u is ∂z/∂u · ∂u/∂x = 2u · y, and ∂u/∂x = y = 2, not 1: "
                "2·2·2 = 8.",
            ),
            (
                u + via_v,
                "the path through v (3·1 = 3) is right; the path through u is "
                "∂z/∂u · ∂u/∂x = 2u · y = 2·2·2 = 8.",
            ),
            (
                via_u * via_v,
                "you multiplied the two paths; multiply *along* a path, then *add* the paths.",
            ),
            (
                (2 * u + y) + (3.0 + 1.0),
                "you added the derivatives along each path; multiply "
                "along a path (∂z/∂u · ∂u/∂x), then add the paths.",
            ),
        ],
        success=f"Correct: 2u·y + 3·1 = {via_u:g} + {via_v:g} = {via_u + via_v:g}.",
    )


def check_accumulated_grad(value: Any) -> CheckResult:
    """Exercise: w = Value(2.0), loss = (w·3 − 1)², ``backward()`` twice; predict ``w.grad``."""
    once = 2 * (2.0 * 3.0 - 1.0) * 3.0  # dL/dw = 2(3w − 1)·3 = 30
    return check_number(
        value,
        2 * once,
        mistakes=[
            (
                once,
                f"{once:g} is dL/dw, what one backward() leaves; the second sweep adds the same "
                "amount again into w.grad, because nothing set it back to 0.",
            ),
            (0.0, "nothing resets w.grad between the calls: only zero_grad() does."),
            (once**2, "the second sweep adds its gradient to w.grad; it does not multiply."),
        ],
        success=f"Correct: each backward() adds dL/dw = {once:g} into w.grad, so {2 * once:g}.",
    )


def _sin_dual(a: float, b: float) -> tuple[float, float]:
    """Reference: sin(a + bε) = sin a + b·cos a·ε, as (value, slope)."""
    return math.sin(a), b * math.cos(a)


_DUAL_CASES: list[tuple[Any, ...]] = [(0.3, 1.0), (1.2, -2.0), (2.5, 0.5), (-0.7, 3.0)]


def check_sin_dual(sin_dual: Any) -> CheckResult:
    """Exercise: ``sin_dual(a, b)`` returns (value, slope) of sin(a + bε) = sin a + b·cos a·ε."""
    return check_function(
        sin_dual,
        _sin_dual,
        _DUAL_CASES,
        rtol=1e-12,
        atol=1e-12,
        mistakes=[
            (
                lambda a, b: (math.sin(a), math.cos(a)),
                "the slope is f′(a) times the slope b that arrives: b·cos a (the chain rule).",
            ),
            (
                lambda a, b: (math.sin(a), -b * math.cos(a)),
                "the sign: d/da sin a = +cos a (it is cos whose derivative is −sin).",
            ),
            (
                lambda a, b: (math.cos(a), b * math.cos(a)),
                "the value part stays sin a; only the ε part carries the derivative.",
            ),
            (
                lambda a, b: (b * math.cos(a), math.sin(a)),
                "the two are swapped: return (value, slope) = (sin a, b·cos a).",
            ),
            (
                lambda a, b: (math.sin(a), b * math.sin(a)),
                "the derivative of sin is cos: the slope is b·cos a.",
            ),
        ],
        success="Correct: sin(a + bε) = sin a + b·cos a·ε, the chain rule in the ε part.",
    )


# -- build-it 1–3: backward rules, "local derivative times the gradient that arrives" ------------


def _mul_backward(a: Any, b: Any, grad: Any) -> Any:
    """Reference: out = a·b; the gradients for a and b, given grad = d root / d out."""
    return grad * b, grad * a


def _power_backward(x: Any, n: Any, grad: Any) -> Any:
    """Reference: out = xⁿ; the gradient for x, given grad = d root / d out."""
    return grad * n * x ** (n - 1)


def _tanh_backward(out: Any, grad: Any) -> Any:
    """Reference: out = tanh(x); the gradient for x, from the stored output and grad."""
    return grad * (1 - out**2)


_FORGOT_GRAD = (
    "that is the local derivative alone; the chain rule multiplies it by `grad`, the gradient "
    "arriving from the output."
)
_MUL_CASES: list[tuple[Any, ...]] = [(2.0, -3.0, 1.0), (0.5, 4.0, -2.0), (-1.5, 2.5, 0.3)]
_POWER_CASES: list[tuple[Any, ...]] = [
    (3.0, 2, 1.0),
    (1.5, 3, -2.0),
    (-0.8, 2, 0.5),
    (2.0, 0.5, 3.0),
]
_TANH_CASES: list[tuple[Any, ...]] = [
    (math.tanh(z), g) for z, g in ((0.5, 1.0), (-1.2, 2.0), (2.0, -0.5))
]


def check_mul_backward(mul_backward: Any) -> CheckResult:
    """Build-it 1: ``mul_backward(a, b, grad)`` returns (grad·b, grad·a) for out = a·b."""
    return check_function(
        mul_backward,
        _mul_backward,
        _MUL_CASES,
        rtol=1e-12,
        atol=1e-12,
        mistakes=[
            (
                lambda a, b, grad: (grad * a, grad * b),
                "the two are swapped: ∂(a·b)/∂a = b, so a's gradient is grad·b (and b's is "
                "grad·a).",
            ),
            (lambda a, b, grad: (b, a), _FORGOT_GRAD),
            (
                lambda a, b, grad: (grad, grad),
                "that is the rule of addition, which passes grad through unchanged; for a product "
                "each input's gradient is grad times the *other* input.",
            ),
            (
                lambda a, b, grad: grad * b * a,
                "return two gradients, one for each input: (grad·b, grad·a).",
            ),
        ],
        success="Correct: each factor's gradient is grad times the other factor.",
    )


def check_power_backward(power_backward: Any) -> CheckResult:
    """Build-it 2: ``power_backward(x, n, grad)`` returns grad·n·xⁿ⁻¹ for out = xⁿ."""
    return check_function(
        power_backward,
        _power_backward,
        _POWER_CASES,
        rtol=1e-12,
        atol=1e-12,
        mistakes=[
            (lambda x, n, grad: n * x ** (n - 1), _FORGOT_GRAD),
            (
                lambda x, n, grad: grad * n * x**n,
                "the exponent drops by one: d/dx xⁿ = n·xⁿ⁻¹.",
            ),
            (
                lambda x, n, grad: grad * x ** (n - 1),
                "the factor n is missing: d/dx xⁿ = n·xⁿ⁻¹.",
            ),
            (
                lambda x, n, grad: grad * (n - 1) * x ** (n - 1),
                "the factor in front is the old exponent n, not n − 1.",
            ),
        ],
        success="Correct: grad · n·xⁿ⁻¹, the power rule times the arriving gradient.",
    )


def check_tanh_backward(tanh_backward: Any) -> CheckResult:
    """Build-it 3: ``tanh_backward(out, grad)`` returns grad·(1 − out²) for out = tanh(x)."""
    return check_function(
        tanh_backward,
        _tanh_backward,
        _TANH_CASES,
        rtol=1e-12,
        atol=1e-12,
        mistakes=[
            (lambda out, grad: 1 - out**2, _FORGOT_GRAD),
            (
                lambda out, grad: grad * (1 - np.tanh(out) ** 2),
                "`out` is already tanh(x): use it directly, 1 − out², without applying tanh again.",
            ),
            (
                lambda out, grad: grad * (1 - out) ** 2,
                "mind the brackets: 1 − out², that is 1 − (out·out), not (1 − out)².",
            ),
            (
                lambda out, grad: grad * (1 + out**2),
                "the sign: tanh′ = 1 − tanh² (tanh flattens out, so its slope is below 1).",
            ),
            (
                lambda out, grad: grad * out * (1 - out),
                "that is the sigmoid's rule σ(1 − σ); for tanh it is 1 − tanh².",
            ),
        ],
        success="Correct: tanh′ = 1 − tanh², computed from the stored output.",
    )


def use_mul_backward(mul_backward: Any) -> Callable[..., Any]:
    """Check build-it 1 and return the × rule the notebook's ``Node`` uses from here."""
    return use_checked(check_mul_backward, mul_backward, _mul_backward, name="mul_backward")


def use_power_backward(power_backward: Any) -> Callable[..., Any]:
    """Check build-it 2 and return the power rule the notebook's ``Node`` uses from here."""
    return use_checked(check_power_backward, power_backward, _power_backward, name="power_backward")


def use_tanh_backward(tanh_backward: Any) -> Callable[..., Any]:
    """Check build-it 3 and return the tanh rule the notebook's ``Node`` uses from here."""
    return use_checked(check_tanh_backward, tanh_backward, _tanh_backward, name="tanh_backward")


# -- build-it 4–5: the graph walk ------------------------------------------------------------------


class _Node:
    """The notebook's ``Node``, for the checks: data, grad, parents and a backward rule."""

    def __init__(
        self,
        data: float,
        parents: tuple[_Node, ...] = (),
        rule: Callable[[float], tuple[float, ...]] = lambda grad: (),
    ) -> None:
        self.data, self.grad = data, 0.0
        self.parents, self.rule = parents, rule

    def __add__(self, other: Any) -> _Node:
        other = other if isinstance(other, _Node) else _Node(other)
        return _Node(self.data + other.data, (self, other), lambda g: (g, g))

    def __mul__(self, other: Any) -> _Node:
        other = other if isinstance(other, _Node) else _Node(other)
        return _Node(
            self.data * other.data, (self, other), lambda g: _mul_backward(self.data, other.data, g)
        )

    def __pow__(self, n: float) -> _Node:
        return _Node(self.data**n, (self,), lambda g: (_power_backward(self.data, n, g),))

    def tanh(self) -> _Node:
        out = math.tanh(self.data)
        return _Node(out, (self,), lambda g: (_tanh_backward(out, g),))


def _topological_order(root: Any) -> list[Any]:
    """Reference: every node root depends on, parents before children, root last (recursive)."""
    order, seen = [], set()

    def visit(node: Any) -> None:
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def _backward(root: Any) -> None:
    """Reference: seed d root / d root = 1, then let each node, outputs first, pass its gradient
    on to its parents, adding into what they already have."""
    root.grad = 1.0
    for node in reversed(_topological_order(root)):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad += contribution


def _graph(case: int) -> tuple[_Node, list[_Node]]:
    """Test graph number ``case``: its root and its leaves."""
    if case == 0:  # a single multiplication and an addition
        a, b, c = _Node(2.0), _Node(-3.0), _Node(10.0)
        return a * b + c, [a, b, c]
    if case == 1:  # a node used twice, then its result used twice
        a = _Node(1.5)
        b = a + a
        return b * b, [a]
    if case == 2:  # a diamond: x reaches the root along two paths
        x, y = _Node(0.7), _Node(-1.2)
        u, v = x * y, x + y
        return (u * v + u) ** 2, [x, y]
    if case == 3:  # the tanh neuron with a squared error
        w, x, b = _Node(0.8), _Node(1.5), _Node(-0.3)
        return ((w * x + b).tanh() + _Node(-1.0)) ** 2, [w, x, b]
    if case == 4:  # a chain of eight products
        x = _Node(1.1)
        node = x
        for k in range(8):
            node = node * (0.5 + 0.1 * k)
        return node, [x]
    x = _Node(4.0)  # a leaf on its own
    return x, [x]


_GRAPHS = range(6)


def _raised(exc: BaseException) -> CheckResult:
    text = str(exc).splitlines()[0][:120] if str(exc) else ""
    hint = ""
    if isinstance(exc, RecursionError):
        hint = " Does a node visit itself, or a node it has already visited?"
    return CheckResult(
        "incorrect",
        f"Your function raised {type(exc).__name__}: {text} (on a test graph).{hint}",
    )


def _not_implemented(exc: NotImplementedError, answer: Callable[..., Any]) -> CheckResult:
    """The scaffold hint, or, if the NotImplementedError came from a function that the
    learner's function calls (their unfinished ``topological_order``, say), where it came from."""
    frames = traceback.extract_tb(exc.__traceback__)
    origin = frames[-1].name if frames else ""
    own = getattr(answer, "__name__", "")
    if not origin or origin == own or origin == "<lambda>":
        return CheckResult("unanswered", SCAFFOLD_HINT)
    return CheckResult(
        "unanswered",
        f"Not finished yet: your `{own}` calls `{origin}`, which still raises "
        f"NotImplementedError. Use `order_of(root)` instead — your order once it passes its "
        "check, else the course's reference.",
    )


def _order_problem(order: Any, root: _Node) -> str | None:
    """What is wrong with ``order`` as a topological order of the graph of ``root``, or None."""
    if not isinstance(order, (list, tuple)):
        return f"return a list of nodes, got {type(order).__name__}."
    nodes = _topological_order(root)
    known = {id(n) for n in nodes}
    ids = [id(n) for n in order]
    if any(i not in known for i in ids):
        return (
            "the list holds objects that are not nodes of the graph; append the nodes themselves."
        )
    if len(set(ids)) < len(ids):
        return (
            "a node appears more than once. A node used twice (b = a + a) must be listed once: "
            "remember the nodes already visited (a set of id(node)) and skip them."
        )
    if len(ids) < len(nodes):
        return (
            f"{len(nodes) - len(ids)} of the {len(nodes)} nodes are missing: visit the parents "
            "of every node, and their parents in turn, down to the leaves."
        )
    position = {i: k for k, i in enumerate(ids)}

    def valid(pos: dict[int, int]) -> bool:
        return all(pos[id(p)] < pos[id(n)] for n in nodes for p in n.parents)

    if valid(position):
        return None
    if valid({i: -k for i, k in position.items()}):
        return (
            "the order is reversed: list a node only after all of its parents (append it once "
            "the visits of its parents are done), so that the root comes last."
        )
    return (
        "a node comes before one of its parents: append a node only after visiting all of its "
        "parents."
    )


def check_topological_order(topological_order: Any) -> CheckResult:
    """Build-it 4: ``topological_order(root)`` lists every node once, parents first, root last."""
    early = not_a_function_answer(topological_order)
    if early is not None:
        return early
    for case in _GRAPHS:
        root, _ = _graph(case)
        try:
            order = topological_order(root)
        except NotImplementedError:
            return CheckResult("unanswered", SCAFFOLD_HINT)
        except Exception as exc:  # a learner's bug: report it, don't crash the notebook
            return _raised(exc)
        if order is ...:
            return CheckResult("unanswered", "Not answered yet: your function returns `...`.")
        problem = _order_problem(order, root)
        if problem is not None:
            return CheckResult("incorrect", f"Not quite: {problem}")
    return CheckResult(
        "correct", "Correct: every node once, each after its parents, the root last."
    )


def _backward_assign(root: Any) -> None:
    root.grad = 1.0
    for node in reversed(_topological_order(root)):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad = contribution


def _backward_forward_order(root: Any) -> None:
    root.grad = 1.0
    for node in _topological_order(root):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad += contribution


def _backward_unseeded(root: Any) -> None:
    for node in reversed(_topological_order(root)):
        for parent, contribution in zip(node.parents, node.rule(node.grad), strict=True):
            parent.grad += contribution


_BACKWARD_MISTAKES: Sequence[tuple[Callable[[Any], None], str]] = (
    (
        _backward_unseeded,
        "every gradient stays 0: start the sweep with root.grad = 1.0 (d root / d root = 1).",
    ),
    (
        _backward_assign,
        "a node used twice gets one contribution from each use: add them up "
        "(parent.grad += ...) instead of overwriting (parent.grad = ...).",
    ),
    (
        _backward_forward_order,
        "walk the order backwards, reversed(...): a node can pass its gradient on only once "
        "every node that uses it has passed its own.",
    ),
)


def _leaf_grads(backward: Callable[[Any], Any], case: int) -> np.ndarray:
    root, leaves = _graph(case)
    backward(root)
    return np.array([float(leaf.grad) for leaf in leaves])


def check_backward(backward: Any) -> CheckResult:
    """Build-it 5: ``backward(root)`` fills in node.grad = d root / d node for every node."""
    early = not_a_function_answer(backward)
    if early is not None:
        return early
    got = []
    for case in _GRAPHS:
        root, leaves = _graph(case)
        try:
            backward(root)
            grads = [leaf.grad for leaf in leaves]
            values = np.array([float(g) for g in grads])
        except NotImplementedError as exc:
            return _not_implemented(exc, backward)
        except Exception as exc:  # a learner's bug: report it, don't crash the notebook
            return _raised(exc)
        got.append(values)
    expected = [_leaf_grads(_backward, case) for case in _GRAPHS]

    def agree(wanted: list[np.ndarray]) -> bool:
        return all(
            np.allclose(g, w, rtol=1e-10, atol=1e-12) for g, w in zip(got, wanted, strict=True)
        )

    if agree(expected):
        return CheckResult(
            "correct",
            "Correct: one reversed sweep, seeded with 1, each node adding into its parents.",
        )
    for wrong, explanation in _BACKWARD_MISTAKES:
        if agree([_leaf_grads(wrong, case) for case in _GRAPHS]):
            return CheckResult("incorrect", f"Not quite: {explanation}")
    bad = next(k for k in _GRAPHS if not np.allclose(got[k], expected[k], rtol=1e-10, atol=1e-12))
    return CheckResult(
        "incorrect",
        f"Not quite: the leaves' gradients are wrong on test graph {bad + 1} of {len(_GRAPHS)}. "
        "Seed the root with 1, then for each node from the root back, add "
        "node.rule(node.grad) into its parents' grad.",
    )


def use_topological_order(topological_order: Any) -> Callable[..., Any]:
    """Check build-it 4 and return the topological order the notebook uses from here."""
    return use_checked(
        check_topological_order, topological_order, _topological_order, name="topological_order"
    )


def use_backward(backward: Any) -> Callable[..., Any]:
    """Check build-it 5 and return the backward sweep the notebook uses from here."""
    return use_checked(check_backward, backward, _backward, name="backward")

"""Checks for the exercises of chapter 02 (partial derivatives, gradients, Jacobians, Hessians).

Three of the exercises are *build-it* exercises (see :mod:`course_utils.exercises.build_it`):
the learner writes ``numerical_gradient`` (one central difference per coordinate),
``jacobian_by_columns`` (one central difference of the whole output per input) and
``classify_critical_point`` (the eigenvalue test), and the chapter's later cells run on them.
``use_numerical_gradient(numerical_gradient)`` and its two siblings print the verdict and return
the learner's function once it passes, or the reference below (the same code as the notebook's
solution) until then.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from course_utils.exercises.build_it import use_checked
from course_utils.exercises.checks import CheckResult, check_function, check_number

__all__ = [
    "POINTS_2D",
    "KINDS",
    "check_numerical_gradient",
    "check_jacobian_by_columns",
    "check_classify_critical_point",
    "use_numerical_gradient",
    "use_jacobian_by_columns",
    "use_classify_critical_point",
    "check_partials",
    "check_loss_gradient",
    "check_jacobian",
    "check_directional_derivative",
    "check_taylor_sqrt",
]

#: Points (x, y) where learners' functions are compared with the reference.
POINTS_2D: tuple[tuple[float, float], ...] = ((1.0, -1.0), (0.5, 2.0), (-1.5, 0.7), (2.2, -0.4))
#: The answers ``classify_critical_point`` may give.
KINDS: tuple[str, ...] = ("minimum", "maximum", "saddle", "undecided")


# -- build-it exercises: the references the notebook runs on until the learner's code passes ---


def _numerical_gradient(f: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    """Reference: central difference along each coordinate in turn, shape (n,)."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def _jacobian_by_columns(g: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    """Reference: column j is the central difference of the whole output along input j."""
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((g(x + step) - g(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


def _classify_critical_point(H: Any) -> str:
    """Reference: the eigenvalue test for a symmetric Hessian."""
    eigenvalues = np.linalg.eigvalsh(H)
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    if eigenvalues.min() < 0 < eigenvalues.max():
        return "saddle"
    return "undecided"


# Test functions for the numerical gradient: none has a zero gradient at the points used, so an
# all-zero answer is always a mistake.
_Y_TRUE = np.array([1.1, 1.9, 3.2])


def _quadratic(v: Any) -> Any:
    return v[0] ** 2 + 3 * v[0] * v[1] + v[1] ** 2


def _ripple(v: Any) -> Any:
    return np.sin(v[0] ** 2 + v[1] ** 2)


def _mse_to_target(y_pred: Any) -> Any:
    return np.mean((y_pred - _Y_TRUE) ** 2)


def _soft_bowl(v: Any) -> Any:
    return np.sum(np.exp(0.3 * v) + v**2)


_GRADIENT_CASES: list[tuple[Any, ...]] = [
    (_quadratic, np.array([1.0, 2.0])),
    (_ripple, np.array([0.4, -1.1]), 1e-5),
    (_mse_to_target, np.array([1.0, 2.0, 3.0])),
    (_soft_bowl, np.array([0.5, -1.5, 2.0, 0.7]), 1e-4),
    (_soft_bowl, np.array([1.3])),
]


def _all_at_once(f: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    x = np.asarray(x, dtype=float)
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def _piled_up(f: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    x = np.asarray(x, dtype=float)
    x_plus, x_minus, grad = x.copy(), x.copy(), np.zeros_like(x)
    for i in range(x.size):
        x_plus[i] += h
        x_minus[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad


def _forward_gradient(f: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x)) / h
    return grad


def check_numerical_gradient(numerical_gradient: Any) -> CheckResult:
    """Build-it 1: ``numerical_gradient(f, x, h=1e-5)`` should return the vector of central
    differences (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h), one per coordinate i, shape (n,)."""
    return check_function(
        numerical_gradient,
        _numerical_gradient,
        _GRADIENT_CASES,
        rtol=1e-8,
        atol=1e-10,
        mistakes=[
            (
                lambda f, x, h=1e-5: np.zeros(np.shape(x)),
                "every entry is 0, so the two nudged points were the same array: `x_plus = x` "
                "does not copy. Make each nudged point with x.copy(), or add a step vector to x.",
            ),
            (
                _all_at_once,
                "every entry is the same number: x + h adds h to *all* coordinates at once. Nudge "
                "only coordinate i and hold the others fixed — that is what makes it partial.",
            ),
            (
                _piled_up,
                "the first entry is right but the later ones are not: the nudges pile up, "
                "because coordinate i stays moved when you go on to i + 1. Start each one from a "
                "fresh copy of x.",
            ),
            (
                lambda f, x, h=1e-5: 2 * _numerical_gradient(f, x, h),
                "twice too large: x − h·eᵢ and x + h·eᵢ are 2h apart, so divide by 2h, not h.",
            ),
            (
                _forward_gradient,
                "that is the forward difference (f(x + h·eᵢ) − f(x)) / h, close but with an error "
                "of order h; look both ways, from x − h·eᵢ to x + h·eᵢ, as chapter 1's central "
                "difference does.",
            ),
            (
                lambda f, x, h=1e-5: -_numerical_gradient(f, x, h),
                "every sign is flipped: subtract the value at x − h·eᵢ from the value at x + h·eᵢ.",
            ),
        ],
        success="Correct: one central difference per coordinate, the other coordinates held fixed.",
        unchanged=(1,),
    )


def _g3(v: Any) -> Any:
    return np.array([v[0] * v[1], v[0] + v[1] ** 2, np.sin(v[0])])


_W = np.array([[0.5, -1.0, 2.0, 0.0], [1.5, 0.25, -0.75, 1.0]])


def _linear(v: Any) -> Any:
    return _W @ v


def _softmax(z: Any) -> Any:
    e = np.exp(z - np.max(z))
    return e / e.sum()


_JACOBIAN_CASES: list[tuple[Any, ...]] = [
    (_g3, np.array([1.0, 2.0])),
    (_g3, np.array([0.5, -1.3]), 1e-4),
    (_linear, np.array([0.3, -1.2, 0.8, 2.0])),
    (_softmax, np.array([1.0, 2.0, 0.5])),
]


def _forward_jacobian(g: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((g(x + step) - g(x)) / h)
    return np.stack(columns, axis=1)


def _same_columns(g: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    x = np.asarray(x, dtype=float)
    column = (g(x + h) - g(x - h)) / (2 * h)
    return np.stack([column] * x.size, axis=1)


def check_jacobian_by_columns(jacobian_by_columns: Any) -> CheckResult:
    """Build-it 2: ``jacobian_by_columns(g, x, h=1e-5)`` should return the (m, n) Jacobian whose
    column j is (g(x + h·eⱼ) − g(x − h·eⱼ)) / (2h)."""
    return check_function(
        jacobian_by_columns,
        _jacobian_by_columns,
        _JACOBIAN_CASES,
        rtol=1e-8,
        atol=1e-10,
        mistakes=[
            (
                lambda g, x, h=1e-5: _jacobian_by_columns(g, x, h).T,
                "that is the transpose, shape (n, m). Each difference of the outputs is a "
                "*column* of J (how every output moves with input j): stack them side by side, "
                "np.stack(columns, axis=1), so that J has one row per output.",
            ),
            (
                _same_columns,
                "all the columns are equal: x + h moves every input at once. Nudge only input j "
                "for column j.",
            ),
            (
                lambda g, x, h=1e-5: 2 * _jacobian_by_columns(g, x, h),
                "twice too large: the two nudged points are 2h apart, so divide by 2h.",
            ),
            (
                _forward_jacobian,
                "that is the forward difference, with an error of order h; use the central one, "
                "from x − h·eⱼ to x + h·eⱼ.",
            ),
        ],
        success="Correct: one central difference of the whole output per input, one column each.",
        unchanged=(1,),
    )


def _by_signs(values: Any) -> str:
    values = np.asarray(values, dtype=float)
    if np.all(values > 0):
        return "minimum"
    if np.all(values < 0):
        return "maximum"
    if values.min() < 0 < values.max():
        return "saddle"
    return "undecided"


def _by_diagonal(H: Any) -> str:
    return _by_signs(np.diag(H))


def _by_determinant(H: Any) -> str:
    det = float(np.linalg.det(H))
    return "minimum" if det > 0 else "saddle" if det < 0 else "undecided"


def _swapped(H: Any) -> str:
    kind = _classify_critical_point(H)
    return {"minimum": "maximum", "maximum": "minimum"}.get(kind, kind)


def _no_undecided(H: Any) -> str:
    eigenvalues = np.linalg.eigvalsh(H)
    if np.all(eigenvalues >= 0):
        return "minimum"
    if np.all(eigenvalues <= 0):
        return "maximum"
    return "saddle"


_X5 = 2 ** (1 / 5)  # the local minimum of x³y² + 2xy − y³ is at x = 2^(1/5), y = −2/(3x²)
_HESSIAN_CASES: tuple[tuple[np.ndarray], ...] = (
    (np.array([[2.0, 0.0], [0.0, 2.0]]),),
    (np.array([[-2.0, 0.0], [0.0, -2.0]]),),
    (np.array([[2.0, 0.0], [0.0, -2.0]]),),
    (np.array([[2.0, -3.0], [-3.0, 2.0]]),),
    (np.array([[-2.0, 3.0], [3.0, -2.0]]),),
    (np.array([[0.0, 2.0], [2.0, 0.0]]),),
    (np.array([[4 * _X5**2 / 3, -2.0], [-2.0, 4 * _X5**3]]),),
    (np.array([[-3.0, 1.0], [1.0, -2.0]]),),
    (np.diag([1.0, 2.0, 3.0]),),
    (np.diag([1.0, -1.0, -1.0]),),
    (np.array([[2.0, 0.0], [0.0, 0.0]]),),
    (np.array([[0.0, 0.0], [0.0, -1.0]]),),
)


def _code(kind: Any) -> Any:
    """A kind as a number check_function can compare (its index in KINDS); other values as is."""
    if isinstance(kind, str) and kind.strip().lower() in KINDS:
        return float(KINDS.index(kind.strip().lower()))
    return kind


def _coded(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def coded(H: Any) -> Any:
        return _code(fn(H))

    return coded


def _not_a_kind(answer: Callable[[Any], Any]) -> CheckResult | None:
    """An "incorrect" verdict if ``answer`` returns something that is not one of KINDS."""
    for (H,) in _HESSIAN_CASES:
        try:
            out = answer(H.copy())
        except Exception:  # reported by check_function (NotImplementedError: unanswered)
            return None
        if out is None or out is Ellipsis:
            return None
        if not isinstance(_code(out), float):
            return CheckResult(
                "incorrect",
                "Not quite: return one of the words "
                + ", ".join(f'"{k}"' for k in KINDS)
                + (
                    f", got {out!r:.40}."
                    if isinstance(out, str)
                    else f", got a {type(out).__name__}."
                ),
            )
    return None


def check_classify_critical_point(classify_critical_point: Any) -> CheckResult:
    """Build-it 3: ``classify_critical_point(H)`` should return "minimum", "maximum", "saddle" or
    "undecided" from the signs of the eigenvalues of the symmetric (n, n) Hessian H."""
    answer = classify_critical_point
    if callable(answer):
        wrong_type = _not_a_kind(answer)
        if wrong_type is not None:
            return wrong_type
        answer = _coded(answer)
    return check_function(
        answer,
        _coded(_classify_critical_point),
        list(_HESSIAN_CASES),
        mistakes=[
            (
                _coded(_by_diagonal),
                "you read the signs of the diagonal entries. They are the curvatures along the "
                "axes only: H = [[2, −3], [−3, 2]] has a positive diagonal but eigenvalues 5 and "
                "−1, a saddle. Use the eigenvalues (np.linalg.eigvalsh).",
            ),
            (
                _coded(_by_determinant),
                "a positive determinant only says the eigenvalues of a 2 × 2 H have the same "
                "sign — both positive (minimum) or both negative (maximum). Look at the "
                "eigenvalues themselves.",
            ),
            (
                _coded(_swapped),
                "minimum and maximum are swapped: all eigenvalues positive means the surface "
                "curves up in every direction, a bowl, so the point is a minimum.",
            ),
            (
                _coded(_no_undecided),
                "a zero eigenvalue leaves the test undecided (the surface is flat to second order "
                "along its eigenvector); compare with > 0 and < 0, not >= and <=.",
            ),
        ],
        success="Correct: all eigenvalues positive, a minimum; all negative, a maximum; both "
        "signs, a saddle; a zero eigenvalue, undecided.",
        unchanged=(0,),
    )


def use_numerical_gradient(numerical_gradient: Any) -> Callable[..., Any]:
    """Check build-it 1 and return the numerical gradient the notebook runs on from here:
    the learner's once it passes, else the reference. Prints the verdict and one line."""
    return use_checked(
        check_numerical_gradient, numerical_gradient, _numerical_gradient, name="numerical_gradient"
    )


def use_jacobian_by_columns(jacobian_by_columns: Any) -> Callable[..., Any]:
    """Check build-it 2 and return the Jacobian function the notebook runs on from here."""
    return use_checked(
        check_jacobian_by_columns,
        jacobian_by_columns,
        _jacobian_by_columns,
        name="jacobian_by_columns",
    )


def use_classify_critical_point(classify_critical_point: Any) -> Callable[..., Any]:
    """Check build-it 3 and return the classifier the notebook runs on from here."""
    return use_checked(
        check_classify_critical_point,
        classify_critical_point,
        _classify_critical_point,
        name="classify_critical_point",
    )


# -- the other exercises ----------------------------------------------------------------------


def check_partials(partials: Any) -> CheckResult:
    """Exercise 1: f(x, y) = x²y³ + 4xy; ``partials(x, y)`` returns (∂f/∂x, ∂f/∂y)."""
    return check_function(
        partials,
        lambda x, y: np.array([2 * x * y**3 + 4 * y, 3 * x**2 * y**2 + 4 * x]),
        POINTS_2D,
        mistakes=[
            (
                lambda x, y: np.array([3 * x**2 * y**2 + 4 * x, 2 * x * y**3 + 4 * y]),
                "you returned (∂f/∂y, ∂f/∂x); keep the order of the inputs, x first.",
            ),
            (
                lambda x, y: np.array([2 * x * y**3 + 4 * y + 3 * x**2 * y**2 + 4 * x] * 2),
                "you differentiated the other variable too. In ∂f/∂x, y is a constant: "
                "x²y³ behaves like (constant)·x², with derivative 2xy³.",
            ),
            (
                lambda x, y: np.array([2 * x * y**3 + 4 * x, 3 * x**2 * y**2 + 4 * x]),
                "in ∂f/∂x the term 4xy is (4y)·x, so its derivative is 4y, not 4x.",
            ),
        ],
        success="Correct: ∂f/∂x = 2xy³ + 4y and ∂f/∂y = 3x²y² + 4x.",
    )


#: The input and the target of the one-weight model in exercise 2 (chapter 1's, plus a bias).
LOSS_INPUT, LOSS_TARGET = 2.0, 10.0


def _loss_gradient(w: float, b: float) -> np.ndarray:
    residual = w * LOSS_INPUT + b - LOSS_TARGET
    return np.array([2 * residual * LOSS_INPUT, 2 * residual])


def check_loss_gradient(grad_loss: Any) -> CheckResult:
    """Exercise 2: L(w, b) = (w·2 + b − 10)²; ``grad_loss(w, b)`` returns ∇L, shape (2,)."""
    return check_function(
        grad_loss,
        _loss_gradient,
        POINTS_2D,
        mistakes=[
            (
                lambda w, b: _loss_gradient(w, b).reshape(2, 1),
                "the numbers are right, but return a flat vector of shape (2,), e.g. "
                "np.array([dL_dw, dL_db]), not a column of shape (2, 1).",
            ),
            (
                lambda w, b: _loss_gradient(w, b).reshape(1, 2),
                "the numbers are right, but return a flat vector of shape (2,), not a row of "
                "shape (1, 2).",
            ),
            (
                lambda w, b: _loss_gradient(w, b)[::-1],
                "the two partial derivatives are swapped: ∂L/∂w comes first.",
            ),
            (
                lambda w, b: np.array([2.0, 2.0]) * (w * LOSS_INPUT + b - LOSS_TARGET),
                "∂L/∂w needs the inner derivative too: w·2 + b changes at rate 2 when w moves, "
                "so ∂L/∂w = 2(2w + b − 10)·2.",
            ),
            (
                lambda w, b: _loss_gradient(w, b) / 2,
                "the outer derivative of u² is 2u: both entries are missing the factor 2.",
            ),
            (
                lambda w, b: -_loss_gradient(w, b),
                "the signs are flipped: the residual is prediction minus target, 2w + b − 10.",
            ),
        ],
        success="Correct: ∇L = [2(2w + b − 10)·2, 2(2w + b − 10)].",
    )


def _jac(x: float, y: float) -> np.ndarray:
    return np.array(
        [[2 * x * y, x**2], [np.exp(x) * np.cos(y), -np.exp(x) * np.sin(y)], [1.0, -3 * y**2]]
    )


def _jac_with_row(row: int, values: Callable[[float, float], list[float]]) -> Callable[..., Any]:
    """The right Jacobian except for one row, as a typical mistake computes it."""

    def wrong(x: float, y: float) -> np.ndarray:
        J = _jac(x, y)
        J[row] = values(x, y)
        return J

    return wrong


def check_jacobian(jac: Any) -> CheckResult:
    """Exercise 3: g(x, y) = (x²y, eˣ cos y, x − y³); ``jac(x, y)`` returns the 3 × 2 Jacobian."""
    return check_function(
        jac,
        _jac,
        POINTS_2D,
        mistakes=[
            (
                lambda x, y: _jac(x, y).T,
                "that is the transpose. The Jacobian of g: R² → R³ is 3 × 2: one row per output "
                "(the gradient of that output), one column per input.",
            ),
            (
                _jac_with_row(1, lambda x, y: [np.exp(x) * np.cos(y), np.exp(x) * np.sin(y)]),
                "row 2: the derivative of cos y is −sin y, so ∂(eˣ cos y)/∂y = −eˣ sin y.",
            ),
            (
                _jac_with_row(1, lambda x, y: [np.exp(x) * np.cos(y), -np.sin(y)]),
                "row 2: when y moves, eˣ is a constant factor and stays: ∂(eˣ cos y)/∂y = "
                "eˣ·(−sin y).",
            ),
            (
                _jac_with_row(0, lambda x, y: [2 * x, x**2]),
                "row 1: in ∂(x²y)/∂x the y is a constant factor and stays: 2xy, not 2x.",
            ),
            (
                _jac_with_row(2, lambda x, y: [0.0, -3 * y**2]),
                "row 3: x − y³ changes at rate 1 when x moves, so ∂/∂x = 1, not 0.",
            ),
        ],
        success="Correct: J = [[2xy, x²], [eˣ cos y, −eˣ sin y], [1, −3y²]], one row per output.",
    )


#: Exercise 4: f(x, y) = x²y at this point, towards this (not yet unit) direction.
DIRECTIONAL_POINT, DIRECTIONAL_TOWARDS = (1.0, 2.0), (3.0, 4.0)


def check_directional_derivative(value: Any) -> CheckResult:
    """Exercise 4: rate of change of f = x²y at (1, 2) towards the direction (3, 4)."""
    x, y = DIRECTIONAL_POINT
    grad = np.array([2 * x * y, x**2])
    u = np.array(DIRECTIONAL_TOWARDS)
    unit = u / np.linalg.norm(u)
    return check_number(
        value,
        float(grad @ unit),
        mistakes=[
            (
                float(grad @ u),
                "(3, 4) has length 5; divide it by its length first, so that "
                "the answer measures change per unit of distance.",
            ),
            (
                float(np.linalg.norm(grad)),
                "|∇f| is the rate in the steepest direction, the "
                "gradient's own; (3, 4) is a different direction, so take ∇f·u.",
            ),
            (
                float(grad[::-1] @ unit),
                "the partial derivatives are swapped: ∂(x²y)/∂x = 2xy comes first, "
                "∂(x²y)/∂y = x² second.",
            ),
            (
                float(np.array([2 * x, x**2]) @ unit),
                "∂(x²y)/∂x keeps the constant factor y: 2xy = 4 at (1, 2), not 2x.",
            ),
            (
                float(-(grad @ unit)),
                "check the sign: moving towards (3, 4) from (1, 2) goes uphill.",
            ),
        ],
        success=f"Correct: ∇f·u = (4, 1)·(3, 4)/5 = 16/5 = {grad @ unit:.4g}.",
    )


def check_taylor_sqrt(value: Any) -> CheckResult:
    """Exercise 5: the second-order Taylor polynomial of √x around 4, evaluated at 4.1."""
    a, dx = 4.0, 0.1
    f0, f1, f2 = np.sqrt(a), 0.5 / np.sqrt(a), -0.25 / a**1.5
    second_order = f0 + f1 * dx + f2 * dx**2 / 2
    gap = abs(float(np.sqrt(a + dx)) - second_order)
    return check_number(
        value,
        second_order,
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                f0 + f1 * dx,
                "that is the first-order (tangent-line) value; add the second-order "
                "term f″(4)·(0.1)²/2.",
            ),
            (
                f0 + f1 * dx + f2 * dx**2,
                "the second-order term needs the 1/2! factor: f″(a)·Δx²/2.",
            ),
            (f0 + f1 * dx - f2 * dx**2 / 2, "check the sign of f″(4) = −1/(4·4^(3/2)) = −1/32."),
            (
                float(np.sqrt(a + dx)),
                "that is √4.1 itself; the exercise asks for the value of "
                f"the polynomial (which differs from it by only {gap:.1e}).",
            ),
        ],
        expression_hint="e.g. `2 + 0.1/4 - ...`, not its rounded value",
        success=f"Correct: 2 + 0.1/4 − 0.01/64 = {second_order:.8f}, within {gap:.1e} of √4.1.",
    )

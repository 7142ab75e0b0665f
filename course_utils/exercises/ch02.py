"""Checks for the exercises of chapter 02 (partial derivatives, gradients, Jacobians, Hessians).

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises.checks import CheckResult, check_choice, check_function, check_number

__all__ = [
    "POINTS_2D",
    "check_partials",
    "check_gradient_function",
    "check_jacobian",
    "check_directional_derivative",
    "check_critical_point_type",
    "check_taylor_sqrt",
    "saddle_hessian",
]

#: Points (x, y) where learners' functions are compared with the reference.
POINTS_2D: tuple[tuple[float, float], ...] = ((1.0, -1.0), (0.5, 2.0), (-1.5, 0.7), (2.2, -0.4))


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


def _grad(x: float, y: float) -> np.ndarray:
    return np.array([3 * x**2 * y**2 + 2 * y, 2 * x**3 * y + 2 * x - 3 * y**2])


def check_gradient_function(grad_f: Any) -> CheckResult:
    """Exercise 2: f(x, y) = x³y² + 2xy − y³; ``grad_f(x, y)`` returns ∇f as a flat array (2,)."""
    return check_function(
        grad_f,
        _grad,
        POINTS_2D,
        mistakes=[
            (
                lambda x, y: _grad(x, y).reshape(2, 1),
                "the numbers are right, but return a flat vector of shape (2,), e.g. "
                "np.array([dfdx, dfdy]), not a column of shape (2, 1).",
            ),
            (
                lambda x, y: _grad(x, y).reshape(1, 2),
                "the numbers are right, but return a flat vector of shape (2,), not a row of "
                "shape (1, 2).",
            ),
            (
                lambda x, y: _grad(x, y)[::-1],
                "the two partial derivatives are swapped: ∂f/∂x comes first.",
            ),
            (
                lambda x, y: _grad(x, y) - np.array([2 * y, 2 * x]),
                "the term 2xy is missing: it contributes 2y to ∂f/∂x and 2x to ∂f/∂y.",
            ),
        ],
        success="Correct: ∇f = [3x²y² + 2y, 2x³y + 2x − 3y²].",
    )


def _jac(x: float, y: float) -> np.ndarray:
    return np.array([[y, x], [1.0, 2 * y], [np.cos(x), 0.0]])


def check_jacobian(jac: Any) -> CheckResult:
    """Exercise 3: g(x, y) = (x·y, x + y², sin x); ``jac(x, y)`` returns the 3 × 2 Jacobian."""
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
                lambda x, y: np.array([[y, x], [1.0, y**2], [np.cos(x), 0.0]]),
                "row 2 is the gradient of x + y²: ∂/∂y gives 2y, not y².",
            ),
            (
                lambda x, y: np.array([[y, x], [1.0, 2 * y], [np.cos(x), np.cos(x)]]),
                "sin x does not depend on y, so ∂(sin x)/∂y = 0.",
            ),
        ],
        success="Correct: J = [[y, x], [1, 2y], [cos x, 0]], one row per output.",
    )


def check_directional_derivative(value: Any) -> CheckResult:
    """Exercise 4: rate of change of f = x² + y² at (3, 4) towards the direction (1, 1)."""
    grad = np.array([6.0, 8.0])
    u = np.array([1.0, 1.0])
    unit = u / np.linalg.norm(u)
    return check_number(
        value,
        float(grad @ unit),
        mistakes=[
            (
                float(grad @ u),
                "(1, 1) has length √2; divide it by its length first, so that "
                "the answer measures change per unit of distance.",
            ),
            (
                float(np.linalg.norm(grad)),
                "|∇f| is the rate in the steepest direction, the "
                "gradient's own; (1, 1) is a different direction, so take ∇f·u.",
            ),
            (
                float(-(grad @ unit)),
                "check the sign: moving towards (1, 1) from (3, 4) goes uphill.",
            ),
        ],
        success=f"Correct: ∇f·u = [6, 8]·(1, 1)/√2 = 14/√2 ≈ {grad @ unit:.4f}.",
    )


def saddle_hessian() -> np.ndarray:
    """The Hessian of f(x, y) = x² − 3xy + y² (constant), shape (2, 2)."""
    return np.array([[2.0, -3.0], [-3.0, 2.0]])


def check_critical_point_type(answer: Any) -> CheckResult:
    """Exercise 5: is the origin a "minimum", "maximum" or "saddle" of f = x² − 3xy + y²?"""
    eig = np.linalg.eigvalsh(saddle_hessian())
    kind = "saddle" if eig.min() < 0 < eig.max() else "minimum" if eig.min() > 0 else "maximum"
    values = f"{eig[0]:g} and {eig[1]:g}"
    return check_choice(
        answer,
        kind,
        ("minimum", "maximum", "saddle"),
        mistakes={
            "minimum": f"both diagonal entries of H are positive, but that is not enough: its "
            f"eigenvalues are {values}, of opposite signs.",
            "maximum": f"a maximum needs all eigenvalues of H negative; here they are {values}.",
        },
        success=f"Correct: H = [[2, −3], [−3, 2]] has eigenvalues {values}: up along one "
        "direction, down along another — a saddle.",
    )


def check_taylor_sqrt(value: Any) -> CheckResult:
    """Exercise 6: the second-order Taylor polynomial of √x around 4, evaluated at 4.1."""
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
        success=f"Correct: 2 + 0.1/4 − 0.01/64 = {second_order:.8f}, within {gap:.1e} of √4.1.",
    )

"""Chapter 02's exercise checks: solutions pass, typical mistakes are named, build-its choose."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ch02
from course_utils.exercises.build_it import USING_REFERENCE, USING_YOURS


def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += h
        x_minus[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad


def jacobian_by_columns(g, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    J = np.zeros((np.size(g(x)), x.size))
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        J[:, j] = (g(x + e) - g(x - e)) / (2 * h)
    return J


def classify_critical_point(H):
    eigenvalues = np.linalg.eigvalsh(H)
    if eigenvalues.min() > 0:
        return "minimum"
    if eigenvalues.max() < 0:
        return "Maximum "  # case and spaces do not matter
    return "saddle" if eigenvalues.min() < 0 < eigenvalues.max() else "undecided"


def test_ch02_solutions_pass():
    assert ch02.check_numerical_gradient(numerical_gradient).passed
    assert ch02.check_jacobian_by_columns(jacobian_by_columns).passed
    assert ch02.check_classify_critical_point(classify_critical_point).passed
    assert ch02.check_partials(lambda x, y: (2 * x * y**3 + 4 * y, 3 * x**2 * y**2 + 4 * x)).passed
    assert ch02.check_loss_gradient(
        lambda w, b: np.array([2 * (2 * w + b - 10) * 2, 2 * (2 * w + b - 10)])
    ).passed
    assert ch02.check_jacobian(
        lambda x, y: np.array(
            [[2 * x * y, x**2], [np.exp(x) * np.cos(y), -np.exp(x) * np.sin(y)], [1, -3 * y**2]]
        )
    ).passed
    assert ch02.check_directional_derivative(np.array([4.0, 1.0]) @ [0.6, 0.8]).passed
    assert ch02.check_taylor_sqrt(2 + 0.1 / 4 - 0.01 / 64).passed


def _ex3_jacobian(x, y):
    return np.array(
        [[2 * x * y, x**2], [np.exp(x) * np.cos(y), -np.exp(x) * np.sin(y)], [1.0, -3 * y**2]]
    )


def _no_undecided_branch(H):
    kind = classify_critical_point(H)
    return None if kind == "undecided" else kind


def _aliased_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        x_plus = x  # the bug: no copy
        x_plus[i] += h
        x_minus = x
        x_minus[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad


def _rows_stacked(g, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.array([(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize(
    "check,answer,phrase",
    [
        (ch02.check_numerical_gradient, _aliased_gradient, "does not copy"),
        (
            ch02.check_numerical_gradient,
            lambda f, x, h=1e-5: np.full(np.shape(x), (f(x + h) - f(x - h)) / (2 * h)),
            "all* coordinates at once",
        ),
        (
            ch02.check_numerical_gradient,
            lambda f, x, h=1e-5: 2 * numerical_gradient(f, x, h),
            "divide by 2h",
        ),
        (ch02.check_jacobian_by_columns, _rows_stacked, "transpose"),
        (
            ch02.check_classify_critical_point,
            lambda H: classify_critical_point(np.diag(np.diag(H))),
            "diagonal entries",
        ),
        (
            ch02.check_classify_critical_point,
            lambda H: {1: "minimum", 0: "undecided", -1: "saddle"}[
                int(np.sign(round(np.linalg.det(H), 12)))
            ],
            "determinant",
        ),
        (ch02.check_classify_critical_point, lambda H: "bowl", "one of the words"),
        (
            ch02.check_classify_critical_point,
            lambda H: (classify_critical_point(H), np.linalg.eigvalsh(H)),
            "got a tuple",
        ),
        (
            ch02.check_partials,
            lambda x, y: (2 * x * y**3 + 4 * y + 3 * x**2 * y**2 + 4 * x,) * 2,
            "y is a constant",
        ),
        (
            ch02.check_partials,
            lambda x, y: (3 * x**2 * y**2 + 4 * x, 2 * x * y**3 + 4 * y),
            "x first",
        ),
        (
            ch02.check_partials,
            lambda x, y: (2 * x * y**3 + 4 * x, 3 * x**2 * y**2 + 4 * x),
            "4y, not 4x",
        ),
        (
            ch02.check_loss_gradient,
            lambda w, b: np.array([[4 * (2 * w + b - 10)], [2 * (2 * w + b - 10)]]),
            "flat vector of shape (2,)",
        ),
        (
            ch02.check_loss_gradient,
            lambda w, b: np.array([2 * (2 * w + b - 10), 2 * (2 * w + b - 10)]),
            "inner derivative",
        ),
        (ch02.check_jacobian, lambda x, y: _ex3_jacobian(x, y).T, "transpose"),
        (
            ch02.check_jacobian,
            lambda x, y: _ex3_jacobian(x, y) * [[1, 1], [1, -1], [1, 1]],
            "−sin y",
        ),
        (
            ch02.check_jacobian,
            lambda x, y: _ex3_jacobian(x, y) / [[1, 1], [1, np.exp(x)], [1, 1]],
            "constant factor and stays",
        ),
        (
            ch02.check_jacobian,
            lambda x, y: _ex3_jacobian(x, y) / [[y, 1], [1, 1], [1, 1]],
            "2xy, not 2x",
        ),
        (ch02.check_jacobian, lambda x, y: np.zeros((3, 2)), "the expected result is [[-2, 1]"),
        (ch02.check_directional_derivative, 16.0, "length 5"),
        (ch02.check_directional_derivative, float(np.sqrt(17)), "steepest direction"),
        (ch02.check_directional_derivative, 3.8, "swapped"),
        (ch02.check_taylor_sqrt, 2.025, "first-order"),
        (ch02.check_taylor_sqrt, float(np.sqrt(4.1)), "√4.1 itself"),
        (ch02.check_taylor_sqrt, 2.0248, "right to 5 digits"),
        (ch02.check_taylor_sqrt, 2.02484, "Type the expression itself"),
        (ch02.check_partials, lambda x, y: (2 * x * y**3 + 4 * y, 3 * x**2 * y**2), "at (1, -1)"),
        (ch02.check_partials, lambda x, y: None, "is a `return` missing"),
        (ch02.check_classify_critical_point, _no_undecided_branch, "returned None for [[2, 0]"),
    ],
)
def test_ch02_diagnoses(check, answer, phrase):
    result = check(answer)
    assert result.status == "incorrect" and phrase in result.message, result.message


def _scaffold(*args):
    raise NotImplementedError


@pytest.mark.parametrize(
    "use,name,solution,args",
    [
        (
            ch02.use_numerical_gradient,
            "numerical_gradient",
            numerical_gradient,
            (lambda v: v[0] ** 2 + 3 * v[0] * v[1], np.array([1.0, 2.0])),
        ),
        (
            ch02.use_jacobian_by_columns,
            "jacobian_by_columns",
            jacobian_by_columns,
            (lambda v: np.array([v[0] * v[1], np.sin(v[0])]), np.array([1.0, 2.0])),
        ),
        (
            ch02.use_classify_critical_point,
            "classify_critical_point",
            classify_critical_point,
            (np.array([[2.0, -3.0], [-3.0, 2.0]]),),
        ),
    ],
)
def test_ch02_use_returns_the_reference_until_the_learners_function_passes(
    use, name, solution, args, capsys
):
    chosen = use(_scaffold)
    out = capsys.readouterr().out
    assert out.startswith("✏️") and USING_REFERENCE.format(name=name) in out
    assert chosen is not _scaffold
    mine = use(solution)
    out = capsys.readouterr().out
    assert out.startswith("✅") and USING_YOURS.format(name=name) in out
    assert mine is solution
    reference, yours = chosen(*args), mine(*args)
    if isinstance(reference, str):
        assert reference == yours
    else:
        assert np.allclose(reference, yours, rtol=1e-9)


def test_the_references_agree_with_the_course_library():
    from course_utils import gradient, jacobian

    f = ch02._GRADIENT_CASES[0][0]
    point = np.array([1.0, 2.0])
    assert np.allclose(ch02._numerical_gradient(f, point), gradient(f, point), rtol=1e-8)
    g, x = ch02._JACOBIAN_CASES[0][:2]
    assert np.allclose(ch02._jacobian_by_columns(g, x), jacobian(g, x), rtol=1e-8)
    assert ch02._classify_critical_point(np.array([[0.0, 2.0], [2.0, 0.0]])) == "saddle"


def _cubic_gradient(v):
    x, y = v
    return np.array([3 * x**2 * y**2 + 2 * y, 2 * x**3 * y + 2 * x - 3 * y**2])


def _cubic_hessian(v):
    x, y = v
    return np.array([[6 * x * y**2, 6 * x**2 * y + 2], [6 * x**2 * y + 2, 2 * x**3 - 6 * y]])


def test_the_chapters_cubic_has_no_other_critical_points_in_its_plotted_window():
    """Chapter 02 finds by hand that x³y² + 2xy − y³ has exactly two critical points; Newton's
    method from a grid of starts over the plotted window finds no third one."""
    x_star = 2 ** (1 / 5)
    critical_points = [np.array([0.0, 0.0]), np.array([x_star, -2 / (3 * x_star**2)])]
    found = []
    for sx in np.linspace(-2, 2, 9):
        for sy in np.linspace(-2, 2, 9):
            v = np.array([sx, sy])
            for _ in range(60):
                H = _cubic_hessian(v)
                if abs(np.linalg.det(H)) < 1e-12 or np.linalg.norm(v) > 1e3:
                    break
                v = v - np.linalg.solve(H, _cubic_gradient(v))
            if np.all(np.isfinite(v)) and np.linalg.norm(_cubic_gradient(v)) < 1e-9:
                assert any(np.allclose(v, c, atol=1e-6) for c in critical_points), v
                found.append(v)
    assert found

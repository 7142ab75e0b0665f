"""Self-checks for exercises that recognise the likely mistake, not just "wrong".

A check compares a learner's answer (a number or a Python function, never a string to evaluate)
with a reference. When the answer is wrong, it also compares it with a list of *typical mistakes*
(a sign error, the forward instead of the central difference, a forgotten inner derivative, ...)
and, if one matches, says which. Checks never raise on a wrong or unfinished answer: they return a
:class:`CheckResult` that prints one line, so a notebook with open exercises still runs top to
bottom.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Number
from typing import Any, Literal

import numpy as np

__all__ = ["CheckResult", "check_number", "check_array", "check_function", "check_choice"]

Status = Literal["correct", "incorrect", "unanswered"]
_ICONS = {"correct": "✅", "incorrect": "❌", "unanswered": "✏️"}
UNANSWERED_HINT = "Not answered yet: replace the `...` with your answer and run the cell again."


@dataclass(frozen=True)
class CheckResult:
    """Outcome of an exercise check.

    Attributes
    ----------
    status : {"correct", "incorrect", "unanswered"}
    message : str
        One or two sentences for the learner.
    """

    status: Status
    message: str

    @property
    def passed(self) -> bool:
        """True only for a correct answer."""
        return self.status == "correct"

    def __repr__(self) -> str:
        return f"{_ICONS[self.status]} {self.message}"

    __str__ = __repr__


def _is_unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, (Number, np.number, np.ndarray)):
        return None
    arr = np.asarray(answer)
    if arr.size != 1 or not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
        return None
    return float(arr.reshape(()))


def _as_numeric_array(value: Any) -> np.ndarray | None:
    """``value`` (number, tuple, list or array of real numbers) as a float array, else None."""
    if isinstance(value, (str, bytes, bool)) or value is None:
        return None
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return None
    if arr.dtype == object or arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.number):
        return None
    if np.iscomplexobj(arr):
        return None
    return arr.astype(float)


def _close(a: Any, b: Any, rtol: float, atol: float) -> bool:
    """Equal within tolerance *and* of the same shape (no broadcasting: a column vector is not
    the same answer as a flat one)."""
    try:
        a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a_arr.shape == b_arr.shape and bool(np.allclose(a_arr, b_arr, rtol=rtol, atol=atol))


def _match(
    value: Any,
    expected: Any,
    mistakes: Sequence[tuple[Any, str]],
    rtol: float,
    atol: float,
    success: str,
) -> CheckResult | None:
    """Correct, or the first known mistake that ``value`` equals; None if neither."""
    if _close(value, expected, rtol, atol):
        return CheckResult("correct", success)
    for wrong, explanation in mistakes:
        if _close(value, wrong, rtol, atol):
            return CheckResult("incorrect", f"Not quite: {explanation}")
    return None


def check_number(
    answer: Any,
    expected: float,
    *,
    mistakes: Sequence[tuple[float, str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    success: str = "Correct.",
) -> CheckResult:
    """Check a numeric answer, naming the mistake when it matches a known wrong value.

    Introduced in: 01_derivatives.ipynb

    Parameters
    ----------
    answer : float
        The learner's number (``...`` or ``None`` means not answered yet).
    expected : float
        The correct value (computed by the caller, not typed in).
    mistakes : sequence of (float, str)
        Wrong values a typical mistake produces, each with its explanation.
    rtol, atol : float
        Tolerances for "equal".
    success : str
        Message shown for a correct answer.

    Returns
    -------
    CheckResult
    """
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    value = _as_number(answer)
    if value is None:
        return CheckResult(
            "incorrect",
            f"The answer must be a single number, got {type(answer).__name__} {answer!r:.40}. "
            "(Text is never evaluated: write the number or a Python expression for it.)",
        )
    if not np.isfinite(value):
        return CheckResult("incorrect", f"The answer must be a finite number, got {value}.")
    return _match(value, expected, mistakes, rtol, atol, success) or CheckResult(
        "incorrect", f"Not quite: {value:.6g} is not the expected value. Check each step again."
    )


def check_function(
    answer: Any,
    reference: Callable[..., Any],
    cases: Sequence[tuple[Any, ...]],
    *,
    mistakes: Sequence[tuple[Callable[..., Any], str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    success: str = "Correct.",
) -> CheckResult:
    """Check a learner's function against a reference on a set of argument tuples.

    Introduced in: 01_derivatives.ipynb

    Parameters
    ----------
    answer : callable
        The learner's function. If it returns ``...`` or ``None`` the exercise counts as not
        answered yet.
    reference : callable
        The correct function, same signature.
    cases : sequence of tuple
        Argument tuples to call both with, e.g. ``[(0.5,), (1.0,), (2.0,)]``.
    mistakes : sequence of (callable, str)
        Functions implementing a typical mistake, each with its explanation; the first that
        agrees with ``answer`` on every case is reported.
    rtol, atol : float
        Tolerances for "equal".
    success : str
        Message shown for a correct answer.

    Returns
    -------
    CheckResult
    """
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    if not callable(answer):
        return CheckResult(
            "incorrect",
            f"The answer must be a Python function (def ...), got {type(answer).__name__}.",
        )
    outputs = []
    for case in cases:
        try:
            out = answer(*case)
        except Exception as exc:  # a learner's bug: report it, don't crash the notebook
            args = ", ".join(
                f"{a:g}" if isinstance(a, float) else getattr(a, "__name__", "…") for a in case
            )
            return CheckResult(
                "incorrect",
                f"Your function raised {type(exc).__name__}: {exc} (called with {args}).",
            )
        if _is_unanswered(out):
            return CheckResult(
                "unanswered",
                "Not answered yet: your function returns `...`; "
                "replace it with your formula and run the cell again.",
            )
        numeric = _as_numeric_array(out)
        if numeric is None:
            return CheckResult(
                "incorrect",
                f"Your function must return a number or an array of numbers, got "
                f"{type(out).__name__}.",
            )
        outputs.append(numeric)

    def agrees(fn: Callable[..., Any]) -> bool:
        pairs = zip(outputs, cases, strict=True)
        return all(_close(out, fn(*case), rtol, atol) for out, case in pairs)

    if agrees(reference):
        return CheckResult("correct", success)
    for wrong, explanation in mistakes:
        if agrees(wrong):
            return CheckResult("incorrect", f"Not quite: {explanation}")
    for out, case in zip(outputs, cases, strict=True):
        expected_shape, shape = np.shape(reference(*case)), np.shape(out)
        if shape != expected_shape:
            return CheckResult(
                "incorrect",
                f"Not quite: your function returns shape {shape}, but shape {expected_shape} "
                "is expected.",
            )
    bad = next(
        i
        for i, (out, case) in enumerate(zip(outputs, cases, strict=True))
        if not _close(out, reference(*case), rtol, atol)
    )
    return CheckResult(
        "incorrect",
        f"Not quite: your function disagrees with the expected result for test case {bad + 1} "
        f"of {len(cases)}. Check each term again.",
    )


def check_choice(
    answer: Any,
    expected: str,
    options: Sequence[str],
    *,
    mistakes: Mapping[str, str] | None = None,
    success: str = "Correct.",
) -> CheckResult:
    """Check a multiple-choice answer given as one of ``options`` (compared as text, never run).

    Introduced in: 02_partial_derivatives_and_gradients.ipynb

    Parameters
    ----------
    answer : str
        The learner's choice (case and surrounding spaces are ignored).
    expected : str
        The correct option.
    options : sequence of str
        All valid options.
    mistakes : mapping of str -> str, optional
        Explanation for each wrong option.
    success : str

    Returns
    -------
    CheckResult
    """
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    normal = {option.strip().lower(): option for option in options}
    if not isinstance(answer, str) or answer.strip().lower() not in normal:
        return CheckResult(
            "incorrect", f"Choose one of {', '.join(map(repr, options))}; got {answer!r:.40}."
        )
    chosen = normal[answer.strip().lower()]
    if chosen == expected:
        return CheckResult("correct", success)
    explanation = (mistakes or {}).get(chosen, f"{chosen!r} is not right. Look again.")
    return CheckResult("incorrect", f"Not quite: {explanation}")


def check_array(
    answer: Any,
    expected: Any,
    *,
    mistakes: Sequence[tuple[Any, str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    success: str = "Correct.",
) -> CheckResult:
    """Check an array answer: values *and* shape, naming the mistake when one matches.

    Introduced in: 03_chain_rule_and_autodiff.ipynb

    Parameters
    ----------
    answer : array_like
        The learner's array (``...`` or ``None`` means not answered yet).
    expected : array_like
        The correct array (computed by the caller).
    mistakes : sequence of (array_like, str)
        Wrong arrays a typical mistake produces, each with its explanation.
    rtol, atol : float
    success : str

    Returns
    -------
    CheckResult
    """
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    arr = _as_numeric_array(answer)
    if arr is None:
        return CheckResult(
            "incorrect", f"The answer must be an array of numbers, got {type(answer).__name__}."
        )
    matched = _match(arr, expected, mistakes, rtol, atol, success)
    if matched is not None:
        return matched
    if arr.shape != np.shape(expected):
        return CheckResult(
            "incorrect",
            f"Not quite: your array has shape {arr.shape}, but shape "
            f"{np.shape(expected)} is expected.",
        )
    return CheckResult("incorrect", "Not quite: the shape is right but the values are not.")

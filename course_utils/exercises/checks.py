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

import copy
import inspect
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Number
from typing import Any, Literal

import numpy as np

from course_utils._validation import (
    require_callable,
    require_choice,
    require_int,
    require_real_scalar,
)

__all__ = [
    "CheckResult",
    "check_number",
    "check_array",
    "check_function",
    "check_choice",
    "changed_input",
    "not_a_function_answer",
]

Status = Literal["correct", "incorrect", "unanswered"]
_ICONS = {"correct": "✅", "incorrect": "❌", "unanswered": "✏️"}
UNANSWERED_HINT = "Not answered yet: replace the `...` with your answer and run the cell again."
SCAFFOLD_HINT = (
    "Not answered yet: replace the line `raise NotImplementedError` with your code, then run "
    "that cell and this one again."
)


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


def _describe(value: Any, width: int = 40) -> str:
    """``type value`` for a message, safe against objects whose repr fails or is huge."""
    try:
        text = repr(value)
    except Exception:  # a learner's object with a broken __repr__
        text = "<unprintable>"
    if len(text) > width:
        text = text[: width - 1] + "…"
    return f"{type(value).__name__} {text}"


def _fresh(case: tuple[Any, ...]) -> tuple[Any, ...]:
    """A deep copy of one test case's arguments: each call gets its own arrays, so a function
    that changes its input in place can neither corrupt the shared test data nor be judged on
    anything but what it returns."""
    try:
        return copy.deepcopy(case)
    except Exception:  # an uncopyable argument (never the case for the course's data)
        return case


# -- argument checks for the author-facing parameters (a check's own bugs fail loudly) ------------


def _tolerances(rtol: Any, atol: Any) -> tuple[float, float]:
    values = require_real_scalar(rtol, "rtol"), require_real_scalar(atol, "atol")
    for name, value in zip(("rtol", "atol"), values, strict=True):
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    return values


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_describe(value)}")
    return value


def _pairs(mistakes: Any, what: str) -> list[tuple[Any, str]]:
    """``mistakes`` as a list of (wrong, explanation) pairs; ``what`` describes ``wrong``."""
    if isinstance(mistakes, (str, bytes)) or not isinstance(mistakes, Sequence):
        raise TypeError(
            f"mistakes must be a sequence of ({what}, explanation) pairs, got {_describe(mistakes)}"
        )
    pairs = []
    for i, pair in enumerate(mistakes):
        if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[1], str):
            raise TypeError(
                f"mistakes[{i}] must be a ({what}, explanation) pair, got {_describe(pair)}"
            )
        pairs.append(pair)
    return pairs


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


def _as_numeric_array_safe(value: Any) -> np.ndarray | None:
    """:func:`_as_numeric_array`, returning None for anything that fails to convert."""
    try:
        return _as_numeric_array(value)
    except Exception:  # exotic objects (a failing __array__, ...) are simply not numbers
        return None


def _close(a: Any, b: Any, rtol: float, atol: float) -> bool:
    """Equal within tolerance *and* of the same shape (no broadcasting: a column vector is not
    the same answer as a flat one). NaN equals NaN, so a learner's function that divides 0 by 0
    exactly where a listed mistake does is recognised as that mistake."""
    try:
        a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a_arr.shape == b_arr.shape and bool(
            np.allclose(a_arr, b_arr, rtol=rtol, atol=atol, equal_nan=True)
        )
    except Exception:
        return False


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
    expression_hint: str = "",
    rounded_digits: int = 4,
) -> CheckResult:
    """Check a numeric answer, naming the mistake when it matches a known wrong value.

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
    expression_hint : str
        Appended to the message for an answer that is right to ``rounded_digits`` or more
        significant digits but not within tolerance (a rounded number), e.g. "e.g. 2 + 0.1/4 − …".
    rounded_digits : int
        How many agreeing significant digits make a wrong answer count as a rounded right one
        (default 4). Lower it (to 2, say) for an answer that is one clean value such as ln 10,
        where 2.3 is surely the right number rounded; keep it high where a few agreeing digits
        can be a coincidence.

    Returns
    -------
    CheckResult
    """
    expected = require_real_scalar(expected, "expected")
    mistakes = _pairs(mistakes, "number")
    for i, (wrong, _) in enumerate(mistakes):
        require_real_scalar(wrong, f"mistakes[{i}][0]")
    rtol, atol = _tolerances(rtol, atol)
    _text(success, "success")
    _text(expression_hint, "expression_hint")
    rounded_digits = require_int(rounded_digits, "rounded_digits", minimum=1, maximum=15)
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    try:
        value = _as_number(answer)
    except Exception:
        value = None
    if value is None:
        return CheckResult(
            "incorrect",
            f"The answer must be a single number, got {_describe(answer)}. "
            "(Text is never evaluated: write the number or a Python expression for it.)",
        )
    if not np.isfinite(value):
        return CheckResult("incorrect", f"The answer must be a finite number, got {value}.")
    matched = _match(value, expected, mistakes, rtol, atol, success)
    if matched is not None:
        return matched
    digits = _agreeing_digits(value, expected)
    if digits >= rounded_digits:
        return CheckResult(
            "incorrect",
            f"Not quite: {value:.12g} is right to {digits} digits only — a rounded answer. Type "
            "the expression itself and let Python do the arithmetic"
            + (f", {expression_hint}" if expression_hint else "")
            + ".",
        )
    return CheckResult(
        "incorrect", f"Not quite: {value:.6g} is not the expected value. Check each step again."
    )


def _agreeing_digits(value: float, expected: float) -> int:
    """How many significant digits of ``expected`` the number ``value`` gets right (0 to 15).

    ``value`` counts as right to n digits when it is ``expected`` rounded to n significant digits,
    or within half a unit of its n-th digit: 2.0248 and 2.02484 get 5 and 6 digits of
    2.02484375.

    >>> _agreeing_digits(2.0248, 2.02484375), _agreeing_digits(2.02484, 2.02484375)
    (5, 6)
    """
    if not (np.isfinite(value) and np.isfinite(expected)) or expected == 0:
        return 0
    for n in range(15, 0, -1):
        if abs(value - float(f"{expected:.{n - 1}e}")) <= 1e-12 * abs(expected):
            return n
    return 0


def not_a_function_answer(answer: Any) -> CheckResult | None:
    """The verdict for an answer that is not a function yet (``...``, None, a number), else None.

    For checks that judge a learner's function by hand rather than with :func:`check_function`:
    they start with ``early = not_a_function_answer(answer)`` and return it when it is not None.
    """
    if answer is ... or answer is None:
        return CheckResult("unanswered", UNANSWERED_HINT)
    if not callable(answer):
        return CheckResult(
            "incorrect",
            f"The answer must be a Python function (def ...), got {type(answer).__name__}.",
        )
    return None


def check_function(
    answer: Any,
    reference: Callable[..., Any],
    cases: Sequence[tuple[Any, ...]],
    *,
    mistakes: Sequence[tuple[Callable[..., Any], str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    success: str = "Correct.",
    unchanged: Sequence[int] = (),
) -> CheckResult:
    """Check a learner's function against a reference on a set of argument tuples.

    Parameters
    ----------
    answer : callable
        The learner's function. If it returns ``...``, or raises ``NotImplementedError`` (the
        body of a build-it scaffold), the exercise counts as not answered yet.
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
    unchanged : sequence of int
        Positions of the arguments the function must leave as they were (the arrays the
        notebook's later cells pass in and use again). A function that returns the right values
        but writes into one of these (``w0 -= …``, ``x[i] += h`` without restoring it exactly)
        is told so: downstream it would quietly corrupt the caller's data.

    Returns
    -------
    CheckResult
    """
    require_callable(reference, "reference")
    if isinstance(unchanged, (str, bytes)) or not isinstance(unchanged, Sequence):
        raise TypeError(f"unchanged must be a sequence of argument positions, got {unchanged!r}")
    for position in unchanged:
        if isinstance(position, bool) or not isinstance(position, int) or position < 0:
            raise ValueError(f"unchanged must hold argument positions (ints ≥ 0), got {position!r}")
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Sequence) or not cases:
        raise TypeError(f"cases must be a non-empty sequence of argument tuples, got {cases!r:.60}")
    for i, case in enumerate(cases):
        if not isinstance(case, tuple):
            raise TypeError(f"cases[{i}] must be a tuple of arguments, got {_describe(case)}")
    mistakes = _pairs(mistakes, "function")
    for i, (wrong, _) in enumerate(mistakes):
        require_callable(wrong, f"mistakes[{i}][0]")
    rtol, atol = _tolerances(rtol, atol)
    _text(success, "success")
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    if not callable(answer):
        return CheckResult(
            "incorrect",
            f"The answer must be a Python function (def ...), got {type(answer).__name__}.",
        )
    # Every function, the learner's and the references, gets a fresh deep copy of each case:
    # only the returned values are judged, and the shared test data are never changed. NumPy's
    # floating-point warnings are silenced while judging: a 0/0 shows up as NaN in the verdict.
    # So is any other warning the learner's code triggers (a DeprecationWarning from a misused
    # NumPy call, say): the verdict explains the slip, and nothing leaks to the notebook's stderr.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _judge_function(
            answer, reference, cases, mistakes, rtol, atol, success, tuple(unchanged)
        )


def changed_input(
    answer: Callable[..., Any],
    cases: Sequence[tuple[Any, ...]],
    positions: Sequence[int],
    *,
    names: Sequence[str] = (),
) -> str | None:
    """Why ``answer`` fails to leave its arguments at ``positions`` as they were, or None.

    Calls ``answer`` on a fresh copy of each case and compares those arguments with copies made
    before the call (arrays bit for bit, also inside tuples, lists and dicts). For checks that
    judge a function whose later use in the notebook passes arrays it uses again.

    Parameters
    ----------
    answer : callable
        The learner's function (already judged correct on its values).
    cases : sequence of tuple
        The argument tuples.
    positions : sequence of int
        Positions of the arguments that must not change.
    names : sequence of str
        The arguments' names, for the message.

    Returns
    -------
    str or None
        The verdict's message when an argument changed; None when none did (or when the call
        raised: the values were judged already).
    """
    for case in cases:
        args = _fresh(case)
        before = _copies(args, positions)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                answer(*args)
        except Exception:
            return None
        changed = _changed_message(args, before, names)
        if changed is not None:
            return changed
    return None


def _parameter_names(function: Callable[..., Any]) -> list[str]:
    """The parameter names of ``function`` (for messages), or none if it has no signature."""
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def _copies(args: tuple[Any, ...], positions: Sequence[int]) -> dict[int, Any]:
    """Deep copies of the arguments at ``positions``, to compare with after the call."""
    return {i: _fresh((args[i],))[0] for i in positions if i < len(args)}


def _changed_message(
    args: tuple[Any, ...], before: dict[int, Any], names: Sequence[str]
) -> str | None:
    """The verdict's message if an argument no longer equals its copy in ``before``, else None."""
    for i, original in before.items():
        if not _same_value(args[i], original):
            name = f"`{names[i]}`" if i < len(names) else f"number {i + 1}"
            return (
                f"Not quite: your function returns the right values but changes its argument "
                f"{name} in place, so the cells below would find their own arrays altered. "
                "Work on a copy (e.g. `np.array(x, dtype=float)`, or `x + step` instead of "
                "`x[i] += h`), or build new arrays; note that `x[i] += h` followed by "
                "`x[i] -= h` need not give back exactly the old float."
            )
    return None


def _same_value(a: Any, b: Any) -> bool:
    """Whether ``a`` still equals its earlier copy ``b`` (arrays bit for bit, NaN equal to NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:
        return True


def _judge_function(
    answer: Callable[..., Any],
    reference: Callable[..., Any],
    cases: Sequence[tuple[Any, ...]],
    mistakes: Sequence[tuple[Callable[..., Any], str]],
    rtol: float,
    atol: float,
    success: str,
    unchanged: tuple[int, ...],
) -> CheckResult:
    expected = [reference(*_fresh(case)) for case in cases]
    names = _parameter_names(reference) if unchanged else ()
    outputs = []
    changed = None  # the message for the first call that wrote into an `unchanged` argument
    for case in cases:
        args = _fresh(case)
        before = _copies(args, unchanged)
        try:
            out = answer(*args)
        except NotImplementedError:  # a build-it scaffold that has not been filled in yet
            return CheckResult("unanswered", SCAFFOLD_HINT)
        except Exception as exc:  # a learner's bug: report it, don't crash the notebook
            return CheckResult(
                "incorrect",
                f"Your function raised {type(exc).__name__}: {_message(exc)} "
                f"(called with {_arguments(case)}).{_exception_hint(exc)}",
            )
        if out is None:  # a missing `return`, or a branch that returns nothing
            return CheckResult(
                "incorrect",
                f"Your function returned None for {_called_with(case)} — is a "
                "`return` missing (perhaps in a case none of your `if`s covers)?",
            )
        if out is Ellipsis:
            return CheckResult(
                "unanswered",
                "Not answered yet: your function returns `...`; "
                "replace it with your formula and run the cell again.",
            )
        numeric = _as_numeric_array_safe(out)
        if numeric is None:
            return CheckResult(
                "incorrect",
                f"Your function must return a number or an array of numbers, got "
                f"{type(out).__name__}.",
            )
        outputs.append(numeric)
        if changed is None and before:
            changed = _changed_message(args, before, names)

    def agrees(fn: Callable[..., Any]) -> bool:
        try:
            wanted = [fn(*_fresh(case)) for case in cases]
        except Exception:  # a mistake that does not apply to these arguments
            return False
        return all(_close(out, w, rtol, atol) for out, w in zip(outputs, wanted, strict=True))

    if all(_close(out, w, rtol, atol) for out, w in zip(outputs, expected, strict=True)):
        # right values; but downstream, writing into the caller's arrays would corrupt them
        return (
            CheckResult("correct", success)
            if changed is None
            else CheckResult("incorrect", changed)
        )
    for wrong, explanation in mistakes:
        if agrees(wrong):
            return CheckResult("incorrect", f"Not quite: {explanation}")
    for out, want in zip(outputs, expected, strict=True):
        expected_shape, shape = np.shape(want), out.shape
        if shape != expected_shape:
            return CheckResult(
                "incorrect",
                f"Not quite: your function returns shape {shape}, but shape {expected_shape} "
                "is expected.",
            )
    bad = next(
        i
        for i, (out, want) in enumerate(zip(outputs, expected, strict=True))
        if not _close(out, want, rtol, atol)
    )
    if not np.all(np.isfinite(outputs[bad])):
        return CheckResult(
            "incorrect",
            f"Not quite: your function returned NaN or inf for test case {bad + 1} of "
            f"{len(cases)} (called with {_arguments(cases[bad])}); look for a division by zero "
            "or an overflow.",
        )
    if all(_is_plain_number(a) for a in cases[bad]) and np.size(expected[bad]) <= 6:
        return CheckResult(
            "incorrect",
            f"Not quite: at ({_arguments(cases[bad])}) the expected result is "
            f"{_values(expected[bad])}, but your function returned {_values(outputs[bad])}. "
            "Check each term again.",
        )
    return CheckResult(
        "incorrect",
        f"Not quite: your function disagrees with the expected result for test case {bad + 1} "
        f"of {len(cases)} (called with {_case_values(cases[bad])})"
        f"{_first_difference(outputs[bad], expected[bad], rtol, atol)}. Check each term again.",
    )


def _case_values(case: tuple[Any, ...]) -> str:
    """The arguments of one case for the fallback verdict: numbers and small arrays or lists by
    their values, functions by name, anything else as …"""

    def one(a: Any) -> str:
        if _is_plain_number(a):
            return f"{a:g}"
        if callable(a):
            return str(getattr(a, "__name__", "a function")).strip("_")
        values = _as_numeric_array_safe(a) if isinstance(a, (list, tuple, np.ndarray)) else None
        if values is not None and 0 < values.size <= 9:
            text = _values(values)
            return f"[{text[1:-1]}]" if isinstance(a, list) and values.ndim == 1 else text
        return "…"

    try:
        return ", ".join(one(a) for a in case)
    except Exception:  # a learner-proof message: never fail while describing the case
        return "…"


def _first_difference(out: np.ndarray, want: Any, rtol: float, atol: float) -> str:
    """Where ``out`` first leaves ``want`` (same shape), for the fallback verdict: the first
    differing row of a table of at most 6 columns, else the first differing element; '' if it
    cannot be said."""
    try:
        expected = np.asarray(want, dtype=float)
        far = ~np.isclose(out, expected, rtol=rtol, atol=atol, equal_nan=True)
        if out.ndim == 0:
            return f": expected {_values(expected)}, got {_values(out)}"
        if not far.any():
            return ""
        index = tuple(int(i) for i in np.argwhere(far)[0])
        if out.ndim == 2 and out.shape[1] <= 6:
            row = index[0]
            return (
                f"; the first row that differs is row {row}: expected "
                f"{_values(expected[row])}, got {_values(out[row])}"
            )
        where = ", ".join(str(i) for i in index)
        return (
            f"; the first element that differs is [{where}]: expected "
            f"{expected[index]:.6g}, got {out[index]:.6g}"
        )
    except Exception:  # an odd shape or dtype: the verdict is still right without the detail
        return ""


def _called_with(case: tuple[Any, ...]) -> str:
    text = _arguments(case, shown=True)
    return f"({text})" if len(case) > 1 else text


def _is_plain_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _values(value: Any) -> str:
    """A small number or array for a message, at 6 significant digits: 8, (8, −2.5)."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    if arr.ndim == 1:
        return "(" + ", ".join(f"{v:.6g}" for v in arr) + ")"
    return "[" + ", ".join("[" + _values(row)[1:-1] + "]" for row in arr) + "]"


def _exception_hint(exc: BaseException) -> str:
    """A sentence about the usual cause of an exception, or ''."""
    if isinstance(exc, ValueError) and "truth value of an array" in _message(exc):
        return (
            " Python's `if`, `max` and `abs` look at one number at a time; for arrays use "
            "`np.maximum`, `np.abs` and `np.where`, which work elementwise."
        )
    if isinstance(exc, ZeroDivisionError):
        return " Look at what your function divides by when these arguments are 0."
    message = _message(exc)
    if isinstance(exc, TypeError) and "return arrays must be of ArrayType" in message:
        return (
            " `np.maximum` compares exactly two arrays (a third argument is where it would "
            "store the result); for the largest of three, nest it: "
            "`np.maximum(np.maximum(a, b), c)`."
        )
    if isinstance(exc, ValueError) and "inhomogeneous" in message:
        return (
            " A list of arrays (and numbers) is not one array, so `np.max([...])` cannot "
            "take its maximum; compare them elementwise with `np.maximum`, two at a time."
        )
    if isinstance(exc, TypeError) and (
        "only length-1 arrays" in message or "only 0-dimensional arrays" in message
    ):
        return (
            " Functions from `math` (math.exp, math.sqrt, ...) and `float()` take one number at "
            "a time; call the function you were given (`f`), or NumPy's (np.exp, ...), which "
            "work on arrays."
        )
    if isinstance(exc, TypeError) and "positional argument" in message:
        return " Compare your function's parameters with the `def` line of the scaffold."
    return ""


def _message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:
        text = "<unprintable message>"
    return text if len(text) <= 200 else text[:199] + "…"


def _arguments(case: tuple[Any, ...], *, shown: bool = False) -> str:
    """The arguments of one case for a message; ``shown``: small arrays by their values."""

    def one(a: Any) -> str:
        if isinstance(a, float):
            return f"{a:g}"
        if isinstance(a, np.ndarray):
            if shown and a.size <= 9 and np.issubdtype(a.dtype, np.number):
                return _values(a)
            return f"an array of shape {a.shape}"
        return str(getattr(a, "__name__", "…"))

    return ", ".join(one(a) for a in case)


def check_choice(
    answer: Any,
    expected: str,
    options: Sequence[str],
    *,
    mistakes: Mapping[str, str] | None = None,
    success: str = "Correct.",
) -> CheckResult:
    """Check a multiple-choice answer given as one of ``options`` (compared as text, never run).

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
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence) or not options:
        raise TypeError(f"options must be a non-empty sequence of strings, got {options!r:.60}")
    for i, option in enumerate(options):
        _text(option, f"options[{i}]")
    require_choice(expected, "expected", options)
    if mistakes is not None and not isinstance(mistakes, Mapping):
        raise TypeError(
            f"mistakes must be a mapping option -> explanation, got {_describe(mistakes)}"
        )
    _text(success, "success")
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    normal = {option.strip().lower(): option for option in options}
    if not isinstance(answer, str) or answer.strip().lower() not in normal:
        return CheckResult(
            "incorrect",
            f"Choose one of {', '.join(map(repr, options))}; got {_describe(answer, 40)}.",
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
    expected_arr = _as_numeric_array_safe(expected)
    if expected_arr is None:
        raise TypeError(f"expected must be an array of numbers, got {_describe(expected)}")
    mistakes = _pairs(mistakes, "array")
    rtol, atol = _tolerances(rtol, atol)
    _text(success, "success")
    if _is_unanswered(answer):
        return CheckResult("unanswered", UNANSWERED_HINT)
    arr = _as_numeric_array_safe(answer)
    if arr is None:
        return CheckResult(
            "incorrect", f"The answer must be an array of numbers, got {type(answer).__name__}."
        )
    matched = _match(arr, expected, mistakes, rtol, atol, success)
    if matched is not None:
        return matched
    if arr.shape != expected_arr.shape:
        return CheckResult(
            "incorrect",
            f"Not quite: your array has shape {arr.shape}, but shape "
            f"{expected_arr.shape} is expected.",
        )
    if not np.all(np.isfinite(arr)):
        return CheckResult("incorrect", "Not quite: your array holds NaN or inf.")
    return CheckResult("incorrect", "Not quite: the shape is right but the values are not.")

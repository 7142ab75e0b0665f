"""Build-it exercises: the learner writes a function, and the notebook then runs on it.

A build-it exercise has three cells. The scaffold (cell tag ``build-it``) gives the signature, a
docstring with the shapes, and a body that raises ``NotImplementedError``. The check cell calls
the chapter's ``use_*`` function, which prints the check's verdict (✅, ❌ with the likely mistake,
or ✏️ while the scaffold is untouched) and returns the function the rest of the notebook calls:

* the learner's own, once it passes its check;
* until then the course's reference, so the notebook still runs top to bottom.

Either way exactly one line says which (:func:`use_if_passed`). Because the reference and the
solution compute the same thing the same way, the cells below print the same numbers either way,
and the tests check exactly that (``tests/test_solutions.py``, ``tests/test_install.py``): they
put each solution (the function ``<name>_solution`` in a cell tagged ``solution``) into its
scaffold, run the notebook, and compare every output with the stored run.

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from course_utils._validation import require_callable
from course_utils.exercises.checks import CheckResult

__all__ = ["USING_YOURS", "USING_REFERENCE", "use_if_passed", "use_checked"]

F = TypeVar("F", bound=Callable[..., Any])

#: The line printed once a learner's function passes its check.
USING_YOURS = "Using your `{name}` from here on."
#: The line printed while it does not (unanswered or wrong).
USING_REFERENCE = (
    "Your `{name}` does not pass its check yet: the cells below use the course's reference."
)


def _name(name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise TypeError(f"name must be the function's Python name, got {name!r:.40}")
    return name


def use_if_passed(result: CheckResult, yours: Any, reference: F, *, name: str) -> F:
    """The learner's function if it passed its check, else the reference; prints one line.

    Parameters
    ----------
    result : CheckResult
        The verdict of the learner's function (from a chapter's ``check_*``).
    yours : callable or anything
        The learner's function (whatever the scaffold cell defined).
    reference : callable
        The course's implementation with the same signature.
    name : str
        The function's name as the learner wrote it, for the message.

    Returns
    -------
    callable
        ``yours`` when ``result.passed``, otherwise ``reference``. Never raises on the
        learner's side: an unanswered or wrong exercise simply keeps the reference.
    """
    if not isinstance(result, CheckResult):
        raise TypeError(f"result must be a CheckResult, got {type(result).__name__}")
    require_callable(reference, "reference")
    label = _name(name)
    if result.passed and callable(yours):
        print(USING_YOURS.format(name=label))
        return yours
    print(USING_REFERENCE.format(name=label))
    return reference


def use_checked(check: Callable[[Any], CheckResult], yours: Any, reference: F, *, name: str) -> F:
    """Check ``yours``, print the verdict, then choose as :func:`use_if_passed` does.

    This is what a chapter's ``use_*`` functions call: the check cell shows two lines, the
    verdict and which implementation the cells below run on.

    Parameters
    ----------
    check : callable
        The chapter's check, ``check(yours) -> CheckResult`` (never raises).
    yours : callable or anything
        The learner's function.
    reference : callable
        The course's implementation.
    name : str
        The function's name, for the message.

    Returns
    -------
    callable
        ``yours`` once it passes, else ``reference``.
    """
    require_callable(check, "check")
    result = check(yours)
    print(result)
    return use_if_passed(result, yours, reference, name=name)

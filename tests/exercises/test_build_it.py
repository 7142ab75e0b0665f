"""Build-it machinery: the learner's function once it passes, else the reference, in one line."""

from __future__ import annotations

import pytest

from course_utils.exercises.build_it import (
    USING_REFERENCE,
    USING_YOURS,
    use_checked,
    use_if_passed,
)
from course_utils.exercises.checks import CheckResult, check_function


def _reference(x):
    return 2 * x


def _check(answer):
    return check_function(answer, _reference, [(1.0,), (2.5,)])


def _scaffold(x):
    """Returns 2x."""
    raise NotImplementedError


def test_a_passing_function_is_used_and_said_so_in_one_line(capsys):
    def mine(x):
        return x + x

    chosen = use_if_passed(_check(mine), mine, _reference, name="double")
    assert chosen is mine
    assert capsys.readouterr().out == USING_YOURS.format(name="double") + "\n"


@pytest.mark.parametrize("answer", [_scaffold, lambda x: 3 * x, ..., None, "2*x"])
def test_anything_else_keeps_the_reference(capsys, answer):
    chosen = use_if_passed(_check(answer), answer, _reference, name="double")
    assert chosen is _reference
    assert capsys.readouterr().out == USING_REFERENCE.format(name="double") + "\n"


def test_use_checked_prints_the_verdict_then_the_choice(capsys):
    assert use_checked(_check, _scaffold, _reference, name="double") is _reference
    verdict, choice = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✏️") and "NotImplementedError" in verdict
    assert choice == USING_REFERENCE.format(name="double")

    def mine(x):
        return 2 * x

    assert use_checked(_check, mine, _reference, name="double") is mine
    verdict, choice = capsys.readouterr().out.splitlines()
    assert verdict.startswith("✅") and choice == USING_YOURS.format(name="double")


def test_a_passed_result_with_a_non_function_still_keeps_the_reference(capsys):
    passed = CheckResult("correct", "Correct.")
    assert use_if_passed(passed, 42, _reference, name="double") is _reference


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"result": "✅"}, "CheckResult"),
        ({"reference": None}, "reference"),
        ({"name": "two words"}, "name"),
        ({"name": 3}, "name"),
    ],
)
def test_author_mistakes_fail_loudly(kwargs, match):
    args = {"result": CheckResult("correct", "ok"), "reference": _reference, "name": "double"}
    args.update(kwargs)
    with pytest.raises(TypeError, match=match):
        use_if_passed(args["result"], _reference, args["reference"], name=args["name"])

"""The build-it solutions: one per scaffold, each passing its check, none drifting.

Convention (checked here and in tests/test_notebook_hygiene.py): a build-it cell (tag
``build-it``) defines one or more functions whose bodies raise ``NotImplementedError``; for each
such function ``name``, exactly one cell tagged ``solution`` defines ``name_solution``. The check
cell after the scaffold prints the verdict and one line from
:mod:`course_utils.exercises.build_it` saying whose function the cells below use.

``solution_sources`` replaces each scaffold's source by its solutions (renamed to the scaffold's
names), and ``compare`` holds an answered run against the stored (shipped, unanswered) one:

* every build-it check now says ✅ and "Using your `name` from here on.", where the stored
  notebook says ✏️ and that the course's reference is used;
* every other code cell's outputs, figures included, equal the stored ones: downstream of the
  check, the learner's (here: the solution's) function produces exactly what the reference did.

The answered notebooks are executed once, by ``tests/test_install.py``, in the course as
learners install it (one execution per notebook proves the install path and the solutions);
its ``test_solutions_injected_into_the_scaffolds_reproduce_the_reference_run`` applies
``compare`` to each. So a solution cannot drift from the reference, and the shipped notebook
stays what nbval expects.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat
import pytest
import regenerate_notebooks as regenerator  # scripts/ is on pytest's pythonpath

from course_utils.exercises.build_it import USING_REFERENCE, USING_YOURS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BUILD_IT, SOLUTION = "build-it", "solution"
VERDICT_ICONS = ("✅", "❌", "✏️")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _functions(source: str) -> dict[str, ast.FunctionDef]:
    """Top-level function definitions of a cell, by name."""
    tree = ast.parse(source)
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def solution_sources(nb) -> dict[str, str]:
    """Build-it cell id -> the source that answers it (its solutions, renamed).

    Raises AssertionError when the convention is broken (a scaffold function without exactly one
    ``<name>_solution`` in the solution cells).
    """
    solutions: dict[str, list[str]] = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and SOLUTION in _tags(cell):
            for name, node in _functions(cell.source).items():
                segment = ast.get_source_segment(cell.source, node)
                assert segment is not None
                solutions.setdefault(name, []).append(segment)
    injected = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or BUILD_IT not in _tags(cell):
            continue
        parts = []
        names = list(_functions(cell.source))
        assert names, f"build-it cell {cell.id} defines no function"
        for name in names:
            found = solutions.get(f"{name}_solution", [])
            assert len(found) == 1, (
                f"build-it cell {cell.id}: expected one solution cell defining "
                f"{name}_solution, found {len(found)}"
            )
            parts.append(re.sub(rf"^def {name}_solution\(", f"def {name}(", found[0], count=1))
        injected[cell.id] = "\n\n\n".join(parts)
    return injected


def _text(outputs) -> list[str]:
    """Everything nbval compares, and the figures: stream text and every data type but widgets."""
    found = []
    for output in outputs:
        if output.output_type == "stream":
            found.append(f"{output.name}: {output.text}")
        elif output.output_type == "error":
            found.append(f"error: {output.ename}: {output.evalue}")
        else:
            for mime, value in sorted(output.get("data", {}).items()):
                if mime != WIDGET_VIEW:
                    found.append(f"{mime}: {value if isinstance(value, str) else str(value)}")
    return found


def _lines(outputs) -> list[str]:
    """The readable lines of a cell's outputs: printed text and the plain-text displays."""
    found = []
    for output in outputs:
        if output.output_type == "stream":
            found.extend(output.text.splitlines())
        elif output.output_type == "error":
            found.append(f"{output.ename}: {output.evalue}")
        else:
            found.extend(output.get("data", {}).get("text/plain", "").splitlines())
    return [line for line in found if line.strip()]


def _choice_pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.escape(template).replace(re.escape("{name}"), r"(\w+)"))


YOURS, REFERENCE = _choice_pattern(USING_YOURS), _choice_pattern(USING_REFERENCE)


def _chosen(lines: list[str], pattern: re.Pattern[str]) -> set[str]:
    return {m.group(1) for line in lines for m in [pattern.search(line)] if m}


def compare(shipped, answered, scaffold_ids: set[str]) -> list[str]:
    """Differences between the shipped run and the run with solutions, except the allowed ones."""
    problems = []
    for before, after in zip(shipped.cells, answered.cells, strict=True):
        if before.cell_type != "code" or before.id in scaffold_ids:
            continue
        if regenerator.is_volatile(before):  # wall-clock measurements: nbval does not compare them
            continue
        old, new = _lines(before.outputs), _lines(after.outputs)
        names = _chosen(old, REFERENCE)
        if not names:
            if _text(before.outputs) != _text(after.outputs):
                problems.append(f"cell {before.id}: outputs differ from the reference run")
            continue
        # a build-it check cell: reference -> yours, verdicts -> ✅, nothing else changed
        if _chosen(new, YOURS) != names:
            problems.append(f"cell {before.id}: expected 'Using your …' for {sorted(names)}")
        verdicts = [line for line in new if _is_verdict(line)]
        if not verdicts or not all(v.startswith("✅") for v in verdicts):
            problems.append(f"cell {before.id}: verdicts with the solution: {verdicts}")
        rest_old = [ln for ln in old if not REFERENCE.search(ln) and not _is_verdict(ln)]
        rest_new = [ln for ln in new if not YOURS.search(ln) and not _is_verdict(ln)]
        if rest_old != rest_new:
            problems.append(f"cell {before.id}: other output changed: {rest_old} -> {rest_new}")
    return problems


def _is_verdict(line: str) -> bool:
    return line.startswith(VERDICT_ICONS)


def _with_build_its() -> list[Path]:
    return [
        path
        for path in NOTEBOOKS
        if any(BUILD_IT in _tags(c) for c in nbformat.read(path, as_version=4).cells)
    ]


@pytest.mark.parametrize("path", _with_build_its(), ids=lambda p: p.name)
def test_every_build_it_has_one_solution_and_one_check(path):
    nb = nbformat.read(path, as_version=4)
    injected = solution_sources(nb)
    names = {name for cell_id in injected for name in _functions(injected[cell_id])}
    reference_lines = [
        line for c in nb.cells if c.cell_type == "code" for line in _lines(c.outputs)
    ]
    assert _chosen(reference_lines, REFERENCE) == names, (
        "every build-it function needs a check cell that prints the 'course's reference' line "
        "in the shipped notebook"
    )
    assert not _chosen(reference_lines, YOURS), "the shipped notebook must be unanswered"


@pytest.mark.parametrize("path", _with_build_its(), ids=lambda p: p.name)
def test_stored_solution_cells_pass_their_checks(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and SOLUTION in _tags(cell):
            verdicts = [line for line in _lines(cell.outputs) if _is_verdict(line)]
            assert verdicts, f"solution cell {cell.id} shows no verdict"
            assert all("✅" in v for v in verdicts), f"solution cell {cell.id}: {verdicts}"


def test_compare_catches_a_drifting_solution():
    """A planted difference downstream of a check is reported (the test above is not vacuous)."""
    check = nbformat.v4.new_code_cell("forward = ch01.use_forward_difference(forward_difference)")
    later = nbformat.v4.new_code_cell("print(forward(np.square, 1.0, 0.5))")
    check.id, later.id = "check", "later"
    shipped = nbformat.v4.new_notebook(cells=[check, later])
    stream = nbformat.v4.new_output
    check.outputs = [
        stream(
            "stream",
            name="stdout",
            text="✏️ Not answered yet.\n" + USING_REFERENCE.format(name="forward_difference"),
        )
    ]
    later.outputs = [stream("stream", name="stdout", text="2.5\n")]
    answered = copy.deepcopy(shipped)
    answered.cells[0].outputs = [
        stream(
            "stream",
            name="stdout",
            text="✅ Correct.\n" + USING_YOURS.format(name="forward_difference"),
        )
    ]
    assert compare(shipped, answered, set()) == []
    answered.cells[1].outputs = [stream("stream", name="stdout", text="2.5000000001\n")]
    assert compare(shipped, answered, set()) == [
        "cell later: outputs differ from the reference run"
    ]
    answered.cells[0].outputs[0].text = "❌ Not quite.\n" + USING_YOURS.format(
        name="forward_difference"
    )
    assert any("verdicts" in p for p in compare(shipped, answered, set()))

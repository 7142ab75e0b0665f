"""The build-it solutions: one per scaffold, each passing its check, none drifting.

Convention (checked here and in tests/test_notebook_hygiene.py): a build-it cell (tag
``build-it``) defines one or more functions whose bodies raise ``NotImplementedError``; for each
such function ``name``, exactly one cell tagged ``solution`` defines ``name_solution``. The check
cell after the scaffold prints the verdict and one line from
:mod:`course_utils.exercises.build_it` saying whose function the cells below use.

``solution_sources`` (in ``scripts/answer_key.py``, which also writes answer keys for instructors)
replaces each scaffold's source by its solutions (renamed to the scaffold's names), and
``compare`` holds an answered run against the stored (shipped, unanswered) one:

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

import copy
from pathlib import Path

import nbformat
import pytest
from answer_key import (  # scripts/ is on pytest's pythonpath
    BUILD_IT,
    REFERENCE,
    SOLUTION,
    YOURS,
    answered,
    cell_tags,
    chosen_names,
    compare,
    is_verdict,
    main,
    output_lines,
    solution_sources,
    top_level_functions,
)

from course_utils.exercises.build_it import USING_REFERENCE, USING_YOURS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _with_build_its() -> list[Path]:
    return [
        path
        for path in NOTEBOOKS
        if any(BUILD_IT in cell_tags(c) for c in nbformat.read(path, as_version=4).cells)
    ]


@pytest.mark.parametrize("path", _with_build_its(), ids=lambda p: p.name)
def test_every_build_it_has_one_solution_and_one_check(path):
    nb = nbformat.read(path, as_version=4)
    injected = solution_sources(nb)
    names = {name for cell_id in injected for name in top_level_functions(injected[cell_id])}
    reference_lines = [
        line for c in nb.cells if c.cell_type == "code" for line in output_lines(c.outputs)
    ]
    assert chosen_names(reference_lines, REFERENCE) == names, (
        "every build-it function needs a check cell that prints the 'course's reference' line "
        "in the shipped notebook"
    )
    assert not chosen_names(reference_lines, YOURS), "the shipped notebook must be unanswered"


@pytest.mark.parametrize("path", _with_build_its(), ids=lambda p: p.name)
def test_stored_solution_cells_pass_their_checks(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and SOLUTION in cell_tags(cell):
            verdicts = [line for line in output_lines(cell.outputs) if is_verdict(line)]
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


def test_the_answer_key_script_answers_every_build_it(tmp_path):
    path = ROOT / "notebooks" / "01_derivatives.ipynb"
    assert main([str(path), "-o", str(tmp_path / "key.ipynb")]) == 0
    key = nbformat.read(tmp_path / "key.ipynb", as_version=4)
    shipped = nbformat.read(path, as_version=4)
    injected = solution_sources(shipped)
    assert injected and key == answered(shipped)
    for cell in key.cells:
        if cell.id in injected:
            assert "NotImplementedError" not in cell.source and cell.source == injected[cell.id]

"""Answer keys: each build-it scaffold of a notebook replaced by its solution.

Convention (checked by tests/test_solutions.py and tests/test_notebook_hygiene.py): a build-it
cell (tag ``build-it``) defines one or more functions whose bodies raise ``NotImplementedError``;
for each such function ``name``, exactly one cell tagged ``solution`` (at the end of the notebook)
defines ``name_solution``.

``solution_sources(nb)`` gives, per build-it cell, the source that answers it (its solutions,
renamed to the scaffold's names); ``compare(shipped, answered, ...)`` holds an executed answered
notebook against the stored, unanswered one (tests/test_install.py runs it on every notebook).

For instructors, an answer key to run or hand out (not executed; outputs left as stored)::

    python scripts/answer_key.py notebooks/03_chain_rule_and_autodiff.ipynb -o key.ipynb
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
from pathlib import Path

import nbformat
import regenerate_notebooks as regenerator

from course_utils.exercises.build_it import USING_REFERENCE, USING_YOURS

BUILD_IT, SOLUTION = "build-it", "solution"
VERDICT_ICONS = ("✅", "❌", "✏️")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def cell_tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def top_level_functions(source: str) -> dict[str, ast.FunctionDef]:
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
        if cell.cell_type == "code" and SOLUTION in cell_tags(cell):
            for name, node in top_level_functions(cell.source).items():
                segment = ast.get_source_segment(cell.source, node)
                assert segment is not None
                solutions.setdefault(name, []).append(segment)
    injected = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or BUILD_IT not in cell_tags(cell):
            continue
        parts = []
        names = list(top_level_functions(cell.source))
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


def output_lines(outputs) -> list[str]:
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


def chosen_names(lines: list[str], pattern: re.Pattern[str]) -> set[str]:
    return {m.group(1) for line in lines for m in [pattern.search(line)] if m}


def compare(shipped, answered, scaffold_ids: set[str]) -> list[str]:
    """Differences between the shipped run and the run with solutions, except the allowed ones."""
    problems = []
    for before, after in zip(shipped.cells, answered.cells, strict=True):
        if before.cell_type != "code" or before.id in scaffold_ids:
            continue
        if regenerator.is_volatile(before):  # wall-clock measurements: nbval does not compare them
            continue
        old, new = output_lines(before.outputs), output_lines(after.outputs)
        names = chosen_names(old, REFERENCE)
        if not names:
            if _text(before.outputs) != _text(after.outputs):
                problems.append(f"cell {before.id}: outputs differ from the reference run")
            continue
        # a build-it check cell: reference -> yours, verdicts -> ✅, nothing else changed
        if chosen_names(new, YOURS) != names:
            problems.append(f"cell {before.id}: expected 'Using your …' for {sorted(names)}")
        verdicts = [line for line in new if is_verdict(line)]
        if not verdicts or not all(v.startswith("✅") for v in verdicts):
            problems.append(f"cell {before.id}: verdicts with the solution: {verdicts}")
        rest_old = [ln for ln in old if not REFERENCE.search(ln) and not is_verdict(ln)]
        rest_new = [ln for ln in new if not YOURS.search(ln) and not is_verdict(ln)]
        if rest_old != rest_new:
            problems.append(f"cell {before.id}: other output changed: {rest_old} -> {rest_new}")
    return problems


def is_verdict(line: str) -> bool:
    return line.startswith(VERDICT_ICONS)


def answered(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with every build-it cell's source replaced by its solutions."""
    injected = solution_sources(nb)
    key = copy.deepcopy(nb)
    for cell in key.cells:
        if cell.get("id") in injected:
            cell.source = injected[cell.id]
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the answer key to write")
    args = parser.parse_args(argv)
    nb = nbformat.read(args.notebook, as_version=4)
    nbformat.write(answered(nb), args.output)
    print(f"wrote {args.output}: {len(solution_sources(nb))} build-it cell(s) answered")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Notebook hygiene: what strict nbval relies on and what readers without a kernel see.

Checked for every notebook in notebooks/ (future chapters included, with no edits here):
executed in order 1..N, stored exactly as the regeneration script writes it, no stray errors,
no widget state, well-formed nbval markers and known cell tags, a text description under every
figure, a static image wherever an interactive figure is, assertion cells behind the numbers,
silent collapsed cells, build-it scaffolds that raise NotImplementedError and come before their
solutions, and links that lead to chapters the README knows about.

Notebooks listed in ``BUILD_IT_CHAPTERS`` follow the build-it conventions in full (the issue
"Learners build it"): at least the listed numbers of build-it exercises and of exercises in all,
each build-it's function used by a later cell, assertions only in collapsed check cells that print
nothing, nbval options as cell tags (no comment markers), teaching output without ✓/True lines,
and a "predict, then drag" question before every interactive figure. Add a chapter to the table
when it is converted.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
import regenerate_notebooks as regenerator  # scripts/ is on pytest's pythonpath

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VALID_MARKERS = {
    "# NBVAL_IGNORE_OUTPUT",
    "# NBVAL_CHECK_OUTPUT",
    "# NBVAL_SKIP",
    "# NBVAL_RAISES_EXCEPTION",
}
FIGURE_TEXT = "*Figure:*"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
INTERACTIVE = "run this notebook in JupyterLab to move the controls"
#: Cell tags the course uses: nbval's options, and the build-it exercise convention.
NBVAL_TAGS = {"nbval-ignore-output", "nbval-check-output", "nbval-skip", "raises-exception"}
COURSE_TAGS = {"build-it", "solution"}
#: Chapters converted to the build-it conventions: minimum build-it exercises, exercises in all.
BUILD_IT_CHAPTERS = {
    "01_derivatives": {"build_it": 3, "exercises": 5},
    "02_partial_derivatives_and_gradients": {"build_it": 3, "exercises": 5},
    "03_chain_rule_and_autodiff": {"build_it": 3, "exercises": 5},
    "04_gradient_descent": {"build_it": 3, "exercises": 5},
    "05_backpropagation": {"build_it": 3, "exercises": 5},
    "06_mnist_from_scratch": {"build_it": 3, "exercises": 5},
}


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _allows_error(cell) -> bool:
    return "raises-exception" in cell.metadata.get("tags", []) or any(
        line.strip() == "# NBVAL_RAISES_EXCEPTION" for line in cell.source.splitlines()
    )


def test_name_and_schema(notebook):
    path, nb = notebook
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name
    nbformat.validate(nb)


def test_executed_in_order_one_to_n(notebook):
    _, nb = notebook
    counts = [c.execution_count for c in _code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}"


def test_stored_exactly_as_the_regeneration_script_writes_it(notebook):
    path, nb = notebook
    text = path.read_text(encoding="utf-8")
    assert regenerator.dumps(regenerator.normalize(nb)) == text, (
        f"{path.name} was not written by scripts/regenerate_notebooks.py (or was edited after)"
    )


def test_no_widget_state_and_no_stale_widget_views(notebook):
    _, nb = notebook
    assert "widgets" not in nb.metadata
    for cell in _code_cells(nb):
        for output in cell.outputs:
            assert WIDGET_VIEW not in output.get("data", {}), cell.id


def test_no_unexpected_errors_or_warnings(notebook):
    _, nb = notebook
    for cell in _code_cells(nb):
        for output in cell.outputs:
            if output.output_type == "error":
                assert _allows_error(cell), f"cell {cell.id} stored an error: {output.ename}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"cell {cell.id} wrote to stderr: {output.text[:200]!r}")


def test_nbval_markers_well_formed(notebook):
    _, nb = notebook
    for cell in _code_cells(nb):
        for line in cell.source.splitlines():
            if "NBVAL" in line.upper():
                assert line.strip() in VALID_MARKERS, (
                    f"cell {cell.id}: {line.strip()!r} is not a marker nbval recognises "
                    "(the whole comment line must be exactly one of "
                    f"{sorted(VALID_MARKERS)})"
                )


def test_every_figure_has_a_text_description_beneath_it(notebook):
    _, nb = notebook
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if not any("image/png" in o.get("data", {}) for o in cell.outputs):
            continue
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        assert following is not None and following.cell_type == "markdown", (
            f"figure in cell {cell.id} is not followed by a markdown description"
        )
        text = following.source.strip()
        assert text.startswith(FIGURE_TEXT), (
            f"the cell after figure {cell.id} must start with {FIGURE_TEXT!r}"
        )
        body = text[len(FIGURE_TEXT) :].strip()
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body) if s.strip()]
        assert 1 <= len(sentences) <= 2 and len(body) >= 60, (
            f"description of {cell.id} should be one or two sentences: {body!r}"
        )


def test_interactive_figures_store_a_static_image(notebook):
    _, nb = notebook
    for cell in _code_cells(nb):
        for output in cell.outputs:
            plain = output.get("data", {}).get("text/plain", "")
            if "run this notebook in JupyterLab to move the controls" in plain:
                assert "image/png" in output["data"], (
                    f"interactive figure in cell {cell.id} has no static fallback image"
                )


def test_key_numbers_are_backed_by_assertions(notebook):
    _, nb = notebook
    asserts = sum(
        1
        for c in _code_cells(nb)
        for line in c.source.splitlines()
        if line.lstrip().startswith("assert ")
    )
    assert asserts >= 10, f"only {asserts} assert statements"


def test_links_to_other_chapters_are_in_the_readme_chapter_map(notebook):
    path, nb = notebook
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", cell.source):
            assert target in readme, f"{path.name} links to {target}, not in README's chapter map"


# -- cell tags, collapsed check cells, build-it exercises ------------------------------------------


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _hidden(cell) -> bool:
    return bool(cell.metadata.get("jupyter", {}).get("source_hidden", False))


def _has_assert(cell) -> bool:
    return any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(cell.source)))


CONVERTED = [path for path in NOTEBOOKS if path.stem in BUILD_IT_CHAPTERS]


@pytest.fixture(params=CONVERTED, ids=[p.name for p in CONVERTED])
def converted(request):
    """A notebook converted to the build-it conventions, with its row of BUILD_IT_CHAPTERS."""
    path = request.param
    return path, nbformat.read(path, as_version=4), BUILD_IT_CHAPTERS[path.stem]


def test_build_it_table_names_real_notebooks():
    assert set(BUILD_IT_CHAPTERS) <= {p.stem for p in NOTEBOOKS}


def test_cell_tags_are_known(notebook):
    _, nb = notebook
    for cell in nb.cells:
        unknown = set(_tags(cell)) - NBVAL_TAGS - COURSE_TAGS
        assert not unknown, (
            f"cell {cell.id}: unknown tags {sorted(unknown)} (nbval silently ignores a misspelt "
            f"option; known: {sorted(NBVAL_TAGS | COURSE_TAGS)})"
        )
        if cell.cell_type != "code":
            assert not _tags(cell), f"markdown cell {cell.id} has tags {_tags(cell)}"


def test_collapsed_cells_are_silent(notebook):
    """A collapsed (source_hidden) cell is a check: it asserts and prints nothing on success."""
    _, nb = notebook
    for cell in _code_cells(nb):
        if _hidden(cell):
            assert not cell.outputs, f"collapsed cell {cell.id} shows output"


def test_build_it_scaffolds_raise_not_implemented_and_precede_the_solutions(notebook):
    _, nb = notebook
    build_its = [i for i, c in enumerate(nb.cells) if "build-it" in _tags(c)]
    solutions = [i for i, c in enumerate(nb.cells) if "solution" in _tags(c)]
    for i in build_its:
        cell = nb.cells[i]
        assert cell.cell_type == "code" and not cell.outputs, f"build-it cell {cell.id}"
        tree = ast.parse(cell.source)
        assert tree.body and all(isinstance(n, ast.FunctionDef) for n in tree.body), (
            f"build-it cell {cell.id} should hold only the function(s) to write"
        )
        for node in tree.body:
            body = node.body
            docstring = ast.get_docstring(node)
            assert docstring and "shape" in docstring, (
                f"{cell.id}: {node.name} needs a docstring that gives the shapes"
            )
            last = body[-1]
            assert len(body) == 2 and isinstance(last, ast.Raise), (
                f"{cell.id}: the body of {node.name} should be its docstring and one raise"
            )
            raised = last.exc.func if isinstance(last.exc, ast.Call) else last.exc
            assert isinstance(raised, ast.Name) and raised.id == "NotImplementedError", (
                f"{cell.id}: {node.name} should raise NotImplementedError"
            )
    if build_its:
        assert solutions and min(solutions) > max(build_its), (
            "solution cells belong at the end, after every build-it cell"
        )


def _reference_line_names(cell) -> set[str]:
    if cell.cell_type != "code":
        return set()
    text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    return set(re.findall(r"Your `(\w+)` does not pass its check yet", text))


def _loaded_names(source: str) -> set[str]:
    return {
        n.id
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


def test_converted_chapters_have_enough_exercises_and_use_each_build_it(converted):
    _, nb, wanted = converted
    cells = nb.cells
    first_solution = min(
        (i for i, c in enumerate(cells) if "solution" in _tags(c)), default=len(cells)
    )
    build_its = [c for c in cells if "build-it" in _tags(c)]
    checked = [
        c
        for c in cells[:first_solution]
        if c.cell_type == "code"
        and "build-it" not in _tags(c)
        and re.search(r"\bch\d\d\.check_\w+\(", c.source)
    ]
    assert len(build_its) >= wanted["build_it"], f"{len(build_its)} build-it exercises"
    assert len(build_its) + len(checked) >= wanted["exercises"], (
        f"{len(build_its) + len(checked)} exercises in all"
    )
    check_cells = [(i, c) for i, c in enumerate(cells) if _reference_line_names(c)]
    assert len(check_cells) >= len(build_its), "every build-it needs its check cell"
    for i, cell in check_cells:
        targets = {
            t.id
            for node in ast.parse(cell.source).body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        assert targets, f"check cell {cell.id} should assign the function the cells below use"
        later = set().union(
            *(
                _loaded_names(c.source)
                for c in cells[i + 1 : first_solution]
                if c.cell_type == "code"
            )
        )
        assert targets & later, f"{sorted(targets)} from {cell.id} is never used downstream"


def test_converted_chapters_assert_only_in_silent_collapsed_cells(converted):
    _, nb, _ = converted
    for cell in _code_cells(nb):
        if _has_assert(cell):
            assert _hidden(cell), f"cell {cell.id} asserts in view: move it to a collapsed cell"


def test_converted_chapters_use_nbval_tags_not_comments(converted):
    _, nb, _ = converted
    for cell in _code_cells(nb):
        assert not any(line.strip() in VALID_MARKERS for line in cell.source.splitlines()), (
            f"cell {cell.id}: use nbval's cell tag instead of a visible comment marker"
        )


def test_converted_chapters_teach_with_quantities_not_check_marks(converted):
    _, nb, _ = converted
    for cell in _code_cells(nb):
        for output in cell.outputs:
            texts = [output.get("text", "")] + [output.get("data", {}).get("text/plain", "")]
            for line in "\n".join(texts).splitlines():
                assert "✓" not in line and line.strip() not in ("True", "False"), (
                    f"cell {cell.id} prints {line.strip()!r}: print the quantity and its meaning"
                )


def test_converted_chapters_ask_before_each_interactive_figure(converted):
    _, nb, _ = converted
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        plain = [o.get("data", {}).get("text/plain", "") for o in cell.outputs]
        if any(INTERACTIVE in text for text in plain):
            before = nb.cells[index - 1]
            assert before.cell_type == "markdown" and "Predict" in before.source, (
                f"interactive figure {cell.id}: the cell before it should ask a "
                "'predict, then drag' question"
            )


@pytest.mark.parametrize(
    "tags,source,volatile",
    [
        (["nbval-ignore-output"], "print(1)", True),
        ([], "# NBVAL_IGNORE_OUTPUT\nprint(1)", True),
        (["nbval-skip"], "print(1)", True),
        ([], "# NBVAL_IGNORE_OUTPUT: timing\nprint(1)", False),  # nbval ignores this one too
        (["build-it"], "print(1)", False),
        ([], "print(1)", False),
    ],
)
def test_regeneration_check_reads_nbval_tags_like_markers(tags, source, volatile):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = tags
    assert regenerator.is_volatile(cell) is volatile

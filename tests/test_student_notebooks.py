"""The student copies of the course's notebooks with exercises, and their instructor versions.

For every notebook in notebooks/ with solution cells (tag "solution"):

- the student copy made by helpers.student keeps nothing of the solutions but the functions'
  def lines and docstrings, and none of their outputs;
- executed in fast mode, the student copy fails only where the student has work to do: every
  error is a NotImplementedError, raised in an exercise's cell (tagged "exercise-N", or using a
  function that a solution defines), and every exercise raises at least one of its own;
- the committed instructor notebook shows every self-check passing (✅, never ❌).

Budget: about a minute in all (the student copies stop before every training run).
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpers.nbmeta import (
    INSTRUCTOR_TAG,
    SOLUTION_TAG,
    cell_tags,
    exercise_numbers,
    exercise_tags,
    lesson_paths,
    output_text,
)
from helpers.paths import REPO_ROOT
from helpers.student import make_student_copy

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
SELF_CHECK = re.compile(r"\bcheck_\w+\(")
#: Seconds one cell of a student copy may take (loading data or a model, in fast mode).
CELL_TIMEOUT = 300


def is_solution(cell: NotebookNode) -> bool:
    return SOLUTION_TAG in cell_tags(cell)


def stripped_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def has_solutions(path: Path) -> bool:
    return any(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells)


NOTEBOOKS = [p for p in lesson_paths() if has_solutions(p)]


def allowed_lines(source: str) -> set[int]:
    """Line numbers (from 1) of a solution's def lines and docstrings: the stub keeps those."""
    allowed: set[int] = set()
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        allowed.update(range(first, node.body[0].lineno))  # the (maybe multi-line) signature
        if ast.get_docstring(node) is not None:
            allowed.update(range(node.body[0].lineno, node.body[0].end_lineno + 1))
    return allowed


def secrets(nb: NotebookNode) -> set[str]:
    """Every line of the solutions and their outputs that the rest of the notebook lacks."""
    public = set()
    for cell in nb.cells:
        if not is_solution(cell):
            public |= stripped_lines(cell.source) | stripped_lines(output_text(cell))
    found = set()
    for cell in filter(is_solution, nb.cells):
        lines = cell.source.splitlines()
        kept = allowed_lines(cell.source) if cell.cell_type == "code" else set()
        found |= {line.strip() for number, line in enumerate(lines, 1) if number not in kept}
        found |= stripped_lines(output_text(cell))
    return {line for line in found if line} - public


def solution_functions(nb: NotebookNode) -> dict[str, set[str]]:
    """Each function a solution defines, with the numbers of the exercises it belongs to."""
    functions: dict[str, set[str]] = {}
    for cell in nb.cells:
        if is_solution(cell) and cell.cell_type == "code":
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    functions.setdefault(node.name, set()).update(exercise_numbers(cell))
    return functions


def exercises_of(cell: NotebookNode, functions: dict[str, set[str]]) -> set[str]:
    """The exercises a code cell belongs to: its tags, and the solutions' functions it uses."""
    numbers = set(exercise_numbers(cell))
    for name, owners in functions.items():
        if re.search(rf"\b{re.escape(name)}\b", cell.source):
            numbers |= owners or {"?"}
    return numbers


def test_there_is_a_notebook_with_exercises() -> None:
    assert any(p.name.startswith("07_") for p in NOTEBOOKS), [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_copy_keeps_nothing_of_the_solutions(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    student, replaced = make_student_copy(nb)
    assert replaced == sum(map(is_solution, nb.cells)) > 0
    student_lines = set()
    kept = [cell for cell in nb.cells if INSTRUCTOR_TAG not in cell_tags(cell)]
    for original, cell in zip(kept, student.cells, strict=True):
        student_lines |= stripped_lines(cell.source) | stripped_lines(output_text(cell))
        if is_solution(original):
            assert not is_solution(cell) and not cell.get("outputs")
            assert cell_tags(cell) == exercise_tags(original)
    leaked = secrets(nb) & student_lines
    assert not leaked, f"solution lines in the student copy: {sorted(leaked)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_instructor_self_checks_all_pass(path: Path) -> None:
    checks = [
        (index, output_text(cell))
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells)
        if cell.cell_type == "code" and SELF_CHECK.search(cell.source)
    ]
    assert checks, "no self-check cell"
    for index, text in checks:
        assert "✅" in text and "❌" not in text, f"cell {index}: {text!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_copy_runs_into_not_implemented_errors_only_at_the_exercises(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = nbformat.read(path, as_version=4)
    copy = tmp_path / path.name
    nbformat.write(make_student_copy(nb)[0], copy)
    student = nbformat.read(copy, as_version=4)
    monkeypatch.setenv("COURSE_FAST", "1")  # the kernel inherits the environment
    NotebookClient(
        student,
        kernel_name="python3",
        allow_errors=True,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},  # the kernel's working directory
    ).execute()

    functions = solution_functions(nb)
    expected = {n for cell in nb.cells if is_solution(cell) for n in exercise_numbers(cell)}
    raised: dict[str, int] = dict.fromkeys(expected, 0)
    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        numbers = exercises_of(cell, functions)
        if not numbers:
            assert not errors, (
                f"cell {index} (no exercise) failed: {errors[0].ename}: {errors[0].evalue}"
            )
            continue
        for error in errors:
            assert error.ename == "NotImplementedError", (
                f"cell {index} (exercise {', '.join(sorted(numbers))}) raised "
                f"{error.ename}: {error.evalue}"
            )
            # TensorFlow wraps errors raised while it traces a function (e.g. in Dataset.map).
            own = re.search(r"\bExercise (\S+): (?:write \w+|your code here)", error.evalue)
            if own and own[1] in numbers:
                raised[own[1]] += 1
    missing = sorted(n for n, count in raised.items() if count == 0)
    assert not missing, f"exercises whose stubs are never reached: {missing}"

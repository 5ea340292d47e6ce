"""Make student copies of the instructor notebooks ("one source" notebooks).

Tag convention, in each cell's metadata.tags:

- "solution": the cell is a worked solution (a code or a markdown cell);
- "exercise-N": the exercise it solves (N is its number). Without it the messages say
  "Exercise" without a number;
- "instructor": the cell is left out of the student copy altogether (e.g. a table of
  measured results that would give an answer away).

In the student copy every other cell is kept exactly, outputs included, and each solution cell
is replaced:

- a code cell by a starter stub without outputs: each top-level function keeps its `def` line
  and its docstring, and its body becomes `...` then `raise NotImplementedError(...)`.
  Other top-level code is dropped, imports included (import what the signatures use in an
  earlier cell), and a comment "# Exercise N: your code here" marks where it goes.
  A solution with no function at all becomes just that comment, `...` and a `raise`.
  (A cell that is not plain Python, e.g. one using %magics, is treated as defining no function.)
- a markdown cell by a note that the worked solution is in the instructor version.

Stubs keep only their "exercise-N" tag: never "solution", nor the book's "hide-input" and co.

Usage: python -m helpers.student [--out DIR] NOTEBOOK [NOTEBOOK ...]
"""

import argparse
import ast
import copy
import os
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from helpers.nbmeta import INSTRUCTOR_TAG, SOLUTION_TAG, cell_tags, exercise_numbers, exercise_tags
from helpers.paths import BUILD_DIR


def _function_stub(function: ast.FunctionDef | ast.AsyncFunctionDef, label: str) -> str:
    """The function's signature and docstring, with a body that only raises NotImplementedError."""
    stub = copy.deepcopy(function)
    docstring = stub.body[:1] if ast.get_docstring(stub) is not None else []
    stub.body = [*docstring, ast.Expr(ast.Constant(...))]
    return f'{ast.unparse(stub)}\n    raise NotImplementedError("{label}: write {stub.name}")'


def _code_stub(source: str, label: str) -> str:
    """The starter code that replaces a solution code cell."""
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        statements = []
    functions = [s for s in statements if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    comment = f"# {label}: your code here"
    if not functions:
        return f'{comment}\n...\nraise NotImplementedError("{label}: your code here")'
    stubs = "\n\n\n".join(_function_stub(function, label) for function in functions)
    return f"{comment}\n{stubs}" if len(functions) < len(statements) else stubs


def _replace_solution(cell: NotebookNode) -> NotebookNode:
    """The stub (code) or note (markdown) that takes a solution cell's place."""
    tags = exercise_tags(cell)
    number = exercise_numbers(cell)[0] if tags else None
    stub = {"id": cell.id} if "id" in cell else {}  # cells have ids from nbformat 4.5 on
    stub["metadata"] = {"tags": tags} if tags else {}
    if cell.cell_type == "code":
        source = _code_stub(cell.source, f"Exercise {number}" if number else "Exercise")
        stub |= {"cell_type": "code", "source": source, "outputs": [], "execution_count": None}
    else:
        which = f"exercise {number}" if number else "this exercise"
        source = f"*The worked solution to {which} is in the instructor version.*"
        stub |= {"cell_type": "markdown", "source": source}
    return nbformat.from_dict(stub)


def make_student_copy(nb: NotebookNode) -> tuple[NotebookNode, int]:
    """Return the student copy of an instructor notebook and how many solution cells it replaced.

    Cells tagged "instructor" are left out. The notebook passed in is left unchanged.
    """
    student = copy.deepcopy(nb)
    student.cells = [c for c in student.cells if INSTRUCTOR_TAG not in cell_tags(c)]
    replaced = 0
    for index, cell in enumerate(student.cells):
        if SOLUTION_TAG in cell_tags(cell):
            student.cells[index] = _replace_solution(cell)
            replaced += 1
    return student, replaced


def main(argv: list[str] | None = None) -> None:
    """Write the student copy of each notebook given on the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.student", description="Write student copies of notebooks."
    )
    parser.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    parser.add_argument(
        "--out",
        type=Path,
        default=BUILD_DIR / "student",
        metavar="DIR",
        help="where to write them (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    for path in args.notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as error:
            sys.exit(f"error: cannot read notebook {path}: {error}")
        target = args.out / path.name
        if target.resolve() == path.resolve():
            sys.exit(f"error: {target} would overwrite the instructor notebook; pick another --out")
        student, replaced = make_student_copy(nb)
        args.out.mkdir(parents=True, exist_ok=True)
        nbformat.write(student, target)
        print(f"{os.path.relpath(target)}: {replaced} solution cell(s) replaced")


if __name__ == "__main__":
    main()

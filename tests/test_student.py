"""Student copies keep the exercises' cells and signatures and nothing else of the solutions."""

import copy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.student import main, make_student_copy

FUNCTIONS_SOLUTION = '''\
SCALE = 2


def double(x: int,
           y: int = 0) -> int:  # keeps y for later
    """Return twice x."""
    # multiply, then return
    result = x * SCALE
    return result


def triple(x):
    return 3 * x
'''
#: Every line of the solutions that is neither a def line nor a docstring, and their outputs.
SECRETS = [
    "SCALE = 2",
    "keeps y for later",
    "multiply, then return",
    "result = x * SCALE",
    "return result",
    "return 3 * x",
    "answer = 6 * 7",
    "print(answer)",
    "the solution printed this",
    "explains the solution",
    "attachment.png",
]


def instructor_notebook() -> nbformat.NotebookNode:
    """Exercise 1 with a code and a markdown solution, an untagged solution, and other cells."""
    solution = new_code_cell(
        FUNCTIONS_SOLUTION,
        execution_count=2,
        outputs=[new_output("stream", name="stdout", text="the solution printed this\n")],
        metadata={"tags": ["solution", "exercise-1", "hide-input"]},
    )
    explanation = new_markdown_cell(
        "This explains the solution.",
        metadata={"tags": ["exercise-1", "solution", "hide-cell"]},
        attachments={"attachment.png": {"image/png": "iVBORw0KGgo="}},
    )
    return new_notebook(
        cells=[
            new_markdown_cell("# Exercise 1\nWrite `double`.", metadata={"tags": ["exercise-1"]}),
            solution,
            new_code_cell(
                "print(double(2))",
                execution_count=3,
                outputs=[new_output("stream", name="stdout", text="4\n")],
            ),
            explanation,
            new_code_cell("answer = 6 * 7\nprint(answer)", metadata={"tags": ["solution"]}),
            new_code_cell("print('independent')", metadata={"tags": ["hide-input"]}),
        ]
    )


SOLUTION_CELLS = [1, 3, 4]


def test_solutions_are_replaced_and_everything_else_kept() -> None:
    nb = instructor_notebook()
    original = copy.deepcopy(nb)
    student, replaced = make_student_copy(nb)
    assert replaced == len(SOLUTION_CELLS)
    assert nb == original, "the instructor notebook must not be modified"
    nbformat.validate(student)
    assert len(student.cells) == len(nb.cells)
    for index, (kept, cell) in enumerate(zip(student.cells, nb.cells, strict=True)):
        if index not in SOLUTION_CELLS:
            assert kept == cell
    text = nbformat.writes(student)
    for secret in SECRETS:
        assert secret not in text


def test_instructor_cells_are_left_out() -> None:
    nb = instructor_notebook()
    measured = new_code_cell("print('measured: 99.5 %')", metadata={"tags": ["instructor"]})
    nb.cells.insert(2, measured)
    student, replaced = make_student_copy(nb)
    assert replaced == len(SOLUTION_CELLS)
    assert len(student.cells) == len(nb.cells) - 1
    assert "measured" not in nbformat.writes(student)
    assert "measured" in nbformat.writes(nb), "the instructor notebook must keep it"


def test_stubs() -> None:
    student, _ = make_student_copy(instructor_notebook())
    functions, explanation, untagged = (student.cells[index] for index in SOLUTION_CELLS)
    assert functions.source.startswith("# Exercise 1: your code here\n")
    assert "def double(x: int, y: int=0) -> int:\n" in functions.source
    assert '"""Return twice x."""' in functions.source
    assert (functions.outputs, functions.execution_count) == ([], None)
    assert functions.metadata == {"tags": ["exercise-1"]}
    assert explanation.cell_type == "markdown" and "attachments" not in explanation
    assert explanation.source == "*The worked solution to exercise 1 is in the instructor version.*"
    assert explanation.metadata == {"tags": ["exercise-1"]}
    assert untagged.source.startswith("# Exercise: your code here\n")
    assert untagged.metadata == {}

    namespace: dict[str, object] = {}
    exec(compile(functions.source, "stub", "exec"), namespace)
    for name, call in [("double", "double(1)"), ("triple", "triple(1)")]:
        with pytest.raises(NotImplementedError, match=rf"^Exercise 1: write {name}$"):
            eval(call, namespace)
    with pytest.raises(NotImplementedError, match=r"^Exercise: "):
        exec(compile(untagged.source, "stub", "exec"), {})


def test_only_functions_means_no_comment_and_no_function_means_generic_stub() -> None:
    functions_only = new_code_cell(
        'def f():\n    """Doc."""\n    return 1\n', metadata={"tags": ["solution", "exercise-4"]}
    )
    no_function = new_code_cell("x = 1", metadata={"tags": ["solution", "exercise-5"]})
    student, _ = make_student_copy(new_notebook(cells=[functions_only, no_function]))
    assert student.cells[0].source == (
        'def f():\n    """Doc."""\n    ...\n    raise NotImplementedError("Exercise 4: write f")'
    )
    assert student.cells[1].source == (
        '# Exercise 5: your code here\n...\nraise NotImplementedError("Exercise 5: your code here")'
    )


def test_notebook_without_solutions_is_unchanged() -> None:
    nb = new_notebook(cells=[new_markdown_cell("Hi"), new_code_cell("1 + 1")])
    student, replaced = make_student_copy(nb)
    assert (student, replaced) == (nb, 0)


def test_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    nbformat.write(instructor_notebook(), tmp_path / "lesson.ipynb")
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), tmp_path / "plain.ipynb")
    main(["--out", "student", "lesson.ipynb", str(tmp_path / "plain.ipynb")])
    assert capsys.readouterr().out.splitlines() == [
        "student/lesson.ipynb: 3 solution cell(s) replaced",
        "student/plain.ipynb: 0 solution cell(s) replaced",
    ]
    written = nbformat.read(tmp_path / "student" / "lesson.ipynb", as_version=4)
    assert written == make_student_copy(nbformat.read("lesson.ipynb", as_version=4))[0]
    with pytest.raises(SystemExit, match="overwrite"):
        main(["--out", ".", "lesson.ipynb"])


def test_unreadable_notebook_exits_non_zero(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    run = subprocess.run(
        [sys.executable, "-m", "helpers.student", "--out", str(tmp_path / "out"), str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert f"cannot read notebook {broken}" in run.stderr
    assert not (tmp_path / "out").exists()


def test_student_notebook_runs_into_not_implemented_errors_only_at_the_exercises() -> None:
    student, _ = make_student_copy(instructor_notebook())
    NotebookClient(student, kernel_name="python3", allow_errors=True, timeout=60).execute()
    failed = {
        index: output.ename
        for index, cell in enumerate(student.cells)
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    }
    # Cell 2 calls the stubbed double(); cell 4 is the stub of a solution without functions.
    assert failed == {2: "NotImplementedError", 4: "NotImplementedError"}
    assert student.cells[5].outputs[0].text == "independent\n"

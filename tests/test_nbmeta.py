"""helpers.nbmeta's notebook utilities: the lessons, a cell's exercise tags, its output text."""

import json

from nbformat.v4 import new_code_cell, new_output

from helpers.nbmeta import exercise_numbers, exercise_tags, lesson_paths, output_text


def test_lesson_paths_are_the_numbered_notebooks_in_order() -> None:
    names = [path.name for path in lesson_paths()]
    assert names[0].startswith("01_") and names == sorted(names)
    assert all(name[:2].isdigit() and name[2] == "_" for name in names)


def test_exercise_tags_and_numbers_keep_their_order_and_nothing_else() -> None:
    cell = new_code_cell(metadata={"tags": ["solution", "exercise-3", "exercises", "exercise-",
                                            "hide-cell", "exercise-1b"]})
    assert exercise_tags(cell) == ["exercise-3", "exercise-1b"]
    assert exercise_numbers(cell) == ["3", "1b"]
    assert exercise_numbers(new_code_cell()) == []


def test_output_text_joins_streams_text_data_and_errors_in_order() -> None:
    cell = new_code_cell(outputs=[
        new_output("stream", name="stdout", text="✅ printed\n"),
        new_output("execute_result", data={"text/plain": "True", "image/png": "iVBOR"},
                   execution_count=1),
        new_output("error", ename="ValueError", evalue="broken", traceback=["Traceback …"]),
    ])
    assert output_text(cell) == "✅ printed\n\nTrue\nValueError\nbroken\nTraceback …"
    as_json = json.loads(json.dumps(cell))  # a notebook read as JSON: text as a list of lines
    as_json["outputs"][0]["text"] = ["✅ ", "printed\n"]
    assert output_text(as_json) == output_text(cell)
    assert output_text(new_code_cell()) == ""

"""What the course's tools and tests know about its notebooks: where the lessons are, the tags
their cells carry, the text their outputs show, and the metadata a committed lesson keeps.

The metadata: `clean_metadata` runs in tools/run_notebooks.py after every run and in JupyterLab
on every save (the `pre_save_hook` in config/jupyter_server_config.py, installed by
`make setup`), so that running and saving a lesson changes only its outputs: a kernel's
language version, papermill's timings, execution timings, widget state and similar details
differ from machine to machine and would otherwise show up in `git diff` as changes.
"""

import re
from collections.abc import Mapping
from pathlib import Path

from helpers.paths import REPO_ROOT

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NOTEBOOK_METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
#: Cell metadata worth keeping: tags (nbval, solutions, papermill) and alt text (mystnb).
KEEP_CELL_METADATA = {"tags", "mystnb"}
#: A widget's live view: it points at a model in the kernel that ran it, which is gone later.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: A cell's tags (metadata.tags) for the exercises: a worked solution (helpers.student replaces
#: it in the student copy), the exercise it belongs to ("exercise-N": N is its number), and a
#: cell left out of the student copy altogether.
SOLUTION_TAG = "solution"
EXERCISE_TAG = re.compile(r"exercise-(.+)")
INSTRUCTOR_TAG = "instructor"


def clean_metadata(nb: dict) -> dict:
    """Reset `nb`'s metadata to the course's own, in place, and return it.

    A widget's output keeps only its other representations (e.g. lesson 06's canvas keeps the
    picture of its stored example): its widget-view part would show "model not found".
    """
    nb["metadata"] = {key: dict(value) for key, value in NOTEBOOK_METADATA.items()}
    for cell in nb["cells"]:
        cell["metadata"] = {key: value for key, value in cell.get("metadata", {}).items()
                            if key in KEEP_CELL_METADATA and value}
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    return nb


def jupyter_pre_save_hook(model: dict, **_kwargs) -> None:
    """Jupyter server's FileContentsManager.pre_save_hook: clean every notebook before saving."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        clean_metadata(model["content"])


def lesson_paths() -> list[Path]:
    """The numbered lessons, notebooks/NN_*.ipynb, in order (in a checkout of the course)."""
    if REPO_ROOT is None:
        raise RuntimeError("the lessons are in a checkout of the course's repository only")
    return sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cell_tags(cell: Mapping) -> list[str]:
    """A cell's tags (metadata.tags), or [] when it has none."""
    return cell.get("metadata", {}).get("tags", [])


def exercise_tags(cell: Mapping) -> list[str]:
    """A cell's "exercise-N" tags, in order."""
    return [tag for tag in cell_tags(cell) if EXERCISE_TAG.fullmatch(tag)]


def exercise_numbers(cell: Mapping) -> list[str]:
    """The N of each of a cell's "exercise-N" tags, in order."""
    return [EXERCISE_TAG.fullmatch(tag)[1] for tag in exercise_tags(cell)]


def output_text(cell: Mapping) -> str:
    """All that a cell's outputs show as text, one output after another, joined by newlines.

    Streams, text representations (text/plain, text/html, …) and errors (name, message and
    traceback); a notebook read as plain JSON (text as a list of lines) works too.
    """
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append("".join(output["text"]))
        parts += ["".join(value) for kind, value in output.get("data", {}).items()
                  if kind.startswith("text/")]
        if output.get("output_type") == "error":
            parts += [output.get("ename", ""), output.get("evalue", ""),
                      *output.get("traceback", [])]
    return "\n".join(parts)

"""The metadata a committed lesson keeps, so that running and saving it changes only its outputs.

Used by tools/run_notebooks.py after every run and by JupyterLab on every save (the
`pre_save_hook` in config/jupyter_server_config.py, installed by `make setup`): a kernel's
language version, papermill's timings, execution timings, widget state and similar details
differ from machine to machine and would otherwise show up in `git diff` as changes.
"""

from pathlib import Path

from helpers.paths import REPO_ROOT

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NOTEBOOK_METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
#: Cell metadata worth keeping: tags (nbval, solutions, papermill) and alt text (mystnb).
KEEP_CELL_METADATA = {"tags", "mystnb"}
#: A widget's live view: it points at a model in the kernel that ran it, which is gone later.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


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

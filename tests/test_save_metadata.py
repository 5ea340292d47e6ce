"""Running and saving a lesson in JupyterLab changes no more than its outputs.

The Jupyter server that `make lab` starts reads config/jupyter_server_config.py (installed by
`make setup`); its pre-save hook resets what a kernel, a front end or an extension adds to a
notebook's metadata. A real FileContentsManager, the part of the server that saves, with that
configuration file.
"""

import copy
import json

import nbformat
from jupyter_server.services.contents.filemanager import FileContentsManager
from traitlets.config import PyFileConfigLoader

from helpers.paths import REPO_ROOT

LESSON = REPO_ROOT / "notebooks" / "02_filters.ipynb"


def saved_by_jupyterlab(tmp_path, content: dict) -> str:
    """Save `content` as JupyterLab would, through the course's server configuration."""
    config = PyFileConfigLoader("jupyter_server_config.py", path=str(REPO_ROOT / "config"))
    manager = FileContentsManager(config=config.load_config(), root_dir=str(tmp_path))
    manager.save({"type": "notebook", "format": "json", "content": content}, "lesson.ipynb")
    return (tmp_path / "lesson.ipynb").read_text()


def as_a_kernel_and_jupyterlab_leave_it(nb: dict) -> dict:
    """What a run in another environment and a save add to a lesson's metadata."""
    nb = copy.deepcopy(nb)
    nb["metadata"]["kernelspec"] = {"display_name": "Python [conda env:cnn-course]",
                                    "language": "python", "name": "conda-env-cnn-course-py"}
    nb["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
        "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3", "version": "3.12.7"}
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for cell in nb["cells"]:
        cell["metadata"]["scrolled"] = True
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-11-24T10:00:00.000Z"}
    return nb


def test_saving_a_run_lesson_changes_nothing_but_its_outputs(tmp_path) -> None:
    committed = LESSON.read_text()
    touched = as_a_kernel_and_jupyterlab_leave_it(json.loads(committed))
    assert saved_by_jupyterlab(tmp_path, touched) == committed


def test_without_the_hook_the_same_save_would_change_the_lesson(tmp_path) -> None:
    touched = as_a_kernel_and_jupyterlab_leave_it(json.loads(LESSON.read_text()))
    manager = FileContentsManager(root_dir=str(tmp_path))  # a server without the course's config
    manager.save({"type": "notebook", "format": "json", "content": touched}, "plain.ipynb")
    saved = nbformat.read(tmp_path / "plain.ipynb", as_version=4)
    assert saved.metadata.language_info.version == "3.12.7"

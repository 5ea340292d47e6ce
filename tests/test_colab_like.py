"""Colab-like: lessons 01 and 06 alone, in a Python 3.12 with TensorFlow but not the course.

Like Colab: a fresh Python 3.12 environment with TensorFlow, tfds, Keras, Jupyter's kernel and
the usual scientific packages, but not the course; the two notebook files copied on their own
into an empty folder; a kernel that copies low-level output (TensorFlow's log lines) into the
notebook, as Colab's does. Each lesson's own first cell must install the course, non-editable,
from its repository (here: this checkout, in place of the GitHub URL), and both lessons must run
top to bottom: lesson 06 without lesson 04's model, which it then trains itself. Lessons, models
and caches must not need or touch a course folder.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.nbmeta import output_text
from helpers.paths import REPO_ROOT, repository_url
from tools.lock_env import requirements

LESSONS = ["01_loading_mnist.ipynb", "06_your_own_images.ipynb"]
#: What Colab has installed before a notebook runs (not anywidget, and not the course).
PREINSTALLED = ["tensorflow-cpu", "tensorflow-datasets", "importlib_resources", "keras", "numpy",
                "scipy", "matplotlib", "scikit-image", "pillow", "nbformat", "ipykernel"]


def python_312() -> str:
    """A Python 3.12 interpreter that really runs: pyenv's, or one on PATH."""
    candidates = [*map(str, sorted(Path.home().glob(".pyenv/versions/3.12*/bin/python3.12"))),
                  shutil.which("python3.12")]
    for candidate in filter(None, candidates):
        version = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                                 capture_output=True, text=True, check=False).stdout
        if version.strip() == "(3, 12)":
            return candidate
    pytest.skip("no Python 3.12 on this machine (e.g. `pyenv install 3.12`)")


@pytest.fixture(scope="module")
def colab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python 3.12 virtual environment with Colab's kind of packages, and its kernelspec."""
    root = tmp_path_factory.mktemp("colab")
    env = root / "env"
    subprocess.run([python_312(), "-m", "venv", str(env)], check=True)
    pins = root / "pins.txt"  # the course's pins, so that uv's cache has them
    pins.write_text("".join(f"{requirement}\n" for requirement in requirements()))
    subprocess.run([str(Path(sys.executable).parent / "uv"), "pip", "install", "--quiet",
                    "--python", str(env / "bin" / "python"), "-c", str(pins), *PREINSTALLED],
                   check=True)
    spec = root / "jupyter" / "kernels" / "colab"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(env / "bin" / "python"), "-m", "ipykernel_launcher", "-f",
                 "{connection_file}", "--IPKernelApp.capture_fd_output=True"],
        "display_name": "Python 3.12 like Colab's", "language": "python"}))
    return root


def run_alone(lesson: str, folder: Path, colab: Path) -> nbformat.NotebookNode:
    """Copy one lesson into `folder`, point its install cell at this checkout, run it there."""
    nb = nbformat.read(REPO_ROOT / "notebooks" / lesson, as_version=4)
    setup = next(cell for cell in nb.cells if cell.cell_type == "code")
    github = f"git+{repository_url()}"
    assert github in setup.source
    setup.source = setup.source.replace(github, REPO_ROOT.as_uri())
    nbformat.write(nb, folder / lesson)
    home = colab / "home"
    home.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTEST_CURRENT_TEST", "TF_CPP_MIN_LOG_LEVEL", "VIRTUAL_ENV",
                          "COURSE_CACHE", "COURSE_MODELS", "XDG_CACHE_HOME", "PYTHONPATH")}
    env.update(HOME=str(home), COURSE_FAST="1",
               PATH=f"{colab / 'env' / 'bin'}:{env['PATH']}",
               PIP_CACHE_DIR=str(Path.home() / ".cache" / "pip"),
               PIP_ROOT_USER_ACTION="ignore", PIP_DISABLE_PIP_VERSION_CHECK="1")
    client = NotebookClient(nb, kernel_name="colab", timeout=600,
                            resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    return nb


def outputs(nb: nbformat.NotebookNode, kind: str) -> list:
    return [out for cell in nb.cells for out in cell.get("outputs", [])
            if out.output_type == kind or out.get("name") == kind]


def test_lessons_01_and_06_run_alone_in_a_colab_like_python_312(
    colab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_PATH", str(colab / "jupyter"))  # where the kernel is looked up
    folder = tmp_path / "content"  # Colab's working folder: the notebooks and nothing else
    folder.mkdir()
    first = run_alone(LESSONS[0], folder, colab)
    installed = subprocess.run([str(colab / "env" / "bin" / "python"), "-c",
                                "import helpers.paths as p; print(p.PACKAGE_DIR, p.REPO_ROOT)"],
                               capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert "site-packages/helpers None" in installed, installed  # installed, not editable

    second = run_alone(LESSONS[1], folder, colab)
    for nb in (first, second):
        assert not outputs(nb, "error")
        assert not outputs(nb, "stderr"), outputs(nb, "stderr")  # no TensorFlow log lines
    loading = next(cell for cell in second.cells if "load_model(fast=FAST)" in cell.source)
    text = output_text(loading)
    assert "There is no fast-mode model of lesson 04" in text and "Epoch 4/4" in text
    assert sorted(p.name for p in folder.iterdir()) == sorted(LESSONS)  # nothing else written
    assert (colab / "home" / ".cache" / "cnn-course" / "models" / "fast").is_dir()

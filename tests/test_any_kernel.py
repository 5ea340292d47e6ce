"""Clean outputs in any kernel: no TensorFlow log lines in a notebook run outside .venv.

The course's own kernel keeps low-level output in the terminal (config/ipython_kernel_config.py),
and the Makefile sets TF_CPP_MIN_LOG_LEVEL. A conda, Binder, Colab or VS Code kernel does
neither: ipykernel then copies TensorFlow's C++ log lines into the notebook as stderr. This
test runs lesson 01 in such a kernel, a kernelspec with ipykernel's default
(capture_fd_output=True) and without TF_CPP_MIN_LOG_LEVEL.
"""

import json
import os
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.paths import REPO_ROOT

LESSON = REPO_ROOT / "notebooks" / "01_loading_mnist.ipynb"


def test_lesson_01_in_a_plain_kernel_writes_nothing_to_stderr(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "kernels" / "plain"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.capture_fd_output=True"],
        "display_name": "a kernel as conda or Colab start it", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    # ipykernel does not capture low-level output under pytest (PYTEST_CURRENT_TEST): a kernel
    # started by a student has neither that nor the Makefile's TF_CPP_MIN_LOG_LEVEL
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTEST_CURRENT_TEST", "TF_CPP_MIN_LOG_LEVEL")}
    nb = nbformat.read(LESSON, as_version=4)
    NotebookClient(nb, kernel_name="plain", timeout=120,
                   resources={"metadata": {"path": str(LESSON.parent)}}).execute(
        env={**env, "COURSE_FAST": "1"})
    stderr = [("".join(cell.source.splitlines()[:1]), out.text) for cell in nb.cells
              if cell.cell_type == "code" for out in cell.outputs
              if out.output_type == "stream" and out.name == "stderr"]
    assert not stderr, stderr

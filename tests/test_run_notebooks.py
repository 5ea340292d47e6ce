"""tools/run_notebooks.py never leaves a committed notebook half-written.

Real papermill runs of tiny notebooks in a temporary folder: one that fails, one that is
stopped with SIGTERM while a cell runs, and the refusal to write fast-mode outputs into
notebooks/.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.nbmeta import lesson_paths
from helpers.paths import REPO_ROOT

RUNNER = [sys.executable, str(REPO_ROOT / "tools" / "run_notebooks.py")]
RUNNING = REPO_ROOT / "build" / "running"


def notebook(folder: Path, name: str, *sources: str) -> Path:
    """Write a notebook with one code cell per source, with an output the run would replace."""
    cells = [new_code_cell(source) for source in sources]
    cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="committed\n")]
    nb = new_notebook(cells=cells)
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_a_failing_notebook_is_left_as_it_was(tmp_path: Path) -> None:
    report = REPO_ROOT / "book" / "execution_times.json"
    committed_report = report.read_bytes()
    path = notebook(tmp_path, "98_fails.ipynb", "print('first')", "raise ValueError('broken')")
    before = path.read_bytes()
    # --out the notebook's own folder: in place, with the report in build/, not in the book
    result = subprocess.run([*RUNNER, "--out", str(tmp_path), str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Passed unknown parameter" not in result.stderr  # papermill gets no parameters
    assert "FAILED: ValueError: broken (unchanged; the failed run: build/failed/98_fails.ipynb)" \
        in result.stdout
    assert path.read_bytes() == before
    failed = nbformat.read(REPO_ROOT / "build" / "failed" / "98_fails.ipynb", as_version=4)
    first = next(cell for cell in failed.cells if cell.cell_type == "code")
    assert first.outputs[0].text == "first\n"  # what the run did, kept to read
    assert not (RUNNING / "98_fails.ipynb").exists()
    assert report.read_bytes() == committed_report


def test_a_run_stopped_by_sigterm_leaves_the_notebook_and_no_leftovers(tmp_path: Path) -> None:
    path = notebook(tmp_path, "99_slow.ipynb", "print('started', flush=True)",
                    "import time; time.sleep(60)")
    before = path.read_bytes()
    partial = RUNNING / path.name
    runner = subprocess.Popen([*RUNNER, "--out", str(tmp_path), str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (partial.exists() and b"started" in partial.read_bytes()):
            assert time.monotonic() < deadline, "the run never reached its second cell"
            time.sleep(0.2)
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=30) == 143
    finally:
        runner.kill()
    assert path.read_bytes() == before
    assert not partial.exists()


def test_fast_outputs_may_not_replace_the_committed_notebooks() -> None:
    result = subprocess.run([*RUNNER, "--fast", "--out", "notebooks",
                             "notebooks/01_loading_mnist.ipynb"],
                            capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert result.returncode == 2
    assert "--fast needs --out outside notebooks/" in result.stderr


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.name)
def test_papermill_finds_seed_in_every_lessons_parameters_cell(path: Path) -> None:
    """A run given SEED (the benchmark's other seeds) gets no "Passed unknown parameter".

    FAST travels as COURSE_FAST instead: papermill cannot read its line (more than one "="),
    so a run given FAST would warn.
    """
    assert "SEED" in papermill.inspect_notebook(str(path))

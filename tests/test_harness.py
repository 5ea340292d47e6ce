"""The regression check really compares: an edited deterministic output makes nbval fail."""

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers.paths import REPO_ROOT

LESSON = REPO_ROOT / "notebooks" / "01_loading_mnist.ipynb"


def test_an_edited_class_count_fails_the_regression_check(tmp_path: Path) -> None:
    nb = json.loads(LESSON.read_text())
    cell = next(c for c in nb["cells"] if "train_counts =" in "".join(c["source"]))
    text = cell["outputs"][0]["text"]
    cell["outputs"][0]["text"] = [line.replace("5923", "5924") for line in text]
    assert cell["outputs"][0]["text"] != text
    edited = tmp_path / LESSON.name
    edited.write_text(json.dumps(nb))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", str(edited)],
        cwd=REPO_ROOT, capture_output=True, text=True, env={**os.environ, "COURSE_FAST": "1"},
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout and "5924" in result.stdout

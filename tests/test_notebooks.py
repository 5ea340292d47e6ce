"""Hygiene of the committed notebooks: what a student sees on GitHub and in the book.

Budget: each notebook under 1.5 MB, all together under 6 MB.
"""

import json
import re
from pathlib import Path

import pytest

from helpers.nbmeta import lesson_paths, output_text
from helpers.paths import REPO_ROOT

NOTEBOOKS = lesson_paths()
NOTEBOOK_BYTES = 1_500_000
TOTAL_BYTES = 6_000_000
LOG_LINE = re.compile(
    r"^[IWEF]\d{4} |absl::|WARNING:absl|oneDNN custom operations|cuda_|TF_ENABLE_ONEDNN_OPTS"
    r"|tensorflow/core/|Local rendezvous",
    re.MULTILINE,
)
PRIVATE_PATH = re.compile(
    "|".join([r"/home/", r"/Users/", r"/root/", r"[A-Za-z]:\\\\Users", r"site-packages",
              re.escape(str(REPO_ROOT)), re.escape(str(REPO_ROOT.parent))])
)


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS[0].name.startswith("01_")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom_in_one_fresh_kernel(path: Path) -> None:
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_clean(path: Path) -> None:
    for i, cell in enumerate(load(path)["cells"]):
        kinds = {(o["output_type"], o.get("name")) for o in cell.get("outputs", [])}
        assert ("error", None) not in kinds, f"cell {i} has an error output"
        assert ("stream", "stderr") not in kinds, f"cell {i} wrote to stderr"
        text = output_text(cell)
        assert not LOG_LINE.search(text), f"cell {i} shows a log line: {LOG_LINE.search(text)[0]}"
        assert not PRIVATE_PATH.search(text), f"cell {i} shows a private path"
        assert "Traceback" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_metadata_is_clean(path: Path) -> None:
    nb = load(path)
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}, "no widget or tool metadata"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        assert set(cell["metadata"]) <= {"tags", "mystnb"}
        for out in cell.get("outputs", []):
            assert not any("widget" in k for k in out.get("data", {}))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_follows_the_lesson_template(path: Path) -> None:
    nb = load(path)
    first = "".join(nb["cells"][0]["source"])
    assert first.startswith("# ") and all(w in first for w in ("**Time:**", "**Questions**",
                                                                "**Objectives**"))
    first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "quiet_tensorflow()" in "".join(first_code["source"]), "TensorFlow's logs come first"
    params = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1 and all(n in "".join(params[0]["source"]) for n in ("FAST", "SEED"))
    assert "COURSE_FAST" in "".join(params[0]["source"])
    assert any("## Key points" in "".join(c["source"]) for c in nb["cells"][-3:])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(path: Path) -> None:
    for i, cell in enumerate(load(path)["cells"]):
        if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 20, f"cell {i}: a figure without alt text"


def test_size_budget() -> None:
    sizes = {p.name: p.stat().st_size for p in NOTEBOOKS}
    assert all(size < NOTEBOOK_BYTES for size in sizes.values()), sizes
    assert sum(sizes.values()) < TOTAL_BYTES

"""The course book: it builds offline from the committed notebooks with warnings as errors, and
every page passes the browser check of tools/book_check.py in a real headless Chromium.

Needs Debian's Chromium at /usr/bin/chromium (`make browser` installs it).
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = REPO / "build" / "screenshots"
BUILD_SECONDS = 60


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book_check = _load("book_check", REPO / "tools" / "book_check.py")
course_book = _load("course_book", BOOK / "_ext" / "course_book.py")


def toc_files() -> list[str]:
    """Every file listed in book/_toc.yml, in order, the root (introduction) first."""
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text())
    return [toc["root"]] + [
        chapter["file"] for part in toc["parts"] for chapter in part["chapters"]
    ]


def lesson_heading(notebook: Path) -> str:
    """The title of a lesson: the "# " heading of its first markdown cell."""
    cells = json.loads(notebook.read_text())["cells"]
    source = "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"])
    return re.search(r"^# (.+)$", source, re.MULTILINE)[1].strip()


def test_every_lesson_is_in_the_toc():
    listed = toc_files()
    for notebook in LESSONS:
        assert f"notebooks/{notebook.stem}" in listed, f"add notebooks/{notebook.stem} to _toc.yml"


def test_the_book_reaches_the_notebooks_through_a_relative_symlink():
    link = BOOK / "notebooks"
    assert link.is_symlink() and os.readlink(link) == "../notebooks"


SOLUTION_2 = ["solution", "hide-input", "exercise-2"]
TRICKY = [":not: an option\n", "Use ```` ``` ````."]


def test_solution_cells_are_collapsed_and_nothing_else():
    notebook = {
        "cells": [
            {"cell_type": "code", "source": "x = 1", "metadata": {"tags": SOLUTION_2}},
            {"cell_type": "markdown", "source": TRICKY, "metadata": {"tags": ["solution"]}},
            {"cell_type": "code", "source": "y = 2", "metadata": {"tags": ["hide-input"]}},
        ]
    }
    assert course_book.collapse_solutions(notebook) == 2
    code, markdown, other = notebook["cells"]
    assert code["metadata"]["tags"] == ["solution", "exercise-2", "hide-cell"]
    assert code["metadata"]["mystnb"]["code_prompt_show"] == "Show the solution to exercise 2"
    fence = "`````"  # longer than the cell's own ````
    assert markdown["source"].startswith(f"{fence}{{course-solution}}\n:show: Show the solution\n")
    assert markdown["source"].endswith(f"\n\n:not: an option\nUse ```` ``` ````.\n{fence}\n")
    assert other["metadata"]["tags"] == ["hide-input"]


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    """Build the book from scratch, offline, warnings as errors, into a temporary folder."""
    out = tmp_path_factory.mktemp("book")
    options = ["--path-output", out, "--all", "-W", "-n", "--keep-going"]
    command = [JUPYTER_BOOK, "build", BOOK, *options]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    details = "\n".join(problems or [log[-3000:]])
    assert result.returncode == 0, f"the book does not build:\n{details}"
    assert seconds < BUILD_SECONDS, f"building the book took {seconds:.0f} s"
    print(f"book built in {seconds:.1f} s")
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def report(html: Path) -> "book_check.Report":
    try:
        return book_check.check_book(html, SCREENSHOTS)
    except book_check.BrowserMissing as exc:
        pytest.fail(str(exc), pytrace=False)


def test_every_page_passes_the_browser_check(report):
    assert not report.problems, "\n".join(report.problems)


def test_every_lesson_and_page_is_in_the_book(report):
    pages = set(report.pages)
    written = [name for name in toc_files() if list(BOOK.glob(f"{name}.*"))]
    expected = {f"{name}.html" for name in written}
    assert {"intro.html", "glossary.html", "environment.html", "instructor_guide.html"} <= expected
    assert expected <= pages, f"missing pages: {sorted(expected - pages)}"


def test_each_lesson_page_shows_its_heading(report):
    for notebook in LESSONS:
        page = report.pages[f"notebooks/{notebook.stem}.html"]
        assert page["h1"] == lesson_heading(notebook)
        assert page["title"].startswith(lesson_heading(notebook))


def test_solutions_are_collapsed_behind_toggles(report):
    # the instructor guide shows one as an example; the exercises must have theirs
    assert report.pages["instructor_guide.html"]["solutions"] >= 1
    exercises = report.pages.get("notebooks/07_exercises.html")
    if exercises is not None:
        assert exercises["solutions"] >= 1, "07_exercises has no cell tagged 'solution'"


def test_screenshots_are_saved(report):
    has_05 = (REPO / "notebooks/05_inspecting_errors.ipynb").exists()
    lesson = "05_inspecting_errors" if has_05 else "01_loading_mnist"
    assert [path.name for path in report.screenshots] == ["intro.png", f"{lesson}.png"]
    for path in report.screenshots:
        assert path.stat().st_size > 10_000

"""The course book: every solution carries its toggle, it builds offline from the committed
notebooks with warnings as errors, and every page passes the browser check of
tools/book_check.py in a real headless Chromium.

Needs Chromium at /usr/bin/chromium (`make browser` installs it once) or COURSE_CHROMIUM.
"""

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from helpers.nbmeta import SOLUTION_TAG, cell_tags, lesson_paths
from helpers.paths import REPO_ROOT as REPO
from tools import book_check

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
LESSONS = lesson_paths()
SCREENSHOTS = REPO / "build" / "screenshots"
BUILD_SECONDS = 60
HIDE_TAGS = {"hide-input", "hide-output", "hide-cell", "remove-input", "remove-cell"}
DROPDOWN = re.compile(r"\A:::\{dropdown\} \S.*\n(.*\n)+:::\Z")


def toc_files() -> list[str]:
    """Every file listed in _toc.yml, in order, the root (introduction) first."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [toc["root"]] + [
        chapter["file"] for part in toc["parts"] for chapter in part["chapters"]
    ]


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def lesson_heading(notebook: Path) -> str:
    """The title of a lesson: the "# " heading of its first markdown cell."""
    first = next(cell for cell in cells(notebook) if cell["cell_type"] == "markdown")
    return re.search(r"^# (.+)$", text(first), re.MULTILINE)[1].strip()


def test_every_lesson_is_in_the_toc():
    listed = toc_files()
    for notebook in LESSONS:
        assert f"notebooks/{notebook.stem}" in listed, f"add notebooks/{notebook.stem} to _toc.yml"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda path: path.stem)
def test_every_solution_cell_carries_its_toggle(notebook: Path):
    """A solution code cell: the tag hide-cell (and no other hide-*/remove-* tag, which would add
    a second toggle); a solution markdown cell: its text inside a :::{dropdown} fence."""
    for index, cell in enumerate(cells(notebook)):
        tags = cell_tags(cell)
        if SOLUTION_TAG not in tags:
            continue
        where = f"{notebook.name}, cell {index}"
        if cell["cell_type"] == "code":
            assert HIDE_TAGS & set(tags) == {"hide-cell"}, f"{where}: tag it hide-cell only"
            assert cell["metadata"].get("mystnb", {}).get("code_prompt_show"), where
        else:
            assert DROPDOWN.match(text(cell)), f"{where}: wrap it in :::{{dropdown}} Title ... :::"


def test_the_time_plan_is_each_lessons_time_line():
    intro = (REPO / "book" / "intro.md").read_text(encoding="utf-8")
    for notebook in LESSONS:
        first = next(cell for cell in cells(notebook) if cell["cell_type"] == "markdown")
        time_line = re.search(r"^\*\*Time:\*\* (.+?)\.?\n\n", text(first), re.DOTALL | re.M)
        row = f"| {{doc}}`/notebooks/{notebook.stem}` | {' '.join(time_line[1].split())} |"
        assert row in intro, f"book/intro.md's time plan needs the row\n{row}"


def test_a_missing_browser_is_named_with_its_fix():
    command = [sys.executable, "tools/book_check.py", "_build/html"]
    env = {"PATH": "/usr/bin:/bin", "COURSE_CHROMIUM": "/nonexistent/chromium"}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "/nonexistent/chromium not found" in result.stderr
    assert "make browser" in result.stderr


def test_make_test_installs_chromium_only_on_ci():
    def dry_run(ci: str) -> str:
        command = ["make", "--dry-run", "test", f"CI={ci}"]
        return subprocess.run(command, cwd=REPO, capture_output=True, text=True).stdout

    assert "apt-get" not in dry_run("")
    assert "apt-get" in dry_run("true")


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    """Build the book from scratch, offline, warnings as errors, into a temporary folder."""
    out = tmp_path_factory.mktemp("book")
    options = ["--path-output", out, "--all", "-W", "-n", "--keep-going"]
    command = [JUPYTER_BOOK, "build", REPO, *options]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    details = "\n".join(problems or [log[-3000:]])
    assert result.returncode == 0, f"the book does not build:\n{details}"
    assert seconds < BUILD_SECONDS, f"building the book took {seconds:.0f} s"
    return out / "_build" / "html"


def check(html_dir: Path, **options) -> book_check.Report:
    try:
        return book_check.check_book(html_dir, **options)
    except book_check.BrowserMissing as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def report(html: Path) -> book_check.Report:
    return check(html, screenshot_dir=SCREENSHOTS)


def test_every_page_passes_the_browser_check(report):
    assert not report.problems, "\n".join(report.problems)


def test_every_lesson_and_page_is_in_the_book(report):
    expected = {f"{name}.html" for name in toc_files()}
    assert {"book/intro.html", "book/environment.html", "notebooks/07_exercises.html"} <= expected
    assert expected <= set(report.pages), f"missing: {sorted(expected - set(report.pages))}"


def test_each_lesson_page_shows_its_heading_and_its_solutions(report):
    for notebook in LESSONS:
        page = report.pages[f"notebooks/{notebook.stem}.html"]
        assert page["h1"] == lesson_heading(notebook)
        assert page["title"].startswith(lesson_heading(notebook))
        solutions = [cell for cell in cells(notebook) if SOLUTION_TAG in cell_tags(cell)]
        assert page["solutions"] == len(solutions)
    assert report.pages["notebooks/07_exercises.html"]["solutions"] >= 10


def test_screenshots_are_saved(report):
    names = [path.name for path in report.screenshots]
    assert names == ["intro.png", "05_inspecting_errors.png"]
    assert all(path.stat().st_size > 10_000 for path in report.screenshots)


BREAKAGES = {
    "console error": ("<head>", "<head><script>console.error('broken')</script>"),
    "open before it is clicked": ('<details class="admonition', '<details open class="admonition'),
    "image without alt text": (' alt="', ' data-alt="'),
    "broken link": ("<main", '<a href="no-such-page.html">a broken link</a><main'),
    "launch links": ("blob/main/notebooks/", "blob/main/book/notebooks/"),
    "solution cells, but": ('<details class="sd-sphinx-override', '<div class="sd-sphinx-override'),
}


def test_the_browser_check_finds_what_readers_would_see(html: Path, tmp_path: Path):
    """The check fails on a copy of the book with one of each breakage in lesson 07's page."""
    broken = tmp_path / "html"
    shutil.copytree(html, broken)
    page = broken / "notebooks" / "07_exercises.html"
    source = page.read_text(encoding="utf-8")
    for old, new in BREAKAGES.values():
        assert old in source, old
        source = source.replace(old, new, 1)
    page.write_text(source, encoding="utf-8")
    found = "\n".join(check(broken, pages=["notebooks/07_exercises.html"]).problems)
    for breakage in BREAKAGES:
        assert breakage in found, f"{breakage!r} not found in:\n{found}"

"""Sphinx extension of the course book, loaded by book/_config.yml (sphinx.local_extensions).

It does five small things, none of which changes a file outside the build output:

1. The lessons: the notebooks of _toc.yml, in order, for the time plan.
2. Solutions. Every notebook cell tagged "solution" is collapsed behind a toggle, closed by
   default, on the text Sphinx reads (the notebooks on disk are untouched). A code cell gets
   MyST-NB's "hide-cell" (its input and outputs are hidden together, any other hide-* tag is
   dropped so there is one toggle); a markdown cell, which MyST-NB cannot hide, is wrapped in
   the ``course-solution`` directive, which renders the same <details> element. Pages written
   in Markdown can use the directive directly. A notebook that was never run is reported
   (one clear warning, so an error under -W).
3. ``lesson-times``: the time plan of the introduction: each lesson of _toc.yml with the class
   time its notebook states ("**Time:** ...") and its measured full-mode execution time from
   book/execution_times.json (written by `make course`), or "not measured yet".
4. ``pinned-versions``: the packages pinned in requirements.lock for this platform, the main
   ones (those of requirements.in, and Keras) first.
5. Launch buttons (Binder, Colab) open a lesson at its real path in the repository
   (notebooks/..., not book/notebooks/..., a symlink that Colab cannot follow).

And one work-around: sphinx-thebe's inline configuration script reaches each page twice (once
with filename None, once with ""), so every page failed with "Identifier 'THEBE_JS_URL' has
already been declared"; duplicates are removed from the page's scripts.
"""

import json
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from packaging.markers import Marker
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_external_toc.api import FileItem

logger = logging.getLogger(__name__)

SOLUTION_TAG = "solution"
EXERCISE_TAG = re.compile(r"exercise-(.+)")
#: Tags that would give a solution code cell a second toggle; "hide-cell" replaces them.
HIDE_TAGS = {"hide-input", "hide-output", "hide-cell", "hide_input", "hide_output"}
LESSONS_DIR = "notebooks/"
TIME_LINE = re.compile(r"^\s*\*\*Time:\*\*\s*(.+?)\s*$", re.MULTILINE)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._\-\[\],]*)==([^\s;]+)\s*(?:;\s*(.+))?$")
#: Shown among the main packages although requirements.in does not name it (TensorFlow's Keras).
ALSO_MAIN = {"keras"}
REQUIREMENT_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._\-]*)")


def repo_root(app: Sphinx) -> Path:
    """The repository: the book's folder is `repository.path_to_book` inside it."""
    path_to_book = app.config.html_theme_options.get("path_to_docs", "").strip("/")
    depth = len(Path(path_to_book).parts) if path_to_book else 0
    root = Path(app.srcdir).resolve()
    return root.parents[depth - 1] if depth else root


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


# 1. The lessons ---------------------------------------------------------------------------


def list_lessons(app: Sphinx, config: Config) -> None:
    """Keep the lessons of _toc.yml, in order, in ``app.course_lessons`` for the time plan.

    Runs after sphinx-external-toc has parsed _toc.yml (config-inited, priority 950).
    """
    app.course_lessons = [
        str(item)
        for document in config.external_site_map.values()
        for tree in document.subtrees
        for item in tree.items
        if isinstance(item, FileItem) and str(item).startswith(LESSONS_DIR)
    ]


# 2. Solutions ----------------------------------------------------------------------------


def solution_prompts(tags: list[str]) -> tuple[str, str]:
    """The toggle's texts (closed, open) for a solution cell with these tags."""
    numbers = [match[1] for match in map(EXERCISE_TAG.fullmatch, tags) if match]
    what = f"the solution to exercise {numbers[0]}" if numbers else "the solution"
    return f"Show {what}", f"Hide {what}"


def collapse_solutions(notebook: dict[str, Any]) -> int:
    """Mark the notebook's solution cells (in place) to be rendered collapsed; return how many."""
    count = 0
    for cell in notebook.get("cells", []):
        metadata = cell.setdefault("metadata", {})
        tags = metadata.get("tags", [])
        if SOLUTION_TAG not in tags:
            continue
        show, hide = solution_prompts(tags)
        if cell["cell_type"] == "code":
            metadata["tags"] = [tag for tag in tags if tag not in HIDE_TAGS] + ["hide-cell"]
            metadata.setdefault("mystnb", {}).update(code_prompt_show=show, code_prompt_hide=hide)
        elif cell["cell_type"] == "markdown":
            text = _text(cell["source"]).strip("\n")
            # a fence longer than any run of backticks in the cell, so nothing can close it early
            longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
            fence = "`" * max(3, longest + 1)
            # The options end at the blank line: the cell's own text is never read as options.
            cell["source"] = (
                f"{fence}{{course-solution}}\n:show: {show}\n:hide: {hide}\n\n{text}\n{fence}\n"
            )
        else:
            continue
        count += 1
    return count


def prepare_notebook(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: collapse a notebook's solution cells before MyST-NB parses it.

    A notebook that was never run (no code cell has an execution count) has no outputs to show:
    that is reported once, clearly, instead of as one "no lexer" warning per code cell.
    """
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    notebook = json.loads(source[0])
    code = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    not_run = code and not any(cell.get("execution_count") for cell in code)
    if not_run:
        logger.warning(
            "[course_book] this notebook has not been run, so the book would show no outputs: "
            "run `make course` (or tools/run_notebooks.py on it) and commit it with its outputs",
            location=docname,
        )
        notebook.setdefault("metadata", {}).setdefault("language_info", {"name": "python"})
    if collapse_solutions(notebook) or not_run:
        source[0] = json.dumps(notebook)


class solution_details(nodes.General, nodes.Element):
    """A <details> toggle with the same markup as MyST-NB's hidden code cells."""


def visit_solution_details_html(self, node: solution_details) -> None:
    self.body.append('<details class="admonition hide above-input">\n')
    self.body.append('<summary aria-label="Toggle the solution">\n')
    self.body.append(
        f'<p class="collapsed admonition-title">{self.encode(node["show"])}</p>\n'
        f'<p class="expanded admonition-title">{self.encode(node["hide"])}</p>\n'
    )
    self.body.append("</summary>\n")


def depart_solution_details_html(self, node: solution_details) -> None:
    self.body.append("</details>\n")


def _pass(self, node: nodes.Element) -> None:
    """Other builders show a solution's content as it is."""


class SolutionDirective(SphinxDirective):
    """A worked solution, collapsed behind a toggle until the reader opens it."""

    has_content = True
    option_spec: ClassVar = {"show": directives.unchanged, "hide": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        details = solution_details(
            show=self.options.get("show") or "Show the solution",
            hide=self.options.get("hide") or "Hide the solution",
        )
        self.state.nested_parse(self.content, self.content_offset, details)
        # The classes of a MyST-NB cell, so that its styles for hidden cells apply.
        cell = nodes.container(classes=["cell", "tag_solution", "course-solution"])
        cell += details
        return [cell]


# 3. Time plan ----------------------------------------------------------------------------


def format_seconds(seconds: float) -> str:
    """14.1 -> "14 s", 125 -> "2 min 05 s"."""
    seconds = round(seconds)
    return f"{seconds} s" if seconds < 90 else f"{seconds // 60} min {seconds % 60:02d} s"


def class_time(notebook_path: Path) -> str:
    """The "**Time:** ..." line of a lesson's first markdown cells, or "" if it has none."""
    cells = json.loads(notebook_path.read_text(encoding="utf-8")).get("cells", [])
    for cell in [c for c in cells if c.get("cell_type") == "markdown"][:3]:
        match = TIME_LINE.search(_text(cell.get("source", "")))
        if match:
            return match[1].rstrip(".")
    return ""


class LessonTimesDirective(SphinxDirective):
    """The lessons of _toc.yml with their class time and measured execution time (full mode)."""

    def run(self) -> list[nodes.Node]:
        report = repo_root(self.env.app) / "book" / "execution_times.json"
        self.env.note_dependency(str(report))
        measured = {}
        if report.is_file():
            try:
                measured = {row["notebook"]: row for row in json.loads(report.read_text())}
            except (ValueError, KeyError, TypeError) as exc:
                logger.warning(
                    "[course_book] %s is not a list of {notebook, seconds, status}: %s "
                    "(run `make course` again, or delete it)",
                    report,
                    exc,
                    location=(self.env.docname, self.lineno),
                )
        lines = [
            "| Lesson | Time in class | Execution time (full mode) |",
            "| :--- | :--- | ---: |",
        ]
        total, counted = 0.0, 0
        lessons = getattr(self.env.app, "course_lessons", [])
        for docname in lessons:
            path = Path(self.env.srcdir) / f"{docname}.ipynb"
            self.env.note_dependency(str(path))
            stem = Path(docname).name
            row = measured.get(f"{stem}.ipynb")
            if row is None:
                seconds = "not measured yet"
            else:
                seconds = format_seconds(row["seconds"])
                if row.get("status") != "ok":
                    seconds += " (failed)"
                total += row["seconds"]
                counted += 1
            lines.append(f"| {{doc}}`/{docname}` | {class_time(path) or '–'} | {seconds} |")
        if counted:
            lines.append(
                f"| **All lessons** | | **{format_seconds(total)}** "
                f"({counted} of {len(lessons)} measured) |"
            )
        container = nodes.container(classes=["course-lesson-times"])
        self.state.nested_parse(StringList(lines), self.content_offset, container)
        return [container]


# 4. Pinned versions ----------------------------------------------------------------------


def pinned_versions(lock_text: str) -> list[tuple[str, str]]:
    """(name, version) of each requirements.lock pin that applies to the running platform."""
    pins = []
    for line in lock_text.splitlines():
        match = PIN.match(line.strip())
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins.append((match[1], match[2]))
    return pins


def direct_dependencies(requirements_in: str) -> list[str]:
    """The names of the packages listed in requirements.in (in their order, no duplicates)."""
    names = []
    for line in requirements_in.splitlines():
        match = REQUIREMENT_NAME.match(line.strip())
        if match and match[1].lower() not in names:
            names.append(match[1].lower())
    return names


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class PinnedVersionsDirective(SphinxDirective):
    """Tables of the versions pinned in requirements.lock: direct dependencies, then all."""

    def run(self) -> list[nodes.Node]:
        root = repo_root(self.env.app)
        lock, requirements_in = root / "requirements.lock", root / "requirements.in"
        for path in (lock, requirements_in):
            self.env.note_dependency(str(path))
        pins = pinned_versions(lock.read_text(encoding="utf-8"))
        direct = {_normalise(name) for name in direct_dependencies(requirements_in.read_text())}
        direct |= ALSO_MAIN
        header = ["| Package | Version |", "| :--- | :--- |"]
        lines = ["**Main packages** (those listed in `requirements.in`, and Keras):", "", *header]
        lines += [f"| {name} | {version} |" for name, version in pins if _normalise(name) in direct]
        lines += ["", f":::{{dropdown}} All {len(pins)} pinned packages", *header]
        lines += [f"| {name} | {version} |" for name, version in pins]
        lines += [":::"]
        container = nodes.container(classes=["course-pinned-versions"])
        self.state.nested_parse(StringList(lines), self.content_offset, container)
        return [container]


# 5. Launch buttons -----------------------------------------------------------------------


def _replace_in_urls(buttons: list[dict[str, Any]], old: str, new: str) -> None:
    for button in buttons:
        if isinstance(button.get("url"), str):
            button["url"] = button["url"].replace(old, new)
        _replace_in_urls(button.get("buttons") or [], old, new)


def launch_real_path(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    """html-page-context, after the theme's launch buttons: point them at the real notebook."""
    if pagename not in app.env.found_docs or not context.get("header_buttons"):
        return
    source = Path(app.env.doc2path(pagename))
    path_to_book = app.config.html_theme_options.get("path_to_docs", "").strip("/")
    shown = f"{path_to_book}/{pagename}{source.suffix}".lstrip("/")
    try:
        real = source.resolve().relative_to(repo_root(app)).as_posix()
    except ValueError:
        return
    if real != shown:
        _replace_in_urls(context["header_buttons"], f"/{shown}", f"/{real}")


def unique_scripts(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    """html-page-context: drop repeated scripts (the same file, or the same inline body)."""
    scripts, seen = [], set()
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", script) or "", *sorted(attributes.items()))
        if key not in seen:
            seen.add(key)
            scripts.append(script)
    context["script_files"] = scripts


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", list_lessons, priority=950)
    app.connect("source-read", prepare_notebook)
    app.connect("html-page-context", launch_real_path, priority=600)
    app.connect("html-page-context", unique_scripts, priority=900)
    app.add_node(
        solution_details,
        html=(visit_solution_details_html, depart_solution_details_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
    )
    app.add_directive("course-solution", SolutionDirective)
    app.add_directive("lesson-times", LessonTimesDirective)
    app.add_directive("pinned-versions", PinnedVersionsDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

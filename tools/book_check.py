"""Check the built course book as a reader sees it, in a real headless Chromium.

    python tools/book_check.py [HTML_DIR] [--screenshots DIR]

Serves HTML_DIR (default: _build/html) on 127.0.0.1, opens every page in Chromium through
Playwright and reports each of these as a problem:

- a console error, an uncaught script error, or a page resource that answers HTTP 4xx/5xx;
- a page without a title or a heading (h1), or one that shows a Python "Traceback";
- an image that does not load, or has no alt text (its file name does not count);
- a link to a page or file of the book that does not exist;
- a lesson page whose solutions (the notebook's cells tagged "solution") do not each have one
  toggle, closed, that shows its content when clicked;
- a lesson page whose Binder or Colab link does not open notebooks/<the lesson>.ipynb.

Requests to other hosts (e.g. MathJax's CDN) get an empty answer, so the check runs offline.
Screenshots of the introduction and of lesson 05 go to DIR (default: build/screenshots).
Exits 1 if there are problems, 2 if Chromium is missing. tests/test_book.py runs it.
"""

import argparse
import functools
import http.server
import json
import os
import re
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from helpers.nbmeta import SOLUTION_TAG, cell_tags
from helpers.paths import REPO_ROOT

#: Debian's Chromium (`make browser`), or another Chromium-based browser named by COURSE_CHROMIUM
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM") or "/usr/bin/chromium")
#: Chromium's options here and in tests/test_draw_digit.py: headless, offline, no first-run
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_PAGES = ["book/intro.html", "notebooks/05_inspecting_errors.html"]
LAUNCH_HOSTS = ("mybinder.org", "colab.research.google.com")

# Runs in the page: waits for every image, then describes what the reader sees.
DESCRIBE_PAGE = """
async () => {
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done);
    setTimeout(done, 5000); })));
  const main = document.querySelector("main") || document.body;
  return {
    title: document.title.trim(),
    h1: Array.from(document.querySelectorAll("h1"),
                   (h) => h.textContent.replace(/[#¶]\\s*$/, "").trim()).find((t) => t) || "",
    images: images.map((img) => ({src: img.getAttribute("src") || "", width: img.naturalWidth,
                                  alt: (img.getAttribute("alt") || "").trim()})),
    links: Array.from(document.querySelectorAll("a[href]"), (a) => a.href),
    text: main.innerText,
    toggles: main.querySelectorAll("details").length,
    solutionCells: Array.from(main.querySelectorAll("div.cell.tag_solution"),
                              (cell) => cell.querySelectorAll("details").length),
  };
}
"""


@dataclass
class Report:
    """What the check found: the problems, and a little about each page for the tests."""

    problems: list[str] = field(default_factory=list)
    pages: dict[str, dict] = field(default_factory=dict)  # path -> {title, h1, images, solutions}
    screenshots: list[Path] = field(default_factory=list)


class BrowserMissing(RuntimeError):
    """No Chromium at CHROMIUM."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """The browser dropping a connection it no longer needs is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def html_pages(root: Path) -> list[str]:
    """The book's pages: every .html file outside the _static/, _sources/, ... folders."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(root).parts)
    )


def solution_cells(page: str) -> int | None:
    """How many cells tagged "solution" the page's notebook has; None for a page that is no
    notebook of the repository."""
    notebook = REPO_ROOT / Path(page).with_suffix(".ipynb")
    if not notebook.is_file():
        return None
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(SOLUTION_TAG in cell_tags(cell) for cell in cells)


def check_page(info: dict, page: str, html_dir: Path, base: str) -> list[str]:
    """The problems of one page, from what DESCRIBE_PAGE found on it."""
    problems = [f"{page}: no <title>"] * (not info["title"])
    problems += [f"{page}: no heading (h1)"] * (not info["h1"])
    if "Traceback" in info["text"]:
        at = info["text"].index("Traceback")
        problems.append(
            f"{page}: shows a Traceback: {' '.join(info['text'][at : at + 80].split())}"
        )
    for image in info["images"]:
        if image["width"] == 0:
            problems.append(f"{page}: image did not load: {image['src']}")
        if not image["alt"] or Path(image["alt"]).name == Path(image["src"]).name:
            problems.append(f"{page}: image without alt text: {image['src']}")
    for url in info["links"]:
        if url.startswith(base):
            target = html_dir / urllib.parse.unquote(url[len(base) :].split("#")[0].split("?")[0])
            if not (target.is_file() or (target / "index.html").is_file()):
                problems.append(f"{page}: broken link to {url.removeprefix(base)}")
    expected = solution_cells(page)
    if expected is not None:
        notebook = Path(page).with_suffix(".ipynb").as_posix()
        launch = [url for url in info["links"] if any(host in url for host in LAUNCH_HOSTS)]
        opens = re.compile(rf"/(blob/[^/]+|tree)/{re.escape(notebook)}$")
        if len(launch) < len(LAUNCH_HOSTS) or not all(map(opens.search, launch)):
            problems.append(f"{page}: launch links do not all open {notebook}: {launch}")
        if info["toggles"] != expected or any(n != 1 for n in info["solutionCells"]):
            problems.append(
                f"{page}: {expected} solution cells, but {info['toggles']} toggles on the page "
                f"and {info['solutionCells']} in its solution code cells (want one each)"
            )
    return problems


def check_toggles(browser_page: Page, page: str) -> list[str]:
    """Each toggle of the page is closed, hides its content, and shows it when clicked."""
    problems = []
    toggles = browser_page.locator("main details")
    for index in range(toggles.count()):
        toggle = toggles.nth(index)
        content = toggle.locator(":scope > :not(summary)").first
        name = f"{page}: toggle {index + 1} ({toggle.locator('summary').inner_text().strip()!r})"
        if toggle.get_attribute("open") is not None or content.is_visible():
            problems.append(f"{name} is open before it is clicked")
        toggle.locator(":scope > summary").click()
        if not content.is_visible():
            problems.append(f"{name} shows nothing when clicked")
    return problems


def check_book(
    html_dir: Path, screenshot_dir: Path | None = None, pages: list[str] | None = None
) -> Report:
    """Open the pages (default: all) of the book built in `html_dir` in Chromium; return what
    was found."""
    if not CHROMIUM.exists():
        raise BrowserMissing(
            f"{CHROMIUM} not found: the book's browser check needs Chromium. Install it once "
            "with `make browser` (Debian's chromium package), or point COURSE_CHROMIUM at a "
            "Chromium-based browser."
        )
    report = Report()
    current = {"page": ""}

    def problem(text: str) -> None:
        report.problems.append(f"{current['page']}: {text}")

    with serve(html_dir) as base, tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        # Offline: whatever another host would serve is an empty answer.
        context.route(lambda url: not url.startswith(base), lambda route: route.fulfill(body=""))
        browser_page = context.new_page()
        browser_page.on(
            "console", lambda msg: msg.type == "error" and problem(f"console error: {msg.text}")
        )
        browser_page.on("pageerror", lambda exc: problem(f"script error: {exc}"))
        browser_page.on(
            "response",
            lambda r: r.status >= 400 and problem(f"{r.url} answered HTTP {r.status}"),
        )
        for page in pages or html_pages(html_dir):
            current["page"] = page
            if 'http-equiv="refresh"' in (html_dir / page).read_text(encoding="utf-8").lower():
                continue  # index.html: a redirect to the introduction, which is checked
            browser_page.goto(base + page, wait_until="load")
            info = browser_page.evaluate(DESCRIBE_PAGE)
            report.problems += check_page(info, page, html_dir, base)
            report.problems += check_toggles(browser_page, page)
            report.pages[page] = {
                "title": info["title"],
                "h1": info["h1"],
                "images": len(info["images"]),
                "solutions": info["toggles"] if solution_cells(page) is not None else 0,
            }
        if screenshot_dir is not None:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            for page in SCREENSHOT_PAGES:
                browser_page.goto(base + page, wait_until="load")
                path = screenshot_dir / f"{Path(page).stem}.png"
                browser_page.screenshot(path=str(path), full_page=True)
                report.screenshots.append(path)
        context.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=REPO_ROOT / "_build/html")
    parser.add_argument("--screenshots", type=Path, default=REPO_ROOT / "build/screenshots")
    args = parser.parse_args()
    try:
        report = check_book(args.html_dir, args.screenshots)
    except BrowserMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for page, info in report.pages.items():
        counts = f"{info['images']:3d} images {info['solutions']:2d} solutions"
        print(f"{page:<40} {counts}  {info['h1']}")
    for path in report.screenshots:
        print(f"screenshot: {path}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    print(f"{len(report.pages)} pages, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())

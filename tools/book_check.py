"""Check the built course book in a real headless Chromium (Debian's /usr/bin/chromium).

    python tools/book_check.py [HTML_DIR] [--screenshots DIR]

Serves HTML_DIR (default: book/_build/html) on 127.0.0.1, opens every page in Chromium through
Playwright (it never downloads a browser) and checks that:

- the page has a title and a heading (h1);
- every image has loaded (naturalWidth > 0) and has alt text, or sits in a figure with a
  caption (docutils writes an image's file name as its alt when it has none: that does not count);
- every same-site link answers HTTP 200 (anchors within a page and external links are skipped)
  and every same-site resource the page loads (CSS, scripts, images) is found;
- no page shows "Traceback" and no script fails;
- every solution (a cell tagged "solution") is collapsed: its content is hidden until its toggle
  is clicked, and shown after.

Requests to other hosts are blocked, so the check runs offline. Screenshots of the introduction
and of a lesson (05, else 01) go to DIR (default: build/screenshots). Prints the problems found
and exits 1 if there are any. tests/test_book.py runs it on a fresh build.
"""

import argparse
import functools
import http.server
import os
import re
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Debian's Chromium (`make browser`), or another Chromium-based browser named by COURSE_CHROMIUM
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM") or "/usr/bin/chromium")
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
#: Screenshots: the first page of each list that exists, saved as <its name>.png.
SCREENSHOT_PAGES = [
    ["intro.html"],
    ["notebooks/05_inspecting_errors.html", "notebooks/01_loading_mnist.html"],
]
REDIRECT = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)
SOLUTION_TOGGLES = "div.tag_solution > details"

# Runs in the page: waits for every image, then describes the page.
DESCRIBE_PAGE = """
async () => {
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done);
                            setTimeout(done, 5000); })));
  const text = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: (node) =>
      node.parentElement.closest("script, style, noscript") ? NodeFilter.FILTER_REJECT
                                                            : NodeFilter.FILTER_ACCEPT});
    let all = "";
    while (walker.nextNode()) all += walker.currentNode.nodeValue;
    return all;
  };
  const headings = Array.from(document.querySelectorAll("h1"),
                              (h) => h.textContent.replace(/[#¶]\\s*$/, "").trim());
  return {
    title: document.title.trim(),
    h1: headings.find((text) => text) || "",
    images: images.map((img) => {
      const figure = img.closest("figure");
      const caption = figure && figure.querySelector("figcaption");
      return {src: img.getAttribute("src") || "", alt: (img.getAttribute("alt") || "").trim(),
              width: img.naturalWidth, caption: caption ? caption.textContent.trim() : ""};
    }),
    links: Array.from(document.querySelectorAll("a[href]"),
                      (a) => [a.getAttribute("href"), a.href]),
    text: text(document.body),
    unwrappedSolutions: document.querySelectorAll(
      "div.tag_solution:not(:has(> details))").length,
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
    """/usr/bin/chromium is not installed."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """The browser dropping a connection it no longer needs is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
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


def http_status(url: str) -> int:
    """The HTTP status of a GET of `url` (a local URL)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _looks_like_file_name(alt: str, src: str) -> bool:
    return alt == src or alt.rsplit("/", 1)[-1] == src.rsplit("/", 1)[-1]


def check_images(page: str, images: list[dict]) -> list[str]:
    """Problems with a page's images: not loaded, or no alt text nor caption."""
    problems = []
    for image in images:
        if image["width"] == 0:
            problems.append(f"{page}: image did not load: {image['src']}")
        real_alt = image["alt"] and not _looks_like_file_name(image["alt"], image["src"])
        if not real_alt and not image["caption"]:
            problems.append(f"{page}: image without alt text or caption: {image['src']}")
    return problems


def check_solutions(browser_page, page: str) -> tuple[int, list[str]]:
    """Open each solution toggle: its content must be hidden before and shown after."""
    problems = []
    toggles = browser_page.locator(SOLUTION_TOGGLES)
    count = toggles.count()
    for index in range(count):
        toggle = toggles.nth(index)
        content = toggle.locator(":scope > :not(summary)")
        name = f"{page}: solution {index + 1}"
        if content.count() == 0:
            problems.append(f"{name} is empty")
            continue
        if any(content.nth(i).is_visible() for i in range(content.count())):
            problems.append(f"{name} is visible before its toggle is clicked")
        toggle.locator(":scope > summary").click()
        if not content.first.is_visible():
            problems.append(f"{name} stays hidden after its toggle is clicked")
    return count, problems


def check_book(html_dir: Path, screenshot_dir: Path | None = None) -> Report:
    """Open every page of the book built in `html_dir` in Chromium; return what was found."""
    if not CHROMIUM.exists():
        raise BrowserMissing(
            f"{CHROMIUM} not found: the book's browser check needs Debian's Chromium. "
            "Install it with `make browser` (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    report = Report()
    pages = html_pages(html_dir)
    if not pages:
        report.problems.append(f"no HTML pages in {html_dir}")
        return report
    links: dict[str, str] = {}  # same-site URL without its anchor -> a page that links to it
    with serve(html_dir) as base, tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        # Offline: anything not served by our server is refused at once.
        context.route(
            lambda url: not url.startswith(base), lambda route: route.abort("blockedbyclient")
        )
        browser_page = context.new_page()
        current = {"page": ""}
        browser_page.on(
            "response",
            lambda r: (
                r.url.startswith(base)
                and r.status >= 400
                and report.problems.append(
                    f"{current['page']}: {r.url.removeprefix(base)} answered HTTP {r.status}"
                )
            ),
        )
        browser_page.on(
            "pageerror",
            lambda exc: report.problems.append(f"{current['page']}: script error: {exc}"),
        )
        for page in pages:
            current["page"] = page
            redirect = REDIRECT.search((html_dir / page).read_text(encoding="utf-8"))
            if redirect:  # index.html: a redirect to the introduction, only its target matters
                links.setdefault(urllib.parse.urljoin(base + page, redirect[1]), page)
                continue
            browser_page.goto(base + page, wait_until="load")
            info = browser_page.evaluate(DESCRIBE_PAGE)
            if not info["title"]:
                report.problems.append(f"{page}: no <title>")
            if not info["h1"]:
                report.problems.append(f"{page}: no heading (h1)")
            report.problems += check_images(page, info["images"])
            for href, url in info["links"]:
                if url.startswith(base) and not href.startswith("#"):
                    links.setdefault(url.split("#")[0], page)
            if "Traceback" in info["text"]:
                at = info["text"].index("Traceback")
                context_text = " ".join(info["text"][max(0, at - 60) : at + 60].split())
                report.problems.append(f"{page}: shows a Traceback: …{context_text}…")
            if info["unwrappedSolutions"]:
                report.problems.append(
                    f"{page}: {info['unwrappedSolutions']} solution cell(s) without a toggle"
                )
            solutions, problems = check_solutions(browser_page, page)
            report.problems += problems
            report.pages[page] = {
                "title": info["title"],
                "h1": info["h1"],
                "images": len(info["images"]),
                "solutions": solutions,
            }
        if screenshot_dir is not None:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            for candidates in SCREENSHOT_PAGES:
                page = next((c for c in candidates if c in report.pages), None)
                if page is None:
                    report.problems.append(f"none of these pages to screenshot: {candidates}")
                    continue
                browser_page.goto(base + page, wait_until="load")
                path = screenshot_dir / f"{Path(page).stem}.png"
                browser_page.screenshot(path=str(path), full_page=True)
                report.screenshots.append(path)
        context.close()
        for url, page in sorted(links.items()):
            status = http_status(url)
            if status != 200:
                report.problems.append(f"{page}: link to {url.removeprefix(base)}: HTTP {status}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=REPO / "book/_build/html")
    parser.add_argument("--screenshots", type=Path, default=REPO / "build/screenshots")
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

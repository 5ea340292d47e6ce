"""Lesson 06's drawing canvas for real: JupyterLab in headless Chromium, digits drawn by mouse.

Starts JupyterLab on 127.0.0.1 (a free port, a token, a temporary folder, the course's
environment in fast mode), opens a notebook made of lesson 06's own code cells up to and
including its canvas cell, runs them all, draws digits on the canvas with mouse strokes
(Playwright's page.mouse) and reads the model's answer back from the page.

Needs Debian's Chromium (`make browser`) and lesson 04's fast-mode model (`make test` runs the
notebooks before the unit tests). About 20 seconds.
"""

import ast
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.models import MODEL_FILE, model_dir
from helpers.paths import REPO_ROOT
from tools.book_check import CHROMIUM, CHROMIUM_ARGS

LESSON = REPO_ROOT / "notebooks" / "06_your_own_images.ipynb"
CANVAS_CELL = "DigitCanvas("  # the lesson's cell that shows the canvas: the last one we run
JUPYTER_LAB = Path(sys.executable).with_name("jupyter-lab")
SERVER_SECONDS = 30  # JupyterLab answers within this, or the test fails with its log
RUN_SECONDS = 90  # the lesson's cells up to the canvas (TensorFlow, the model, the pictures)
RESULT_SECONDS = 15  # from the end of a stroke to the model's answer on the page
#: Settings of a fresh JupyterLab: every cell in the page (no windowing), no news pop-up.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}
ANSWER = re.compile(r"the model reads an? (\d)")


def stroke(points: list[tuple[float, float]], steps: int = 30) -> np.ndarray:
    """A pen stroke through `points` (canvas pixels, 0–280), with `steps` points per segment."""
    segments = [np.linspace(a, b, steps, endpoint=False) for a, b in itertools.pairwise(points)]
    return np.concatenate([*segments, [points[-1]]])


def ellipse(centre: tuple[float, float], radii: tuple[float, float]) -> np.ndarray:
    """A closed pen stroke around an ellipse, starting and ending at the top."""
    angle = np.linspace(-np.pi / 2, 3 * np.pi / 2, 120)
    return np.stack([centre[0] + radii[0] * np.cos(angle),
                     centre[1] + radii[1] * np.sin(angle)], axis=1)


#: Digits drawn in one stroke each (so one stroke, one answer), in canvas pixels.
DIGITS = {
    7: stroke([(70, 60), (210, 55), (120, 235)]),
    0: ellipse((140, 140), (60, 95)),
}


class Lab(NamedTuple):
    url: str  # the server's base URL, ending in "/"
    token: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _names(node: ast.AST, context: type) -> set[str]:
    """The names `node` reads (ast.Load) or binds (ast.Store), without comprehension variables."""
    inner = {n.id for c in ast.walk(node) if isinstance(c, ast.comprehension)
             for n in ast.walk(c.target) if isinstance(n, ast.Name)}
    return {n.id for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, context)} - inner


def names(source: str) -> tuple[set[str], set[str]]:
    """The global names a cell defines (assigned, def, import) and the ones it needs.

    A function needs the names its body reads but neither assigns nor takes as arguments; a
    statement, those it reads that the cell did not set before it.
    """
    defined, used = set(), set()
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.FunctionDef):
            local = _names(statement, ast.Store) | {a.arg for a in ast.walk(statement.args)
                                                    if isinstance(a, ast.arg)}
            defined.add(statement.name)
            used |= _names(statement, ast.Load) - local
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            defined |= {(a.asname or a.name).split(".")[0] for a in statement.names}
        else:
            used |= _names(statement, ast.Load) - defined  # not what the cell set before
            defined |= _names(statement, ast.Store)
    return defined, used


def lesson_notebook() -> nbformat.NotebookNode:
    """Lesson 06's canvas cell and the lesson's code cells it needs, as they are, in order.

    A cell is needed when it defines a name that the canvas cell, or a cell needed already,
    uses (functions count with the names their bodies use). The first code cell, which keeps
    TensorFlow's log lines out, always comes along.
    """
    code = [cell.source for cell in nbformat.read(LESSON, as_version=4).cells
            if cell.cell_type == "code"]
    last = next(i for i, source in enumerate(code) if CANVAS_CELL in source)
    wanted, kept = names(code[last])[1], [code[last]]
    for source in reversed(code[1:last]):
        defined, used = names(source)
        if defined & wanted:
            kept.insert(0, source)
            wanted |= used
    kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return new_notebook(cells=[new_code_cell(source) for source in [code[0], *kept]],
                        metadata={"kernelspec": kernelspec})


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab serving a folder with the notebook draw.ipynb; always stopped afterwards."""
    if not (model_dir(fast=True) / MODEL_FILE).is_file():
        pytest.fail("no fast-mode model: run lesson 04 in fast mode first (`make test` runs the "
                    "notebooks before the unit tests)", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install it with `make browser`", pytrace=False)
    root, home = tmp_path / "notebooks", tmp_path / "jupyter"
    root.mkdir()
    nbformat.write(lesson_notebook(), root / "draw.ipynb")
    for name, settings in LAB_SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "COURSE_FAST": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    log_path = tmp_path / "jupyterlab.log"
    command = [str(JUPYTER_LAB), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
               "--allow-root"]
    url = f"http://127.0.0.1:{port}/"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_SECONDS
        while not answers(f"{url}api/status?token={token}"):
            if server.poll() is not None or time.monotonic() > deadline:
                state = (f"exited with code {server.returncode}" if server.poll() is not None
                         else f"did not answer within {SERVER_SECONDS} s")
                pytest.fail(f"JupyterLab {state}; the end of its log:\n"
                            f"{log_path.read_text()[-3000:]}", pytrace=False)
            time.sleep(0.2)
        yield Lab(url, token)
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop JupyterLab and its kernel: SIGTERM to its process group, SIGKILL if it lingers.

    The kernel runs in a session of its own, but it watches its parent and ends with it.
    """
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def draw(page, canvas, points: np.ndarray) -> None:
    """Draw one stroke on the canvas with the mouse: press, move through the points, release."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    scale = box["width"] / 280
    xy = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for x, y in xy[1:]:
        page.mouse.move(x, y)
    page.mouse.up()


def answer_after(page, text) -> str:
    """The canvas's text once the model's answer is on the page, or fail with what it shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "(node) => /the model reads/.test(node.textContent)", arg=text.element_handle(),
            timeout=RESULT_SECONDS * 1000,
        )
    except PlaywrightTimeout:
        shown = text.text_content()
    else:
        return text.text_content()
    pytest.fail(f"no answer from the model on the page within {RESULT_SECONDS} s; the canvas "
                f"shows {shown!r}", pytrace=False)


def test_a_digit_drawn_with_the_mouse_is_read_by_the_lesson_code(lab: Lab, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route(lambda url: not url.startswith(lab.url),  # offline: only our server
                          lambda route: route.abort("blockedbyclient"))
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{lab.url}lab/tree/draw.ipynb?token={lab.token}")
            page.wait_for_function(
                "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session"
                "?.kernel?.status === 'idle'", timeout=SERVER_SECONDS * 1000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            canvas = page.locator("canvas.draw-digit-canvas")
            text = page.locator("pre.draw-digit-text")
            stderr = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
            try:  # the canvas, or the first error (the lesson's cells write nothing to stderr)
                canvas.or_(stderr).first.wait_for(timeout=RUN_SECONDS * 1000)
            finally:
                page.screenshot(path=tmp_path / "after-run.png")
            if stderr.count():
                pytest.fail("a cell of lesson 06 failed in JupyterLab:\n"
                            f"{stderr.first.text_content()[-2000:]}", pytrace=False)

            # It opens with the stored example, read by the lesson's code.
            assert ANSWER.search(answer_after(page, text))[1] == "3"
            for digit, points in DIGITS.items():
                page.locator("button.draw-digit-clear").click()
                page.wait_for_function("(node) => node.textContent === ''",
                                       arg=text.element_handle(), timeout=5000)
                draw(page, canvas, points)
                shown = answer_after(page, text)
                page.screenshot(path=tmp_path / f"drawn-{digit}.png")
                assert ANSWER.search(shown)[1] == str(digit), f"drew a {digit}: {shown!r}"
                assert page.locator("img.draw-digit-figure").evaluate(
                    "(img) => img.complete && img.naturalWidth > 0")
        finally:
            browser.close()
    assert not errors, errors

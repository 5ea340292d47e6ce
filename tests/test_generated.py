"""Files made from others stay in step: helpers/lessons.py, and the repository URL's copies."""

import subprocess
import sys

import nbformat

from helpers.nbmeta import lesson_paths
from helpers.paths import REPO_ROOT, raw_url, repository_url
from tools.repository import SETUP_CELL


def run(tool: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, f"tools/{tool}", "--check"], cwd=REPO_ROOT,
                          capture_output=True, text=True, check=False)


def test_helpers_lessons_is_what_the_lessons_save() -> None:
    result = run("export_lessons.py")
    assert result.returncode == 0, result.stderr


def test_every_copy_of_the_repository_url_is_pyprojects() -> None:
    result = run("repository.py")
    assert result.returncode == 0, result.stderr
    url = repository_url()
    assert f"  url: {url}\n" in (REPO_ROOT / "_config.yml").read_text()
    assert raw_url("data/png/cat.png").endswith("/main/data/png/cat.png")


def test_every_lesson_starts_with_the_same_setup_cell() -> None:
    for path in lesson_paths():
        first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert first.source == SETUP_CELL.format(url=repository_url()), path.name
        assert not first.outputs  # it installs nothing where the course is installed


def test_a_fork_is_one_edit_of_pyproject_then_one_command(tmp_path) -> None:
    fork = tmp_path / "fork"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{REPO_ROOT}", str(fork)],
                   check=True)
    pyproject = fork / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(repository_url(),
                                                       "https://github.com/someone/fork"))
    check = [sys.executable, "tools/repository.py", "--check"]
    assert subprocess.run(check, cwd=fork, capture_output=True, check=False).returncode == 1
    subprocess.run([sys.executable, "tools/repository.py"], cwd=fork, check=True,
                   capture_output=True)
    assert subprocess.run(check, cwd=fork, capture_output=True, check=False).returncode == 0
    lesson = (fork / "notebooks" / "01_loading_mnist.ipynb").read_text()
    assert "git+https://github.com/someone/fork" in lesson

"""GitHub Actions: the workflows pass actionlint and run what the README says."""

import subprocess
import sys
from pathlib import Path

import yaml

from helpers.paths import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def test_the_workflows_pass_actionlint() -> None:
    assert [path.name for path in WORKFLOWS] == ["book.yml", "ci.yml"]
    result = subprocess.run([str(ACTIONLINT), *map(str, WORKFLOWS)], capture_output=True,
                            text=True, check=False, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n")
    result = subprocess.run([str(ACTIONLINT), str(broken)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1 and "no_such_thing" in result.stdout


def test_ci_runs_the_readmes_test_command_on_push_and_pull_request() -> None:
    ci = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text())
    assert set(ci[True]) == {"push", "pull_request"}  # YAML 1.1 reads the key `on` as True
    runs = [step.get("run") for step in ci["jobs"]["test"]["steps"]]
    assert ".ci/run" in runs
    assert (REPO_ROOT / ".ci" / "run").read_text().strip().endswith("make test")
    assert "make test    #" in (REPO_ROOT / "README.md").read_text()


def test_the_book_workflow_builds_with_make_book_and_deploys_to_pages() -> None:
    book = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "book.yml").read_text())
    steps = book["jobs"]["build"]["steps"]
    assert "make book" in [step.get("run") for step in steps]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert book["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")

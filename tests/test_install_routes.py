"""The ways in: the lock on every Python the course supports, plain pip, environment.yml, make.

- uv finds a wheel for every pin of requirements.lock on Python 3.10, 3.11, 3.12 and 3.13
  (pyenv's interpreters; the course's .venv runs 3.11 and the Colab-like test 3.12);
- environment.yml's pip section, the same pins (tests/test_environment.py), installs with plain
  pip into a fresh virtual environment: what `conda env create -f environment.yml` runs after
  installing Python (conda itself cannot be installed here: its channels are unreachable), and
  what `pip install -r requirements.lock` does;
- with that environment active, `make setup` installs into it instead of building .venv, and
  `make lint` runs that environment's tools.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.paths import REPO_ROOT
from tools.lock_env import EDITABLE_COURSE

UV = Path(sys.executable).parent / "uv"


def pyenv_python(version: str) -> str:
    """pyenv's interpreter for `version` (e.g. "3.10"), or skip."""
    found = sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
    if not found:
        pytest.skip(f"no Python {version} on this machine (e.g. `pyenv install {version}`)")
    return str(found[-1])


@pytest.mark.parametrize("version", ["3.10", "3.11", "3.12", "3.13"])
def test_every_pin_of_the_lock_installs_on_python(version: str, tmp_path: Path) -> None:
    env = tmp_path / "env"
    subprocess.run([str(UV), "venv", "--quiet", "--python", pyenv_python(version), str(env)],
                   check=True)
    result = subprocess.run([str(UV), "pip", "install", "--dry-run", "--python",
                             str(env / "bin" / "python"), "-r", "requirements.lock"],
                            cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert " + tensorflow-cpu==2.21.0" in result.stderr and " + keras==" in result.stderr


def test_environment_yml_installs_with_pip_and_make_then_uses_that_environment(
    tmp_path: Path,
) -> None:
    env = tmp_path / "mine"
    subprocess.run([pyenv_python("3.11"), "-m", "venv", str(env)], check=True)
    pins = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())["dependencies"][-1]["pip"]
    requirements = tmp_path / "pip-section.txt"
    requirements.write_text("".join(f"{f'-e {REPO_ROOT}' if pin == EDITABLE_COURSE else pin}\n"
                                    for pin in pins))
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    installed = subprocess.run([*pip, "-r", str(requirements)], capture_output=True, text=True,
                               check=False)
    assert installed.returncode == 0, installed.stderr[-3000:]

    active = {key: value for key, value in os.environ.items()
              if key not in ("CONDA_PREFIX", "CONDA_DEFAULT_ENV")}
    active.update(VIRTUAL_ENV=str(env), PATH=f"{env / 'bin'}:{os.environ['PATH']}")
    make = shutil.which("make")
    setup = subprocess.run([make, "setup"], cwd=REPO_ROOT, env=active, capture_output=True,
                           text=True, check=False)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert f"into the active environment {env}" in setup.stdout
    assert (env / ".cnn-course-installed").is_file()
    assert (env / "etc" / "jupyter" / "jupyter_server_config.py").is_file()
    lint = subprocess.run([make, "-n", "lint"], cwd=REPO_ROOT, env=active, capture_output=True,
                          text=True, check=True).stdout
    assert f"{env}/bin/ruff check ." in lint
    subprocess.run([make, "lint"], cwd=REPO_ROOT, env=active, check=True, capture_output=True)

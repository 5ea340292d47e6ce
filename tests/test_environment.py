"""The conda environment.yml installs exactly the pins of requirements.lock."""

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers.paths import REPO_ROOT
from tools.lock_env import lock_requirements


def test_environment_yml_has_the_same_pins_as_the_lock_file() -> None:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(pip_section) == sorted(lock_requirements()), "run `make lock`"


def test_python_version_agrees_everywhere() -> None:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pyproject = (REPO_ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.10,<3.14"' in pyproject  # what TensorFlow 2.21 supports
    assert "--python-version 3.10" in (REPO_ROOT / "requirements.lock").read_text()


def test_every_top_level_requirement_is_pinned_in_the_lock() -> None:
    pinned = {canonicalize_name(Requirement(line).name) for line in lock_requirements()
              if "==" in line}
    lines = (line.split("#")[0].strip()
             for line in (REPO_ROOT / "requirements.in").read_text().splitlines())
    wanted = {canonicalize_name(Requirement(line).name) for line in lines
              if line and not line.startswith("-e")}
    assert wanted <= pinned

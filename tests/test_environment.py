"""The conda environment.yml installs exactly the pins of requirements.lock."""

import yaml
from packaging.utils import canonicalize_name

from helpers.paths import REPO_ROOT
from tools.lock_env import LOCK, requirement_lines, requirements


def test_environment_yml_has_the_same_pins_as_the_lock_file() -> None:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(pip_section) == sorted(requirement_lines()), "run `make lock`"


def test_python_version_agrees_everywhere() -> None:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pyproject = (REPO_ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.10,<3.14"' in pyproject  # what TensorFlow 2.21 supports
    assert "--python-version 3.10" in LOCK.read_text()


def test_every_top_level_requirement_is_pinned_in_the_lock() -> None:
    pinned = {canonicalize_name(req.name) for req in requirements()
              if any(spec.operator == "==" for spec in req.specifier)}
    wanted = {canonicalize_name(req.name) for req in requirements(REPO_ROOT / "requirements.in")}
    assert wanted <= pinned

"""Write environment.yml (for conda users) from requirements.lock, so both install the same pins.

Run by `make lock`; tests/test_environment.py fails if the two drift apart. The requirement
files (requirements.in, requirements.lock) are read here, for the tests too, each requirement
parsed by `packaging`.
"""

from pathlib import Path

from packaging.requirements import Requirement

from helpers.paths import REPO_ROOT

LOCK = REPO_ROOT / "requirements.lock"
#: The line of requirements.in and of the lock that installs the course itself, editable.
EDITABLE_COURSE = "-e ."
HEADER = """\
# Generated from requirements.lock by `make lock` (tools/lock_env.py): do not edit by hand.
# conda env create -f environment.yml && conda activate cnn-course
name: cnn-course
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def requirement_lines(path: Path = LOCK) -> list[str]:
    """Return the lines of a requirements file, as written, without comments or blank lines."""
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def requirements(path: Path = LOCK) -> list[Requirement]:
    """The requirements of a requirements file, parsed, without the course's own `-e .`."""
    return [Requirement(line) for line in requirement_lines(path) if line != EDITABLE_COURSE]


def main() -> None:
    pins = "".join(f"      - {line}\n" for line in requirement_lines())
    (REPO_ROOT / "environment.yml").write_text(HEADER + pins)


if __name__ == "__main__":
    main()

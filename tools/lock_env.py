"""Write environment.yml (for conda users) from requirements.lock, so both install the same pins.

Run by `make lock`; tests/test_environment.py fails if the two drift apart.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
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


def lock_requirements(lock: Path = REPO / "requirements.lock") -> list[str]:
    """Return the requirement lines of a uv/pip-compile lock file (comments dropped)."""
    lines = (line.split("#")[0].strip() for line in lock.read_text().splitlines())
    return [line for line in lines if line]


def main() -> None:
    pins = "".join(f"      - {req}\n" for req in lock_requirements())
    (REPO / "environment.yml").write_text(HEADER + pins)


if __name__ == "__main__":
    main()

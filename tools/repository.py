"""Copy the course's repository URL from pyproject.toml to the places that cannot read it.

    python tools/repository.py           # after changing [project.urls] Repository (a fork)
    python tools/repository.py --check   # exit 1 if a copy differs (tests/test_repository.py)

The URL is set once, in pyproject.toml; the package reads it from there (helpers.paths). Two
places need it written out: the first code cell of every lesson, which installs the course
where it is missing (Colab, a notebook opened on its own) before anything can be imported,
and the book's _config.yml (at the repository's root), whose repository button and Binder and
Colab launch buttons use it.
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from helpers.nbmeta import lesson_paths  # noqa: E402
from helpers.paths import repository_url  # noqa: E402

BOOK_CONFIG = REPO / "_config.yml"
SETUP_CELL = """\
try:  # the course's helpers: there already in the course's folder, installed once elsewhere
    from helpers.quiet import quiet_tensorflow
except ModuleNotFoundError:  # e.g. in Colab: install them from the course's repository
    %pip install --quiet "cnn-course-helpers @ git+{url}"
    from helpers.quiet import quiet_tensorflow

quiet_tensorflow()  # TensorFlow's start-up log lines stay out of this notebook"""


def updated_notebook(path: Path, url: str) -> nbformat.NotebookNode:
    """The lesson with its first code cell set to the setup cell for `url`."""
    nb = nbformat.read(path, as_version=4)
    first = next(cell for cell in nb.cells if cell.cell_type == "code")
    first.source = SETUP_CELL.format(url=url)
    return nb


def updated_config(text: str, url: str) -> str:
    """The book's _config.yml text with `url` as the repository's."""
    return re.sub(r"(?m)^(repository:\n  url: ).*$", rf"\g<1>{url}", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args()
    url, stale = repository_url(), []
    for path in lesson_paths():
        nb = updated_notebook(path, url)
        if nb != nbformat.read(path, as_version=4):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
    config = BOOK_CONFIG.read_text()
    if updated_config(config, url) != config:
        stale.append(BOOK_CONFIG)
        if not args.check:
            BOOK_CONFIG.write_text(updated_config(config, url))
    names = ", ".join(str(path.relative_to(REPO)) for path in stale) or "nothing"
    if args.check and stale:
        print(f"not using {url}: {names}; run `python tools/repository.py`", file=sys.stderr)
        return 1
    print(f"{url}: {'up to date' if args.check else 'updated ' + names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

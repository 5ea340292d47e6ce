"""Where the course keeps things, in a checkout of the repository or installed on its own.

In a checkout (the course's folder, with notebooks/ beside helpers/) everything stays inside
it: data/, data/cache/, models/, build/. Installed as a package (Colab, `pip install`), the
shipped files come from inside the package and what the lessons write goes to cache/, models/
and build/ in a folder of your own: ~/.cache/cnn-course (or $XDG_CACHE_HOME/cnn-course).
COURSE_CACHE and COURSE_MODELS override the cache and models folders in both cases.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The repository around the package, or None when the package is installed on its own.
REPO_ROOT: Path | None = (
    PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "notebooks").is_dir() else None
)


def user_dir() -> Path:
    """Where an installed course writes: $XDG_CACHE_HOME/cnn-course or ~/.cache/cnn-course."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cnn-course"


_WRITABLE = REPO_ROOT if REPO_ROOT is not None else user_dir()

#: Files shipped with the course: the PNGs of lesson 06, images.json, variants.json.
DATA_DIR = REPO_ROOT / "data" if REPO_ROOT is not None else PACKAGE_DIR / "data"
#: Downloaded and prepared data (ignored by git). Override with COURSE_CACHE.
CACHE_DIR = Path(os.environ.get("COURSE_CACHE")
                 or (DATA_DIR / "cache" if REPO_ROOT is not None else _WRITABLE / "cache"))
#: The model trained in lesson 04 and its metrics record (ignored by git). Override with
#: COURSE_MODELS.
MODELS_DIR = Path(os.environ.get("COURSE_MODELS") or _WRITABLE / "models")
#: Generated files: student copies, the book, benchmark reports (ignored by git).
BUILD_DIR = _WRITABLE / "build"


def repository_url() -> str:
    """The course's repository: pyproject.toml's [project.urls] Repository.

    Read from pyproject.toml in a checkout (so that an edit counts at once), else from the
    installed package's metadata.
    """
    if REPO_ROOT is not None:
        lines = (REPO_ROOT / "pyproject.toml").read_text().splitlines()
        found = [line.split('"')[1] for line in lines if line.startswith("Repository = ")]
    else:
        from importlib.metadata import metadata

        urls = metadata("cnn-course-helpers").get_all("Project-URL") or []
        found = [url.split(",", 1)[1].strip() for url in urls
                 if url.lower().startswith("repository,")]
    if not found:
        raise RuntimeError("the course's repository URL is missing from pyproject.toml")
    return found[0].rstrip("/")


def raw_url(path: str, branch: str = "main") -> str:
    """The download address of one file of the repository on GitHub, e.g. data/png/cat.png."""
    owner_and_name = repository_url().removeprefix("https://github.com/")
    return f"https://raw.githubusercontent.com/{owner_and_name}/{branch}/{path}"

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


if REPO_ROOT is not None:
    _SHIPPED, _CACHE, _WRITABLE = REPO_ROOT / "data", REPO_ROOT / "data" / "cache", REPO_ROOT
else:
    _SHIPPED, _CACHE, _WRITABLE = PACKAGE_DIR / "data", user_dir() / "cache", user_dir()

#: Files shipped with the course: the PNGs of lesson 06, images.json, variants.json.
DATA_DIR = _SHIPPED
#: Downloaded and prepared data (ignored by git). Override with COURSE_CACHE.
CACHE_DIR = Path(os.environ.get("COURSE_CACHE") or _CACHE)
#: The model trained in lesson 04 and its metrics record (ignored by git). Override with
#: COURSE_MODELS.
MODELS_DIR = Path(os.environ.get("COURSE_MODELS") or _WRITABLE / "models")
#: Generated files: student copies, the book, benchmark reports (ignored by git).
BUILD_DIR = _WRITABLE / "build"


def repository_url() -> str:
    """The course's repository, as pyproject.toml's [project.urls] Repository gives it."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("cnn-course-helpers").get_all("Project-URL") or []
    except PackageNotFoundError:  # helpers imported from a checkout that was never installed
        urls = []
    found = [url.split(",", 1)[1].strip() for url in urls if url.lower().startswith("repository,")]
    if not found and REPO_ROOT is not None:
        text = (REPO_ROOT / "pyproject.toml").read_text()
        found = [line.split('"')[1] for line in text.splitlines()
                 if line.startswith("Repository = ")]
    if not found:
        raise RuntimeError("the course's repository URL is unknown: reinstall the course")
    return found[0].rstrip("/")


def raw_url(path: str, branch: str = "main") -> str:
    """The download address of one file of the repository on GitHub, e.g. data/png/cat.png."""
    owner_and_name = repository_url().removeprefix("https://github.com/")
    return f"https://raw.githubusercontent.com/{owner_and_name}/{branch}/{path}"

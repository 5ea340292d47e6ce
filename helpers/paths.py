"""Where the course keeps things: the repository, the cache, trained models, build output."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Downloaded and prepared data (ignored by git). Override with COURSE_CACHE.
CACHE_DIR = Path(os.environ.get("COURSE_CACHE", REPO_ROOT / "data" / "cache"))
#: The model trained in lesson 04 and its metrics record (ignored by git).
MODELS_DIR = Path(os.environ.get("COURSE_MODELS", REPO_ROOT / "models"))
#: Generated files: student copies, the book, benchmark reports (ignored by git).
BUILD_DIR = REPO_ROOT / "build"
#: Files shipped with the course (the PNGs of lesson 06).
DATA_DIR = REPO_ROOT / "data"

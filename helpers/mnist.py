"""Get the real MNIST, verified, into tfds — with or without a network.

The four canonical IDX files are checked by SHA-256 and come, in this order, from:

1. the course cache (``data/cache/mnist``), if the files there verify;
2. a local mirror folder named by the ``MNIST_MIRROR`` environment variable (its SHA256SUMS,
   if it has one, must agree with the checksums below);
3. the canonical download URL (the one tfds itself uses).

tfds' own MNIST builder then turns them into a dataset (``manual_dir``: no network needed), so a
notebook loads MNIST with plain ``tfds.load(..., data_dir=prepare_mnist(), download=False)``.
Run ``python -m helpers.mnist`` (what ``make data`` does) to prepare it ahead of time.

The prepared files are checked too, each time they are used: their sizes and SHA-256 are
recorded when they are made, and a prepared folder that no longer matches is made again. Only
one run prepares at a time (a lock file); the next run removes what a killed one left behind.
"""

import contextlib
import errno
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from helpers.download import MB, DownloadError, disk_problem, download, sha256_of
from helpers.paths import CACHE_DIR

MNIST_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
MNIST_FILES = {
    "train-images-idx3-ubyte.gz":
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz":
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz":
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz":
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
MIRROR_ENV = "MNIST_MIRROR"
RAW_DIR = CACHE_DIR / "mnist"
TFDS_DIR = CACHE_DIR / "tensorflow_datasets"
#: Free space preparing needs: the 11.6 MB download, 55 MB unpacked by tfds, 23 MB prepared.
NEEDED_BYTES = 90 * MB
#: Seconds one MNIST file may take to download (the largest is 9.9 MB: 17 kB/s at least).
DEADLINE = 600.0
#: Seconds to wait for another run that is preparing MNIST.
LOCK_WAIT = 600.0
RECORD = "mnist.verified.json"  # beside tfds' mnist/ folder: sizes and SHA-256 of what it made
LOCK = ".mnist.lock"
SCRATCH = ".mnist-scratch-"  # our temporary folders' prefix (tfds' own ones: "incomplete.")


class MnistUnavailable(RuntimeError):
    """MNIST could not be obtained; the message says why and how to fix it."""


def fetch_mnist_files(raw_dir: Path = RAW_DIR, mirror: str | None = None) -> Path:
    """Make sure the four verified MNIST files are in `raw_dir` and return it.

    `mirror` defaults to the MNIST_MIRROR environment variable.
    """
    raw_dir = Path(raw_dir)
    mirror = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    missing = [name for name in MNIST_FILES if not _cached_file_is_good(raw_dir / name)]
    if missing and mirror:
        check_mirror(Path(mirror), missing)
    for name in missing:
        _fetch_one(raw_dir / name, MNIST_FILES[name], mirror)
    return raw_dir


def _cached_file_is_good(target: Path) -> bool:
    """True if `target` verifies; a file that does not is moved aside (kept, with a sentence)."""
    if not target.exists():
        return False
    if sha256_of(target) == MNIST_FILES[target.name]:
        return True
    bad = target.with_name(target.name + ".corrupt")
    target.replace(bad)
    print(f"{target.name} in the cache failed its checksum; moved aside to {bad.name}")
    return False


def check_mirror(mirror: Path, names: list[str]) -> None:
    """MnistUnavailable unless `mirror` is a folder holding `names`, as its SHA256SUMS says."""
    unset = f"or unset {MIRROR_ENV} to download MNIST instead"
    if not mirror.is_dir():
        what = "is a file, not a folder" if mirror.exists() else "does not exist"
        raise MnistUnavailable(f"{MIRROR_ENV} is {mirror}, but that folder {what}: set "
                               f"{MIRROR_ENV} to the folder holding the MNIST .gz files, {unset}.")
    for name in names:
        if not (mirror / name).exists():
            raise MnistUnavailable(f"The mirror {mirror} has no {name}: copy it there (all four "
                                   f"files: {', '.join(MNIST_FILES)}), {unset}.")
    listed = _read_sums(mirror / "SHA256SUMS")
    for name in names:
        if listed.get(name, MNIST_FILES[name]) != MNIST_FILES[name]:
            raise MnistUnavailable(
                f"The mirror's SHA256SUMS gives {name} the SHA-256 {listed[name][:12]}…, but "
                f"MNIST's is {MNIST_FILES[name][:12]}…: the mirror {mirror} holds other files "
                f"(Fashion-MNIST has the same names?); put the real MNIST files there, {unset}."
            )


def _read_sums(path: Path) -> dict[str, str]:
    """{file name: SHA-256} from a `sha256sum` listing; {} if there is none."""
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise MnistUnavailable(f"The mirror's {path} is not a `sha256sum` listing: write it again "
                               f"(`sha256sum *.gz > SHA256SUMS` in {path.parent}), or unset "
                               f"{MIRROR_ENV} to download MNIST instead.") from None
    except OSError as exc:
        raise MnistUnavailable(f"The mirror's {path} cannot be read ({exc.strerror}): make it "
                               f"readable, or unset {MIRROR_ENV} to download MNIST instead.") \
            from None
    pairs = (line.split(maxsplit=1) for line in lines)
    return {name.lstrip("*"): sha.lower() for sha, name in (p for p in pairs if len(p) == 2)}


def _fetch_one(target: Path, sha256: str, mirror: str | None) -> None:
    """Fetch `target` from the mirror (if one is set) or the canonical URL, verified."""
    source = Path(mirror, target.name).resolve().as_uri() if mirror else MNIST_URL + target.name
    try:
        download(source, target, sha256=sha256, deadline=DEADLINE)
    except OSError as exc:
        raise MnistUnavailable(f"Could not save {target.name}: "
                               f"{disk_problem(exc, target.parent, NEEDED_BYTES)}.") from None
    except DownloadError as exc:
        if mirror:
            raise MnistUnavailable(
                f"The mirror copy {Path(mirror, target.name)} is bad: {exc}. Replace it with a "
                f"good copy (see {MIRROR_ENV}) or unset {MIRROR_ENV} to download instead."
            ) from None
        raise MnistUnavailable(
            f"Could not get {target.name}: {exc}.\n"
            f"Fix it in one of two ways:\n"
            f"  1. connect to the internet and run again (it downloads from {MNIST_URL}), or\n"
            f"  2. set {MIRROR_ENV} to a folder holding the four MNIST .gz files\n"
            f"     (e.g. copied from a machine that has them) and run again."
        ) from None


def prepare_mnist(data_dir: Path = TFDS_DIR, raw_dir: Path = RAW_DIR,
                  lock_wait: float = LOCK_WAIT) -> Path:
    """Return a tfds data_dir holding the verified prepared MNIST, preparing it first if needed.

    The prepared files are checked against their record (about 0.05 s); when they do not
    match they are discarded and prepared again, with a sentence that says so.
    """
    import tensorflow_datasets as tfds

    data_dir, raw_dir = Path(data_dir), Path(raw_dir)
    builder = tfds.builder("mnist", data_dir=str(data_dir))
    version_dir = Path(builder.data_dir)
    if prepared_problem(data_dir, version_dir) is None:
        return data_dir
    with _locked(data_dir.parent / LOCK, lock_wait):
        _remove_leftovers(data_dir.parent, version_dir.parent, raw_dir)
        problem = prepared_problem(data_dir, version_dir)
        if problem is not None:
            _discard(data_dir, version_dir, problem)
            _check_free_space(data_dir.parent)
            fetch_mnist_files(raw_dir)
            try:
                _build(builder, data_dir, raw_dir)
            except Exception:
                _check_free_space(data_dir.parent)  # did the disk fill up while tfds worked?
                raise
            _write_record(data_dir, version_dir)
    return data_dir


def prepared_problem(data_dir: Path, version_dir: Path) -> str | None:
    """None if the prepared files match their record; else what is wrong ("" if never prepared)."""
    try:
        record = json.loads((data_dir / RECORD).read_text())
        folder, files = record["folder"], record["files"]
        expected = [(name, int(size), str(sha256)) for name, (size, sha256) in files.items()]
    except FileNotFoundError:
        if not version_dir.exists():
            return ""
        return "it has no record of its checksums (an interrupted or older preparation)"
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"its record {RECORD} cannot be read ({exc!r})"
    if folder != version_dir.relative_to(data_dir).as_posix():
        return f"it was prepared for another version of tfds ({folder})"
    for name, size, sha256 in expected:
        path = data_dir / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != size:
            return f"{name} has {path.stat().st_size:,} bytes instead of {size:,}"
        if sha256_of(path) != sha256:
            return f"{name} is damaged (its SHA-256 changed)"
    return None


def _discard(data_dir: Path, version_dir: Path, problem: str) -> None:
    """Remove a prepared folder that failed its check (saying why), and its record."""
    if not problem:
        return
    print(f"The prepared MNIST in {data_dir} cannot be trusted: {problem}. "
          "Preparing it again from the verified download.")
    (data_dir / RECORD).unlink(missing_ok=True)
    shutil.rmtree(version_dir, ignore_errors=True)


def _check_free_space(folder: Path) -> None:
    """MnistUnavailable if the disk holding `folder` has less room than preparing MNIST needs."""
    if shutil.disk_usage(folder).free < NEEDED_BYTES:
        full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # what a write would raise
        raise MnistUnavailable(
            f"MNIST cannot be prepared: {disk_problem(full, folder, NEEDED_BYTES)}."
        )


def _build(builder, data_dir: Path, raw_dir: Path) -> None:
    """Run tfds' preparation on a verified private copy of the raw files: it never goes online."""
    import tensorflow_datasets as tfds

    tfds.disable_progress_bar()
    with tempfile.TemporaryDirectory(dir=data_dir.parent, prefix=SCRATCH) as scratch:
        manual = _snapshot(raw_dir, Path(scratch) / "manual")
        config = tfds.download.DownloadConfig(manual_dir=str(manual), try_download_gcs=False)
        builder.download_and_prepare(download_dir=scratch, download_config=config)


def _snapshot(raw_dir: Path, manual: Path) -> Path:
    """Hard-link (or copy) the raw files into `manual` and verify them there, right before tfds.

    Deleting or replacing the cached files later cannot touch these links, so tfds always finds
    its input and never tries to download it.
    """
    manual.mkdir()
    for name, sha256 in MNIST_FILES.items():
        try:
            _link_or_copy(raw_dir / name, manual / name)
        except FileNotFoundError:
            raise MnistUnavailable(f"{raw_dir / name} disappeared while MNIST was being prepared "
                                   "(another program deleted it?): run again.") from None
        if sha256_of(manual / name) != sha256:
            raise MnistUnavailable(f"{raw_dir / name} changed while MNIST was being prepared "
                                   "(another program wrote to it?): run again.")
    return manual


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to `source` at `target`, or a copy where links cannot cross disks."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copyfile(source, target)


def _write_record(data_dir: Path, version_dir: Path) -> None:
    """Record the prepared files' sizes and SHA-256, atomically (temporary file, rename)."""
    files = {path.relative_to(data_dir).as_posix(): (path.stat().st_size, sha256_of(path))
             for path in sorted(version_dir.iterdir()) if path.is_file()}
    record = {"folder": version_dir.relative_to(data_dir).as_posix(), "files": files}
    tmp = data_dir / f".{RECORD}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record, indent=1))
    tmp.replace(data_dir / RECORD)


@contextlib.contextmanager
def _locked(path: Path, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on `path` (the process id inside); wait at most `wait` seconds.

    The operating system releases the lock when its process ends, however it ends, so a killed
    run never leaves a stale lock behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path, "a+")  # noqa: SIM115 - closed below, which releases the lock
    except OSError as exc:
        raise MnistUnavailable(f"MNIST cannot be prepared: {disk_problem(exc, path.parent)}.") \
            from None
    with lock:
        if not _try_lock(lock):
            _wait_for_lock(lock, path, wait)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        yield


def _wait_for_lock(lock, path: Path, wait: float) -> None:
    """Wait, saying so once, until the other run releases `lock`; MnistUnavailable after `wait`."""
    lock.seek(0)
    holder = lock.read().strip() or "unknown"
    print(f"Another run (process {holder}) is preparing MNIST; waiting for it to finish "
          f"(at most {wait:g} s)…", flush=True)
    give_up = time.monotonic() + wait
    while not _try_lock(lock):
        if time.monotonic() > give_up:
            raise MnistUnavailable(
                f"Another run (process {holder}) has been preparing MNIST for more than {wait:g} "
                f"s (it holds {path}): let it finish or stop it (`kill {holder}`), then run again."
            )
        time.sleep(0.2)


def _try_lock(lock) -> bool:
    """Take the exclusive lock on the open file `lock` if it is free; True if taken."""
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _remove_leftovers(cache: Path, dataset_dir: Path, raw_dir: Path) -> None:
    """Delete what a killed run left (scratch folders, tfds' incomplete folders, partial files).

    Only called while holding the lock, so none of them belongs to a run that is still going.
    """
    leftovers = [*cache.glob(f"{SCRATCH}*"), *dataset_dir.glob("incomplete.*"),
                 *raw_dir.glob(".*.part")]
    if not leftovers:
        return
    files = [f.stat() for p in leftovers for f in (p, *p.rglob("*")) if f.is_file()]
    size = sum(f.st_size for f in files if f.st_nlink == 1)  # not the links to the raw files
    for path in leftovers:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    print(f"Removed {size / MB:.0f} MB of temporary files left by an interrupted preparation.")


if __name__ == "__main__":
    try:
        print(f"MNIST is ready for tfds in {prepare_mnist()}")
    except MnistUnavailable as exc:
        sys.exit(f"error: {exc}")

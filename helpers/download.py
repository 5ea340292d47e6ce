"""Download a file once into a cache, safely.

The file is written to a temporary name beside its destination and renamed only when it is
complete and verified, so an interrupted or failed download never leaves a file behind that a
later run would take for a good one. The whole transfer has a deadline, however slowly the
server trickles it. `file://` URLs work too (that is how a local mirror is read).
"""

import errno
import hashlib
import http.client
import os
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 16
MB = 1_000_000


class DownloadError(RuntimeError):
    """A download failed; the message says what happened and nothing was written."""


def sha256_of(path: Path) -> str:
    """Return the SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    content_type: str | None = None,
    max_bytes: int = 50_000_000,
    timeout: float = 20.0,
    deadline: float = 120.0,
    check: Callable[[Path], None] | None = None,
) -> Path:
    """Fetch `url` into `dest` (atomically) and return `dest`.

    sha256: expected digest; a mismatch is an error and the data is discarded.
    content_type: expected prefix of the Content-Type header (e.g. "image/"), if given.
    max_bytes: larger bodies are refused, so a wrong URL cannot fill the disk.
    timeout: seconds the server may stay silent; deadline: seconds for the whole transfer.
    check: called with the complete file before it is kept; a ValueError refuses the content.

    Problems with the source raise DownloadError. Problems writing `dest` (a full disk, a
    read-only folder) raise the OSError itself: `disk_problem` turns it into a sentence.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        _receive_within(url, os.fdopen(fd, "wb"), content_type, max_bytes, timeout, deadline)
        if sha256 is not None and (actual := sha256_of(tmp)) != sha256:
            raise DownloadError(
                f"{url}: checksum mismatch (expected SHA-256 {sha256[:12]}…, got {actual[:12]}…); "
                "the file is corrupted or truncated and was not kept"
            )
        if check is not None:
            try:
                check(tmp)
            except ValueError as exc:
                raise DownloadError(f"{url}: {exc}; it was not kept") from None
        tmp.replace(dest)
        return dest
    finally:
        tmp.unlink(missing_ok=True)


def _receive_within(url: str, out: BinaryIO, content_type: str | None, max_bytes: int,
                    timeout: float, deadline: float) -> None:
    """Run `_receive` (which closes `out`) in a helper thread; give up after `deadline` seconds.

    A socket timeout only limits each read; a thread bounds the whole transfer, headers
    included. The abandoned thread stops at its next read (at most `timeout` seconds later).
    """
    state: dict = {"received": 0, "error": None, "stop": threading.Event()}
    worker = threading.Thread(target=_receive, daemon=True,
                              args=(url, out, content_type, max_bytes, timeout, state))
    worker.start()
    try:
        worker.join(deadline)
    finally:
        state["stop"].set()
    if worker.is_alive():
        raise DownloadError(
            f"{url}: not finished within its {deadline:g}-second deadline "
            f"({state['received']:,} bytes arrived): too slow, or stalled"
        )
    if state["error"] is not None:
        raise state["error"]


def _receive(url: str, out: BinaryIO, content_type: str | None, max_bytes: int, timeout: float,
             state: dict) -> None:
    """Stream the body of `url` into `out` and close it; exceptions go to state["error"]."""
    try:
        with out:
            _copy_response(url, out, content_type, max_bytes, timeout, state)
    except Exception as exc:  # raised again in the caller's thread by _receive_within
        state["error"] = exc


def _copy_response(url: str, out: BinaryIO, content_type: str | None, max_bytes: int,
                   timeout: float, state: dict) -> None:
    """Copy the response to `out`, enforcing type, size and the announced length.

    Errors while reading become DownloadErrors; errors while writing stay OSErrors.
    """
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise _fetch_failed(url, getattr(exc, "reason", exc), timeout) from None
    with response:
        got_type = response.headers.get("Content-Type", "")
        if content_type and not got_type.startswith(content_type):
            raise DownloadError(f"{url}: expected {content_type}… content, got {got_type!r}")
        while not state["stop"].is_set() and (block := _read(response, url, timeout)):
            state["received"] += len(block)
            if state["received"] > max_bytes:
                raise DownloadError(f"{url}: larger than the {max_bytes:,}-byte limit")
            out.write(block)
    announced = response.headers.get("Content-Length")
    if announced and announced.isdigit() and state["received"] < int(announced):
        raise DownloadError(
            f"{url}: the server announced {int(announced):,} bytes but sent only "
            f"{state['received']:,} before closing the connection (cut short)"
        )


def _read(response, url: str, timeout: float) -> bytes:
    """Whatever part of the body has arrived (b"" at its end), as one DownloadError on failure."""
    try:
        return response.read1(CHUNK)
    except (http.client.HTTPException, OSError) as exc:
        raise _fetch_failed(url, exc, timeout) from None


def _fetch_failed(url: str, reason, timeout: float) -> DownloadError:
    """The error for a connection or read failure; a timeout says how long the server was silent."""
    if isinstance(reason, TimeoutError):
        return DownloadError(f"{url}: the server sent nothing for {timeout:g} s (timed out)")
    return DownloadError(f"{url}: could not be fetched ({reason})")


def disk_problem(exc: OSError, folder: Path, needed: int | None = None) -> str:
    """One sentence for an OSError met while writing into `folder`: what happened and the fix.

    needed: bytes the operation needs, named when the disk is full.
    """
    folder = Path(folder)
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    fix = "or set COURSE_CACHE to a folder on a disk with room and run again"
    if exc.errno == errno.ENOSPC:
        free = shutil.disk_usage(existing).free
        need = f", about {needed / MB:.0f} MB needed" if needed else ""
        return (f"the disk holding {folder} is too full ({free / MB:.1f} MB free{need}): "
                f"free some space, {fix}")
    if exc.errno == errno.EFBIG:
        return (f"a file in {folder} would pass this shell's file-size limit (`ulimit -f`): "
                "run `ulimit -f unlimited` in the shell, then run again")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                       folder)
        return (f"{blocker} is a file, but the course needs a folder there: move the file away, "
                "or set COURSE_CACHE to another folder")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"{existing} cannot be written to ({exc.strerror}): make it writable, or set "
                "COURSE_CACHE to a folder you can write to")
    return f"cannot write in {folder} ({exc}): set COURSE_CACHE to another folder and run again"


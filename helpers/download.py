"""Download a file once into a cache, safely.

The file is written to a temporary name beside its destination and renamed only when it is
complete and verified, so an interrupted or failed download never leaves a file behind that a
later run would take for a good one. `file://` URLs work too (that is how a local mirror is read).
"""

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

CHUNK = 1 << 16


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
) -> Path:
    """Fetch `url` into `dest` (atomically) and return `dest`.

    sha256: expected digest; a mismatch is an error and the data is discarded.
    content_type: expected prefix of the Content-Type header (e.g. "image/"), if given.
    max_bytes: larger bodies are refused, so a wrong URL cannot fill the disk.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            _copy_response(url, out, content_type, max_bytes, timeout)
        if sha256 is not None and (actual := sha256_of(tmp)) != sha256:
            raise DownloadError(
                f"{url}: checksum mismatch (expected SHA-256 {sha256[:12]}…, got {actual[:12]}…); "
                "the file is corrupted or truncated and was not kept"
            )
        os.replace(tmp, dest)
        return dest
    finally:
        tmp.unlink(missing_ok=True)


def _copy_response(url: str, out, content_type: str | None, max_bytes: int, timeout: float) -> None:
    """Stream the body of `url` into the open file `out`, enforcing type and size limits."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            got_type = response.headers.get("Content-Type", "")
            if content_type and not got_type.startswith(content_type):
                raise DownloadError(f"{url}: expected {content_type}… content, got {got_type!r}")
            size = 0
            for block in iter(lambda: response.read(CHUNK), b""):
                size += len(block)
                if size > max_bytes:
                    raise DownloadError(f"{url}: larger than the {max_bytes:,}-byte limit")
                out.write(block)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(f"{url}: could not be fetched ({reason})") from None

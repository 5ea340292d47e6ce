"""helpers.download and helpers.images.fetch_images against a real HTTP server on loopback."""

import hashlib
import socket

import pytest

from helpers.download import DownloadError, download
from helpers.images import fetch_images, image_entries
from helpers.paths import DATA_DIR
from tests.conftest import Route

PNG = (DATA_DIR / "png" / "digit_3.png").read_bytes()
#: /png/<name> serves the shipped pictures.
ROUTES = {
    "/digit.png": Route(200, "image/png", PNG),
    "/slow.png": Route(200, "image/png", PNG, delay=1.0),
    "/page.html": Route(200, "text/html", b"<html>a login page</html>"),
    "/big.png": Route(200, "image/png", b"\0" * 5000),
    **{f"/png/{p.name}": Route(200, "image/png", p.read_bytes())
       for p in (DATA_DIR / "png").iterdir()},
}


@pytest.fixture
def server(http_server):
    """The shared loopback server (tests/conftest.py), answering ROUTES."""
    http_server.routes.update(ROUTES)
    return http_server


@pytest.fixture
def dead_url() -> str:
    """The URL of a port that nobody listens on (connections are refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_download_writes_the_exact_bytes(server, tmp_path):
    dest = download(f"{server.url}/digit.png", tmp_path / "d.png", content_type="image/",
                    sha256=hashlib.sha256(PNG).hexdigest())
    assert dest.read_bytes() == PNG
    assert [p.name for p in tmp_path.iterdir()] == ["d.png"]


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        ("/missing.png", {}, "404"),
        ("/slow.png", {"timeout": 0.2}, "timed out"),
        ("/page.html", {"content_type": "image/"}, "text/html"),
        ("/big.png", {"max_bytes": 1000}, "1,000-byte limit"),
        ("/digit.png", {"sha256": "0" * 64}, "checksum mismatch"),
    ],
)
def test_a_failed_download_says_why_and_leaves_nothing(server, tmp_path, path, options, message):
    dest_dir = tmp_path / "out"
    with pytest.raises(DownloadError, match=message):
        download(server.url + path, dest_dir / "d.png", **options)
    assert list(dest_dir.iterdir()) == []


def entries_at(base_url: str) -> list[dict]:
    """The lesson's picture list, pointed at another server."""
    return [{**e, "url": f"{base_url}/png/{e['name']}"} for e in image_entries()]


def test_fetch_images_downloads_what_is_not_shipped_once_then_reuses_it(
    server, tmp_path, dead_url, capsys
):
    cache, nothing_shipped = tmp_path / "cache", tmp_path / "not-shipped"
    paths = fetch_images(entries_at(server.url), shipped_dir=nothing_shipped, cache_dir=cache)
    assert paths == [cache / e["name"] for e in image_entries()]
    assert all(p.read_bytes() == (DATA_DIR / "png" / p.name).read_bytes() for p in paths)
    again = fetch_images(entries_at(dead_url), shipped_dir=nothing_shipped, cache_dir=cache)
    assert again == paths  # no network needed now
    assert capsys.readouterr().out == ""


def test_fetch_images_uses_the_shipped_copies_quietly_without_a_network(
    tmp_path, dead_url, capsys
):
    cache = tmp_path / "cache"
    paths = fetch_images(entries_at(dead_url), cache_dir=cache)
    assert paths == [DATA_DIR / "png" / e["name"] for e in image_entries()]
    assert capsys.readouterr().out == ""
    assert not cache.exists()


def test_fetch_images_says_what_failed_when_a_picture_is_neither_shipped_nor_reachable(
    server, tmp_path
):
    entries = entries_at(f"{server.url}/wrong-base")
    with pytest.raises(DownloadError, match=r"404.*not in .*either"):
        fetch_images(entries, shipped_dir=tmp_path / "not-shipped", cache_dir=tmp_path / "cache")
    assert len(server.requests) == 1  # stops at the first failure
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []

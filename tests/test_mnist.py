"""MNIST arrives verified from the cache, the mirror or the network — or fails clearly."""

import shutil
from pathlib import Path

import pytest
import tensorflow_datasets as tfds

from helpers import lessons, mnist
from helpers.download import DownloadError, download, sha256_of
from tests.conftest import Route

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
SMALL = "t10k-labels-idx1-ubyte.gz"  # the smallest of the four files


@pytest.fixture(scope="session")
def verified_files() -> Path:
    """The course cache's verified MNIST files (`make data` puts them there)."""
    return mnist.fetch_mnist_files()


@pytest.fixture
def mirror(tmp_path: Path, verified_files: Path) -> Path:
    """A throw-away mirror folder holding good copies of the four files."""
    folder = tmp_path / "mirror"
    shutil.copytree(verified_files, folder)
    return folder


def test_checksums_and_url_are_the_ones_tfds_registers() -> None:
    registered = tfds.builder_cls("mnist").url_infos
    assert {url: info.checksum for url, info in registered.items()} == {
        mnist.MNIST_URL + name: sha for name, sha in mnist.MNIST_FILES.items()
    }


def test_copies_from_the_mirror_and_verifies(tmp_path: Path, mirror: Path, no_network) -> None:
    raw = mnist.fetch_mnist_files(tmp_path / "raw", mirror=str(mirror))
    assert sorted(p.name for p in raw.iterdir()) == sorted(mnist.MNIST_FILES)
    for name, sha in mnist.MNIST_FILES.items():
        assert sha256_of(raw / name) == sha


def test_second_run_uses_the_cache_without_a_socket(tmp_path: Path, mirror: Path, monkeypatch,
                                                    no_network) -> None:
    raw = mnist.fetch_mnist_files(tmp_path / "raw", mirror=str(mirror))
    shutil.rmtree(mirror)
    monkeypatch.delenv(mnist.MIRROR_ENV, raising=False)
    assert mnist.fetch_mnist_files(raw) == raw


def test_no_cache_no_mirror_no_network_names_both_fixes(tmp_path: Path, monkeypatch,
                                                        no_network) -> None:
    monkeypatch.delenv(mnist.MIRROR_ENV, raising=False)
    with pytest.raises(mnist.MnistUnavailable) as error:
        mnist.fetch_mnist_files(tmp_path / "raw")
    message = str(error.value)
    assert "connect to the internet" in message and mnist.MIRROR_ENV in message
    assert not any((tmp_path / "raw").iterdir())


def test_corrupted_cache_file_is_moved_aside_and_replaced(tmp_path: Path, mirror: Path, capsys,
                                                          no_network) -> None:
    raw = mnist.fetch_mnist_files(tmp_path / "raw", mirror=str(mirror))
    (raw / SMALL).write_bytes((raw / SMALL).read_bytes()[:1000])  # truncated
    mnist.fetch_mnist_files(raw, mirror=str(mirror))
    assert sha256_of(raw / SMALL) == mnist.MNIST_FILES[SMALL]
    assert (raw / f"{SMALL}.corrupt").stat().st_size == 1000
    assert "failed its checksum" in capsys.readouterr().out


def test_bad_mirror_file_is_named_and_never_kept(tmp_path: Path, mirror: Path, no_network) -> None:
    (mirror / SMALL).write_bytes(b"\x1f\x8b not really MNIST")
    with pytest.raises(mnist.MnistUnavailable, match=f"mirror copy .*{SMALL}.* checksum mismatch"):
        mnist.fetch_mnist_files(tmp_path / "raw", mirror=str(mirror))
    assert not (tmp_path / "raw" / SMALL).exists()
    assert not list((tmp_path / "raw").glob(".*part"))


def test_download_cut_off_half_way_leaves_nothing(tmp_path: Path, verified_files: Path,
                                                  http_server) -> None:
    body = (verified_files / SMALL).read_bytes()
    http_server.routes["/" + SMALL] = Route(200, "application/gzip", body, len(body) // 2)
    with pytest.raises(DownloadError):
        download(f"{http_server.url}/{SMALL}", tmp_path / SMALL, sha256=mnist.MNIST_FILES[SMALL])
    assert list(tmp_path.iterdir()) == []


def test_download_from_canonical_url_when_no_mirror(tmp_path: Path, verified_files: Path,
                                                    http_server, monkeypatch) -> None:
    for name in mnist.MNIST_FILES:
        http_server.routes["/" + name] = Route(200, "application/gzip",
                                               (verified_files / name).read_bytes())
    monkeypatch.setattr(mnist, "MNIST_URL", http_server.url + "/")
    monkeypatch.delenv(mnist.MIRROR_ENV, raising=False)
    raw = mnist.fetch_mnist_files(tmp_path / "raw")
    assert all(sha256_of(raw / n) == sha for n, sha in mnist.MNIST_FILES.items())


def test_documented_loading_works_offline_with_the_real_counts(no_network) -> None:
    (ds_train, ds_test), info = tfds.load(
        "mnist", split=["train", "test"], as_supervised=True, with_info=True,
        data_dir=mnist.prepare_mnist(), download=False,
    )
    assert (info.splits["train"].num_examples, info.splits["test"].num_examples) == (60_000, 10_000)
    for ds, expected in ((ds_train, TRAIN_COUNTS), (ds_test, TEST_COUNTS)):
        labels = next(iter(ds.map(lambda image, label: label).batch(100_000))).numpy()
        assert len(labels) == sum(expected)
        assert [int((labels == d).sum()) for d in range(10)] == expected


def test_pipeline_scales_batches_and_skips_autotuning() -> None:
    import numpy as np
    import tensorflow as tf

    images = np.arange(5 * 28 * 28, dtype=np.uint8).reshape(5, 28, 28, 1)
    ds = tf.data.Dataset.from_tensor_slices((images, np.arange(5)))
    batches = lessons.pipeline(ds, batch_size=2, shuffle_seed=0)
    assert batches.options().autotune.enabled is False
    x, y = zip(*[(x.numpy(), y.numpy()) for x, y in batches], strict=True)
    assert [len(b) for b in x] == [2, 2, 1] and x[0].dtype == np.float32
    assert sorted(np.concatenate(y)) == [0, 1, 2, 3, 4]
    assert max(b.max() for b in x) <= 1.0

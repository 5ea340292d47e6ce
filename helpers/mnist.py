"""Get the real MNIST, verified, into tfds — with or without a network.

The four canonical IDX files are checked by SHA-256 and come, in this order, from:

1. the course cache (``data/cache/mnist``), if the files there verify;
2. a local mirror folder named by the ``MNIST_MIRROR`` environment variable;
3. the canonical download URL (the one tfds itself uses).

tfds' own MNIST builder then turns them into a dataset (``manual_dir``: no network needed), so a
notebook loads MNIST with plain ``tfds.load(..., data_dir=prepare_mnist(), download=False)``.
Run ``python -m helpers.mnist`` (what ``make data`` does) to prepare it ahead of time.
"""

import os
import sys
import tempfile
from pathlib import Path

from helpers.download import DownloadError, download, sha256_of
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


class MnistUnavailable(RuntimeError):
    """MNIST could not be obtained; the message says why and how to fix it."""


def fetch_mnist_files(raw_dir: Path = RAW_DIR, mirror: str | None = None) -> Path:
    """Make sure the four verified MNIST files are in `raw_dir` and return it.

    `mirror` defaults to the MNIST_MIRROR environment variable.
    """
    mirror = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    for name, sha256 in MNIST_FILES.items():
        _fetch_one(Path(raw_dir) / name, sha256, mirror)
    return Path(raw_dir)


def _fetch_one(target: Path, sha256: str, mirror: str | None) -> None:
    """Verify `target`, or fetch it from the mirror or the canonical URL."""
    if target.exists():
        if sha256_of(target) == sha256:
            return
        bad = target.with_name(target.name + ".corrupt")
        target.replace(bad)
        print(f"{target.name} in the cache failed its checksum; moved aside to {bad.name}")
    mirrored = Path(mirror, target.name) if mirror else None
    if mirrored and mirrored.exists():
        try:
            download(mirrored.resolve().as_uri(), target, sha256=sha256)
        except DownloadError as exc:
            raise MnistUnavailable(
                f"The mirror copy {mirrored} is bad: {exc}. Replace it with a good copy "
                f"(see {MIRROR_ENV}) or unset {MIRROR_ENV} to download instead."
            ) from None
        return
    try:
        download(MNIST_URL + target.name, target, sha256=sha256)
    except DownloadError as exc:
        raise MnistUnavailable(
            f"Could not get {target.name}: {exc}.\n"
            f"Fix it in one of two ways:\n"
            f"  1. connect to the internet and run again (it downloads from {MNIST_URL}), or\n"
            f"  2. set {MIRROR_ENV} to a folder holding the four MNIST .gz files\n"
            f"     (e.g. copied from a machine that has them) and run again."
        ) from None


def prepare_mnist(data_dir: Path = TFDS_DIR, raw_dir: Path = RAW_DIR) -> Path:
    """Return a tfds data_dir holding the prepared MNIST, preparing it first if needed."""
    import tensorflow_datasets as tfds

    builder = tfds.builder("mnist", data_dir=str(data_dir))
    if not builder.is_prepared():
        fetch_mnist_files(raw_dir)
        tfds.disable_progress_bar()
        with tempfile.TemporaryDirectory(dir=Path(data_dir).parent) as scratch:
            config = tfds.download.DownloadConfig(manual_dir=str(raw_dir))
            builder.download_and_prepare(download_dir=scratch, download_config=config)
    return Path(data_dir)


def scale(image, label):
    """Turn a uint8 image into float32 values between 0 and 1 (lesson 01)."""
    import tensorflow as tf

    return tf.cast(image, tf.float32) / 255.0, label


def pipeline(ds, batch_size: int = 256, shuffle_seed: int | None = None):
    """Lesson 01's input pipeline: scale, cache, shuffle (if a seed is given), batch, prefetch.

    tf.data's autotuning is switched off (AUTOTUNE then means "a sensible default"): its
    background thread made the end of an epoch wait for up to 2.5 s, in 3 epochs of 8 on the
    course's 2-core machine, and never without it, at the same speed otherwise.
    """
    import tensorflow as tf

    options = tf.data.Options()
    options.autotune.enabled = False
    ds = ds.map(scale, num_parallel_calls=tf.data.AUTOTUNE).cache()
    if shuffle_seed is not None:
        ds = ds.shuffle(10_000, seed=shuffle_seed)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE).with_options(options)


if __name__ == "__main__":
    try:
        print(f"MNIST is ready for tfds in {prepare_mnist()}")
    except MnistUnavailable as exc:
        sys.exit(f"error: {exc}")

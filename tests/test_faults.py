"""Fault injection (#14): every failure is one clear sentence, nothing is lost, nothing hangs.

The faults are real: HTTP servers on 127.0.0.1 that trickle, stall, cut a response short or
send a web page as a PNG; prepared files damaged byte by byte; a preparation killed with
SIGKILL; two preparations at once; a read-only folder (chmod, or a read-only tmpfs when the tests
run as root, whom chmod does not stop); a full disk (a small tmpfs, where mounting is permitted)
and a file-size limit (RLIMIT_FSIZE, which works everywhere). MNIST is prepared twice in this
module (once in full), in subprocesses that overlap with the quicker tests.
"""

import contextlib
import fcntl
import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import mnist
from helpers.download import DownloadError, download
from helpers.images import fetch_images, preprocess
from helpers.paths import DATA_DIR, REPO_ROOT

PNG = (DATA_DIR / "png" / "digit_3.png").read_bytes()
HTML = b"<!DOCTYPE html><html><body>Please log in</body></html>"
TRAIN = "mnist/3.0.1/mnist-train.tfrecord-00000-of-00001"
TEST = "mnist/3.0.1/mnist-test.tfrecord-00000-of-00001"
#: Every proxy points at a closed port: a subprocess that tries the network fails at once.
OFFLINE = {name: "http://127.0.0.1:9" for name in
           ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")}


def within(seconds: float, call: Callable[[], object]) -> object:
    """Return call()'s result (or raise its exception); fail the test if it takes longer."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the test's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"still running after {seconds} s: it hangs")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- a server on 127.0.0.1 that misbehaves in the ways real ones do --------------------------


class _Faulty(BaseHTTPRequestHandler):
    """GET /<kind>/<name>: good PNGs ("png"), or one kind of misbehaviour (see `do_GET`)."""

    def do_GET(self) -> None:
        kind, _, name = self.path.strip("/").partition("/")
        with contextlib.suppress(ConnectionError):  # the client may have given up already
            getattr(self, f"send_{kind.replace('-', '_')}")(name)
        self.close_connection = True

    def headers_for(self, body_length: int, content_type: str = "image/png") -> None:
        """Status and headers announcing `body_length` bytes."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(body_length))
        self.end_headers()

    def send_png(self, name: str) -> None:
        """The course's shipped picture `name`."""
        body = (DATA_DIR / "png" / name).read_bytes()
        self.headers_for(len(body))
        self.wfile.write(body)

    def send_trickle(self, name: str) -> None:
        """A 10 kB body, one byte every 0.2 s: each read succeeds, the whole never ends."""
        self.headers_for(10_000, "application/octet-stream")
        while not self.server.stopping.wait(0.2):
            self.wfile.write(b"\0")
            self.wfile.flush()

    def send_trickled_headers(self, name: str) -> None:
        """The status line and headers themselves, one byte every 0.2 s."""
        for byte in b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nX-Padding: " + b"x" * 1000:
            if self.server.stopping.wait(0.2):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def send_stall(self, name: str) -> None:
        """Headers, then silence until the server stops."""
        self.headers_for(len(PNG))
        self.wfile.flush()
        self.server.stopping.wait()

    def send_cut(self, name: str) -> None:
        """Announces a whole PNG, sends half of it and closes the connection."""
        self.headers_for(len(PNG))
        self.wfile.write(PNG[: len(PNG) // 2])

    def send_html(self, name: str) -> None:
        """A login page, labelled image/png (what captive portals and proxies do)."""
        self.headers_for(len(HTML))
        self.wfile.write(HTML)

    def send_half(self, name: str) -> None:
        """Half a PNG with an honest length: the transfer is complete, the picture is not."""
        self.headers_for(len(PNG) // 2)
        self.wfile.write(PNG[: len(PNG) // 2])

    def log_message(self, *args) -> None:
        """Keep the test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled handler must not keep the test waiting at shutdown


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The misbehaving server's base URL."""
    httpd = _Server(("127.0.0.1", 0), _Faulty)
    httpd.stopping = threading.Event()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()


# --- downloads: deadlines, cut-short responses -----------------------------------------------


@pytest.mark.parametrize("kind", ["trickle", "stall", "trickled-headers"])
def test_a_slow_or_stalled_server_fails_at_the_deadline_and_nothing_is_kept(server, tmp_path,
                                                                             kind):
    url = f"{server}/{kind}/x.png"
    start = time.monotonic()
    with pytest.raises(DownloadError) as error:
        within(10, lambda: download(url, tmp_path / "x.png", timeout=30, deadline=1.5))
    assert time.monotonic() - start < 5  # the deadline, and a little time to start and stop
    assert str(error.value).startswith(f"{url}: not finished within its 1.5-second deadline")
    assert list(tmp_path.iterdir()) == []


def test_a_response_cut_short_is_an_error_and_nothing_is_kept(server, tmp_path):
    with pytest.raises(DownloadError, match=r"announced [\d,]+ bytes but sent only [\d,]+"):
        download(f"{server}/cut/x.png", tmp_path / "x.png")
    assert list(tmp_path.iterdir()) == []


def test_an_mnist_download_has_a_deadline_too(server, tmp_path, monkeypatch):
    monkeypatch.setattr(mnist, "MNIST_URL", f"{server}/trickle/")
    monkeypatch.setattr(mnist, "DEADLINE", 1.0)
    with pytest.raises(mnist.MnistUnavailable) as error:
        within(10, lambda: mnist.fetch_mnist_files(tmp_path / "raw", mirror=""))
    assert f"{server}/trickle/train-images-idx3-ubyte.gz: not finished within its 1-second" \
        in str(error.value)
    assert list((tmp_path / "raw").iterdir()) == []


def test_a_mirror_file_that_never_ends_meets_the_deadline(tmp_path, monkeypatch):
    """A named pipe in the mirror: opening it waits for a writer that never comes."""
    mirror = tmp_path / "mirror"
    shutil.copytree(mnist.RAW_DIR, mirror)
    (mirror / "t10k-labels-idx1-ubyte.gz").unlink()
    os.mkfifo(mirror / "t10k-labels-idx1-ubyte.gz")
    monkeypatch.setattr(mnist, "DEADLINE", 1.0)
    with pytest.raises(mnist.MnistUnavailable, match="not finished within its 1-second deadline"):
        within(10, lambda: mnist.fetch_mnist_files(tmp_path / "raw", mirror=str(mirror)))
    assert not (tmp_path / "raw" / "t10k-labels-idx1-ubyte.gz").exists()
    os.close(os.open(mirror / "t10k-labels-idx1-ubyte.gz", os.O_WRONLY | os.O_NONBLOCK))  # frees
    # the abandoned reader, which then finds the download given up


# --- lesson 06's pictures: never cache a bad one, replace a bad cached one -------------------


def entries(base: str) -> list[dict]:
    """Two of the lesson's pictures, to be fetched from `base`."""
    return [{"name": name, "url": f"{base}/{name}"} for name in ("digit_3.png", "digit_7.png")]


@pytest.mark.parametrize(("kind", "reason"), [("html", "not an image"), ("half", "truncated")])
def test_a_download_that_is_not_a_picture_is_never_cached(server, tmp_path, kind, reason):
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=f"{kind}/digit_3.png: .*{reason}.*it was not kept"):
        fetch_images(entries(f"{server}/{kind}"), shipped_dir=tmp_path, cache_dir=cache)
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize("content", [HTML, PNG[: len(PNG) // 2], b""],
                         ids=["html", "half", "empty"])
def test_a_bad_cached_picture_is_found_deleted_and_fetched_again(server, tmp_path, capsys,
                                                                 content):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "digit_3.png").write_bytes(content)
    paths = fetch_images(entries(f"{server}/png"), shipped_dir=tmp_path, cache_dir=cache)
    assert paths == [cache / "digit_3.png", cache / "digit_7.png"]
    assert paths[0].read_bytes() == PNG
    said = capsys.readouterr().out.splitlines()
    assert len(said) == 1 and said[0].startswith(f"The cached picture {cache / 'digit_3.png'} ")
    assert said[0].endswith("deleted it and downloading it again.")


def test_a_picture_that_decompresses_to_40_megapixels_is_shrunk_before_any_float_copy(tmp_path):
    """6300 × 6300 pixels in a small PNG: the old code's float copies took 1.5 GB (and 13 s)."""
    from PIL import Image, ImageDraw

    big = Image.new("L", (6300, 6300), "white")
    ImageDraw.Draw(big).line([(1000, 1000), (5000, 5000)], fill="black", width=400)
    big.save(tmp_path / "big.png", compress_level=1)
    tracemalloc.start()  # counts NumPy's arrays (not PIL's own pixels)
    try:
        x = within(60, lambda: preprocess(tmp_path / "big.png"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, f"{peak:,} bytes"
    assert x.shape == (28, 28) and x.max() > 0.5


# --- the prepared MNIST: checked when used, rebuilt when damaged -----------------------------


@pytest.fixture(scope="module")
def prepared() -> Path:
    """The course's own prepared MNIST (`make data`), with its record; copied, never changed."""
    return mnist.prepare_mnist()


def copy_of(prepared: Path, folder: Path) -> Path:
    """A course cache in `folder`: the raw files and a copy of the prepared data."""
    shutil.copytree(mnist.RAW_DIR, folder / "mnist")
    shutil.copytree(prepared, folder / "tensorflow_datasets")
    return folder


def flip_byte(path: Path, offset: int = 5_000_000) -> None:
    """Change one bit of one byte in place, as a failing disk or a stray write would."""
    with open(path, "r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 1]))


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A real tmpfs mounted on `folder` (root only); the test is skipped where that is refused."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here ({mounted.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def start_preparing(cache: Path, started: list[subprocess.Popen]) -> subprocess.Popen:
    """`python -m helpers.mnist` (what `make data` runs) on `cache`, offline, without a mirror."""
    env = {**os.environ, **OFFLINE, "COURSE_CACHE": str(cache), "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONUNBUFFERED": "1"}  # what a killed run printed is not lost in its buffer
    env.pop(mnist.MIRROR_ENV, None)
    run = subprocess.Popen([sys.executable, "-m", "helpers.mnist"], cwd=REPO_ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started.append(run)
    return run


def wait_for(condition: Callable[[], bool], what: str, runs: list[subprocess.Popen]) -> None:
    """Poll `condition` every 0.05 s; fail if one of `runs` ends first, or after 60 s."""
    give_up = time.monotonic() + 60
    while not condition():
        if ended := [run for run in runs if run.poll() is not None]:
            pytest.fail(f"a run ended before {what}: {ended[0].communicate()}")
        if time.monotonic() > give_up:
            pytest.fail(f"waited 60 s for {what}")
        time.sleep(0.05)


def size_of(paths: list[Path]) -> int:
    """Bytes in the files under `paths`."""
    return sum(f.stat().st_size for p in paths for f in (p, *p.rglob("*")) if f.is_file())


def temporary_folders(cache: Path) -> list[Path]:
    """Everything in a course cache that is neither the raw files nor the prepared dataset."""
    keep = {cache / "mnist", cache / "tensorflow_datasets"}
    tfds_dir = cache / "tensorflow_datasets"
    return ([p for p in cache.iterdir() if p not in keep and p.suffix != ".lock"]
            + [p for p in tfds_dir.glob("mnist/*") if p.name != "3.0.1"])


#: What a lesson does with the prepared data: read every training record (undecoded).
READ_TRAIN = ("import sys, tensorflow_datasets as tfds\n"
              "ds = tfds.load('mnist', split='train', data_dir=sys.argv[1], download=False,\n"
              "               decoders={'image': tfds.decode.SkipDecoding()})\n"
              "print(sum(len(batch['label']) for batch in ds.batch(20_000)))")


def scratch_folders(cache: Path) -> set[Path]:
    """The preparations' scratch folders in `cache` whose private copy of the raw files is made."""
    return {p.parents[1] for p in cache.glob(".mnist-scratch-*/manual/*.gz")
            if len(list(p.parent.iterdir())) == 4}


def damage_kill_and_resume(cache: Path, started: list[subprocess.Popen]) -> dict:
    """Five faults in one story, so that this module prepares MNIST in full only once.

    One bit of the prepared train shard is flipped; a run (the victim) finds it, says so and
    prepares again; two more runs start and find it preparing; the victim is killed with
    SIGKILL with over 30 MB of temporary files; a waiting run takes over, and once tfds is at
    work the raw files are deleted from the cache (the runs have no mirror and no network).
    Last, the training set is read as a lesson reads it.
    """
    flip_byte(cache / "tensorflow_datasets" / TRAIN)
    victim = start_preparing(cache, started)
    wait_for(lambda: size_of(temporary_folders(cache)) > 1_000_000, "tfds to start", [victim])
    runs = [start_preparing(cache, started) for _ in range(2)]
    wait_for(lambda: size_of(temporary_folders(cache)) > 30_000_000, "30 MB of temporaries",
             [victim])
    left, victims = size_of(temporary_folders(cache)), scratch_folders(cache)
    victim.send_signal(signal.SIGKILL)
    victim_out, _ = victim.communicate(timeout=60)
    wait_for(lambda: scratch_folders(cache) - victims, "the next run's tfds to start", runs)
    shutil.rmtree(cache / "mnist")
    deleted = time.monotonic()
    outputs = [run.communicate(timeout=120) for run in runs]
    seconds = time.monotonic() - deleted
    read = subprocess.run([sys.executable, "-c", READ_TRAIN, str(cache / "tensorflow_datasets")],
                          capture_output=True, text=True, timeout=120)
    return {"cache": cache, "victim_out": victim_out, "left": left, "outputs": outputs,
            "returncodes": [run.returncode for run in runs], "seconds": seconds,
            "read": read.stdout.strip(), "read_err": read.stderr}


def fill_the_disk_while_preparing(folder: Path, started: list[subprocess.Popen]) -> dict:
    """Prepare on a 100 MB tmpfs that another program fills up once tfds has started.

    The space check before preparing passes (93 MB free); the disk fills up afterwards.
    """
    with tmpfs(folder, "size=100m") as small:
        shutil.copytree(mnist.RAW_DIR, small / "mnist")
        run = start_preparing(small, started)
        wait_for(lambda: size_of(temporary_folders(small)) > 1_000_000, "tfds to start", [run])
        with contextlib.suppress(OSError), open(small / "filler", "wb") as filler:
            while True:  # until the disk is full (ENOSPC)
                filler.write(b"\0" * 1_000_000)
                filler.flush()
        out, err = run.communicate(timeout=120)
        left = temporary_folders(small)
    return {"folder": small, "returncode": run.returncode, "out": out, "err": err,
            "left": [p for p in left if p.name != "filler"]}


@pytest.fixture(scope="module", autouse=True)
def background(prepared, tmp_path_factory) -> Iterator[dict[str, Future]]:
    """The module's two MNIST preparations, started before its first test.

    They run in the background (about 15 s on 2 cores) while the quicker tests run; the tests
    at the end of the module wait for their outcomes. Runs still going at the end (when those
    tests were not selected) are killed.
    """
    damaged = copy_of(prepared, tmp_path_factory.mktemp("damaged"))
    started: list[subprocess.Popen] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield {"story": pool.submit(damage_kill_and_resume, damaged, started),
               "filled": pool.submit(fill_the_disk_while_preparing,
                                     tmp_path_factory.mktemp("full") / "small", started)}
        for run in started:
            run.kill()


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda d: flip_byte(d / TRAIN), f"{TRAIN} is damaged (its SHA-256 changed)"),
        (lambda d: os.truncate(d / TEST, 1000), f"{TEST} has 1,000 bytes instead of"),
        (lambda d: (d / "mnist/3.0.1/features.json").unlink(), "features.json is missing"),
        (lambda d: (d / mnist.RECORD).write_text("{"), "cannot be read"),
        (lambda d: (d / mnist.RECORD).unlink(), "it has no record of its checksums"),
        (lambda d: (d / mnist.RECORD).write_text((d / mnist.RECORD).read_text().replace(
            '"folder": "mnist/3.0.1"', '"folder": "mnist/3.0.0"')),
         "it was prepared for another version of tfds (mnist/3.0.0)"),
        (lambda d: None, None),
    ],
    ids=["flipped-byte", "truncated", "deleted", "garbled-record", "no-record", "old-tfds",
         "intact"],
)
def test_the_prepared_files_are_checked_against_their_record(prepared, tmp_path, damage,
                                                            problem):
    data_dir = tmp_path / "tensorflow_datasets"
    shutil.copytree(prepared, data_dir)
    damage(data_dir)
    found = mnist.prepared_problem(data_dir, data_dir / "mnist" / "3.0.1")
    assert found == problem if problem is None else problem in found


def test_checking_the_prepared_files_takes_a_fraction_of_a_second(prepared):
    start = time.perf_counter()
    assert mnist.prepared_problem(prepared, prepared / "mnist" / "3.0.1") is None
    assert time.perf_counter() - start < 1  # 0.02 s measured, after dropping the page cache


def test_a_preparation_that_holds_the_lock_too_long_is_named(tmp_path, capsys):
    lock_path = tmp_path / mnist.LOCK
    with open(lock_path, "w") as held:  # another run's lock, taken the way a run takes it
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        start = time.monotonic()
        with pytest.raises(mnist.MnistUnavailable) as error:
            within(10, lambda: mnist.prepare_mnist(tmp_path / "tfds", tmp_path / "raw",
                                                   lock_wait=1))
    assert time.monotonic() - start < 5
    assert str(error.value) == (
        f"Another run (process 4242) has been preparing MNIST for more than 1 s (it holds "
        f"{lock_path}): let it finish or stop it (`kill 4242`), then run again."
    )
    assert "Another run (process 4242) is preparing MNIST; waiting" in capsys.readouterr().out


# --- the mirror ------------------------------------------------------------------------------


def fashion_sums(mirror: Path) -> None:
    """A SHA256SUMS that lists other files under MNIST's names (as Fashion-MNIST's would)."""
    (mirror / "SHA256SUMS").write_text(
        "".join(f"{hashlib.sha256(name.encode()).hexdigest()}  {name}\n"
                for name in mnist.MNIST_FILES))


@pytest.mark.parametrize(
    ("break_mirror", "message"),
    [
        (lambda m: shutil.rmtree(m), "MNIST_MIRROR is {m}, but that folder does not exist"),
        (lambda m: (shutil.rmtree(m), m.write_text("")), "but that folder is a file, not a folder"),
        (lambda m: (m / "t10k-images-idx3-ubyte.gz").unlink(),
         "The mirror {m} has no t10k-images-idx3-ubyte.gz: copy it there"),
        (fashion_sums, "The mirror's SHA256SUMS gives train-images-idx3-ubyte.gz the SHA-256 "),
        (lambda m: (m / "SHA256SUMS").write_bytes(b"\xff\xfe\0"),
         "The mirror's {m}/SHA256SUMS is not a `sha256sum` listing: write it again"),
    ],
    ids=["missing", "a-file", "lacks-a-file", "other-checksums", "binary-checksums"],
)
def test_a_broken_mirror_is_named_and_nothing_is_fetched(tmp_path, no_network, break_mirror,
                                                         message):
    mirror = tmp_path / "mirror"
    shutil.copytree(mnist.RAW_DIR, mirror)
    break_mirror(mirror)
    with pytest.raises(mnist.MnistUnavailable) as error:
        mnist.fetch_mnist_files(tmp_path / "raw", mirror=str(mirror))
    assert message.format(m=mirror) in str(error.value)
    assert "unset MNIST_MIRROR" in str(error.value)
    assert not (tmp_path / "raw").exists() or list((tmp_path / "raw").iterdir()) == []


# --- the disk: full, too small a file-size limit, read-only, a file in the way ---------------


def test_a_full_disk_while_fetching_mnist_says_so_not_that_the_mirror_is_bad(tmp_path):
    with tmpfs(tmp_path / "small", "size=2m") as small:
        with pytest.raises(mnist.MnistUnavailable) as error:
            mnist.fetch_mnist_files(small / "raw", mirror=str(mnist.RAW_DIR))
        assert list((small / "raw").iterdir()) == []  # not even a partial file
    message = str(error.value)
    assert message.startswith(f"Could not save train-images-idx3-ubyte.gz: the disk holding "
                              f"{small / 'raw'} is too full (")
    assert "about 90 MB needed" in message and "mirror" not in message


def test_too_little_space_for_mnist_is_said_before_anything_is_written(tmp_path):
    with tmpfs(tmp_path / "small", "size=20m") as small:
        with pytest.raises(mnist.MnistUnavailable) as error:
            mnist.prepare_mnist(small / "tfds", small / "raw")
        assert not (small / "raw").exists()
    assert str(error.value).startswith(f"MNIST cannot be prepared: the disk holding {small} is "
                                       "too full (")
    assert "about 90 MB needed): free some space, or set COURSE_CACHE" in str(error.value)


def test_a_file_size_limit_is_named_with_its_fix(tmp_path):
    """RLIMIT_FSIZE of 1 MB: the write of the 9.9 MB file fails with EFBIG (a real write)."""
    limit = 1_000_000
    code = ("import sys; from helpers import mnist\n"
            "try: mnist.fetch_mnist_files(sys.argv[1], mirror=sys.argv[2])\n"
            "except mnist.MnistUnavailable as e: print(e)")
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "raw"), str(mnist.RAW_DIR)], cwd=REPO_ROOT,
        capture_output=True, text=True, timeout=60,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
    )
    assert run.stdout.strip() == (
        f"Could not save train-images-idx3-ubyte.gz: a file in {tmp_path / 'raw'} would pass "
        "this shell's file-size limit (`ulimit -f`): run `ulimit -f unlimited` in the shell, then "
        "run again."
    ), run.stderr
    assert list((tmp_path / "raw").iterdir()) == []


@pytest.fixture
def read_only(tmp_path) -> Iterator[Path]:
    """A folder nobody may write to: chmod 555, or a read-only tmpfs for root (chmod cannot stop
    root)."""
    if os.geteuid() == 0:
        with tmpfs(tmp_path / "read-only", "ro,size=1m") as folder:
            yield folder
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_a_read_only_cache_is_named_with_course_cache_as_the_fix(read_only, server):
    with pytest.raises(mnist.MnistUnavailable) as error:
        mnist.prepare_mnist(read_only / "tensorflow_datasets", read_only / "mnist")
    assert str(error.value).startswith(f"MNIST cannot be prepared: {read_only} cannot be "
                                       "written to (")
    assert str(error.value).endswith("make it writable, or set COURSE_CACHE to a folder you can "
                                     "write to.")
    with pytest.raises(DownloadError) as error:
        fetch_images(entries(f"{server}/png"), shipped_dir=read_only, cache_dir=read_only / "png")
    assert str(error.value).startswith("digit_3.png cannot be saved in the picture cache: "
                                       f"{read_only} cannot be written to (")


def test_a_file_where_the_cache_folder_should_be_is_named(tmp_path, server):
    (tmp_path / "cache").write_text("not a folder")
    fix = "is a file, but the course needs a folder there: move the file away, or set COURSE_CACHE"
    cache = tmp_path / "cache"
    with pytest.raises(mnist.MnistUnavailable, match=f"{cache} {fix}"):
        mnist.prepare_mnist(cache / "tensorflow_datasets", cache / "mnist")
    with pytest.raises(DownloadError, match=f"{tmp_path / 'cache'} {fix}"):
        fetch_images(entries(f"{server}/png"), shipped_dir=tmp_path,
                     cache_dir=tmp_path / "cache" / "png")


# --- the two background preparations' outcomes (last, so that they have had time) ----------


def test_a_damaged_prepared_shard_is_found_and_said_in_one_sentence(background):
    story = background["story"].result(timeout=300)
    data_dir = story["cache"] / "tensorflow_datasets"
    assert story["victim_out"].splitlines()[0] == (
        f"The prepared MNIST in {data_dir} cannot be trusted: {TRAIN} is damaged (its SHA-256 "
        "changed). Preparing it again from the verified download."
    )


def test_a_killed_preparation_leaves_temporary_files_the_next_run_removes(background):
    story = background["story"].result(timeout=300)
    assert story["left"] > 30_000_000
    said = "\n".join(out for out, _ in story["outputs"])
    removed = re.findall(r"^Removed (\d+) MB of temporary files left by an interrupted "
                         r"preparation\.$", said, flags=re.MULTILINE)
    # the figure leaves out the hard links to the raw files (11.6 MB): removing those frees nothing
    freed = (story["left"] - 11_600_000) // 1_000_000 - 1
    assert len(removed) == 1 and int(removed[0]) >= freed, said
    assert temporary_folders(story["cache"]) == []


def test_runs_that_find_one_preparing_wait_visibly_and_all_succeed(background):
    story = background["story"].result(timeout=300)
    assert story["returncodes"] == [0, 0], story["outputs"]
    for out, err in story["outputs"]:
        assert "Traceback" not in err, err
        assert re.match(r"Another run \(process \d+\) is preparing MNIST; waiting for it to "
                        r"finish \(at most 600 s\)…\n", out), out
        assert out.splitlines()[-1].startswith("MNIST is ready for tfds in ")


def test_raw_files_deleted_during_preparation_do_not_send_tfds_online(background):
    story = background["story"].result(timeout=300)
    assert story["returncodes"] == [0, 0] and story["seconds"] < 60, story["outputs"]
    assert not (story["cache"] / "mnist").exists()  # deleted while tfds was preparing
    data_dir = story["cache"] / "tensorflow_datasets"
    assert mnist.prepared_problem(data_dir, data_dir / "mnist" / "3.0.1") is None


def test_the_prepared_data_reads_to_the_end_without_data_loss(background):
    story = background["story"].result(timeout=300)
    assert story["read"] == "60000", story["read_err"][-3000:]


def test_a_disk_that_fills_up_during_preparation_is_said_as_such(background):
    filled = background["filled"].result(timeout=300)
    assert filled["returncode"] == 1 and "Traceback" not in filled["err"], filled["err"]
    last = filled["err"].strip().splitlines()[-1]
    assert last.startswith(f"error: MNIST cannot be prepared: the disk holding {filled['folder']} "
                           "is too full ("), last
    assert last.endswith("about 90 MB needed): free some space, or set COURSE_CACHE to a folder "
                         "on a disk with room and run again.")
    assert filled["left"] == []

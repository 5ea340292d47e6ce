"""The course benchmark: `make bench`. Reports numbers; asserts nothing.

1. training throughput of lesson 03's CNN: the course's settings (tf.data pipeline, batch 256,
   the precision helpers.precision picks) versus the plain tutorial baseline (model.fit on NumPy
   float32 arrays, batch 128), and the course's pipeline in float32 if the course picks
   bfloat16; median of timed epochs after a warm-up epoch. The contenders take turns, one epoch
   each, so that a slow spell of a shared machine hits all alike;
2. every notebook's execution time in full and fast mode (papermill, fresh kernels, copies in
   build/bench/), lesson 04's and exercise 3's test accuracy;
3. time from kernel start to the first figure of lesson 01;
4. the book's build time.

Writes build/bench/bench.json and build/bench/bench.md, and the same tables as the book's page
book/benchmark.md; prints the Markdown.
"""

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bench"
IMAGES = 30_000  # images per throughput epoch
ROUNDS = 6  # timed epochs of each contender, after one warm-up epoch each


BOOK_PAGE = """# Benchmark

What the course costs on one machine: the last full run of `make bench` (`tools/bench.py`), on
{date}, committed so that instructors know what to expect. Run `make bench` on your own
machine to compare, then commit the refreshed `book/benchmark.md`.

- **Training throughput**: lesson 03's network, trained with the course's settings against the
  plain tutorial baseline (and, where the course picks bfloat16, the course's pipeline in
  float32, to show each part's share); images per second, median of several epochs, the
  contenders taking turns.
- **Notebooks**: each run by papermill in a fresh kernel, in full and in fast mode.

{tables}"""


def machine() -> dict:
    """Cores, CPU model and library versions."""
    from helpers.receipt import versions

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "cpu": cpu, **versions()}


def basic_cnn(policy: str = "float32"):
    """Lesson 03's network in a precision policy, compiled as in the lessons."""
    import keras
    from keras import layers

    keras.mixed_precision.set_global_policy(policy)
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 5, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(32, 5, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dropout(0.4),
        layers.Dense(10, activation="softmax", dtype="float32"),
    ])
    keras.mixed_precision.set_global_policy("float32")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def throughput() -> dict:
    """Images per second: course settings versus NumPy baseline, same model, same images."""
    import keras
    import tensorflow_datasets as tfds

    from helpers.mnist import pipeline, prepare_mnist
    from helpers.precision import fastest_policy

    ds = tfds.load("mnist", split=f"train[:{IMAGES}]", as_supervised=True,
                   data_dir=prepare_mnist(), download=False)
    images, labels = tfds.as_numpy(ds.batch(IMAGES).get_single_element())
    x = images.astype("float32") / 255.0
    keras.utils.set_random_seed(0)
    policy = fastest_policy()
    contenders = {"baseline (NumPy arrays, batch 128, float32)": (
        basic_cnn(), {"x": x, "y": labels, "batch_size": 128})}
    course = f"course (tf.data pipeline, batch 256, {policy})"
    for precision in dict.fromkeys(["float32", policy]):  # the pipeline's share, then the course
        contenders[f"course (tf.data pipeline, batch 256, {precision})"] = (
            basic_cnn(precision), {"x": pipeline(ds, 256, shuffle_seed=0), "shuffle": False})
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    for round_ in range(ROUNDS + 1):
        for name, (model, data) in contenders.items():
            start = time.perf_counter()
            model.fit(**data, epochs=1, verbose=0)
            if round_:  # round 0 is the warm-up
                seconds[name].append(time.perf_counter() - start)
    speeds = {name: IMAGES / statistics.median(s) for name, s in seconds.items()}
    base = next(iter(speeds.values()))
    return {"images_per_s": {name: round(v) for name, v in speeds.items()},
            "times_baseline": {name: round(v / base, 2) for name, v in speeds.items()},
            "ratio": round(speeds[course] / base, 2)}


def notebooks(mode: str) -> list[dict]:
    """Execute every notebook in one mode into build/bench/<mode>/ and return the timings."""
    cmd = [sys.executable, "tools/run_notebooks.py", "--out", str(OUT / mode)]
    subprocess.run(cmd + (["--fast"] if mode == "fast" else []), cwd=REPO, check=False)
    return json.loads((REPO / "build" / f"run-{mode}.json").read_text())


def accuracies() -> dict:
    """Test accuracies printed by the full-mode runs of lesson 04 and lesson 07's final test."""
    found = {}
    for key, name, pattern in (
        ("lesson 04", "04_training.ipynb", r"test accuracy:? ([\d.]+) ?%"),
        ("exercise 3", "07_exercises.ipynb",
         r"exercise 3, better network +test accuracy ([\d.]+) ?%"),
    ):
        path = OUT / "full" / name
        if not path.exists():
            continue
        for cell in json.loads(path.read_text())["cells"]:
            text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
            if match := re.search(pattern, text):
                found[key] = float(match.group(1))
    return found


def first_plot() -> float:
    """Seconds from starting a kernel to lesson 01's first figure."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(REPO / "notebooks" / "01_loading_mnist.ipynb", as_version=4)
    where = {"metadata": {"path": str(REPO / "notebooks")}}
    client = NotebookClient(nb, kernel_name="python3", resources=where)
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
                if any("image/png" in o.get("data", {}) for o in cell.outputs):
                    return time.perf_counter() - start
    raise RuntimeError("lesson 01 drew no figure")


def book() -> float | None:
    """Seconds to build the book (None if there is no book yet)."""
    if not (REPO / "book" / "_config.yml").exists():
        return None
    start = time.perf_counter()
    result = subprocess.run(["make", "book"], cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"make book failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return time.perf_counter() - start


def markdown(report: dict) -> str:
    """The report as Markdown tables."""
    m, lines = report["machine"], []
    lines += [f"Machine: {m['cores']} cores, {m['cpu']}; TensorFlow {m['tensorflow']}, "
              f"Keras {m['keras']}, Python {m['python']}.", "",
              "| training throughput | images/s | × baseline |", "|---|---:|---:|"]
    speed = report["throughput"]
    lines += [f"| {name} | {ips} | {speed['times_baseline'][name]} |"
              for name, ips in speed["images_per_s"].items()]
    lines += ["", "| notebook | full (s) | fast (s) |", "|---|---:|---:|"]
    fast = {r["notebook"]: r for r in report["fast"]}
    for row in report["full"]:
        failed = "" if row["status"] == "ok" else " (failed)"
        fast_s = fast.get(row["notebook"], {}).get("seconds", "–")
        lines.append(f"| {row['notebook']} | {row['seconds']}{failed} | {fast_s} |")
    lines.append(f"| **total** | **{sum(r['seconds'] for r in report['full']):.0f}** "
                 f"| **{sum(r['seconds'] for r in report['fast']):.0f}** |")
    lines += ["", "| slowest cells (full mode, notebooks over 30 s) | s |", "|---|---:|"]
    lines += [f"| {row['notebook']} cell {c['cell']}{''.join(f' ({t})' for t in c.get('tags', []))}"
              f": `{c['first_line']}` | {c['seconds']} |"
              for row in report["full"] if row["seconds"] > 30
              for c in row.get("slowest_cells", [])]
    lines += ["", "| measure | value |", "|---|---:|"]
    lines += [f"| test accuracy, {k} | {v} % |" for k, v in report["accuracy"].items()]
    lines.append(f"| first plot of lesson 01 | {report['first_plot_s']:.1f} s |")
    book_s = report["book_s"]
    lines.append(f"| book build | {'–' if book_s is None else f'{book_s:.1f} s'} |")
    return "\n".join(lines) + "\n"


def save(report: dict) -> None:
    """Write the report as JSON and Markdown to build/bench/, and as the book's page."""
    (OUT / "bench.json").write_text(json.dumps(report, indent=1))
    (OUT / "bench.md").write_text(markdown(report))
    (REPO / "book" / "benchmark.md").write_text(BOOK_PAGE.format(
        date=time.strftime("%Y-%m-%d"), tables=markdown(report)))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine(), "throughput": throughput(), "first_plot_s": first_plot()}
    report["full"], report["fast"] = notebooks("full"), notebooks("fast")
    report["accuracy"], report["book_s"] = accuracies(), None
    save(report)  # before the book build, which includes the page
    report["book_s"] = book()
    save(report)
    print(markdown(report))


if __name__ == "__main__":
    main()

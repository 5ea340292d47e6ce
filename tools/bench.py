"""The course benchmark: `make bench`. Prints numbers; asserts nothing.

Every lesson runs through tools/run_notebooks.py (papermill, a fresh kernel each, copies in
build/bench/); the models the runs save go to build/bench/models/, so models/ stays as it is.

1. Lesson 04 as it is, in full mode, with each seed (papermill's `-p SEED n`), in the precision
   the course picks on this CPU and in float32 (COURSE_PRECISION=float32): test accuracy and
   training seconds, read from the record lesson 04 saves beside its model.
2. From the plain baseline to lesson 04, one change at a time, each run with every seed: the
   same network (lesson 04's `build_model`) with Keras' defaults (Adam at 0.001, no schedule),
   NumPy arrays, batches of 128, float32; then lesson 01's tf.data pipeline; batches of 256;
   deterministic operations; lesson 04's learning-rate schedule (`compile_model`), which makes
   it lesson 04 in float32, run here in the benchmark's process just before the lesson's own
   float32 runs of step 1 (the machine's speed drifts over an hour); then bfloat16, lesson 04
   as the course runs it (step 1); then the same runs' test accuracy averaged over three looks
   at each image (lesson 04's `predict_three_ways`; no training). The same images and epochs.
3. The whole course in full mode (its lesson 04 is seed 42 of step 1), in fast mode, and in full
   mode in float32 with the float32 model of step 1, as on a laptop without bfloat16: seconds
   per notebook, the totals, the slowest cells, and how many lines of each lesson say that
   the run differs from the book's (`compare_with_text`).
4. The book's build time.

Writes build/bench/bench.json, build/bench/bench.md and the book's page book/benchmark.md;
prints the Markdown. `--seeds 42` makes a quick run.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from helpers.checks.verdict import DIFFERS
from helpers.nbmeta import lesson_paths, output_text
from helpers.paths import REPO_ROOT as REPO
from tools.run_notebooks import run

OUT = REPO / "build" / "bench"
LESSON_04 = REPO / "notebooks" / "04_training.ipynb"

BOOK_PAGE = """# Benchmark

What the course costs on one machine: the last full run of `make bench` (`tools/bench.py`), on
{date}, committed so that instructors know what to expect. Run `make bench` on your own
machine to compare, then commit the refreshed `book/benchmark.md`.

- **Lesson 04**: from a plain baseline to the lesson, one change at a time, each row adding
  one change to the row above. The baseline is lesson 04's network with Keras' defaults (Adam
  at 0.001, no schedule), NumPy arrays, batches of 128, float32. With the cosine schedule it is
  lesson 04 in float32, trained in the benchmark's own process; the row after it is the lesson
  itself, run by papermill with each seed (`-p SEED n`), which should reach the same
  accuracies; then the lesson in the precision the course picks on this CPU, and last the
  same runs read with three looks at each test image (`predict_three_ways`, no training). Test
  accuracy and seconds of training: median (lowest–highest) over the seeds.
- **Notebooks**: each run by papermill in a fresh kernel, in full mode, in fast mode, and in
  full mode in float32 (as on a laptop without bfloat16, with lesson 04's float32 model);
  "differs" counts the lines where a float32 lesson says that its run differs from the book's.

{tables}"""


def machine() -> dict:
    """Cores, CPU model and library versions."""
    from helpers.receipt import versions

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "cpu": cpu, **versions()}


def execute(notebook: Path, label: str, fast: bool, parameters: dict | None = None,
            env: dict | None = None) -> dict:
    """Run one lesson into build/bench/<label>/ with `env` set; return its timing row."""
    saved = {key: os.environ.get(key) for key in (env or {})}
    os.environ.update(env or {})
    try:
        out = OUT / label / notebook.name
        out.parent.mkdir(parents=True, exist_ok=True)
        seconds, status, slowest, _ = run(notebook, out, fast, parameters)
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.update({key: value})
    print(f"{label + '/' + notebook.name:<48} {seconds:7.1f} s  {status}", flush=True)
    cells = json.loads(out.read_text())["cells"] if status == "ok" else []
    return {"notebook": notebook.name, "seconds": round(seconds, 1), "status": status,
            "slowest_cells": slowest, "differs": sum(output_text(cell).count(DIFFERS)
                                                     for cell in cells)}


def lesson_04(seed: int, precision: str | None) -> dict:
    """Lesson 04 in full mode with one seed and precision (None: the course's choice)."""
    label = f"04-{precision or 'course'}-seed{seed}"
    models = OUT / "models" / label
    env = {"COURSE_MODELS": str(models), **({"COURSE_PRECISION": precision} if precision else {})}
    row = execute(LESSON_04, label, fast=False, parameters={"SEED": seed}, env=env)
    record = json.loads((models / "full" / "metrics.json").read_text())
    return {"seed": seed, "test_accuracy": record["test_accuracy"],
            "three_ways": record["test_accuracy_three_ways"],
            "train_seconds": record["train_seconds"], "epochs": record["epochs"],
            "train_examples": record["train_examples"], "precision": record["precision"],
            "row": row}


def course(mode: str, seed_42: dict | None = None) -> list[dict]:
    """Every lesson in one mode: "full", "fast" or "float32" (full mode in float32).

    `seed_42` is lesson 04's row of that mode's seed-42 run, already made in step 1.
    """
    models = {"full": "04-course-seed42", "fast": "fast", "float32": "04-float32-seed42"}[mode]
    env = {"COURSE_MODELS": str(OUT / "models" / models),
           **({"COURSE_PRECISION": "float32"} if mode == "float32" else {})}
    return [seed_42 if notebook == LESSON_04 and seed_42 is not None
            else execute(notebook, mode, fast=mode == "fast", env=env)
            for notebook in lesson_paths()]


#: From the plain baseline towards lesson 04, each step adding one change to the one before
#: (run in this order: deterministic operations cannot be switched off again in a process).
STEPS = {
    "plain baseline: Keras defaults, NumPy arrays, batch 128 (float32)": {},
    "+ tf.data pipeline (lesson 01's `pipeline`)": {"tf_data": True},
    "+ batches of 256": {"tf_data": True, "batch": 256},
    "+ deterministic operations": {"tf_data": True, "batch": 256, "deterministic": True},
    "+ cosine schedule from 0.002 (`compile_model`)": {"tf_data": True, "batch": 256,
                                                        "deterministic": True, "schedule": True},
}


def step(seed: int, epochs: int, examples: int, tf_data: bool = False, batch: int = 128,
         deterministic: bool = False, schedule: bool = False) -> dict:
    """Lesson 04's network in float32, compiled with Keras' defaults (Adam at 0.001).

    NumPy arrays unless `tf_data` (lesson 01's pipeline, as lesson 04 feeds it); lesson 04's
    `compile_model` (Adam with a cosine schedule) if `schedule`, which needs `tf_data`.
    """
    import keras
    import tensorflow as tf
    import tensorflow_datasets as tfds

    from helpers import lessons
    from helpers.mnist import prepare_mnist

    keras.utils.set_random_seed(seed)  # before the pipeline's shuffling, as lesson 04 does
    splits = [f"train[:{examples}]", "train[55000:]", "test"]
    load = dict(as_supervised=True, data_dir=prepare_mnist(), download=False)
    if tf_data:
        ds_train, ds_val, ds_test = tfds.load("mnist", split=splits, **load)
        train = lessons.pipeline(ds_train, batch, shuffle_seed=seed)
        val, test = lessons.pipeline(ds_val, 1024), lessons.pipeline(ds_test, 1024)
    else:
        (x, y), val, test = ((images.astype("float32") / 255.0, labels) for images, labels in
                             (tfds.as_numpy(tfds.load("mnist", split=split, batch_size=-1, **load))
                              for split in splits))
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    keras.mixed_precision.set_global_policy("float32")
    keras.utils.set_random_seed(seed)
    lessons.SEED = seed  # the seed build_model gives its random layers, as `-p SEED` does
    model = lessons.build_model()
    if schedule:
        lessons.compile_model(model, epochs * len(train))
    else:
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    start = time.perf_counter()
    if tf_data:
        model.fit(train, validation_data=val, epochs=epochs, shuffle=False, verbose=0)
    else:
        model.fit(x, y, batch_size=batch, epochs=epochs, validation_data=val, verbose=0)
    seconds = time.perf_counter() - start
    _, accuracy = model.evaluate(test, verbose=0) if tf_data else model.evaluate(*test, verbose=0)
    print(f"tf_data={tf_data} batch={batch} deterministic={deterministic} "
          f"schedule={schedule} seed {seed}: "
          f"test accuracy {accuracy:.2%}, {seconds:.1f} s", flush=True)
    return {"seed": seed, "test_accuracy": round(float(accuracy), 4),
            "train_seconds": round(seconds, 1), "epochs": epochs, "train_examples": examples}


def book() -> float:
    """Seconds to build the book."""
    start = time.perf_counter()
    result = subprocess.run(["make", "book"], cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"make book failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return time.perf_counter() - start


def spread(values: list[float], fmt: str) -> str:
    """'median (lowest–highest)' of `values`, or the single value."""
    middle = format(statistics.median(values), fmt)
    if len(values) == 1:
        return middle
    return f"{middle} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def seconds_text(row: dict | None) -> str:
    """A notebook's seconds for a table, marked when its run failed; '–' when it did not run."""
    if row is None:
        return "–"
    return f"{row['seconds']}{'' if row['status'] == 'ok' else ' (failed)'}"


def markdown(report: dict) -> str:
    """The report as Markdown tables."""
    m = report["machine"]
    lines = [f"Machine: {m['cores']} cores, {m['cpu']}; TensorFlow {m['tensorflow']}, "
             f"Keras {m['keras']}, Python {m['python']}. Seeds: "
             f"{', '.join(map(str, report['seeds']))}.", "",
             "| lesson 04's network: from the plain baseline to the lesson, one change at a "
             "time | epochs | test accuracy | training (s) |",
             "|---|---:|---:|---:|"]
    for name, runs in report["training"].items():
        if runs:
            lines.append(f"| {name} | {runs[0]['epochs']} "
                         f"| {spread([100 * r['test_accuracy'] for r in runs], '.2f')} % "
                         f"| {spread([r['train_seconds'] for r in runs], '.1f')} |")
    modes = ("full", "fast", "float32")
    rows = {mode: {r["notebook"]: r for r in report.get(mode, [])} for mode in modes}
    lines += ["", "| notebook | full (s) | fast (s) | float32, full (s) | float32: differs |",
              "|---|---:|---:|---:|---:|"]
    for name in rows["full"]:
        differs = rows["float32"].get(name, {}).get("differs", "–")
        lines.append(f"| {name} | {' | '.join(seconds_text(rows[m].get(name)) for m in modes)} "
                     f"| {differs} |")
    totals = [f"**{sum(r['seconds'] for r in rows[m].values()):.0f}**" if rows[m] else "–"
              for m in modes]
    lines.append(f"| **total** | {' | '.join(totals)} | |")
    cells = sorted(((row["notebook"], c) for row in report["full"]
                    for c in row.get("slowest_cells", [])), key=lambda nc: -nc[1]["seconds"])
    lines += ["", "| slowest cells (full mode) | s |", "|---|---:|"]
    lines += [f"| {nb} cell {c['cell']}{''.join(f' ({t})' for t in c.get('tags', []))}: "
              f"`{c['first_line']}` | {c['seconds']} |" for nb, c in cells[:8]]
    book_s = report.get("book_s")
    lines += ["", f"Book build: {'–' if book_s is None else f'{book_s:.1f} s'}."]
    return "\n".join(lines) + "\n"


def save(report: dict) -> None:
    """Write the report as JSON and Markdown to build/bench/, and as the book's page."""
    (OUT / "bench.json").write_text(json.dumps(report, indent=1))
    (OUT / "bench.md").write_text(markdown(report))
    (REPO / "book" / "benchmark.md").write_text(BOOK_PAGE.format(
        date=time.strftime("%Y-%m-%d"), tables=markdown(report)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44])
    seeds = parser.parse_args().seeds
    OUT.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine(), "seeds": seeds}
    course_runs = [lesson_04(seed, None) for seed in seeds]
    first = course_runs[0]
    # the steps just before lesson 04's float32 runs: this machine's speed drifts over an hour
    steps = {name: [step(seed, first["epochs"], first["train_examples"], **options)
                    for seed in seeds] for name, options in STEPS.items()}
    float32_runs = [lesson_04(seed, "float32") for seed in seeds]
    seed_42 = first.pop("row") if first["seed"] == 42 else None
    float32_42 = float32_runs[0].pop("row") if float32_runs[0]["seed"] == 42 else None
    for runs in (course_runs, float32_runs):
        for one in runs:
            one.pop("row", None)
    report["training"] = {
        **steps,
        "= lesson 04 as it is, float32 (the lesson, run by papermill)": float32_runs,
        f"+ {first['precision']} = lesson 04's network as the course trains it": course_runs,
        "+ three looks at each test image (`predict_three_ways`) = lesson 04's answer":
            [{**run, "test_accuracy": run["three_ways"]} for run in course_runs],
    }
    report["full"], report["fast"] = course("full", seed_42), course("fast")
    if float32_42 is not None:  # the float32 course needs the float32 model of seed 42
        report["float32"] = course("float32", float32_42)
    save(report)  # before the book build, which includes the page
    report["book_s"] = book()
    save(report)
    print(markdown(report))


if __name__ == "__main__":
    main()

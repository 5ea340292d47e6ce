"""Execute course notebooks with papermill, each in a fresh kernel, and keep their outputs clean.

    python tools/run_notebooks.py           # full mode: refresh the committed outputs (make course)
    python tools/run_notebooks.py --fast --out build/fast notebooks/04_*.ipynb

Prints a table (notebook, seconds, status) and, under each notebook, the figures that now differ
from the ones it had before the run (tools/figures.py; expected/actual/difference PNGs in
build/figures/), so that a maintainer reviews them before committing. Writes the table, with
each notebook's three slowest cells, as JSON to build/run-<mode>.json; a full-mode run in
place (the one that makes the committed outputs) writes it to book/execution_times.json
instead, committed with the outputs as the record of what each lesson costs (the README and the
instructor guide point to it).
A notebook is replaced only by a finished run: a failed or interrupted run (Ctrl-C, SIGTERM)
leaves it as it was, and a failed one is kept in build/failed/ to read.
Exits non-zero if any notebook failed.

Fast mode reaches a lesson as COURSE_FAST=1, which its parameters cell reads into FAST, the same
way as under nbval, in the student-copy tests and in a student's own Jupyter. Papermill gets no
parameters here (it injects no cell into the committed lessons); the benchmark passes SEED.
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

import nbformat
import papermill

from helpers.nbmeta import clean_metadata, exercise_tags, lesson_paths
from helpers.paths import REPO_ROOT
from tools.figures import compare, pngs

RUNNING_DIR = REPO_ROOT / "build" / "running"  # being executed (same disk: rename is atomic)
FAILED_DIR = REPO_ROOT / "build" / "failed"  # the last failed run of each notebook, to read


def slowest_cells(path: Path, count: int = 3) -> list[dict]:
    """The `count` slowest code cells of an executed notebook, from papermill's timings."""
    cells = nbformat.read(path, as_version=4).cells
    timed = [{"cell": index, "seconds": round(cell.metadata["papermill"]["duration"], 1),
              "first_line": cell.source.partition("\n")[0],
              "tags": exercise_tags(cell)}
             for index, cell in enumerate(cells)
             if cell.cell_type == "code" and cell.metadata.get("papermill", {}).get("duration")]
    return sorted(timed, key=lambda row: -row["seconds"])[:count]


def clean(path: Path) -> None:
    """Drop run-specific metadata (papermill's timings, absolute paths, widgets) from a notebook."""
    nb = nbformat.read(path, as_version=4)
    nbformat.write(clean_metadata(nb), path)


def changed_figures(before: nbformat.NotebookNode, after: Path) -> list[str]:
    """The figures of `after` that differ from those of the same cells (by id) in `before`."""
    old = {cell.get("id"): cell for cell in before.cells if cell.cell_type == "code"}
    problems = []
    for index, cell in enumerate(nbformat.read(after, as_version=4).cells):
        if cell.cell_type == "code" and cell.get("id") in old:
            found, _ = compare(pngs(old[cell.id].outputs), pngs(cell.outputs),
                               REPO_ROOT / "build" / "figures" / after.stem, f"cell{index}",
                               before="the one before this run")
            problems += [f"cell {index}: {problem}" for problem in found]
    return problems


def run(path: Path, out: Path, fast: bool, parameters: dict | None = None,
        ) -> tuple[float, str, list[dict], list[str]]:
    """Execute one notebook into `out`; return (seconds, status, slowest cells, changed figures).

    `parameters` (e.g. the benchmark's {"SEED": 43}) go to papermill, which sets them in a cell
    after the lesson's parameters cell; they must be names that cell defines.

    Papermill writes its output cell by cell, so it writes into build/running/ and `out` is
    replaced (atomically, by rename) only by a finished run: a failed or interrupted run leaves
    `out` as it was. A failed run is kept in build/failed/ to read.
    """
    os.environ["COURSE_FAST"] = "1" if fast else "0"
    before = nbformat.read(path, as_version=4)
    partial = RUNNING_DIR / out.name
    partial.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            path, partial, parameters=parameters or {}, cwd=path.parent, kernel_name="python3",
            progress_bar=False, log_output=False, report_mode=False,
        )
        status = "ok"
    except papermill.PapermillExecutionError as exc:
        status = f"FAILED: {exc.ename}: {exc.evalue}"[:200]
    except BaseException:  # interrupted (Ctrl-C, SIGTERM): `out` stays as it was
        partial.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - start
    slowest = slowest_cells(partial)
    clean(partial)
    if status != "ok":
        failed = FAILED_DIR / out.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        partial.replace(failed)
        return seconds, f"{status} (unchanged; the failed run: {failed.relative_to(REPO_ROOT)})", \
            slowest, []
    partial.replace(out)
    return seconds, status, slowest, changed_figures(before, out)


def save_rows(report: Path, rows: list[dict]) -> None:
    """Merge this run's rows into the JSON report, one row per notebook, in course order."""
    old = json.loads(report.read_text()) if report.exists() else []
    merged = {r["notebook"]: r for r in old + rows}
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps([merged[k] for k in sorted(merged)], indent=1))


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as for Ctrl-C
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, default=lesson_paths())
    parser.add_argument("--fast", action="store_true", help="fast mode (COURSE_FAST=1)")
    parser.add_argument("--out", type=Path, help="write executed copies here instead of in place")
    args = parser.parse_args()
    committed = (REPO_ROOT / "notebooks").resolve()
    if args.fast and (args.out is None or args.out.resolve() == committed):
        parser.error("--fast needs --out outside notebooks/: the committed notebooks carry "
                     "full-mode outputs")
    mode = "fast" if args.fast else "full"
    rows = []
    for nb in args.notebooks:
        out = args.out / nb.name if args.out else nb
        out.parent.mkdir(parents=True, exist_ok=True)
        seconds, status, slowest, changed = run(nb.resolve(), out, args.fast)
        rows.append({"notebook": nb.name, "seconds": round(seconds, 1), "status": status,
                     "slowest_cells": slowest})
        print(f"{nb.name:<32} {seconds:7.1f} s  {status}", flush=True)
        for problem in changed:
            print(f"  figure changed, review it before committing: {problem}")
    total = sum(r["seconds"] for r in rows)
    print(f"{'total (' + mode + ' mode)':<32} {total:7.1f} s")
    in_place = args.out is None
    save_rows(REPO_ROOT / "book" / "execution_times.json" if in_place
              else REPO_ROOT / "build" / f"run-{mode}.json", rows)
    return 0 if all(r["status"] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

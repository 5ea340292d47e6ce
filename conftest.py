"""Pytest hooks for the notebook regression check: a per-notebook table at the end of the run."""

from collections import defaultdict
from pathlib import Path

pytest_plugins = ["tests.nbval_figures"]  # every figure compared with the committed one, as pixels

_seconds: dict[str, float] = defaultdict(float)
_failed: dict[str, int] = defaultdict(int)


def pytest_runtest_logreport(report) -> None:
    """Add up each notebook's cell times and failures (nbval makes one test item per cell)."""
    path = report.nodeid.split("::")[0]
    if not path.endswith(".ipynb"):
        return
    _seconds[path] += report.duration
    _failed[path] += report.failed


def pytest_terminal_summary(terminalreporter) -> None:
    """Print notebook, fast-mode seconds and status for every notebook that ran."""
    if not _seconds:
        return
    write = terminalreporter.write_line
    write("")
    write(f"{'notebook':<34} {'seconds':>8}  status")
    for path in sorted(_seconds):
        status = f"FAILED ({_failed[path]} cells)" if _failed[path] else "ok"
        write(f"{Path(path).name:<34} {_seconds[path]:8.1f}  {status}")
    write(f"{'total':<34} {sum(_seconds.values()):8.1f}")

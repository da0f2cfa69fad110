"""Benchmarks of the build, each against the obvious alternative measured in the same run.

Run with `make bench` (or `.venv/bin/python benchmarks/run.py`). Prints a Markdown table. Nothing in
the project is changed: outputs, caches and data copies live in a temporary folder.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
JUPYTER = str(Path(sys.executable).parent / "jupyter")


def timed(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_of(runs: int, command: list[str], env: dict | None = None) -> float:
    return statistics.median(timed(command, env) for _ in range(runs))


def median_of_in(runs: int, command: list[str], env: dict, cwd: Path) -> float:
    return statistics.median(timed(command, env, cwd) for _ in range(runs))


def tree_pss_kib(root_pid: int) -> int:
    """Proportional set size of a process and all its descendants, from /proc (Linux).

    PSS divides each shared page among the processes that share it, so the sum does not count a shared
    page twice.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:")), 0)
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            rollup = ""
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
        todo += children.get(pid, [])
    return total


def peak_memory(command: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, int]:
    """Wall time and peak memory (PSS summed over the process tree, sampled every 20 ms)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss_kib(process.pid))
        time.sleep(0.02)
    if process.returncode:
        raise RuntimeError(f"{command} failed")
    return time.perf_counter() - started, peak


def synthetic_adoption(data_dir: Path, rows: int) -> Path:
    """A valid adoption.csv of `rows` rows (the committed rows repeated with new ids)."""
    lines = (data_dir / "adoption.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    with open(data_dir / "adoption.csv", "w", encoding="utf-8") as out:
        out.write(header + "\n")
        for i in range(rows):
            row = body[i % len(body)]
            out.write(f"row-{i}" + row[row.index(","):] + "\n")
    return data_dir / "adoption.csv"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(work / "cache")}
    rows = []
    try:
        # 1. Cold full build (figures and reports) against plain nbconvert, one notebook after the other.
        #    The build runs in a copy of the project, so that the project's own files are not touched.
        project = work / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", ".cache", "reports", "__pycache__",
                                                                      "test-artifacts", "*.egg-info"))
        project_env = {**env, "PYTHONPATH": str(project)}
        plain_dir = work / "plain"
        plain_dir.mkdir()
        notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
        for nb in notebooks:
            shutil.copy(nb, plain_dir / nb.name)
        plain = 0.0
        for nb in notebooks:
            plain += timed([JUPYTER, "nbconvert", "--execute", "--to", "html", str(plain_dir / nb.name)], project_env)
        build_command = [PYTHON, "-m", "analysis", "build", "--force"]
        builds = []
        for _ in range(3):
            shutil.rmtree(work / "cache", ignore_errors=True)
            builds.append(timed(build_command, project_env, cwd=project))
        cold = statistics.median(builds)
        rows.append((f"Cold `build --force` ({len(list((ROOT / 'figures').glob('*.png')))} figures and {len(notebooks)} "
                     "reports, empty cache, median of 3) vs plain `jupyter nbconvert --execute --to html` per notebook",
                     f"{cold:.2f} s", f"{plain:.2f} s", f"{plain / cold:.1f}× faster"))
        reports_command = [PYTHON, "-m", "analysis", "reports", "--force"]
        only_reports = median_of_in(3, reports_command, project_env, project)
        rows.append(("`reports --force` with the figures up to date (the notebooks show the figure files; median of 3)",
                     f"{only_reports:.2f} s", f"{plain:.2f} s", f"{plain / only_reports:.1f}× faster"))
        # 2. No-op rebuild.
        noop = median_of_in(5, [PYTHON, "-m", "analysis", "build"], project_env, project)
        rows.append(("No-op `build` (nothing changed, median of 5)", f"{noop:.2f} s", f"{plain:.2f} s",
                     f"{plain / noop:.0f}× faster"))
        # 3. Rebuild after editing one data file.
        data = work / "data"
        shutil.copytree(ROOT / "data", data)
        edit_env = {**env, "ANALYSIS_DATA_DIR": str(data)}
        figures_out, reports_out = work / "figures-edit", work / "reports-edit"
        commands = [[PYTHON, "-m", "analysis", "figures", "--out", str(figures_out)],
                    [PYTHON, "-m", "analysis", "reports", "--out", str(reports_out)]]
        for command in commands:
            subprocess.run(command, cwd=ROOT, env=edit_env, check=True, capture_output=True)
        statistics_csv = data / "statistics.csv"
        statistics_csv.write_text(statistics_csv.read_text(encoding="utf-8").replace(
            "Studies published from 2011 to 2023.", "Studies published between 2011 and 2023."), encoding="utf-8")
        started = time.perf_counter()
        outputs = [subprocess.run(c, cwd=ROOT, env=edit_env, check=True, capture_output=True, text=True).stdout
                   for c in commands]
        edit_time = time.perf_counter() - started
        built = sum(line.startswith("[") and " built " in line for out in outputs for line in out.splitlines())
        cached = sum(line.startswith("[") and " cached " in line for out in outputs for line in out.splitlines())
        rows.append(("Rebuild after editing `statistics.csv` (figures, then reports)", f"{edit_time:.2f} s",
                     f"{plain:.2f} s", f"{built} of {built + cached} rebuilt (those that read it), {cached} kept"))
        # 4. Import time.
        imp_analysis = median_of(7, [PYTHON, "-c", "import analysis"])
        imp_pandas = median_of(7, [PYTHON, "-c", "import pandas"])
        rows.append(("`import analysis` vs `import pandas` (fresh interpreter, median of 7)",
                     f"{imp_analysis:.3f} s", f"{imp_pandas:.3f} s", f"{imp_analysis / imp_pandas:.2f}×"))
        # 5. Loading and validating 1,000,000 adoption rows.
        big = work / "big"
        shutil.copytree(ROOT / "data", big)
        path = synthetic_adoption(big, 1_000_000)
        loader = ("import time, pathlib, pandas, analysis.data.tables as t, pandera.pandas, pyarrow.csv\n"
                  f"s = time.perf_counter(); f = t.read_table('adoption', pathlib.Path({str(big)!r}))\n"
                  "print(time.perf_counter() - s, len(f))")
        bare_reader = ("import time, pandas\n"
                       f"s = time.perf_counter(); f = pandas.read_csv({str(path)!r})\nprint(time.perf_counter() - s)")
        loads, bares = [], []
        for _ in range(3):  # each in a fresh interpreter, as a user's first load would be
            out = subprocess.run([PYTHON, "-c", loader], cwd=ROOT, env=env, check=True, capture_output=True,
                                 text=True).stdout.split()
            loads.append(float(out[0]))
            loaded_rows = int(out[1])
            bares.append(float(subprocess.run([PYTHON, "-c", bare_reader], cwd=ROOT, check=True, capture_output=True,
                                              text=True).stdout))
        load, bare = statistics.median(loads), statistics.median(bares)
        rows.append((f"Load and validate {loaded_rows:,} adoption rows vs bare `pandas.read_csv` "
                     "(imports excluded, median of 3 fresh interpreters)",
                     f"{load:.2f} s", f"{bare:.2f} s", f"{load / bare:.2f}×"))
        # 6. Peak memory (separate cold runs, sampled, so that sampling does not slow the timed runs).
        shutil.rmtree(work / "cache", ignore_errors=True)
        _, peak_kib = peak_memory(build_command, project_env, project)
        _, plain_peak_kib = peak_memory([JUPYTER, "nbconvert", "--execute", "--to", "html",
                                         str(plain_dir / notebooks[0].name)], project_env, project)
        rows.append(("Peak memory of the cold `build --force` (PSS of the build and its kernels, summed) vs plain "
                     f"nbconvert of one notebook ({notebooks[0].stem})",
                     f"{peak_kib / 1024:.0f} MiB", f"{plain_peak_kib / 1024:.0f} MiB",
                     f"{peak_kib / plain_peak_kib:.2f}×"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    print(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.machine()}, Python {platform.python_version()}, "
          f"{platform.system()}\n")
    print("| measurement | this project | alternative | ratio |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

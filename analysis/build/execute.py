"""The narrative notebooks, their parameters, and executing them in a fresh kernel."""

from __future__ import annotations

import ast
import fcntl
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import config

#: Default per-cell time limit, in seconds, when executing a notebook.
CELL_TIMEOUT = 600
#: The notebook clients running now (in the build's threads), so that an interrupted build can stop them.
_RUNNING: set = set()
_RUNNING_LOCK = threading.Lock()
#: A kernel's private folder in the temporary folder is `analysis-kernel-<pid of the build>-<random>`; the
#: build's figure exchange (see pipeline) is `analysis-figures-<pid>-<random>`.
KERNEL_PREFIX = "analysis-kernel-"
FIGURES_PREFIX = "analysis-figures-"
#: The folder in which kernels write the files of the charts they draw, before they go beside the reports.
KITS_PREFIX = "analysis-kits-"
_PRIVATE_FOLDER = re.compile(r"analysis-(?:kernel|figures|kits)-([0-9]{1,9})-[^/]+")
#: File in a kernel's folder that its build holds an exclusive `flock` on while the folder is in use.
_OWNER_LOCK = "owner.lock"


class ReportError(RuntimeError):
    """A notebook failed to execute; the message names the notebook, the cell and the error."""


@dataclass(frozen=True)
class Notebook:
    """A narrative notebook of `notebooks/` and the report made from it."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    def report_path(self, out_dir: Path | None = None, parameters: Mapping[str, object] | None = None) -> Path:
        """reports/NAME.html, or reports/NAME--key-value.html for a parameterised variant."""
        suffix = "".join(f"--{_slug(k)}-{_slug(str(v))}" for k, v in sorted((parameters or {}).items()))
        return Path(out_dir or config.REPORTS_DIR) / f"{self.name}{suffix}.html"


#: How a notebook shows a registered figure: `show_figure("NAME"` (see analysis.notebook).
_SHOWN_FIGURE = re.compile(r"""show_figure\(\s*["']([a-z0-9-]+)["']""")


def shown_figures(path: Path) -> list[str]:
    """The registered figures a notebook shows, in the order of its cells (read as plain JSON: quick)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    sources = ("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    return [name for source in sources for name in _SHOWN_FIGURE.findall(source)]


def _slug(text: str) -> str:
    """`text` for a file name: letters, digits, '.', '_' and '-' kept, other runs as '_'; where that changed
    it, 8 hex digits of its hash follow, so that two values never share a name ('-50', 'a_b_c-1f0e…')."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "_"
    if slug != text:
        import hashlib

        slug += "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return slug


def notebooks(names: Iterable[str] | None = None, directory: Path | None = None) -> list[Notebook]:
    """The project's notebooks (`NN-name.ipynb`), all or those named (with or without `.ipynb`)."""
    directory = Path(directory or config.NOTEBOOKS_DIR)
    found = {p.stem: Notebook(p) for p in sorted(directory.glob("[0-9][0-9]-*.ipynb"))}
    if not names:
        return list(found.values())
    selected = []
    for name in names:
        stem = Path(name).name.removesuffix(".ipynb")
        if stem not in found:
            raise KeyError(f"no notebook named {name!r} in {config.display_path(directory)}; known: {', '.join(found)}")
        selected.append(found[stem])
    return selected


def parse_value(text: str) -> object:
    """A parameter given on the command line: a Python literal where it is one, else the text itself."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _parameters_cell(nb) -> int | None:
    return next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)


def declared_parameters(nb) -> list[str]:
    """The names assigned in the notebook's cell tagged `parameters`, in order (none without that cell)."""
    index = _parameters_cell(nb)
    if index is None:
        return []
    try:
        tree = ast.parse(nb.cells[index].source)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id not in names:
                    names.append(leaf.id)
    return names


def check_parameters(notebook: Notebook, parameters: Mapping[str, object]) -> None:
    """Raise ReportError unless every parameter is one the notebook's `parameters` cell declares."""
    if not parameters:
        return
    import nbformat

    nb = nbformat.read(notebook.path, as_version=4)
    where = config.display_path(notebook.path)
    if _parameters_cell(nb) is None:
        raise ReportError(f"{where} has no cell tagged 'parameters', so it cannot take parameters")
    declared = declared_parameters(nb)
    unknown = [name for name in parameters if name not in declared]
    if unknown:
        raise ReportError(
            f"{where} has no parameter {', '.join(repr(n) for n in unknown)}; "
            f"its parameters are: {', '.join(declared) or 'none'}"
        )


def inject_parameters(nb, parameters: Mapping[str, object]) -> None:
    """Insert a cell assigning `parameters` after the cell tagged `parameters` (papermill's convention), and a
    notice after the title cell that the page is a variant, naming the parameters given."""
    import nbformat

    if not parameters:
        return
    index = _parameters_cell(nb)
    if index is None:
        raise ReportError("the notebook has no cell tagged 'parameters', so it cannot take parameters")
    from ..text.formatting import join_words
    from ..text.markup import md

    source = "# Parameters given to this build\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, id="injected-parameters")
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    # The page says, before anything else, that it is a variant: its comparisons are this report's own.
    given = join_words([f"{md(k)} = {md(repr(v))}" for k, v in parameters.items()])
    notice = nbformat.v4.new_markdown_cell(
        f"**A variant of this report**, run with {given} instead of the values in its parameters cell. What "
        "depends on them is computed for this variant; it was not said at the summit and is not in the default "
        "report.", id="variant-notice")
    notice.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0, notice)


@dataclass
class Execution:
    """An executed notebook and the data files its kernel read."""

    nb: object
    reads: list[str] = field(default_factory=list)


def execute(
    notebook: Notebook,
    timeout: int = CELL_TIMEOUT,
    parameters: Mapping[str, object] | None = None,
    figures: Mapping[str, object] | None = None,
) -> Execution:
    """Run every cell in a new kernel, in the notebook's folder; record which data files it read.

    `figures` tells the kernel which registered figures are up to date in which folder
    (`{"dir": …, "fresh": […]}`; see `analysis.notebook.show_figure`).
    Kernel folders left in the temporary folder by killed builds are removed first
    (`remove_dead_private_folders`).
    Raises ReportError naming the notebook, the failing cell's number and first lines, and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    from traitlets.config import Config

    remove_dead_private_folders()
    nb = nbformat.read(notebook.path, as_version=4)
    inject_parameters(nb, parameters or {})
    # The kernel talks over Unix sockets in a private temporary folder: no TCP ports to collide when
    # several notebooks run at once. The same folder holds its connection file (with its key; by default
    # jupyter_client would write it to $TMPDIR itself) and the log of data files the kernel reads.
    with private_folder(KERNEL_PREFIX) as private:
        read_log = private / "reads.txt"
        config_ = Config({"KernelManager": {"transport": "ipc", "ip": str(private / "kernel"),
                                            "connection_file": str(private / "connection.json")}})
        client = NotebookClient(
            nb,
            config=config_,
            kernel_name="python3",
            timeout=timeout,
            resources={"metadata": {"path": str(notebook.path.parent)}},
            record_timing=False,
            shutdown_kernel="immediate",
            # No command history database: nothing to write, nothing shared between parallel kernels.
            extra_arguments=["--HistoryManager.enabled=False"],
        )
        # One thread per kernel for numerical libraries: kernels already run side by side, one per core.
        threads = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
        env = {**os.environ, **threads, config.READ_LOG_VARIABLE: str(read_log)}
        if figures is not None:
            env[config.FIGURES_VARIABLE] = json.dumps(figures)
        with _RUNNING_LOCK:
            _RUNNING.add(client)
        try:
            client.execute(env=env)
        except (CellExecutionError, CellTimeoutError) as exc:
            raise ReportError(_failure_message(notebook, nb, exc, timeout)) from None
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(client)
        reads = read_log.read_text(encoding="utf-8").split() if read_log.exists() else []
    return Execution(nb, sorted(set(reads)))


@contextmanager
def private_folder(prefix: str) -> Iterator[Path]:
    """A private folder (mode 0700): for a kernel's connection file (its HMAC key), sockets and read log
    (`KERNEL_PREFIX`), for the build's figure exchange (`FIGURES_PREFIX`), or for the files of charts drawn in
    kernels (`KITS_PREFIX`).

    Named after this process (`<prefix><pid>-…`) and locked while in use, so that
    `remove_dead_private_folders` can tell it from what a killed build left behind; removed on exit.
    """
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as name:
        folder = Path(name)
        folder.chmod(0o700)  # mkdtemp's mode already, whatever the umask; made sure of
        with open(folder / _OWNER_LOCK, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield folder


def remove_dead_private_folders(temp_dir: Path | None = None) -> list[Path]:
    """Remove the private folders (kernels', figure exchanges' and chart files') that killed builds left behind
    in the temporary folder.

    A folder `analysis-kernel-<pid>-…`, `analysis-figures-<pid>-…` or `analysis-kits-<pid>-…` is removed only
    when it is a real folder (not a link) owned by this user, process <pid> no longer exists, and no process
    holds its lock (a build in another PID namespace sharing the folder). A live build's folder is never touched; one whose pid was reused stays until that
    process ends. Folders of earlier versions (no pid in the name) are left alone. Returns those removed.
    """
    root = Path(temp_dir or tempfile.gettempdir())
    removed = []
    for folder in root.glob("analysis-*-*"):
        match = _PRIVATE_FOLDER.fullmatch(folder.name)
        if match is None or _alive(int(match[1])):
            continue
        try:
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not _in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            if not os.path.lexists(folder):
                removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (also when it is another user's); 0 is never taken for a dead build."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists
        return True
    return True


def _in_use(folder: Path) -> bool:
    """Whether a process holds the lock of a kernel folder (made by `private_folder`)."""
    try:
        handle = os.open(folder / _OWNER_LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return False
    except OSError:  # cannot tell: keep it
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False


def _cell_name(nb, index: int) -> str:
    """'cell N', N counting the cells of the notebook file (so the same cell has the same number with or
    without `-p`), or 'the parameters given with -p' for the cell the build inserted."""
    if "injected-parameters" in nb.cells[index].get("metadata", {}).get("tags", []):
        return "the cell of parameters given with -p"
    inserted = sum("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells[:index])
    return f"cell {index + 1 - inserted}"


def _failure_message(notebook: Notebook, nb, exc: Exception, timeout: int) -> str:
    where = config.display_path(notebook.path)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return (f"{where}: {_cell_name(nb, index)} failed: {output.get('ename')}: {output.get('evalue')}\n"
                        f"{_head(cell)}")
    if type(exc).__name__ == "CellTimeoutError":
        # The running cell is the last one that started (nbclient numbers a cell when it starts).
        started = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
        index = started[-1] if started else next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        return f"{where}: {_cell_name(nb, index)} did not finish within {timeout} s\n{_head(nb.cells[index])}"
    return f"{where}: execution failed: {exc}"


def _head(cell) -> str:
    return "\n".join("    " + line for line in cell.source.splitlines()[:3])


def stop_running_kernels() -> None:
    """Kill the kernel of every notebook running now (after Ctrl-C or an error, so that no thread goes on)."""
    with _RUNNING_LOCK:
        clients = list(_RUNNING)
    for client in clients:
        process = getattr(getattr(getattr(client, "km", None), "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # it ended meanwhile
                pass

"""Executing the notebooks and exporting them as self-contained HTML reports."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import config
from .saving import atomic_write_text

#: Per-cell time limit, in seconds, when executing a notebook.
CELL_TIMEOUT = 600


class ReportError(RuntimeError):
    """A notebook failed to execute; the message names the notebook, the cell and the error."""


@dataclass(frozen=True)
class Notebook:
    """A narrative notebook of `notebooks/` and the report made from it."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    def report_path(self, out_dir: Path | None = None) -> Path:
        return Path(out_dir or config.REPORTS_DIR) / f"{self.name}.html"


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


def _title(nb) -> str:
    """The first Markdown heading of the notebook, as the page title."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return "Report"


def execute(notebook: Notebook, timeout: int = CELL_TIMEOUT):
    """Run every cell of the notebook in a fresh kernel, in the notebook's folder; returns the notebook."""
    import nbformat
    from nbclient import NotebookClient
    from traitlets.config import Config
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook.path, as_version=4)
    # The kernel talks over Unix sockets in a private temporary folder: no TCP ports to collide
    # when several notebooks run at once, and nothing sent unencrypted over the network stack.
    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as sockets:
        config = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}})
        client = NotebookClient(
            nb,
            config=config,
            kernel_name="python3",
            timeout=timeout,
            resources={"metadata": {"path": str(notebook.path.parent)}},
            record_timing=False,
        )
        try:
            client.execute()
        except CellExecutionError as exc:
            raise ReportError(_failure_message(notebook, nb, exc)) from None
    return nb


def _failure_message(notebook: Notebook, nb, exc) -> str:
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                head = "\n".join("    " + line for line in cell.source.splitlines()[:3])
                return (
                    f"{config.display_path(notebook.path)}: cell {number} failed: "
                    f"{output.get('ename')}: {output.get('evalue')}\n{head}"
                )
    return f"{config.display_path(notebook.path)}: execution failed: {exc}"


def to_html(nb, with_code: bool = False) -> str:
    """The executed notebook as one self-contained HTML page (code hidden unless `with_code`)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": _title(nb)}})
    return body


def build_reports(
    names: Iterable[str] | None = None,
    out_dir: Path | None = None,
    with_code: bool = False,
    on_written: Callable[[Notebook, Path], None] | None = None,
) -> list[Path]:
    """Execute the notebooks and write their HTML reports; a report is replaced only on success."""
    written = []
    for notebook in notebooks(names):
        html = to_html(execute(notebook), with_code=with_code)
        path = notebook.report_path(out_dir)
        atomic_write_text(path, html)
        written.append(path)
        if on_written is not None:
            on_written(notebook, path)
    return written

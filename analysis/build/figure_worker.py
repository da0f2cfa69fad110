"""`python -m analysis.build.figure_worker TASK.json`: the figure step of `build`, in a process of its own.

`build` starts it after validating the data, so that the figures are drawn on one core while the notebooks
run on the others. The task names the figures, the folder to write them to, a build record of its own
(which `build` then takes into its record) and the file in which each figure is announced when done (one
JSON object a line: name, status, seconds, message, outputs); the notebooks' kernels wait for it there.
The worker stops when the build that started it has gone.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .cache import Manifest
from .figures import _build_figures
from .progress import Result


def announce(ready: Path, result: Result) -> None:
    """Append a figure's result to the `ready` file, as one line written at once."""
    entry = {"name": result.name, "status": "failed" if result.status == "failed" else "built",
             "seconds": result.seconds, "message": result.message, "outputs": [str(p) for p in result.outputs]}
    with open(ready, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(entry) + "\n")


def main(task_file: str) -> int:
    task = json.loads(Path(task_file).read_text(encoding="utf-8"))
    parent, ready = os.getppid(), Path(task["ready"])

    def on_result(result: Result) -> None:
        announce(ready, result)
        if os.getppid() != parent:  # the build was killed: draw nothing more for it
            raise SystemExit(1)

    _build_figures(task["names"], out_dir=Path(task["out"]), force=True, manifest=Manifest(Path(task["manifest"])),
                   show_progress=False, on_result=on_result)
    return 0


if __name__ == "__main__":  # pragma: no cover - started by analysis.build.pipeline
    sys.exit(main(sys.argv[1]))

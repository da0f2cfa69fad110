"""What happened to each figure and report, shown as it happens and summed up at the end."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """What happened to one figure or report."""

    kind: str  # "figure" or "report"
    name: str
    status: str  # "built", "cached" or "failed"
    seconds: float = 0.0
    message: str = ""
    outputs: tuple[Path, ...] = field(default=())


class Progress:
    """A progress bar on a terminal; one plain line per item otherwise (as in CI logs)."""

    def __init__(self, total: int, label: str, stream=None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.total, self.count, self.label = total, 0, label
        self.bar = None
        if enabled and total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, file=self.stream, unit=label.rstrip("s"), leave=False)
        self.enabled = enabled

    def update(self, result: Result) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.status} {result.name}", refresh=False)
            self.bar.update(1)
            if result.status == "failed":
                self.bar.write(result.message, file=self.stream)
        else:
            timing = f" ({result.seconds:.1f} s)" if result.status == "built" else ""
            print(f"[{self.count}/{self.total}] {result.status} {result.kind} {result.name}{timing}", flush=True)
            if result.status == "failed":
                print(result.message, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def summary(results: Iterable[Result], seconds: float) -> str:
    """'figures: 1 built, 8 cached, 0 failed; reports: ... in 2.3 s'."""
    results = list(results)
    parts = []
    for kind in ("figure", "report"):
        mine = [r for r in results if r.kind == kind]
        if mine:
            counts = {s: sum(r.status == s for r in mine) for s in ("built", "cached", "failed")}
            parts.append(f"{kind}s: {counts['built']} built, {counts['cached']} cached, {counts['failed']} failed")
    return "; ".join(parts) + f" in {seconds:.1f} s"

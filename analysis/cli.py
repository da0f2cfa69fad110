"""The command line: `python -m analysis COMMAND`.

Exit status: 0 on success, 1 when a notebook fails, 2 when a data file is invalid (one line per
problem, no traceback), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import config
from .errors import DataError

EXIT_OK, EXIT_FAILED, EXIT_BAD_DATA, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Validate the summit data, write the figures and build the HTML reports.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"read the tables from this folder instead of data/ (also settable as ${config.DATA_DIR_VARIABLE})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("validate", help="check every data file against its schema")
    commands.add_parser("list", help="list the figures and notebooks")
    commands.add_parser("codebook", help="rewrite data/README.md from data/datapackage.json")
    figures = commands.add_parser("figures", help="write figures/NAME.png and .svg")
    figures.add_argument("names", nargs="*", metavar="NAME", help="figures to write (default: all)")
    figures.add_argument("--out", type=Path, help="folder to write to (default: figures/)")
    reports = commands.add_parser("reports", help="execute notebooks and write reports/NAME.html")
    reports.add_argument("names", nargs="*", metavar="NAME", help="notebooks to build (default: all)")
    reports.add_argument("--out", type=Path, help="folder to write to (default: reports/)")
    reports.add_argument("--with-code", action="store_true", help="include the code cells in the reports")
    build = commands.add_parser("build", help="figures, then reports")
    build.add_argument("--with-code", action="store_true", help="include the code cells in the reports")
    return parser


def _say(text: str) -> None:
    print(text, flush=True)


def _validate() -> int:
    from .load import load_all

    tables = load_all()
    for name, frame in tables.items():
        _say(f"ok  {name}: {len(frame)} rows")
    return EXIT_OK


def _codebook() -> int:
    from .codebook import codebook_path, render_codebook
    from .load import load_all
    from .saving import atomic_write_text

    path = codebook_path()
    atomic_write_text(path, render_codebook(load_all()))
    _say(f"wrote {config.display_path(path)}")
    return EXIT_OK


def _list() -> int:
    from .figures import FIGURES
    from .reports import notebooks

    _say("figures:")
    for spec in FIGURES.values():
        _say(f"  {spec.name:<30} {spec.description}")
    _say("notebooks:")
    for notebook in notebooks():
        _say(f"  {notebook.name}")
    return EXIT_OK


def _figures(names: Sequence[str], out: Path | None) -> int:
    from .figures import write_figures

    written = write_figures(names, out, on_written=lambda name, paths: _say(f"wrote {name} (png, svg)"))
    _say(f"{len(written)} figure files written to {config.display_path(Path(out or config.FIGURES_DIR))}")
    return EXIT_OK


def _reports(names: Sequence[str], out: Path | None, with_code: bool) -> int:
    from .load import load_all
    from .reports import build_reports

    load_all()  # bad data stops the build before any notebook runs
    written = build_reports(
        names, out, with_code, on_written=lambda nb, path: _say(f"wrote {config.display_path(path)}")
    )
    _say(f"{len(written)} report(s) written")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.data_dir is not None:
        # An environment variable, so that notebook kernels started by the build read the same data.
        os.environ[config.DATA_DIR_VARIABLE] = str(args.data_dir.resolve())
    from .reports import ReportError

    try:
        if args.command == "validate":
            return _validate()
        if args.command == "list":
            return _list()
        if args.command == "codebook":
            return _codebook()
        if args.command == "figures":
            return _figures(args.names, args.out)
        if args.command == "reports":
            return _reports(args.names, args.out, args.with_code)
        if args.command == "build":
            return _figures((), None) or _reports((), None, args.with_code)
    except DataError as exc:
        print(f"error: {len(exc.problems)} problem(s) in the data; nothing was written.", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_DATA
    except (ReportError, KeyError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    raise AssertionError(f"unhandled command {args.command!r}")  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

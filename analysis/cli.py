"""The command line: `python -m analysis COMMAND`.

Exit status: 0 on success, 1 when a notebook fails (the others are still built) or an output cannot be
written (one line: the path and the cause; earlier outputs are left as they were), 2 when a data file is
invalid (one line per problem, no traceback, nothing written), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import config
from .errors import DataError
from .files import WriteError
from .build.execute import CELL_TIMEOUT

EXIT_OK, EXIT_FAILED, EXIT_BAD_DATA, EXIT_INTERRUPTED = 0, 1, 2, 130


def _positive(text: str) -> int:
    """A whole number of at least 1, for --jobs and --timeout."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


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

    def building(sub: argparse.ArgumentParser, reports: bool) -> None:
        sub.add_argument("--force", action="store_true", help="rebuild everything, even what is up to date")
        if reports:
            sub.add_argument("--jobs", "-j", type=_positive, help="notebooks run at once (default: number of CPU cores)")
            sub.add_argument("--timeout", type=_positive, default=CELL_TIMEOUT,
                             help=f"seconds a cell may run (default: {CELL_TIMEOUT})")
            sub.add_argument("--with-code", action="store_true", help="include the code cells in the reports")

    figures = commands.add_parser("figures", help="write figures/NAME.png and .svg that are out of date")
    figures.add_argument("names", nargs="*", metavar="NAME", help="figures to write (default: all)")
    figures.add_argument("--out", type=Path, help="folder to write to (default: figures/)")
    building(figures, reports=False)
    reports = commands.add_parser("reports", help="execute notebooks and write reports/NAME.html that are out of date")
    reports.add_argument("names", nargs="*", metavar="NAME", help="notebooks to build (default: all)")
    reports.add_argument("--out", type=Path, help="folder to write to (default: reports/)")
    reports.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
        help="set a parameter of the notebook (papermill style); writes reports/NAME--KEY-VALUE.html",
    )
    building(reports, reports=True)
    build = commands.add_parser("build", help="figures and reports (each figure drawn once, while the notebooks run)")
    building(build, reports=True)
    return parser


def _say(text: str) -> None:
    print(text, flush=True)


def _validate() -> int:
    from .data.load import load_all

    tables = load_all()
    for name, frame in tables.items():
        _say(f"ok  {name}: {len(frame)} rows")
    return EXIT_OK


def _codebook() -> int:
    from .data.codebook import codebook_path, render_codebook
    from .data.load import load_all
    from .files import atomic_write_text

    path = codebook_path()
    atomic_write_text(path, render_codebook(load_all()))
    _say(f"wrote {config.display_path(path)}")
    return EXIT_OK


def _list() -> int:
    from .build.execute import notebooks
    from .charts.registry import FIGURES

    _say("figures:")
    for spec in FIGURES.values():
        _say(f"  {spec.name:<30} {spec.description}")
    _say("notebooks:")
    for notebook in notebooks():
        _say(f"  {notebook.name}")
    return EXIT_OK


def _finish(results, started: float) -> int:
    from .build.progress import summary

    _say(summary(results, time.perf_counter() - started))
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def _figures(args: argparse.Namespace) -> list:
    from .build.figures import build_figures

    return build_figures(args.names or None if args.command == "figures" else None, out_dir=getattr(args, "out", None),
                         force=args.force)


def _reports(args: argparse.Namespace) -> list:
    from .build.reports import build_reports

    parameters = _parameters(getattr(args, "parameter", []))
    return build_reports(
        args.names if args.command == "reports" else None,
        out_dir=getattr(args, "out", None),
        force=args.force,
        jobs=args.jobs,
        with_code=args.with_code,
        parameters=parameters,
        timeout=args.timeout,
    )


def _build(args: argparse.Namespace) -> list:
    from .build.pipeline import build_all

    return build_all(force=args.force, jobs=args.jobs, with_code=args.with_code, timeout=args.timeout)


def _take_parameters(argv: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The arguments without `-p KEY VALUE` (or `--parameter KEY VALUE`), and those pairs.

    Taken out before argparse sees them, because argparse reads a value such as `-1e3` as an option.
    """
    rest, pairs, i = [], [], 0
    while i < len(argv):
        if argv[i] in ("-p", "--parameter") and "reports" in rest:
            if i + 2 >= len(argv):
                raise SystemExit(f"python -m analysis: error: {argv[i]} needs a KEY and a VALUE")
            pairs.append((argv[i + 1], argv[i + 2]))
            i += 3
        else:
            rest.append(argv[i])
            i += 1
    return rest, pairs


def _parameters(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """`-p` values as Python literals where they are one (else text); a number must be finite."""
    import math

    from .build.execute import ReportError, parse_value

    parameters = {}
    for key, text in pairs:
        value = parse_value(text)
        if isinstance(value, float) and not math.isfinite(value) or isinstance(value, complex):
            raise ReportError(f"-p {key} {text}: expected a finite real number or a text, not {value!r}")
        parameters[key] = value
    return parameters


def main(argv: Sequence[str] | None = None) -> int:
    argv, pairs = _take_parameters(list(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(argv)
    if args.command == "reports":
        args.parameter = pairs
    if args.data_dir is not None:
        # An environment variable, so that notebook kernels started by the build read the same data.
        os.environ[config.DATA_DIR_VARIABLE] = str(args.data_dir.resolve())
    from .build.execute import ReportError

    try:
        if args.command == "validate":
            return _validate()
        if args.command == "list":
            return _list()
        if args.command == "codebook":
            return _codebook()
        started = time.perf_counter()
        if args.command == "figures":
            return _finish(_figures(args), started)
        if args.command == "reports":
            return _finish(_reports(args), started)
        if args.command == "build":
            return _finish(_build(args), started)
    except DataError as exc:
        print(f"error: {len(exc.problems)} problem(s) in the data; nothing was written.", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_DATA
    except (ReportError, KeyError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_FAILED
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:  # e.g. the build lock in a read-only cache folder
        where = config.display_path(Path(exc.filename)) if exc.filename else "a file"
        print(f"error: cannot use {where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    raise AssertionError(f"unhandled command {args.command!r}")  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

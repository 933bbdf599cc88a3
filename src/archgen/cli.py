"""The ``archgen`` command: arguments, messages and exit codes only.

Exit codes: 0 success, 1 an invalid spec or a failed render, 2 bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archgen import __version__
from archgen.errors import ArchgenError, FileSystemError, SpecError, UsageError, file_error
from archgen.escape.terminal import visible

if TYPE_CHECKING:
    from archgen.build import SpecResult

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_EPILOG = """\
examples:
  archgen build                          render every spec in specs/ into output/
  archgen build specs/cqrs.yaml -o out   render one spec into out/svg, out/png
  archgen build --format svg,ascii       only SVG and box art
  archgen ascii specs/cqrs.yaml          print one spec as box art
  archgen check specs/                   validate specs, print every problem
  archgen kinds                          the kind vocabulary and its icons per set
"""


def _formats(text: str) -> list[str]:
    from archgen.build import ALL_FORMATS

    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
    for fmt in chosen:
        if fmt not in ALL_FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format '{fmt}'; choose from {', '.join(ALL_FORMATS)}"
            )
    if not chosen:
        raise argparse.ArgumentTypeError("no format given")
    return list(dict.fromkeys(chosen))


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 24 <= value <= 1200:
        raise argparse.ArgumentTypeError("dpi must be between 24 and 1200")
    return value


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``archgen`` command."""
    top = argparse.ArgumentParser(
        prog="archgen",
        description="Architecture diagrams as code: YAML specs to SVG, PNG and more.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"archgen {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    build = sub.add_parser(
        "build",
        help="render specs into an output folder",
        description="Render specs into DIR/svg/<id>.svg, DIR/png/<id>.png, ...",
        epilog="examples:\n  archgen build\n  archgen build specs/cqrs.yaml -o out --format svg\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument(
        "paths", nargs="*", metavar="PATH", help="spec files or folders (default: specs/)"
    )
    build.add_argument(
        "-o", "--output", default="output", metavar="DIR", help="output folder (default: output/)"
    )
    build.add_argument(
        "--format",
        type=_formats,
        default=None,
        metavar="LIST",
        help="comma-separated formats: svg, png, ascii, dot (default: svg,png,ascii)",
    )
    build.add_argument("--dpi", type=_dpi, default=96, help="PNG resolution (default: 96)")
    build.add_argument("-j", "--jobs", type=int, default=None, help="specs rendered at once")
    build.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build.add_argument(
        "-t",
        "--templates",
        default="templates",
        metavar="DIR",
        help="guide templates (guide.md.j2 there turns on DIR/guide.md; default: templates/)",
    )
    build.add_argument(
        "-d", "--data", default="data", metavar="DIR", help="guide data files (default: data/)"
    )

    check = sub.add_parser(
        "check",
        help="validate specs without rendering",
        description="Validate specs; print every problem as file:line:col: message.",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="spec files or folders (default: specs/)"
    )
    check.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    ascii_cmd = sub.add_parser(
        "ascii",
        help="print a spec as Unicode box art",
        description="Draw one spec as box art on standard output (no Graphviz needed).",
        epilog="examples:\n  archgen ascii specs/cqrs.yaml\n"
        "  archgen ascii specs/cdn.yaml --charset ascii --width 100\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ascii_cmd.add_argument("spec", metavar="SPEC", help="a spec file")
    ascii_cmd.add_argument(
        "--charset", choices=("unicode", "ascii"), default="unicode", help="glyphs to draw with"
    )
    ascii_cmd.add_argument(
        "--width",
        type=int,
        default=100,
        metavar="N",
        help="columns to fit the figure to, wrapping its texts if need be, and to fail "
        "beyond (default 100; 0 for no limit)",
    )

    guide = sub.add_parser(
        "guide",
        help="render the text guide from templates, data and specs",
        description="Render guide.md.j2 (your template folder first, then archgen's default).",
        epilog="examples:\n  archgen guide -o output/guide.md\n"
        "  archgen guide -t my-templates -d my-data --figures svg\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    guide.add_argument("-t", "--templates", default="templates", metavar="DIR")
    guide.add_argument("-d", "--data", default="data", metavar="DIR")
    guide.add_argument("-o", "--output", default=None, metavar="FILE", help="default: stdout")
    guide.add_argument("--specs", default="specs", metavar="DIR", help="default: specs/")
    guide.add_argument(
        "--figures",
        choices=("ascii", "svg", "png"),
        default="ascii",
        help="box art in code blocks, or image links",
    )

    sub.add_parser("kinds", help="print the kind vocabulary and each icon set's classes")
    sub.add_parser("schema", help="print the JSON Schema of the spec language")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Every failure ends in one line on stderr and exit 1 (2 for bad usage), never a
    traceback; set ARCHGEN_DEBUG=1 to see the traceback of an internal error.
    """
    args = parser().parse_args(argv)
    _collect_seldom()
    _stop_dots_on_signals()
    code = _run(args)
    return _flush(code)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
        if args.command == "ascii":
            return _ascii(args)
        if args.command == "guide":
            return _guide(args)
        if args.command == "kinds":
            return _kinds()
        if args.command == "schema":
            return _schema()
    except UsageError as exc:
        _say(f"archgen: error: {exc}")
        return EXIT_USAGE
    except ArchgenError as exc:
        _say(f"archgen: error: {exc}")
        return EXIT_INVALID
    except _StdoutError as exc:
        if isinstance(exc.error, BrokenPipeError):
            return _stdout_gone(EXIT_OK)
        return _stdout_gone(EXIT_INVALID, exc.error)
    except OSError as exc:
        _say(f"archgen: error: {file_error(exc, 'use', exc.filename)}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except (RecursionError, MemoryError) as exc:
        if os.environ.get("ARCHGEN_DEBUG"):
            raise
        _say(f"archgen: error: the figure is too large to draw ({exc.__class__.__name__})")
        return EXIT_INVALID
    except Exception as exc:
        if os.environ.get("ARCHGEN_DEBUG"):
            raise
        _say(
            f"archgen: internal error: {exc.__class__.__name__}: {exc} "
            "(a bug in archgen; ARCHGEN_DEBUG=1 shows the traceback)"
        )
        return EXIT_INVALID
    return EXIT_USAGE


def _say(line: str) -> None:
    """Print one message to stderr, control characters shown escaped."""
    with contextlib.suppress(OSError):
        print(visible(line), file=sys.stderr)


class _StdoutError(Exception):
    """Standard output cannot be written."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _out(text: str) -> None:
    """Write to stdout (figures, listings)."""
    try:
        sys.stdout.write(text)
    except OSError as exc:
        raise _StdoutError(exc) from None


def _stdout_gone(code: int, exc: OSError | None = None) -> int:
    """stdout cannot be written (a closed pipe, a full disk): say so once, and make sure
    the interpreter's own flush at exit prints no traceback."""
    if exc is not None:
        _say(f"archgen: error: cannot write to standard output: {exc.strerror}")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return code


def _flush(code: int) -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _stdout_gone(code)
    except OSError as exc:
        return _stdout_gone(EXIT_INVALID, exc)
    return code


def _collect_seldom() -> None:
    """Run Python's cycle collector far less often than its default (every 700
    new objects): a command builds many small objects that hold no cycles, its
    own modules (imported lazily, per command) among them, and then exits. With
    the default the collector rescans the growing heap over and over: about 40 ms
    of a 500-node ``archgen ascii``, most of it while the layout's modules load
    (``_ascii`` then turns the collector off for the figure itself). Cycles are
    still collected, in larger batches."""
    gc.freeze()  # what start-up made is never garbage
    gc.set_threshold(100_000, 50, 100)


def _stop_dots_on_signals() -> None:
    """On SIGTERM or SIGHUP, kill the running ``dot`` processes, then exit (143, 129).

    Commands that never run ``dot`` (``ascii``, ``check``) never import the
    module that starts it, so they do not pay for its imports at start-up."""

    def stop(signum: int, _frame: object) -> None:
        dotrun = sys.modules.get("archgen.renderers.dotrun")
        if dotrun is not None:
            dotrun.kill_all()
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, stop)


def _paths(args: argparse.Namespace) -> list[Path]:
    from archgen.build import discover

    raw = args.paths or ["specs"]
    found = discover(raw)
    if not found:
        raise UsageError(f"no spec files (*.yaml) found in {', '.join(raw)}")
    return found


def _build(args: argparse.Namespace) -> int:
    from archgen.build import DEFAULT_FORMATS, build, sweep_partial_writes
    from archgen.lock import output_lock
    from archgen.renderers.dotrun import dot_path
    from archgen.renderers.graphviz import GRAPHVIZ_FORMATS
    from archgen.spec.load import display_path

    out_dir = Path(args.output)
    formats = args.format or list(DEFAULT_FORMATS)
    paths = _paths(args)
    if any(f in GRAPHVIZ_FORMATS for f in formats):
        dot_path()  # no Graphviz: say so before the output folder is touched
    failed = 0

    def report(result: SpecResult) -> None:
        nonlocal failed
        if result.error is not None:
            failed += 1
            _print_error(result.error, display_path(result.path))
        elif not args.quiet:
            written = ", ".join(display_path(p) for p in result.written)
            _out(f"built {display_path(result.path)} -> {written}\n")

    def note(message: str) -> None:
        _say(f"archgen: note: {message}")

    with output_lock(out_dir, note) as root:
        sweep_partial_writes(out_dir)
        results = build(paths, out_dir, formats, args.dpi, args.jobs, report, root, note)
        if failed:
            _say(f"archgen: {failed} of {len(results)} specs failed; {len(results) - failed} built")
            _say("archgen: guide and gallery not written: fix the specs first")
            return EXIT_INVALID
        written = _write_guide_and_gallery(args, results, out_dir, formats)
    if not args.quiet:
        count = f"{len(results)} spec{'' if len(results) == 1 else 's'}"
        _out(f"{count} built; wrote " + ", ".join(display_path(p) for p in written) + "\n")
    return EXIT_OK


def _write_guide_and_gallery(
    args: argparse.Namespace, results: Sequence[SpecResult], out_dir: Path, formats: list[str]
) -> list[Path]:
    from archgen.build import write_gallery, write_guides
    from archgen.guide import MissingSpecError

    try:
        written = write_guides(results, out_dir, Path(args.templates), Path(args.data))
    except MissingSpecError as exc:
        # A build of chosen spec files (a quick preview) cannot write a guide that
        # shows other specs; in a build of whole folders a missing one is an error.
        if all(Path(p).is_dir() for p in args.paths or ["specs"]):
            raise
        _say(
            f"archgen: note: guide not written: it shows spec '{exc.ident}', which this "
            "build did not include (build the whole folder to write it)"
        )
        written = []
    written.append(write_gallery(results, out_dir, formats))
    return written


def _check(args: argparse.Namespace) -> int:
    from archgen.build import check_all
    from archgen.spec.load import display_path

    results = check_all(_paths(args))
    failed = 0
    for result in results:
        if result.error is not None:
            failed += 1
            _print_error(result.error, display_path(result.path))
        elif not args.quiet:
            _out(f"ok {display_path(result.path)}\n")
    if failed:
        _say(f"archgen: {failed} of {len(results)} specs are invalid")
        return EXIT_INVALID
    return EXIT_OK


def _ascii(args: argparse.Namespace) -> int:
    from archgen.graph.build import build as build_graph
    from archgen.layout import render_ascii
    from archgen.spec.load import load

    if args.width != 0 and args.width < 10:
        raise UsageError("--width must be 0 (no limit) or at least 10")
    # One figure, then the process ends: the layout makes no garbage cycles worth
    # collecting, and the collector's passes cost about 8% of a large figure.
    gc.disable()
    try:
        spec = load(args.spec)
    except SpecError as exc:
        _print_error(exc)
        return EXIT_INVALID
    _out(render_ascii(build_graph(spec), args.charset, args.width))
    return EXIT_OK


def _guide(args: argparse.Namespace) -> int:
    from archgen.build import discover
    from archgen.graph.build import build as build_graph
    from archgen.guide import GuideSources, render_guide
    from archgen.layout import guide_figure
    from archgen.spec.load import load

    specs = {}
    failed = 0
    for path in discover([args.specs]):
        try:
            spec = load(path)
        except SpecError as exc:
            _print_error(exc)
            failed += 1
            continue
        specs[spec.id] = spec
    if failed:
        return EXIT_INVALID
    templates = Path(args.templates)
    if templates.exists() and not templates.is_dir():
        raise UsageError(f"--templates {args.templates} is not a folder")
    sources = GuideSources(
        specs,
        lambda ident: guide_figure(build_graph(specs[ident])),
        templates if templates.is_dir() else None,
        Path(args.data),
    )
    text = render_guide(sources, "guide.md.j2", args.figures)
    if args.output:
        from archgen.build import write_atomic

        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        _out(text)
    return EXIT_OK


def _print_error(error: ArchgenError, spec: str | None = None) -> None:
    """A spec's problems, one ``file:line:col: message`` line each; any other error as
    one ``archgen: error:`` line naming the spec."""
    if isinstance(error, SpecError):
        for diagnostic in error.diagnostics:
            _say(f"{diagnostic}")
    elif spec is not None and not isinstance(error, FileSystemError):
        _say(f"archgen: error: {spec}: {error}")
    else:
        _say(f"archgen: error: {error}")


def _kinds() -> int:
    from archgen import kinds

    rows = kinds.kinds_table()
    header = ["kind", *kinds.ICON_SETS]
    table = [header] + [[kind, *(icons[s] for s in kinds.ICON_SETS)] for kind, icons in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        _out("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n")
        if n == 0:
            _out("  ".join("-" * w for w in widths) + "\n")
    return EXIT_OK


def _schema() -> int:
    from archgen.spec.schema import schema_text

    _out(schema_text())
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

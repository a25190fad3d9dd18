"""argv → calls → exit code. Problems are printed as 'path:line:col: error: message'."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .errors import BuildFailed, Problem
from .output import OutputError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a community centre's website and calendar feeds.")
    parser.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: the current one)")
    commands = parser.add_subparsers(dest="command", required=True)
    today_help = "the day to treat as today for 'upcoming' (default: the real date)"
    build = commands.add_parser("build", help="build the site into output/")
    build.add_argument("--today", type=_date, help=today_help)
    build.add_argument("--out", type=Path, help="where to write the site (default: <site>/output)")
    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change")
    serve.add_argument("--today", type=_date, help=today_help)
    serve.add_argument("--out", type=Path, help="where to write the site (default: <site>/output)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--no-watch", action="store_true", help="serve without rebuilding on changes")
    check = commands.add_parser("check", help="validate the sources without writing anything")
    check.add_argument("--today", type=_date, help=today_help)
    posters = commands.add_parser("posters", help="print this month's and next month's A4 posters as PDF")
    posters.add_argument("--pdf", type=Path, required=True, metavar="DIR", help="folder for the PDF files")
    posters.add_argument("--today", type=_date, help=today_help)
    return parser


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    root = args.site.resolve()
    today = args.today or dt.date.today()
    from . import build as build_module

    try:
        if args.command == "check":
            problems = build_module.check(root, today)
            print_problems(problems)
            print(f"sitegen check: no errors, {len(problems)} warning(s)")
            return 0
        if args.command == "posters":
            from .pdf import PdfUnavailable, write_poster_pdfs

            try:
                written = write_poster_pdfs(root, args.pdf.resolve(), today)
            except PdfUnavailable as exc:
                print(f"sitegen posters: error: {exc}", file=sys.stderr)
                return 1
            for path in written:
                print(path)
            print(f"sitegen posters: {len(written)} PDF file(s) in {args.pdf.resolve()}")
            return 0
        out_dir = (args.out or root / "output").resolve()
        if args.command == "build":
            result = build_module.build(root, out_dir, today)
            print_problems(result.warnings)
            print(f"sitegen build: {result.files} files in {out_dir} ({result.seconds:.2f} s)")
            return 0
        from .serve import serve

        return serve(root, out_dir, today if args.today else None, args.port, watch=not args.no_watch)
    except BuildFailed as failure:
        print_problems(failure.problems)
        print(build_module.failure_summary(args.command, failure), file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"sitegen {args.command}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

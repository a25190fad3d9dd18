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


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2999:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year; write four digits, e.g. 2026")
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a community centre's website and calendar feeds.")
    parser.add_argument("--site", type=Path, default=Path("."), help="the site's folder (default: the current one)")
    commands = parser.add_subparsers(dest="command", required=True)
    today_help = "the day to treat as today for 'upcoming' (default: the real date)"
    build = commands.add_parser("build", help="build the site into output/")
    build.add_argument("--today", type=_date, help=today_help)
    build.add_argument("--out", type=Path, help="where to write the site (default: <site>/output)")
    serve = commands.add_parser("serve", help="preview the site: build, serve on this computer, rebuild on every change")
    serve.add_argument("--today", type=_date, help=today_help)
    serve.add_argument("--out", type=Path, help="where to write the site (default: <site>/output)")
    serve.add_argument("--port", type=int, help="port (default 8000, or the next free one)")
    serve.add_argument("--lan", action="store_true",
                       help="also open the preview to phones on the same Wi-Fi; prints the address and a QR code")
    serve.add_argument("--no-watch", action="store_true", help="serve without rebuilding on changes")
    check = commands.add_parser("check", help="validate the sources without writing anything")
    check.add_argument("--today", type=_date, help=today_help)
    report = commands.add_parser("report", help="count the year's sessions and attendance (CSV or HTML)")
    report.add_argument("--year", type=_year, help="the year to count (default: the year of --today)")
    report.add_argument("--format", choices=("csv", "html"),
                        help="csv (default) or html (prints on A4); default: from --out's suffix")
    report.add_argument("--out", metavar="FILE",
                        help="where to write it (default: <site>/report-YEAR.csv or .html; '-' for the screen)")
    report.add_argument("--today", type=_date, help="sessions after this day count as planned, not held "
                                                     "(default: the real date)")
    posters = commands.add_parser("posters", help="print this month's and next month's A4 posters as PDF")
    posters.add_argument("--pdf", type=Path, required=True, metavar="DIR", help="folder for the PDF files")
    posters.add_argument("--today", type=_date, help=today_help)
    new = commands.add_parser("new", help="start a site, a story or an activity from a commented template")
    kinds = new.add_subparsers(dest="kind", required=True)
    new_site = kinds.add_parser("site", help="make a working site in a new or empty folder")
    new_site.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder")
    new_story = kinds.add_parser("story", help="add content/stories/<date>-<slug>.md")
    new_story.add_argument("title", help="the story's title, e.g. 社区义诊进小区")
    new_story.add_argument("--centre", help="the id of the centre the story is about")
    new_activity = kinds.add_parser("activity", help="append an activity to a centre's schedule")
    new_activity.add_argument("centre", metavar="CENTRE", help="the centre's id, e.g. liuan")
    for kind in (new_site, new_story, new_activity):
        kind.add_argument("--today", type=_date, help="the date to write (default: the real date)")
    return parser


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    root = args.site.resolve()
    today = args.today or dt.date.today()
    if args.command == "new":
        return new_command(args, root, today)
    from . import build as build_module

    try:
        if args.command == "check":
            problems, sections = build_module.check_with_sections(root, today)
            print_problems(problems)
            for line in sections:  # series to review, stories published on a schedule
                print(line)
            print(f"sitegen check: no errors, {len(problems)} warning(s)")
            return 0
        if args.command == "report":
            return _report(root, args, today)
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
        try:
            from .serve import serve

            return serve(root, out_dir, today if args.today else None, args.port, watch=not args.no_watch,
                         lan=args.lan)
        except KeyboardInterrupt:  # Ctrl+C before the preview was up
            return 130
    except BuildFailed as failure:
        print_problems(failure.problems)
        print(build_module.failure_summary(args.command, failure), file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"sitegen {args.command}: error: {exc}", file=sys.stderr)
        return 1


def new_command(args: argparse.Namespace, root: Path, today: dt.date) -> int:
    """`sitegen new site|story|activity`: writes nothing unless it can write everything."""
    from .scaffold import ScaffoldError, new_activity, new_site, new_story

    try:
        if args.kind == "site":
            said = new_site(args.folder.resolve(), today, shown=str(args.folder))
        elif args.kind == "story":
            said = new_story(root, args.title, args.centre, today)
        else:
            said = new_activity(root, args.centre, today)
    except ScaffoldError as exc:
        print(f"sitegen new {args.kind}: {exc}", file=sys.stderr)
        return 1
    print(said)
    return 0


def _report(root: Path, args, today: dt.date) -> int:
    """'sitegen report': writes a file outside output/ (or to the screen) and says where it went."""
    from .report import load_report, not_in_output_message, render_report, written_message

    year = args.year or today.year
    fmt = args.format or ("html" if args.out and args.out.lower().endswith((".html", ".htm")) else "csv")
    report, warnings = load_report(root, year, today)
    print_problems(warnings)
    text = render_report(report, fmt)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    path = (Path(args.out) if args.out else root / f"report-{year}.{fmt}").resolve()
    output = (root / "output").resolve()
    if path == output or output in path.parents:
        print(f"sitegen report: error: {not_in_output_message(report, output)}", file=sys.stderr)
        return 1
    # a BOM in CSV files so that Excel reads the Chinese text as UTF-8
    path.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    print(written_message(report, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The yearly report for the 星级党群服务中心 evaluation: sessions held, planned and cancelled, and
people served (人次), per centre, activity, category, audience and month.

It counts the same expanded occurrences as the site (recurrence.expand), over 1 January to
31 December of the year instead of the build's window around today, so a cancelled, moved or extra
session counts exactly as residents saw it. Nothing here writes files: the command line does, and
never into output/ (the report is for staff, not published).
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
from dataclasses import dataclass
from pathlib import Path

from .config import load_config
from .errors import ErrorCollector, Problem
from .holidays import holiday_calendar
from .model import Activity, Centre
from .recurrence import Window, expand
from .schedules import read_schedules
from .sources import discover
from .words import MONTHS_EN, message

FORMATS = ("csv", "html")


@dataclass(frozen=True)
class Counts:
    held: int = 0  # not cancelled, on or before 'today'
    planned: int = 0  # not cancelled, after 'today'
    cancelled: int = 0
    people: int = 0  # attendance entries (人次)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.held + other.held, self.planned + other.planned,
                      self.cancelled + other.cancelled, self.people + other.people)


@dataclass(frozen=True)
class Row:
    """One activity's year: its counts, and per month (index 0 = January)."""

    centre: Centre
    activity: Activity
    counts: Counts
    months: tuple[Counts, ...]


@dataclass(frozen=True)
class Report:
    year: int
    today: dt.date
    language: str
    site_title: str
    rows: tuple[Row, ...]

    @property
    def total(self) -> Counts:
        return sum((r.counts for r in self.rows), Counts())

    def month_totals(self) -> list[Counts]:
        return [sum((r.months[m] for r in self.rows), Counts()) for m in range(12)]

    def by(self, what: str) -> list[tuple[str, Counts, int]]:
        """(name, counts, number of activities) per centre, category or audience, in name order
        (centres in id order). An activity with several audiences counts for each of them."""
        groups: dict[str, tuple[Counts, int]] = {}
        for row in self.rows:
            if what == "centre":
                names = (row.centre.name,)
            elif what == "category":
                names = (row.activity.category,)
            else:
                names = row.activity.audience or (message("report_none", self.language),)
            for name in names:
                counts, n = groups.get(name, (Counts(), 0))
                groups[name] = (counts + row.counts, n + 1)
        order = list(groups) if what == "centre" else sorted(groups)
        return [(name, *groups[name]) for name in order]


def year_window(year: int) -> Window:
    """1 January to 31 December: the days a yearly report counts (the build's window is around today)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Window(first, last, feed_start=first, feed_end=last)


def load_report(root: Path, year: int, today: dt.date) -> tuple[Report, list[Problem]]:
    """Read site.yaml and the schedules (stories play no part) and count the year; raises BuildFailed
    with every mistake found, like a build. Returns the report and the warnings."""
    errors = ErrorCollector()
    config = load_config(root, errors)
    sources = discover(root, config)
    centres = read_schedules(sources, config, errors)
    holidays = holiday_calendar(config.holidays)
    calendar = expand(centres, year_window(year), holidays, errors, config.language)
    errors.raise_if_errors()
    return count(centres, calendar.occurrences, year, today, config.language, config.title), errors.sorted()


def count(centres, occurrences, year: int, today: dt.date, language: str, site_title: str) -> Report:
    """Each occurrence counts once, on the day it took place (a moved one in its new month)."""
    months: dict[str, list[Counts]] = {}
    for o in occurrences:
        if o.day.year != year:  # a multi-day event from the year before
            continue
        if o.cancelled:
            add = Counts(cancelled=1)
        else:
            add = Counts(held=1) if o.day <= today else Counts(planned=1)
        per_month = months.setdefault(o.activity_key, [Counts()] * 12)
        per_month[o.day.month - 1] += add
    rows = []
    for centre in centres:
        for activity in centre.activities:
            per_month = months.get(activity.key, [Counts()] * 12)
            for entry in activity.attendance:
                if entry.date.year == year:
                    per_month[entry.date.month - 1] += Counts(people=entry.people)
            total = sum(per_month, Counts())
            if total != Counts():
                rows.append(Row(centre, activity, total, tuple(per_month)))
    return Report(year, today, language, site_title, tuple(rows))


# ---- CSV: one row per activity, ids for machines, per-month columns ----

def csv_header(year: int) -> list[str]:
    return (["centre", "activity", "title", "category", "audience", "held", "cancelled", "planned",
             "attendance"] + [f"{year}-{m:02d}" for m in range(1, 13)])


def report_csv(report: Report) -> str:
    """The month columns count sessions held or planned (not cancelled) in that month."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # what spreadsheets expect
    writer.writerow(csv_header(report.year))
    joiner = "、" if report.language.startswith("zh") else "; "
    for row in report.rows:
        c = row.counts
        writer.writerow([row.centre.id, row.activity.id, row.activity.title, row.activity.category,
                         joiner.join(row.activity.audience), c.held, c.cancelled, c.planned, c.people]
                        + [m.held + m.planned for m in row.months])
    return buffer.getvalue()


# ---- HTML: prints on A4, headers repeat on every page, in the site's language ----

_CSS = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       font-size: 10.5pt; line-height: 1.4; color: #000; margin: 1.5em auto; max-width: 60em; }
h1 { font-size: 16pt; margin: 0 0 .3em; }
h2 { font-size: 12.5pt; margin: 1.2em 0 .4em; break-after: avoid; page-break-after: avoid; }
p.note { font-size: 9pt; color: #333; }
table { border-collapse: collapse; width: 100%; margin-bottom: .6em; }
thead { display: table-header-group; }  /* repeated at the top of every printed page */
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #777; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
th.n { text-align: right; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 2px solid #000; }
@media print { body { margin: 0; max-width: none; } th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def report_html(report: Report) -> str:
    lang = report.language
    w = lambda key, **values: html.escape(message(key, lang, **values))  # noqa: E731
    number_heads = "".join(f'<th class="n" scope="col">{w(k)}</th>' for k in
                           ("report_held", "report_cancelled", "report_planned", "report_people"))

    def numbers(c: Counts) -> str:
        return "".join(f'<td class="n">{v}</td>' for v in (c.held, c.cancelled, c.planned, c.people))

    def table(first_heads: list[str], rows: list[tuple[list[str], Counts]], total_cells: int,
              with_activities: bool = False, nowrap: tuple[int, ...] = ()) -> str:
        """``total_cells``: how many leading cells the totals row spans (0: no totals row);
        ``with_activities``: the last of them is a number of activities, totalled too."""
        heads = "".join(f'<th scope="col">{h}</th>' for h in first_heads)
        nowrap_class = ' class="nowrap"'
        body = "".join("<tr>" + "".join(f"<td{nowrap_class if i in nowrap else ''}>{html.escape(str(cell))}</td>"
                                        for i, cell in enumerate(cells))
                       + numbers(counts) + "</tr>\n" for cells, counts in rows)
        span = total_cells - 1 if with_activities else total_cells
        first = f'<td colspan="{span}">{w("report_totals")}</td>' if span > 1 else f'<td>{w("report_totals")}</td>'
        first += f"<td>{len(report.rows)}</td>" if with_activities else ""
        foot = f"<tfoot><tr>{first}{numbers(report.total)}</tr></tfoot>" if total_cells else ""
        return f"<table>\n<thead><tr>{heads}{number_heads}</tr></thead>\n{foot}<tbody>\n{body}</tbody>\n</table>\n"

    def month_name(m: int) -> str:
        return message("report_month_name", lang, month=m if lang.startswith("zh") else MONTHS_EN[m - 1])

    title = w("report_title", site=report.site_title, year=report.year)
    parts = [f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
             f"<style>{_CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
             f'<p class="note">{w("report_generated", today=report.today.isoformat())}</p>\n']
    parts.append(f'<h2>{w("report_totals")}</h2>\n')
    parts.append(table([w("report_activities")], [([str(len(report.rows))], report.total)], 0))
    parts.append(f'<h2>{w("report_by_centre")}</h2>\n')
    parts.append(table([w("report_centre"), w("report_activities")],
                       [([name, n], c) for name, c, n in report.by("centre")], 2, with_activities=True))
    parts.append(f'<h2>{w("report_by_category")}</h2>\n')
    parts.append(table([w("report_category"), w("report_activities")],
                       [([name, n], c) for name, c, n in report.by("category")], 2, with_activities=True,
                       nowrap=(0,)))
    parts.append(f'<h2>{w("report_by_audience")}</h2>\n<p class="note">{w("report_audience_note")}</p>\n')
    parts.append(table([w("report_audience"), w("report_activities")],
                       [([name, n], c) for name, c, n in report.by("audience")], 0))
    parts.append(f'<h2>{w("report_by_month")}</h2>\n')
    parts.append(table([w("report_month")],
                       [([month_name(m + 1)], c) for m, c in enumerate(report.month_totals())], 1))
    parts.append(f'<h2>{w("report_by_activity")}</h2>\n')
    joiner = "、" if lang.startswith("zh") else ", "
    parts.append(table([w("report_centre"), w("report_activity"), w("report_category"), w("report_audience")],
                       [([r.centre.name, r.activity.title, r.activity.category, joiner.join(r.activity.audience)],
                         r.counts) for r in report.rows], 4, nowrap=(2,)))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def render_report(report: Report, fmt: str) -> str:
    return report_html(report) if fmt == "html" else report_csv(report)


def written_message(report: Report, path: Path) -> str:
    total = report.total
    return message("report_written", report.language, year=report.year, rows=len(report.rows),
                   held=total.held, cancelled=total.cancelled, people=total.people, path=path)


def not_in_output_message(report: Report, output: Path) -> str:
    return message("report_not_in_output", report.language, output=output, year=report.year)

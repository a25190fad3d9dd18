// Expand every event of an .ics file with Mozilla's ical.js, as Thunderbird would.
// usage: node tests/js/expand.mjs FILE.ics FIRST_DAY LAST_DAY  (days as YYYY-MM-DD, inclusive)
// prints JSON: [{uid, start, status, summary}], start as ISO 8601 with the UTC offset
// (all-day events as YYYY-MM-DD), for every occurrence that overlaps the days.
import fs from "node:fs";
import ICAL from "ical.js";

const [file, firstDay, lastDay] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const rangeStart = ICAL.Time.fromDateString(firstDay);
const rangeEnd = ICAL.Time.fromDateString(lastDay);
rangeEnd.adjust(1, 0, 0, 0);

function iso(time) {
  if (time.isDate) return time.toString();
  const offset = time.utcOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, "0");
  const p = (n) => String(n).padStart(2, "0");
  return `${time.year}-${p(time.month)}-${p(time.day)}T${p(time.hour)}:${p(time.minute)}:${p(time.second)}${sign}${hh}:${mm}`;
}

// Group overrides by UID, as Thunderbird does. (new ICAL.Event(component) without options would
// relate *every* RECURRENCE-ID component of the calendar to every master, whatever its UID.)
const components = calendar.getAllSubcomponents("vevent");
const overrides = components.filter((c) => c.hasProperty("recurrence-id"));
const masters = components
  .filter((c) => !c.hasProperty("recurrence-id"))
  .map((c) => new ICAL.Event(c, {
    strictExceptions: true,
    exceptions: overrides.filter((o) => o.getFirstPropertyValue("uid") === c.getFirstPropertyValue("uid")),
  }));
const result = [];
for (const event of masters) {
  const push = (details) => {
    const item = details.item;
    const start = details.startDate;
    const end = details.endDate;
    if (end.compare(rangeStart) <= 0 || start.compare(rangeEnd) >= 0) return;
    result.push({
      uid: event.uid,
      start: iso(start),
      status: item.component.getFirstPropertyValue("status") || "",
      summary: item.summary,
      url: item.component.getFirstPropertyValue("url") || "",
    });
  };
  if (event.isRecurring()) {
    const iterator = event.iterator();
    let next;
    let guard = 0;
    while ((next = iterator.next()) && guard++ < 100000) {
      if (next.compare(rangeEnd) >= 0) break;
      push(event.getOccurrenceDetails(next));
    }
  } else {
    push({ item: event, startDate: event.startDate, endDate: event.endDate });
  }
}
result.sort((a, b) => (a.start + a.uid).localeCompare(b.start + b.uid));
process.stdout.write(JSON.stringify(result));

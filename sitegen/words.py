"""Dates, times and schedules in words, the way residents read them (Chinese first, English too).

Pure functions used by the templates; all UI strings of the default theme live in ``STRINGS``,
and ``MESSAGES`` is the catalogue for messages to staff (errors, warnings), worded per site language.
The commonest mistakes are worded here; rarer messages are still English strings in the stage that
finds the mistake and move here one by one. This module comes right after the model so that every stage can import it.
"""
from __future__ import annotations

import datetime as dt
import re

from .model import Activity, LunarRule, OneOff, Occurrence, Recurrence

WEEKDAYS = {
    "zh-CN": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
SHORT_WEEKDAYS = {
    "zh-CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
ORDINALS = {
    "zh-CN": {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", 5: "第五个", -1: "最后一个"},
    "en": {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"},
}
CN_NUMBERS = ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十")

STRINGS = {
    "zh-CN": {
        "home": "首页", "stories": "新闻故事", "centres": "服务中心", "upcoming": "近期活动",
        "calendar": "活动月历", "tags": "标签", "today": "今天", "tomorrow": "明天",
        "all_day": "全天", "cancelled": "已取消", "moved": "已改期", "moved_from": "原定",
        "reason": "原因", "location": "地点", "audience": "对象", "signup": "报名",
        "contact": "联系", "capacity": "名额", "people": "人", "address": "地址", "phone": "电话",
        "hours": "开放时间", "subscribe": "订阅日历", "subscribe_phone": "在手机日历中订阅",
        "subscribe_url": "订阅地址（可复制）", "subscribe_google": "添加到 Google 日历",
        "download_ics": "下载日历文件 (.ics)", "next_dates": "近期日期", "changes": "取消与改期",
        "no_upcoming": "近期没有安排活动。", "latest_stories": "最新故事",
        "this_week": "未来 {n} 天的活动", "all_stories": "全部故事", "activities": "活动",
        "by": "通讯员", "photo_by": "摄影", "more": "查看全部", "previous": "上一页",
        "next": "下一页", "page_n": "第 {n} 页", "prev_month": "上个月", "next_month": "下个月",
        "stories_about": "相关故事", "when": "时间", "category": "类别", "all_activities": "全部活动",
        "skip": "跳到正文", "feeds": "订阅", "story_feed": "故事订阅 (Atom)",
        "site_calendar": "全部活动日历", "weeks": "未来 {n} 周", "recurs": "活动规律",
        "related_activities": "相关活动", "no_stories": "暂无故事。", "menu": "导航",
        "published": "发布于", "tagged": "标签", "month_title": "{y}年{m}月",
        "schedule_of": "{name}的活动", "categories": "活动类别", "event_count": "共 {n} 项",
        "category_feed": "按类别订阅", "extra": "加场", "host": "值班", "roster": "值班安排",
        "paused": "暂停", "from_date": "{date}起", "add_one": "添加这一次", "add_ics": "日历文件",
        "wechat_title": "您正在微信里打开本页",
        "wechat_steps": "微信不能直接订阅日历。请点右上角的「···」，选择「在浏览器打开」，再按下面的步骤操作。",
        "subscribe_lead": "订阅以后，活动会自动出现在您手机的日历里；活动改期或取消，日历也会跟着更新。",
        "what_is_in": "看看这个日历里有哪些活动", "iphone": "苹果手机、iPad、Mac",
        "iphone_button": "一键订阅（苹果设备）", "iphone_hint": "点按钮后，在弹出的窗口里点「订阅」。",
        "android": "安卓手机（小米、华为、OPPO、vivo 等）", "copy_address": "复制订阅地址",
        "android_step1": "长按上面的地址，选择「全选」再「复制」（或点「复制订阅地址」）。",
        "android_step2": "打开手机自带的「日历」，在设置或菜单里找到「订阅日历」「添加日历」或「导入网络日历」。",
        "android_step3": "粘贴地址，保存。不同品牌的菜单名称略有不同。",
        "outlook_personal": "添加到 Outlook（个人账户）", "outlook_work": "添加到 Outlook（工作或学校账户）",
        "google_hint": "如果按钮打不开，请在电脑上打开 Google 日历，选「其他日历」→「通过网址添加」，粘贴上面的地址。",
        "scan": "用手机扫码", "qr_alt": "“{name}”订阅地址的二维码",
        "download_hint": "下载的是现在这一刻的日历，之后的改期不会自动更新；想自动更新请用上面的订阅。",
        "larger_text": "大字", "normal_text": "标准字号", "filter": "只看", "all": "全部",
        "by_category": "按类别", "by_audience": "按对象", "by_centre": "按中心", "not_found": "页面没找到",
        "not_found_text": "您要找的页面不存在，可能已经搬家了。可以从这里继续：",
        "poster": "活动海报", "poster_scan": "扫码把这些活动订阅到手机日历", "poster_for": "{name} · {month}活动", "poster_heading": "{month}活动安排",
        "changed": "有调整", "changed_note": "本次时间或地点有调整，请留意",
        "search": "搜索", "search_placeholder": "输入活动或文章的关键词", "search_no_js": "搜索需要开启 JavaScript；也可以浏览下面的栏目。",
        "signup_short": "报名",
    },
    "en": {
        "home": "Home", "stories": "Stories", "centres": "Centres", "upcoming": "Upcoming",
        "calendar": "Calendar", "tags": "Tags", "today": "Today", "tomorrow": "Tomorrow",
        "all_day": "All day", "cancelled": "Cancelled", "moved": "Moved", "moved_from": "was",
        "reason": "Reason", "location": "Place", "audience": "For", "signup": "Sign-up",
        "contact": "Contact", "capacity": "Places", "people": "", "address": "Address",
        "phone": "Phone", "hours": "Opening hours", "subscribe": "Subscribe",
        "subscribe_phone": "Subscribe in your phone's calendar", "subscribe_url": "Feed address (copy)",
        "subscribe_google": "Add to Google Calendar", "download_ics": "Download (.ics)",
        "next_dates": "Next dates", "changes": "Cancellations and moves",
        "no_upcoming": "Nothing scheduled soon.", "latest_stories": "Latest stories",
        "this_week": "The next {n} days", "all_stories": "All stories", "activities": "Activities",
        "by": "By", "photo_by": "Photos", "more": "See all", "previous": "Previous", "next": "Next",
        "page_n": "Page {n}", "prev_month": "Previous month", "next_month": "Next month",
        "stories_about": "Stories", "when": "When", "category": "Category",
        "all_activities": "All activities", "skip": "Skip to content", "feeds": "Feeds",
        "story_feed": "Stories (Atom)", "site_calendar": "All activities calendar",
        "weeks": "The next {n} weeks", "recurs": "Schedule", "related_activities": "Related activities",
        "no_stories": "No stories yet.", "menu": "Menu", "published": "Published", "tagged": "Tags",
        "month_title": "{mname} {y}", "schedule_of": "Activities at {name}", "categories": "Categories",
        "event_count": "{n} activities", "category_feed": "Subscribe by category", "extra": "Extra",
        "host": "Host", "roster": "Hosts", "paused": "Paused", "from_date": "From {date}",
        "add_one": "Add this one", "add_ics": ".ics file",
        "wechat_title": "You opened this page inside WeChat",
        "wechat_steps": "WeChat cannot subscribe to calendars. Tap ··· at the top right, choose Open in Browser, then follow the steps below.",
        "subscribe_lead": "Once subscribed, activities appear in your phone's calendar and follow every change.",
        "what_is_in": "See what this calendar contains", "iphone": "iPhone, iPad, Mac",
        "iphone_button": "Subscribe (Apple devices)", "iphone_hint": "Tap the button, then Subscribe.",
        "android": "Android phones", "copy_address": "Copy the address",
        "android_step1": "Long-press the address above and copy it (or tap Copy the address).",
        "android_step2": "Open your phone's Calendar app and find Subscribe, Add calendar or Import from URL in its menu.",
        "android_step3": "Paste the address and save. Menu names differ between brands.",
        "outlook_personal": "Add to Outlook (personal)", "outlook_work": "Add to Outlook (work or school)",
        "google_hint": "If the button does not work, open Google Calendar on a computer, choose Other calendars → From URL and paste the address.",
        "scan": "Scan with your phone", "qr_alt": "QR code of the subscription address of “{name}”",
        "download_hint": "A download is a snapshot: later changes will not reach it. Subscribe to stay up to date.",
        "larger_text": "Larger text", "normal_text": "Normal text", "filter": "Show only", "all": "All",
        "by_category": "By category", "by_audience": "By audience", "by_centre": "By centre",
        "not_found": "Page not found", "not_found_text": "This page does not exist or has moved. Continue from here:",
        "poster": "Poster", "poster_scan": "Scan to subscribe",
        "poster_for": "{name} · {month}", "poster_heading": "Activities in {month}",
        "changed": "Changed", "changed_note": "The time or place of this one has changed", "search": "Search", "search_placeholder": "Words from an activity or story",
        "search_no_js": "Search needs JavaScript; you can also browse the sections below.", "signup_short": "Sign-up",
    },
}


# What happened to an occurrence, said in words wherever it appears (lists, month grid, agenda),
# never by colour or strike-through alone. A block of its own so that other additions merge cleanly.
STRINGS["zh-CN"].update({
    "status_cancelled": "已取消", "status_moved": "改期", "status_extra": "加场",
    "status_time": "时间调整", "status_location": "地点调整", "status_changed": "有调整",
    "reason_is": "原因：{reason}", "moved_to": "改期至 {date}", "moved_from_date": "原定 {date}",
    "continued": "（续）", "note_sep": "。", "list_sep": "；",
})
STRINGS["en"].update({
    "status_cancelled": "Cancelled", "status_moved": "Moved", "status_extra": "Extra session",
    "status_time": "New time", "status_location": "New place", "status_changed": "Changed",
    "reason_is": "Reason: {reason}", "moved_to": "Moved to {date}", "moved_from_date": "Was on {date}",
    "continued": " (continued)", "note_sep": ". ", "list_sep": "; ",
})


# The notice-board poster (render.poster_rows): status words, page notes and the links to posters.
# A block of its own so that other additions to STRINGS merge cleanly.
STRINGS["zh-CN"].update({
    "poster_cancelled": "已取消", "poster_moved_to": "改期至", "poster_extra": "加场",
    "poster_changed_time": "时间调整", "poster_changed_place": "地点调整", "poster_changed_both": "时间、地点调整",
    "poster_page": "第{n}页，共{count}页", "poster_continued": "（续）",
    "poster_qr_alt": "“{name}”订阅页面的二维码", "poster_links": "打印活动海报（A4）：",
    "poster_month": "{month}海报",
})
STRINGS["en"].update({
    "poster_cancelled": "cancelled", "poster_moved_to": "moved to", "poster_extra": "extra session",
    "poster_changed_time": "new time", "poster_changed_place": "new place", "poster_changed_both": "new time and place",
    "poster_page": "Page {n} of {count}", "poster_continued": " (continued)",
    "poster_qr_alt": "QR code of the subscribe page of “{name}”", "poster_links": "Print a poster (A4): ",
    "poster_month": "{month}",
})


# Punctuation and joined labels, per language: templates and stages write "对象：老年人、儿童" with
# these, never with a literal "：" or "、", so an English site reads "For: Older people, Children".
# Feed names, calendar text and holiday fallbacks too. A block of its own so that other additions merge cleanly.
STRINGS["zh-CN"].update({
    "colon": "：", "enum_sep": "、", "comma": "，", "paren": "（{text}）", "labelled": "{label}：{value}",
    "feed_of": "{title}：{name}", "activity_feed": "{title}（{centre}）", "with_host": "{title}（{host}）",
    "make_up_day": "{name}调休", "day_off": "放假", "workday": "调休上班", "vacation": "假期",
    "feed_cancelled": "【已取消】", "feed_cancelled_note": "本次活动取消：",
    "feed_moved_note": "本次改期：原定 {old}。", "feed_changed_note": "本次时间或地点有调整。",
    "details": "详情", "range_to": "至",
})
STRINGS["en"].update({
    "colon": ": ", "enum_sep": ", ", "comma": ", ", "paren": " ({text})", "labelled": "{label}: {value}",
    "feed_of": "{title}: {name}", "activity_feed": "{title} ({centre})", "with_host": "{title} ({host})",
    "make_up_day": "{name} make-up working day", "day_off": "Day off", "workday": "Make-up working day",
    "vacation": "School vacation",
    "feed_cancelled": "[Cancelled] ", "feed_cancelled_note": "Cancelled: ",
    "feed_moved_note": "Moved from {old}. ", "feed_changed_note": "The time or place of this one has changed. ",
    "details": "Details", "range_to": " – ",
})


def day_label(day: dt.date, language: str, today: dt.date | None = None) -> str:
    """'6月7日 星期六' ('今天 · 6月7日 星期六' when it is today)."""
    near = today is not None and (day - today).days in (0, 1)  # 今天/明天 need no year
    other_year = today is not None and day.year != today.year and not near
    if language == "en":
        text = f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]}"
        text += f" {day.year}" if other_year else ""
    else:
        text = (f"{day.year}年" if other_year else "") + f"{day.month}月{day.day}日 {WEEKDAYS['zh-CN'][day.weekday()]}"
    if today is not None:
        relative = {0: "today", 1: "tomorrow"}.get((day - today).days)
        if relative:
            text = f"{STRINGS[language][relative]} · {text}"
    return text


def full_date(day: dt.date, language: str) -> str:
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day: dt.date, language: str, today: dt.date | None = None) -> str:
    """'12月5日' / '5 December' — the year only when it is not ``today``'s."""
    year = today is not None and day.year != today.year
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]}" + (f" {day.year}" if year else "")
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"


def status_labels(occurrence: Occurrence, language: str) -> list[tuple[str, str]]:
    """(css name, word) for each way this occurrence differs from its rule: 已取消, 改期, 加场,
    时间调整, 地点调整; none for an ordinary one."""
    words = STRINGS[language]
    if occurrence.cancelled:
        return [("cancelled", words["status_cancelled"])]
    if occurrence.extra:
        return [("extra", words["status_extra"])]
    if not occurrence.moved:
        return []
    names = {"day": "moved", "time": "time", "location": "location"}
    labels = [(names[c], words["status_" + names[c]]) for c in occurrence.changed]
    return labels or [("changed", words["status_changed"])]


def time_label(occurrence: Occurrence, language: str) -> str:
    if occurrence.all_day:
        if occurrence.last_day != occurrence.day:
            return f"{day_label(occurrence.day, language)} – {day_label(occurrence.last_day, language)}"
        return STRINGS[language]["all_day"]
    return f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}"


def _cn_count(n: int) -> str:
    return CN_NUMBERS[n] if n <= 10 else str(n)


def describe_schedule(activity: Activity, language: str, today: dt.date | None = None, date=None) -> str:
    """'每月最后一个周六 19:00–20:30' / 'Last Saturday of every month, 19:00–20:30'.

    With ``today``, the time is the one in effect then (after a 'change' from a date on).
    ``date(day)`` writes each date (default ``full_date``): pages pass one that marks it for <time>.
    """
    date = date or (lambda day: full_date(day, language))
    schedule = activity.schedule
    current = activity.time
    for split in activity.splits:
        if today is not None and split.start <= today and split.time:
            current = split.time
    time = current.label() if current else STRINGS[language]["all_day"]
    if isinstance(schedule, OneOff):
        when = date(schedule.date)
        if schedule.end_date:
            when += ("至" if language == "zh-CN" else " – ") + date(schedule.end_date)
        return f"{when} {time}" if language == "zh-CN" else f"{when}, {time}"
    if isinstance(schedule, LunarRule):
        pattern = _lunar_zh(schedule) if language == "zh-CN" else _lunar_en(schedule)
    else:
        pattern = _pattern_zh(schedule) if language == "zh-CN" else _pattern_en(schedule)
        pattern += _skips(schedule, activity, language)
    span = _span(schedule, language, date)
    if language == "zh-CN":
        return f"{pattern} {time}" + (f"（{span}）" if span else "")
    return f"{pattern}, {time}" + (f" ({span})" if span else "")


LUNAR_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")


def lunar_day_name(day: int) -> str:
    """初一 … 初十, 十一 … 二十, 廿一 … 三十."""
    if day <= 10:
        return "初" + ("十" if day == 10 else CN_NUMBERS[day].replace("两", "二"))
    if day < 20:
        return "十" + CN_NUMBERS[day - 10].replace("两", "二")
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + CN_NUMBERS[day - 20].replace("两", "二")
    return "三十"


def _lunar_zh(rule: LunarRule) -> str:
    if rule.month is None:
        days = "、".join(lunar_day_name(d) for d in rule.days)
        market = "（逢五逢十）" if rule.days == (5, 10, 15, 20, 25, 30) else ""
        return f"农历每月{days}{market}"
    if rule.new_years_eve:
        return "每年除夕（农历腊月最后一天）"
    date = f"农历{LUNAR_MONTHS[rule.month - 1]}月{lunar_day_name(rule.days[0])}"
    return f"每年{date}" + (f"（{rule.festival}）" if rule.festival else "")


def _lunar_en(rule: LunarRule) -> str:
    if rule.month is None:
        return "Lunar days " + ", ".join(map(str, rule.days)) + " of every lunar month"
    if rule.new_years_eve:
        return "Every Lunar New Year's Eve"
    return f"Every year on lunar {rule.month}/{rule.days[0]}" + (f" ({rule.festival})" if rule.festival else "")


def _skips(rule: Recurrence, activity: Activity, language: str) -> str:
    if rule.school_days:
        return "" if language == "zh-CN" else ""
    if activity.skip_holidays:
        return "（节假日除外）" if language == "zh-CN" else " except public holidays"
    return ""


def _weekday_list_zh(rec: Recurrence) -> str:
    days = [w.weekday for w in rec.weekdays]
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{SHORT_WEEKDAYS['zh-CN'][days[0]]}至{SHORT_WEEKDAYS['zh-CN'][days[-1]]}"
    return "、".join(SHORT_WEEKDAYS["zh-CN"][d] for d in days)


def _pattern_zh(rec: Recurrence) -> str:
    every = {"DAILY": "天", "WEEKLY": "周", "MONTHLY": "月", "YEARLY": "年"}[rec.freq]
    prefix = "每" + (every if rec.interval == 1 else f"{_cn_count(rec.interval)}{'个' if rec.freq == 'MONTHLY' else ''}{every}")
    if rec.freq == "DAILY":
        return prefix
    if rec.school_days:
        return "每个上学日（周一至周五及调休上班日，节假日和寒暑假除外）"
    if rec.freq == "WEEKLY":
        days = _weekday_list_zh(rec)
        return prefix + (days[1:] if rec.interval == 1 else "的" + days)
    if rec.freq == "MONTHLY":
        if rec.weekdays:
            parts = "、".join(ORDINALS["zh-CN"][w.nth] + SHORT_WEEKDAYS["zh-CN"][w.weekday] for w in rec.weekdays)
            return prefix + parts
        return prefix + "、".join("最后一天" if d == -1 else f"{d}日" for d in rec.monthdays)
    return prefix + f"{rec.month}月{rec.monthdays[0]}日"


def _pattern_en(rec: Recurrence) -> str:
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}[rec.freq]
    every = f"every {unit}" if rec.interval == 1 else f"every {rec.interval} {unit}s"
    if rec.freq == "DAILY":
        return every.capitalize()
    if rec.school_days:
        return "Every school day (weekdays and make-up working days, except holidays and school vacations)"
    if rec.freq == "WEEKLY":
        days = ", ".join(WEEKDAYS["en"][w.weekday] for w in rec.weekdays)
        return f"{days}, {every}"
    if rec.freq == "MONTHLY":
        if rec.weekdays:
            days = " and ".join(f"{ORDINALS['en'][w.nth]} {WEEKDAYS['en'][w.weekday]}" for w in rec.weekdays)
            return f"The {days} of {every}"
        days = ", ".join("the last day" if d == -1 else "the " + _en_ordinal(d) for d in rec.monthdays)
        return f"On {days} of {every}"
    return f"{rec.monthdays[0]} {MONTHS_EN[rec.month - 1]}, {every}"


def _en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _span(rec: Recurrence | LunarRule, language: str, date) -> str:
    if language == "zh-CN":
        start = f"{date(rec.start)}起"
        return start + (f"，至{date(rec.until)}" if rec.until else "")
    start = f"from {date(rec.start)}"
    return start + (f" until {date(rec.until)}" if rec.until else "")


# Poster lines: a list of (text, date or None, kind) parts, so the template can put every date in a
# <time datetime> and mark the time, the room and the status word. kind: "on" (a date the activity
# takes place or was cancelled), "until" (the last day of a multi-day event), "was" (the original
# date of a moved session), "to" (its new date), "time", "place", "status" or "" (plain text).
PosterPart = tuple[str, "dt.date | None", str]

_BRIEF = {"zh-CN": (20, "，。；"), "en": (48, ",.;")}


def brief(reason: str, language: str) -> str:
    """A long reason cut at its first clause, for the narrow space on a poster."""
    limit, stops = _BRIEF["zh-CN" if language == "zh-CN" else "en"]
    if len(reason) <= limit:
        return reason
    cut = min((i for i in (reason.find(c) for c in stops) if i > 0), default=-1)
    return reason[:cut] if cut > 0 else reason


def weekdays_note(days: list[dt.date], language: str) -> str:
    """'（周三）', '（周一、周三）', '（周一至周五）' or '' when the dates fall on too many weekdays."""
    weekdays = sorted({d.weekday() for d in days})
    names = SHORT_WEEKDAYS[language]
    if len(weekdays) >= 3 and weekdays == list(range(weekdays[0], weekdays[-1] + 1)):
        text = f"{names[weekdays[0]]}至{names[weekdays[-1]]}" if language == "zh-CN" \
            else f"{names[weekdays[0]]}–{names[weekdays[-1]]}"
    elif len(weekdays) <= 2:
        text = ("、" if language == "zh-CN" else ", ").join(names[w] for w in weekdays)
    else:
        return ""
    return f"（{text}）" if language == "zh-CN" else f" ({text})"


def date_parts(days: list[dt.date], language: str, kind: str = "on") -> list[PosterPart]:
    """'12月2、9、16日' (or '2, 9, 16 Dec'): each day its own part; a month is named once."""
    parts: list[PosterPart] = []
    months: dict[tuple[int, int], list[dt.date]] = {}
    for day in sorted(days):
        months.setdefault((day.year, day.month), []).append(day)
    for index, ((_, month), items) in enumerate(months.items()):
        if language == "zh-CN":
            parts.append((("、" if index else "") + f"{month}月", None, ""))
            for n, day in enumerate(items):
                parts += [("、", None, "")] if n else []
                parts.append((str(day.day), day, kind))
            parts.append(("日", None, ""))
        else:
            parts += [("; ", None, "")] if index else []
            for n, day in enumerate(items):
                parts += [(", ", None, "")] if n else []
                parts.append((str(day.day), day, kind))
            parts.append((f" {MONTHS_EN[month - 1][:3]}", None, ""))
    return parts


def span_parts(first: dt.date, last: dt.date, language: str, kind: str = "on") -> list[PosterPart]:
    """A multi-day event: '12月19日至20日' / '19–20 Dec' (both days in <time>)."""
    if language == "zh-CN":
        end = f"{last.day}日" if (last.year, last.month) == (first.year, first.month) else f"{last.month}月{last.day}日"
        return [(f"{first.month}月{first.day}日", first, kind), ("至", None, ""), (end, last, "until")]
    return [(f"{first.day} {MONTHS_EN[first.month - 1][:3]}", first, kind), ("–", None, ""),
            (f"{last.day} {MONTHS_EN[last.month - 1][:3]}", last, "until")]


def poster_line(language: str, days: list[dt.date] | tuple[dt.date, dt.date], *, time: str = "",
                place: str = "", status: str = "", reason: str = "", was: dt.date | None = None,
                changed: str = "") -> list[PosterPart]:
    """One line of a poster row, e.g. '12月2、9日（周三） 15:00–16:30 · 二楼舞蹈室',
    '12月9日（周三） 已取消：舞蹈室地板打蜡' or '12月10日（周四） 改期至 12月17日（周四） 08:30–11:30 · 三楼'.

    ``days`` is a list of single days or a (first, last) span; ``status`` a STRINGS key
    ('poster_cancelled', 'poster_extra', ...); ``was`` the original day of a moved session.
    """
    words = STRINGS[language]
    zh = language == "zh-CN"
    colon = "：" if zh else ": "
    if isinstance(days, tuple):
        when = span_parts(days[0], days[1], language)
        listed = list(days)
    else:
        when, listed = date_parts(days, language), list(days)
    parts: list[PosterPart] = []
    if was is not None:
        parts += date_parts([was], language, "was") + [(weekdays_note([was], language), None, ""),
                                                       (" ", None, ""), (words["poster_moved_to"], None, "status"),
                                                       (" ", None, "")]
        when = [(t, d, "to" if k == "on" else k) for t, d, k in when]
    elif status:
        parts += [(words[status], None, "status"), (" ", None, "")] if status == "poster_extra" else []
    parts += when
    if not isinstance(days, tuple):
        parts.append((weekdays_note(listed, language), None, ""))
    if status == "poster_cancelled":
        parts += [(" ", None, ""), (words[status], None, "status")]
        if reason:
            parts.append((colon + brief(reason, language), None, ""))
        return parts
    if time:
        parts += [(" ", None, ""), (time, None, "time")]
    if place:
        parts += [(" · ", None, ""), (place, None, "place")]
    if changed:
        parts += [(" · ", None, ""), (words[changed], None, "status")]
    if reason and (was is not None or changed or status):
        parts.append(((f"（{brief(reason, language)}）" if zh else f" ({brief(reason, language)})"), None, ""))
    return [p for p in parts if p[0]]


def parts_text(parts: list[PosterPart]) -> str:
    return "".join(text for text, _, _ in parts)


# Messages to staff: errors, warnings and command output, per language. Keys are short names of the
# situation; values are str.format templates. Plain words, saying what to do; no YAML jargon.
# Messages to staff, one entry per mistake, per language. Chinese messages use Chinese punctuation
# and quote what was written in “”; English ones use English punctuation and ''. Each names the
# fix, not only the fault (docs/site.md lists the ten commonest mistakes).
MESSAGES: dict[str, dict[str, str]] = {
    "zh-CN": {
        # photos (stories stage)
        "photo_not_found": "找不到照片“{name}”：{folder} 和 {shared} 里都没有。请核对文件名（字母大小写也要一致），"
                           "或把照片放进故事所在的文件夹",
        "photo_not_found_shared": "找不到照片“{name}”：{shared} 里没有。请核对文件名（字母大小写也要一致），"
                                  "或把照片放进 {shared}",
        "photo_wrong_case": "找不到照片“{name}”，但有 {near}：请按文件的实际写法改（网站服务器区分字母大小写）",
        "photo_did_you_mean": "找不到照片“{name}”；是不是 {near}？请把名字改成和文件一样",
        "photo_wrong_folder": "照片“{name}”要放在故事旁边（{folder}）或共用照片文件夹 {shared}；"
                              "只写文件名，共用照片也可以写 images/文件名",
        "photo_too_large": "照片“{name}”有 {mb} MB，超过 {limit} MB：网站仍会发布缩小后的版本，但这么大的文件会拖慢构建；"
                           "建议另存为小一些的 JPEG（长边 3000 像素左右就够了）",
        # sitegen serve (the preview)
        "serve_failed": "构建失败，正在显示上一次成功的网站",
        "serve_failed_no_site": "构建失败，还没有可以显示的网站",
        "serve_fix_hint": "改好文件并保存后，页面会自动刷新（没有自动刷新时请手动刷新）。",
        "serve_warnings": "另有 {n} 条警告",
        "serve_building": "正在构建网站，请稍候……",
        "serve_internal": "sitegen 内部出错（{error}）。这不是您文件的问题；请把这一行发给维护 sitegen 的同事。",
        "serve_url": "预览地址：{url}（按 Ctrl+C 停止）",
        "serve_built": "已构建：{files} 个文件，用时 {seconds:.1f} 秒",
        "serve_built_warnings": "已构建：{files} 个文件，用时 {seconds:.1f} 秒；{n} 条警告（sitegen check 会列出）",
        "serve_failed_terminal": "构建失败（{n} 个错误），浏览器里仍显示上一次成功的网站；改好后保存即可。",
        "serve_port_busy": "端口 {port} 已被占用（也许另一个预览还开着）。请关掉它，或换一个端口：sitegen serve --port {free}",
        "serve_port_denied": "不能使用端口 {port}（1024 以下的端口需要管理员权限）。请换一个端口：sitegen serve --port 8000",
        "serve_port_moved": "端口 {port} 已被占用，改用端口 {used}。",
        "serve_no_free_port": "端口 {first} 到 {last} 都被占用了。请用 --port 指定一个空闲端口，例如：sitegen serve --port 18000",
        "serve_lan_url": "在手机上打开（手机要和这台电脑连在同一个 Wi-Fi）：{url}",
        "serve_lan_scan": "或者用手机扫这个二维码：",
        "serve_lan_warning": "注意：同一个 Wi-Fi 里的任何人都能打开这个预览，包括还没发布的内容。用完请按 Ctrl+C 关掉。",
        "serve_lan_firewall": "手机打不开时，请检查电脑的防火墙是否允许 Python 接受连接。",
        "serve_lan_unknown": "找不到这台电脑在局域网里的地址（电脑连着 Wi-Fi 或网线吗？）。预览仍对局域网开放，端口 {port}。",
        "serve_stopping": "正在等当前这次构建结束……",
        "serve_goodbye": "预览已停止。",
        # scheduled publishing (stories.py, site.py)
        "publish_before_date": "publish: {publish} 早于 date: {date}；文章不会早于它的日期上线，"
                               "会在 {date} 上线。想提前上线，请把 date 改成上线那天",
        "expires_before_online": "expires: {expires} 不晚于上线日 {online}，这篇文章永远不会显示；"
                                 "expires 写下线那天（当天起不再显示），要晚于 {online}",
        "link_to_scheduled": "这里链接到还没上线的文章“{title}”（{day} 上线）；在那之前链接显示为普通文字",
        "link_to_expired": "这里链接到已下线的文章“{title}”（{day} 起下线）；链接显示为普通文字，"
                           "可以删掉这个链接",
        # stale-schedule guard (site.py, cli check)
        "stale_series": "系列活动“{title}”（{id}）没有结束日期 until，而这份日程的 updated: {since} "
                        "已超过六个月；请核对它是否还在进行，然后把 updated: 改成今天，"
                        "或写上 until:（最后一天）或 review_by:（下次核对日期）",
        "stale_series_no_updated": "系列活动“{title}”（{id}）从 {since} 起没有结束日期 until，"
                                   "已超过六个月没有核对；请核对后在 centre: 下写 updated: 今天的日期，"
                                   "或给活动写上 until: 或 review_by:",
        "review_by_passed": "活动“{title}”（{id}）的核对日期 review_by: {review_by} 已过；"
                            "请核对这项活动，然后把 review_by 改成下次核对的日期",
        "updated_twice": "updated 写了两次（文件开头和 centre: 下）；只保留 centre: 下的一个",
        "check_stale_heading": "需要核对的系列活动（{n} 项）：",
        "check_stale_line": "  {loc}  {centre} / {title}：{why}",
        "check_stale_why_updated": "updated {since} 已超过六个月，没有 until 或 review_by",
        "check_stale_why_from": "从 {since} 起没有结束日期，文件里没有 updated",
        "check_stale_why_review": "review_by {review_by} 已过",
        "check_scheduled_heading": "定时上线或下线的文章（{n} 篇）：",
        "check_scheduled_line": "  {loc}  {title}：{when}",
        "check_scheduled_online": "{day} 上线",
        "check_scheduled_expires": "{day} 起下线",
        # attendance log and yearly report (schedules.py, recurrence.py, report.py)
        "attendance_not_number": "{date} 的人数要写一个不小于 0 的整数，例如 '{date}: 83'，而不是 '{value}'",
        "attendance_not_held": "“{id}”在 {date} 没有举办，不能登记人数；最近的举办日期：{near}",
        "attendance_cancelled": "“{id}”在 {date} 已取消，不能登记人数；删掉这一行，或者把 cancel 里的这一天删掉",
        "attendance_in_future": "{date} 还没到（今天是 {today}），却登记了人数；年份或日期写错了吗？",
        "report_written": "sitegen report：{year} 年报表（{rows} 项活动，举办 {held} 场，取消 {cancelled} 场，"
                          "{people} 人次）已写入 {path}",
        "report_title": "{site} {year} 年活动统计",
        "report_generated": "统计截至 {today}：之前的场次计为“已举办”，之后的计为“计划”。"
                            "改期的场次只计一次，计入改到的月份；人次来自日程里的 attendance 登记。",
        "report_totals": "合计", "report_by_centre": "按服务中心", "report_by_category": "按类别",
        "report_by_audience": "按服务对象", "report_by_month": "按月份", "report_by_activity": "按活动",
        "report_centre": "服务中心", "report_activity": "活动", "report_category": "类别",
        "report_audience": "对象", "report_month": "月份", "report_held": "已举办（场）",
        "report_planned": "计划（场）", "report_cancelled": "取消（场）", "report_people": "人次",
        "report_activities": "活动数", "report_month_name": "{month}月",
        "report_audience_note": "一项活动可以面向几类对象，所以按对象的数字相加会大于合计。",
        "report_none": "（无）",
        "report_not_in_output": "报表不公开发布，不能写进 {output}（下次构建会把它删掉）；"
                                "请用 --out 写到别的地方，例如 --out 报表-{year}.csv",
        # YAML syntax
        "yaml_tab": "这一行用了 Tab 键缩进；YAML 只认空格，请把行首的 Tab 换成空格（同一层对齐）。",
        "yaml_fullwidth_colon": "“{key}”后面是中文冒号“：”，要换成英文冒号加空格“: ”，即“{fixed}”。",
        "yaml_indent": "缩进没有对齐：第 {line} 行“{text}”前有 {spaces} 个空格，上面第 {above} 行“{above_text}”前有 {above_spaces} 个空格；同一块里的字段前面的空格数要一样多。",
        "yaml_quote": "这一行有两个“: ”，无法分清字段和内容：{text}；请把冒号后面的内容用英文引号括起来，例如 title: \"讲座：健康\"。",
        "yaml_syntax": "格式有误，无法读取（YAML：{problem}）；请检查这一行和上一行的缩进，含有“: ”或以特殊符号开头的内容请加英文引号。",
        "yaml_bad_char": "这里有一个看不见的控制字符（U+{code}），可能是从别处复制来的；请删掉它（可以把这一行重新输入一遍）。",
        "yaml_brackets": "方括号 [ ] 或花括号 {{ }} 没有配对；请检查这一行和上面几行，每个“[”要有“]”，每个“{{”要有“}}”，中间用英文逗号“,”分开。",
        "yaml_too_deep": "嵌套层数太多，无法读取；请检查括号 [ ] {{ }} 是否成对。",
        "not_utf8": "这个文件不是 UTF-8 编码，无法读取；请用记事本或 VS Code “另存为” UTF-8 编码。",
        "key_not_word": "字段名必须是一个词，不能是列表或块。",
        "key_twice": "“{key}”在同一块里写了两次（第一次在第 {line} 行）；请只保留一个。",
        # fields
        "did_you_mean": "（是不是想写“{word}”？）",
        "not_a_block": "{what}应当是一行一个“字段: 内容”，而这里是“{value}”。",
        "unknown_field": "{what}里没有“{key}”这个字段{suggestion}；可用的字段：{allowed}。",
        "field_missing": "{what}缺少“{key}”；请加上一行 {key}: {hint}",
        "field_empty": "“{key}”是空的；请在冒号后面写上{hint}。",
        "text_not_block": "“{key}”应当是一段文字，不能是列表或块。",
        "text_quote": "“{key}”应当是文字；请把内容用英文引号括起来。",
        "list_entry": "“{key}”的每一项都应当是一个词或名称。",
        "not_whole_number": "“{key}”应当是整数，而不是“{value}”。",
        "number_between": "“{key}”应当在 {minimum} 到 {maximum} 之间，而不是 {value}。",
        "number_at_least": "“{key}”至少是 {minimum}，而不是 {value}。",
        "not_true_false": "“{key}”只能写 true（是）或 false（否），而不是“{value}”。",
        # dates and times
        "date_invalid": "{field}的值“{value}”不是日期；请写成 2026-10-01（也可以写 2026/10/1、2026.10.1 或 2026年10月1日）。",
        "date_not_a_date": "“{value}”不是日期；请写成 2026-10-01（也可以写 2026/10/1、2026.10.1 或 2026年10月1日）。",
        "date_compact": "“{value}”缺少分隔符；请写成 {fixed}（也可以写 2026/10/1 或 2026年10月1日）。",
        "date_no_day": "“{value}”这一天不存在：{year} 年 {month} 月只有 {days} 天；请检查日期。",
        "date_no_month": "“{value}”不是日期：没有 {month} 月；请写成 2026-10-01 这样的年-月-日。",
        "date_empty": "{field}是空的；请在冒号后面写上日期，例如 2026-10-01。",
        "never_happens": "活动“{id}”一次也不会举行：从 {start} 到 {until}，没有一天符合它的“repeat”（已去掉节假日和暂停）；请检查 repeat、from 和 until。",
        "calendar_end": "日历结束",
        "extra_already_happens": "活动“{id}”在 {day} 本来就有；请删掉这个加场日期，或改用“move”。",
        "already_left_out": "{day} 已经不举行了（{reason}）；请把它从“cancel”或“move”里删掉。",
        "not_an_occurrence": "活动“{id}”在 {day} 没有安排，所以不能取消或改期；最近的日期：{near}。",
        "every_unknown": "看不懂“every: {every}”{suggestion}；请写 day、week、month 或 year（隔周：every: week 加 interval: 2）。",
        "date_and_repeat": "{what}同时写了“date”（某一天）和“repeat”（重复）；请只保留你要的那一个。",
        "no_date_no_repeat": "{what}既没有“date”（单次活动）也没有“repeat”（重复活动）；请加上其中一个。",
        "repeat_no_from": "{what}是重复活动，但没有“from”；请加上一行 from: 2026-10-01，写第一次可能举行的日期。",
        "end_before_date": "end_date（{end}）早于 date（{date}）；请检查这两个日期。",
        "dated_lines": "“{key}”下面一行写一个“{lines}”，例如 {example}。",
        "move_target": "请写明 {date} 改到哪一天：写成 2026-10-08 或 \"2026-10-08 19:00-20:30\"，或者 {{to: ..., time: ..., reason: ...}}。",
        "until_before_from": "“until”（{end}）早于“from”（{start}）；请检查这两个日期。",
        "time_invalid": "时间“{value}”看不懂；请写开始和结束时间，例如 \"19:00-20:30\"{fix}；全天活动请去掉 time。",
        "time_fix": "（这里应写成 \"{fixed}\"）",
        "time_single": "时间“{value}”只有开始时间；请同时写结束时间，例如 \"{value}-{example}\"。",
        "time_out_of_range": "“{value}”不是一天里的时间：小时是 0–23，分钟是 0–59（午夜写 00:00）。",
        "time_end_before": "时间“{value}”的结束不晚于开始；请先写较早的时间（不支持跨过午夜的活动）。",
        # schedules
        "no_centre_block": "没有“centre:”块；文件开头要先写中心的 id、name 和 address（见 docs/schedules.md）。",
        "centre_id_used": "中心 id“{id}”已经被 {other} 使用；每个中心要有自己的 id。",
        "activity_id_used": "活动 id“{id}”已经在第 {line} 行用过了；每项活动要有自己的 id，例如“{example}”。",
        "id_invalid": "{what} id“{value}”只能用小写字母 a-z、数字和“-”（它会成为网址的一部分），例如“{example}”。",
        "centre": "中心",
        "activity": "活动",
        "timezone_unknown": "不认识的时区“{value}”；请写 Asia/Shanghai 这样的 IANA 名称。",
        "activities_not_list": "“activities”应当是一个列表：每项活动以“- id: ...”开头。",
        "on_yes_no": "“on: {value}”里的 {value} 不是星期几；“on”后面写哪天，例如 on: 周二 或 on: [mon, thu]（on 本身不用加引号，sitegen 不会把它当成 true）。",
        "on_true_key": "“{key}”看起来是被别的工具改写过的“on:”（YAML 1.1 把 on 读成 true）；请把它改回 on:",
        "weekday_unknown": "“{part}”不是星期几{suggestion}；请写 周一…周日、mon…sun 或 monday…sunday。",
        "date_twice": "{day} 已经在第 {line} 行写过了；每个日期只写一条。",
        "cancel_no_reason": "请写明 {date} 取消的原因，例如“{date}: 国庆假期暂停”；居民会看到它。",
        # stories
        "no_front_matter": "文件开头没有字段块；请以一行“---”开头，写上字段（title: ...、date: ...），再以一行“---”结束。",
        "not_a_photo_file": "“{name}”不是照片文件（{suffixes}）。",
        "photo_unreadable": "“{name}”不是 sitegen 能读取的照片；请重新保存为 JPEG 或 PNG。",
        "cover_no_alt": "封面照片没有“cover_alt”；请用一句话描述照片，方便视障读者。",
        "slug_invalid": "slug“{slug}”只能用小写字母 a-z、数字，词与词之间用一个“-”，例如 chao-yang-concert。",
        # references between files
        "unknown_centre": "没有 id 为“{id}”的中心{suggestion}；中心 id 来自 calendars/*.yaml（已有：{known}）。",
        "unknown_activity": "没有“{ref}”这项活动{suggestion}；请写“中心id/活动id”，和 calendars/*.yaml 里一致，例如 {example}。",
        "none_yet": "暂无",
        # output addresses (routes.py): two sources that want one file
        "route_story_clash": "这篇故事的网址 {url} 已经被 {other} 使用；请给其中一篇另写一个“slug:”。",
        "route_clash": "网址 {url} 已经被 {other} 使用；请给其中一个改名，或另写一个“slug:”。",
        "route_reserved": "网址 {url} 是 sitegen 自己生成的（{other}）；请给这个文件改名，或另写一个“slug:”。",
        "route_missing": "模板链接到不存在的页面：{kind}“{key}”不在本站的网址列表里；请检查这里的 url_for(…) 的名字和拼写。",
        "build_failed": "sitegen {command}：共 {count} 个错误；什么都没有写入，上一次生成的网站保持不变。",
        # holidays
        "holidays_missing": "{year} 年的法定节假日数据缺失：{count} 项活动受影响（{names}）；在 site.yaml 的“holidays:”下补上 {year} 年的放假日期之前（见 docs/holidays.md），这些活动在 {year} 年的节假日不会跳过。",
        # site.yaml
        "config_missing": "{root} 里没有 site.yaml；请在网站文件夹里运行 sitegen，或用 --site 指定文件夹，或新建一个（见 docs/site.md）。",
        "language_invalid": "language 只能是 {languages} 之一，而不是“{value}”。",
        "base_url_invalid": "base_url 必须是完整的网址，例如 https://example.org/centres/，而不是“{value}”。",
    },
    "en": {
        # photos (stories stage)
        "photo_not_found": "photo '{name}' not found in {folder} or {shared}; check the file name "
                           "(letters are case-sensitive) or copy the photo next to the story",
        "photo_not_found_shared": "photo '{name}' not found in {shared}; check the file name "
                                  "(letters are case-sensitive) or copy the photo there",
        "photo_did_you_mean": "photo '{name}' not found; did you mean {near}? Write the name exactly as the file is spelt",
        "photo_wrong_case": "photo '{name}' not found, but there is {near}; write the name exactly as the file "
                            "is spelt (web servers treat capital letters as different)",
        "photo_wrong_folder": "photo '{name}' must sit next to the story ({folder}) or in the shared folder "
                              "{shared}; write only its file name, or images/<file name> for the shared folder",
        "photo_too_large": "photo '{name}' is {mb} MB, over {limit} MB: the site still publishes resized copies, "
                           "but such a big file slows the build; save a smaller JPEG (about 3000 px on the long "
                           "side is plenty)",
        "serve_failed": "The build failed; showing the last site that built",
        "serve_failed_no_site": "The build failed; there is no site to show yet",
        "serve_fix_hint": "Fix the file and save it: the page reloads by itself (reload it by hand if it does not).",
        "serve_warnings": "{n} more warning(s)",
        "serve_building": "Building the site, one moment…",
        "serve_internal": "sitegen hit an internal problem ({error}). It is not a mistake in your files; please send this line to whoever maintains sitegen.",
        "serve_url": "Preview: {url} (Ctrl+C to stop)",
        "serve_built": "Built: {files} files in {seconds:.1f} s",
        "serve_built_warnings": "Built: {files} files in {seconds:.1f} s; {n} warning(s) (sitegen check lists them)",
        "serve_failed_terminal": "The build failed ({n} error(s)); the browser still shows the last site that built. Fix and save.",
        "serve_port_busy": "Port {port} is in use (perhaps another preview is still running). Close it or choose another port: sitegen serve --port {free}",
        "serve_port_denied": "Port {port} cannot be used (ports below 1024 need administrator rights). Choose another: sitegen serve --port 8000",
        "serve_port_moved": "Port {port} is in use; using port {used} instead.",
        "serve_no_free_port": "Ports {first} to {last} are all in use. Choose a free one with --port, e.g. sitegen serve --port 18000",
        "serve_lan_url": "Open on your phone (on the same Wi-Fi as this computer): {url}",
        "serve_lan_scan": "or scan this code with the phone:",
        "serve_lan_warning": "Note: anyone on the same Wi-Fi can open this preview, unpublished stories included. Press Ctrl+C when you are done.",
        "serve_lan_firewall": "If the phone cannot open it, check that this computer's firewall lets Python accept connections.",
        "serve_lan_unknown": "Could not find this computer's address on the local network (is it on Wi-Fi or a cable?). The preview is still open to the network on port {port}.",
        "serve_stopping": "Waiting for the current build to finish…",
        "serve_goodbye": "Preview stopped.",
        "publish_before_date": "publish: {publish} is before date: {date}; a story never goes online "
                               "before its date, so it appears on {date}. To show it earlier, set date "
                               "to that day",
        "expires_before_online": "expires: {expires} is not after the day the story goes online ({online}), "
                                 "so it would never be shown; expires is the first day it is gone and "
                                 "must be after {online}",
        "link_to_scheduled": "this links to '{title}', which goes online on {day}; until then the link "
                             "is shown as plain text",
        "link_to_expired": "this links to '{title}', which was taken down on {day}; the link is shown "
                           "as plain text, so you may remove it",
        "stale_series": "the series '{title}' ({id}) has no 'until', and this schedule's updated: {since} "
                        "is more than six months ago; check that it still runs, then set updated: to "
                        "today, or give it until: (its last day) or review_by: (when to check again)",
        "stale_series_no_updated": "the series '{title}' ({id}) has run since {since} with no 'until' and "
                                   "has not been reviewed for six months; after checking it, add "
                                   "updated: with today's date under centre:, or give the activity "
                                   "until: or review_by:",
        "review_by_passed": "the review date of '{title}' ({id}), review_by: {review_by}, has passed; "
                            "check the activity, then set review_by to the next date to check",
        "updated_twice": "'updated' is written twice (at the top and under centre:); keep only the one "
                         "under centre:",
        "check_stale_heading": "Series to review ({n}):",
        "check_stale_line": "  {loc}  {centre} / {title}: {why}",
        "check_stale_why_updated": "updated {since} is more than six months ago, no until or review_by",
        "check_stale_why_from": "open-ended since {since}, the file has no updated",
        "check_stale_why_review": "review_by {review_by} has passed",
        "check_scheduled_heading": "Stories published or taken down on a schedule ({n}):",
        "check_scheduled_line": "  {loc}  {title}: {when}",
        "check_scheduled_online": "goes online on {day}",
        "check_scheduled_expires": "taken down on {day}",
        "attendance_not_number": "the number of people on {date} must be a whole number of 0 or more, "
                                 "e.g. '{date}: 83', not '{value}'",
        "attendance_not_held": "'{id}' was not held on {date}, so it has no attendance; nearest dates: {near}",
        "attendance_cancelled": "'{id}' was cancelled on {date}, so it has no attendance; remove this line, "
                                "or the date from 'cancel'",
        "attendance_in_future": "attendance is logged for {date}, which has not come yet (today is "
                                "{today}); is the year or the day mistyped?",
        "report_written": "sitegen report: the {year} report ({rows} activities, {held} sessions held, "
                          "{cancelled} cancelled, {people} attendances) is in {path}",
        "report_title": "{site}: activities in {year}",
        "report_generated": "Counted up to {today}: sessions until then are 'held', later ones 'planned'. "
                            "A moved session counts once, in the month it moved to; attendance comes "
                            "from the schedules' attendance entries.",
        "report_totals": "Total", "report_by_centre": "By centre", "report_by_category": "By category",
        "report_by_audience": "By audience", "report_by_month": "By month", "report_by_activity": "By activity",
        "report_centre": "Centre", "report_activity": "Activity", "report_category": "Category",
        "report_audience": "Audience", "report_month": "Month", "report_held": "Held",
        "report_planned": "Planned", "report_cancelled": "Cancelled", "report_people": "Attendance",
        "report_activities": "Activities", "report_month_name": "{month}",
        "report_audience_note": "An activity may serve several audiences, so the audience rows add up "
                                "to more than the total.",
        "report_none": "(none)",
        "report_not_in_output": "the report is not published, so it cannot go into {output} (the next "
                                "build would delete it); write it elsewhere, e.g. --out report-{year}.csv",
        "yaml_tab": "this line is indented with a Tab; YAML only accepts spaces, so replace the Tab at the start of the line with spaces (aligned with its block)",
        "yaml_fullwidth_colon": "'{key}' is followed by a full-width colon '：'; replace it with an ASCII colon and a space ': ', i.e. {fixed}",
        "yaml_indent": "the indentation does not line up: line {line} '{text}' starts with {spaces} space(s), line {above} above it '{above_text}' with {above_spaces}; fields of one block need the same number of spaces",
        "yaml_quote": "this line has two ': ', so the field and its text cannot be told apart: {text}; put the text after the first colon in quotes, e.g. title: \"Talk: health\"",
        "yaml_syntax": "cannot read this (YAML: {problem}); check the indentation here and on the line above, and put quotes around text that contains ': ' or starts with a special character",
        "yaml_bad_char": "there is an invisible control character (U+{code}) here, probably copied from elsewhere; delete it (or type the line again)",
        "yaml_brackets": "brackets [ ] or braces {{ }} do not pair up; check this line and the ones above: every '[' needs a ']', every '{{' a '}}', with ASCII commas ',' between the items",
        "yaml_too_deep": "nested too deeply to read; check that the brackets [ ] {{ }} are paired",
        "not_utf8": "this file is not UTF-8 text; save it again as UTF-8 (Notepad or VS Code: 'Save as', encoding UTF-8)",
        "key_not_word": "a key must be a plain word, not a list or mapping",
        "key_twice": "'{key}' is written twice in the same block (first on line {line}); keep one of them",
        "did_you_mean": " (did you mean '{word}'?)",
        "not_a_block": "{what} must be a block of 'key: value' lines, not '{value}'",
        "unknown_field": "unknown field '{key}' in {what}{suggestion}; allowed fields: {allowed}",
        "field_missing": "{what} has no '{key}'; add '{key}: {hint}'",
        "field_empty": "'{key}' is empty; write {hint} after the colon",
        "text_not_block": "'{key}' must be text, not a list or block",
        "text_quote": "'{key}' must be text; put it in quotes",
        "list_entry": "each entry of '{key}' must be a plain word or name",
        "not_whole_number": "'{key}' must be a whole number, not '{value}'",
        "number_between": "'{key}' must be between {minimum} and {maximum}, not {value}",
        "number_at_least": "'{key}' must be at least {minimum}, not {value}",
        "not_true_false": "'{key}' must be true or false, not '{value}'",
        "date_invalid": "{field} must be a date such as 2026-10-01 (2026/10/1, 2026.10.1 and 2026年10月1日 work too), not '{value}'",
        "date_not_a_date": "'{value}' is not a date; write 2026-10-01 (2026/10/1, 2026.10.1 and 2026年10月1日 work too)",
        "date_compact": "'{value}' has no separators; write {fixed} (or 2026/10/1)",
        "date_no_day": "'{value}' is not a real day: month {month} of {year} has {days} days; check the date",
        "date_no_month": "'{value}' is not a date: there is no month {month}; write year-month-day, e.g. 2026-10-01",
        "date_empty": "{field} is empty; write a date after the colon, e.g. 2026-10-01",
        "never_happens": "activity '{id}' never happens: no day between {start} and {until} matches its 'repeat' (after holidays and pauses)",
        "calendar_end": "the end of the calendar",
        "extra_already_happens": "'{id}' already happens on {day}; remove this extra date or use 'move'",
        "already_left_out": "{day} is already left out ({reason}); remove it from 'cancel'/'move'",
        "not_an_occurrence": "'{id}' does not happen on {day}, so it cannot be cancelled or moved; nearest dates: {near}",
        "every_unknown": "'every: {every}' is not understood{suggestion}; write day, week, month or year (every other week: 'every: week' with 'interval: 2')",
        "date_and_repeat": "{what} has both 'date' (one day) and 'repeat' (a series); keep the one you mean",
        "no_date_no_repeat": "{what} has neither 'date' (a one-off event) nor 'repeat' (a series); add one of them",
        "repeat_no_from": "{what} repeats but has no 'from'; add 'from: YYYY-MM-DD', the first day it may happen",
        "end_before_date": "end_date {end} is before date {date}",
        "dated_lines": "'{key}' lists '{lines}' lines, e.g. {example}",
        "move_target": "write where {date} moves to as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM-HH:MM', or as {{to: ..., time: ..., reason: ...}}",
        "until_before_from": "'until' {end} is before 'from' {start}",
        "time_invalid": "time must be a start and end like \"19:00-20:30\", not '{value}'{fix}; leave 'time' out for an all-day event",
        "time_fix": " (here: \"{fixed}\")",
        "time_single": "time '{value}' has only a start; give the end too, e.g. \"{value}-{example}\"",
        "time_out_of_range": "'{value}' is not a time of day; hours go 0–23 and minutes 0–59 (midnight is 00:00)",
        "time_end_before": "in '{value}' the end is not after the start; write the earlier time first (activities that run past midnight are not supported)",
        "no_centre_block": "no 'centre:' block; start the file with the centre's id, name and address (see docs/schedules.md)",
        "centre_id_used": "centre id '{id}' is already used by {other}; give each centre its own id",
        "activity_id_used": "activity id '{id}' is already used on line {line}; give each activity its own id, e.g. '{example}'",
        "id_invalid": "{what} id '{value}' may only use lower-case letters a-z, digits and '-' (it becomes part of web addresses), e.g. '{example}'",
        "centre": "centre",
        "activity": "activity",
        "timezone_unknown": "unknown time zone '{value}'; use an IANA name such as Asia/Shanghai",
        "activities_not_list": "'activities' must be a list: start each activity with '- id: ...'",
        "on_yes_no": "in 'on: {value}', {value} is not a weekday; 'on' says which day, e.g. on: tuesday or on: [mon, thu] (on itself needs no quotes: sitegen never reads it as true)",
        "on_true_key": "'{key}' looks like an 'on:' rewritten by another tool (YAML 1.1 reads on as true); change it back to on:",
        "weekday_unknown": "'{part}' is not a weekday{suggestion}; write mon…sun, monday…sunday or 周一…周日",
        "date_twice": "{day} is already listed on line {line}; keep one entry per date",
        "cancel_no_reason": "give a reason for cancelling on {date}, e.g. '{date}: 国庆假期暂停'; residents will see it",
        "no_front_matter": "no front matter; start the file with a '---' line, the fields (title: ..., date: ...), and another '---' line",
        "not_a_photo_file": "'{name}' is not a photo file ({suffixes})",
        "photo_unreadable": "'{name}' is not a photo sitegen can read; save it again as JPEG or PNG",
        "cover_no_alt": "the cover has no 'cover_alt'; describe the photo for blind readers",
        "slug_invalid": "slug '{slug}' may only use lower-case letters a-z, digits and single '-' between words, e.g. chao-yang-concert",
        "unknown_centre": "unknown centre '{id}'{suggestion}; centre ids come from calendars/*.yaml (known: {known})",
        "unknown_activity": "unknown activity '{ref}'{suggestion}; write 'centre-id/activity-id' as in calendars/*.yaml, e.g. {example}",
        "none_yet": "none yet",
        "route_story_clash": "this story's address {url} is already used by {other}; give one of them a different 'slug:'",
        "route_clash": "the address {url} is already used by {other}; rename one of them or set another 'slug:'",
        "route_reserved": "the address {url} is made by sitegen itself ({other}); rename the file or set another 'slug:'",
        "route_missing": "the template links to a page the site does not have: {kind} '{key}' is not among the site's addresses; check the name and spelling in url_for(…) here",
        "build_failed": "sitegen {command}: {count} error(s); nothing was written, the previous output is unchanged",
        "holidays_missing": "{year} holidays missing: {count} activities affected ({names}); until you add {year}'s days off under 'holidays:' in site.yaml (see docs/holidays.md), their {year} holidays are not skipped",
        "config_missing": "no site.yaml in {root}; run sitegen in the site's folder, name it with --site, or create one (see docs/site.md)",
        "language_invalid": "language must be one of {languages}, not '{value}'",
        "base_url_invalid": "base_url must be a full address such as https://example.org/centres/, not '{value}'",
    },
}

# How a block or a hint is named inside a message (``Fields.what``, ``hint``), in Chinese.
LABELS_ZH = {
    "the story's front matter": "故事开头的字段块", "the page's front matter": "页面开头的字段块",
    "the centre": "中心信息（centre）", "'repeat'": "“repeat”", "'holidays'": "“holidays”",
    "a school vacation": "寒暑假", "a pause": "暂停（pause）", "a change": "变更（change）",
    "this activity": "这项活动", "the headline": "标题", "the site's name": "网站名称",
    "the page's title": "页面标题", "the activity's name": "活动名称", "the centre's full name": "中心全称",
    "a short name in lower-case letters, e.g. chongdeyuan": "小写字母的简短名称，例如 chongdeyuan",
    "week (or day, month, year)": "week（或 day、month、year）", "YYYY-MM-DD": "日期，例如 2026-10-01",
    "e.g. 文化活动": "类别，例如 文化活动", "e.g. 暑假停课": "原因，例如 暑假停课",
    "https://example.org/": "网址，例如 https://example.org/",
}
_LABEL_PATTERNS_ZH = (
    (re.compile(r"activity '(.+)'"), "活动“{0}”"),
    (re.compile(r"the extra date (.+)"), "加场 {0}"),
    (re.compile(r"the move of (.+)"), "{0} 的改期"),
)


def label(text: str, language: str) -> str:
    """A block's name or a hint from the code (English) in the site's language."""
    if not language.startswith("zh"):
        return text
    if text in LABELS_ZH:
        return LABELS_ZH[text]
    for pattern, wording in _LABEL_PATTERNS_ZH:
        match = pattern.fullmatch(text)
        if match:
            return wording.format(*match.groups())
    return text + " " if text.isascii() else text  # 'site.yaml 缺少': a space between Latin and Chinese


def message(key: str, language: str, /, **values: object) -> str:
    """One message to staff in the site's language (English for any language but Chinese)."""
    table = MESSAGES["zh-CN"] if language.startswith("zh") else MESSAGES["en"]
    return table[key].format(**values)


# `theme:` in site.yaml, and `sitegen new` (starting a site, a story, an activity). A block of its own
# so that other catalogue additions merge cleanly.
MESSAGES["zh-CN"].update({
    "unknown_theme": "没有名为“{theme}”的主题；可用的主题：{themes}。自己的主题请放在网站的 themes/{theme}/ 文件夹里",
    "unknown_theme_suggest": "没有名为“{theme}”的主题，是不是要写 {suggestion}？可用的主题：{themes}",
    "new_site_not_empty": "{folder} 已经存在而且不是空的，sitegen 不会覆盖里面的文件；请换一个新的文件夹名，"
                          "例如 sitegen new site 我的网站",
    "new_site_not_folder": "{folder} 是一个文件，不是文件夹；请换一个新的文件夹名",
    "new_site_done": "已新建网站：{folder}（{count} 个文件）\n"
                     "下一步：\n"
                     "  sitegen --site {folder} serve      在浏览器里预览（改动文件后自动刷新）\n"
                     "  sitegen --site {folder} build      生成网站到 {folder}/output/\n"
                     "先打开 {folder}/README.md，里面写了每个文件的用途。",
    "no_site": "{folder} 里没有 site.yaml，不是 sitegen 网站的文件夹；请在网站文件夹里运行，"
               "或用 --site 指明，例如 sitegen --site 我的网站 new story 标题",
    "unknown_centre_suggest": "没有 id 为“{centre}”的中心，是不是要写 {suggestion}？已有的中心：{centres}",
    "new_unknown_centre": "没有 id 为“{centre}”的中心；已有的中心：{centres}（见 calendars/ 里每个文件开头的 id）",
    "no_centres": "calendars/ 里还没有任何中心；请先建一个中心的日程文件（见 docs/schedules.md）",
    "story_exists": "{path} 已经存在，sitegen 不会覆盖它；请换一个标题，或直接编辑这个文件",
    "empty_title": "标题不能为空，例如 sitegen new story 社区义诊进小区",
    "new_story_done": "已新建故事：{path}\n用编辑器打开它，写好正文，再运行 sitegen serve 预览。",
    "schedule_unreadable": "{path} 现在有错误，无法自动添加活动；请先运行 sitegen check 改正它",
    "schedules_unreadable": "{paths} 现在有错误，sitegen 读不出里面的中心；请先运行 sitegen check 改正它",
    "activity_not_appendable": "无法自动把活动加到 {path} 的末尾（activities: 不是文件的最后一部分，"
                               "或写成了一行）；请照 docs/schedules.md 手工添加",
    "new_activity_done": "已在 {path} 末尾添加活动 {id}（第 {line} 行）\n"
                         "请修改标题、时间和重复规则，再运行 sitegen serve 预览。",
})
MESSAGES["en"].update({
    "unknown_theme": "there is no theme '{theme}'; themes: {themes}. Put a theme of your own in the "
                     "site's themes/{theme}/ folder",
    "unknown_theme_suggest": "there is no theme '{theme}' (did you mean {suggestion}?); themes: {themes}",
    "new_site_not_empty": "{folder} already exists and is not empty; sitegen does not overwrite files. "
                          "Choose a new folder name, e.g. sitegen new site my-site",
    "new_site_not_folder": "{folder} is a file, not a folder; choose a new folder name",
    "new_site_done": "New site in {folder} ({count} files)\n"
                     "Next:\n"
                     "  sitegen --site {folder} serve      preview in the browser (reloads on every change)\n"
                     "  sitegen --site {folder} build      build the site into {folder}/output/\n"
                     "Start with {folder}/README.md: it says what each file is for.",
    "no_site": "there is no site.yaml in {folder}, so it is not a sitegen site; run this in the site's "
               "folder or name it with --site, e.g. sitegen --site my-site new story Title",
    "unknown_centre_suggest": "there is no centre '{centre}' (did you mean {suggestion}?); centres: {centres}",
    "new_unknown_centre": "there is no centre '{centre}'; centres: {centres} (the id at the top of each file "
                      "in calendars/)",
    "no_centres": "calendars/ has no centre yet; add a centre's schedule first (see docs/schedules.md)",
    "story_exists": "{path} already exists; sitegen does not overwrite it. Choose another title or edit that file",
    "empty_title": "the title is empty; e.g. sitegen new story \"Health check day\"",
    "new_story_done": "New story: {path}\nOpen it in your editor, write the text, then preview with sitegen serve.",
    "schedule_unreadable": "{path} has mistakes, so no activity can be added to it automatically; run "
                           "sitegen check and fix them first",
    "schedules_unreadable": "sitegen cannot read the centres in {paths}; run sitegen check and fix them first",
    "activity_not_appendable": "cannot add the activity at the end of {path} ('activities:' is not the last "
                               "part of the file, or is written on one line); add it by hand as in docs/schedules.md",
    "new_activity_done": "Added activity {id} at the end of {path} (line {line})\n"
                         "Change its title, time and repeat rule, then preview with sitegen serve.",
})


# Hostile and broken input (safehtml, links out of the site, pathological nesting). A block of its own
# so that other catalogue additions merge cleanly.
MESSAGES["zh-CN"].update({
    "markdown_too_long": "正文有 {n} 个字符，超过了 {limit} 个字符的上限；请把它分成几篇",
    "nesting_defused": "正文里的括号、引用（>）、缩进或 HTML 标签嵌套得太深（超过 {depth} 层），sitegen 把它们当作普通文字显示；"
                       "请检查是不是粘贴错了",
    "outside_site": "“{name}”是一个指向网站文件夹以外的链接（指向 {target}），sitegen 不会读取或复制它；"
                    "请把文件本身复制到网站文件夹里，而不是放一个链接",
    "theme_not_a_name": "theme 只写主题的名字（例如 default），不能是路径“{theme}”；自己的主题请放在网站的 "
                        "themes/<名字>/ 文件夹里",
    "svg_active": "SVG 图片“{name}”含有脚本、事件或外部链接（{part}），读者打开它时可能运行；"
                  "请另存为 PNG 或 JPEG，或从绘图软件重新导出不含脚本的 SVG",
    "output_outside": "内部错误：要写入的文件“{dest}”不在输出文件夹里，sitegen 拒绝写入；请报告这个问题",
})
MESSAGES["en"].update({
    "markdown_too_long": "the text has {n} characters, more than the limit of {limit}; split it into several",
    "nesting_defused": "brackets, quotes (>), indents or HTML tags are nested too deep here (more than {depth} "
                       "levels), so sitegen shows them as plain text; check that nothing was pasted by mistake",
    "outside_site": "'{name}' is a link to a file outside the site's folder ({target}); sitegen does not read "
                    "or copy it. Copy the file itself into the site's folder instead of a link",
    "theme_not_a_name": "theme is the name of a theme (e.g. default), not a path like '{theme}'; put a theme "
                        "of your own in the site's themes/<name>/ folder",
    "svg_active": "the SVG picture '{name}' contains script, events or outside links ({part}) that could run "
                  "when a reader opens it; save it as PNG or JPEG, or export a plain SVG again",
    "output_outside": "internal error: the file '{dest}' would be written outside the output folder, so sitegen "
                      "refuses; please report this",
})

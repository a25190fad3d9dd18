"""Dates, times and schedules in words, the way residents read them (Chinese first, English too).

Pure functions used by the templates; all UI strings of the default theme live in ``STRINGS``.
"""
from __future__ import annotations

import datetime as dt

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
    },
}


def day_label(day: dt.date, language: str, today: dt.date | None = None) -> str:
    """'6月7日 星期六' ('今天 · 6月7日 星期六' when it is today)."""
    if language == "en":
        text = f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]}"
    else:
        text = f"{day.month}月{day.day}日 {WEEKDAYS['zh-CN'][day.weekday()]}"
    if today is not None:
        relative = {0: "today", 1: "tomorrow"}.get((day - today).days)
        if relative:
            text = f"{STRINGS[language][relative]} · {text}"
    return text


def full_date(day: dt.date, language: str) -> str:
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def time_label(occurrence: Occurrence, language: str) -> str:
    if occurrence.all_day:
        if occurrence.last_day != occurrence.day:
            return f"{day_label(occurrence.day, language)} – {day_label(occurrence.last_day, language)}"
        return STRINGS[language]["all_day"]
    return f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}"


def _cn_count(n: int) -> str:
    return CN_NUMBERS[n] if n <= 10 else str(n)


def describe_schedule(activity: Activity, language: str) -> str:
    """'每月最后一个周六 19:00–20:30' / 'Last Saturday of every month, 19:00–20:30'."""
    schedule = activity.schedule
    time = activity.time.label() if activity.time else STRINGS[language]["all_day"]
    if isinstance(schedule, OneOff):
        when = full_date(schedule.date, language)
        if schedule.end_date:
            when += ("至" if language == "zh-CN" else " – ") + full_date(schedule.end_date, language)
        return f"{when} {time}" if language == "zh-CN" else f"{when}, {time}"
    if isinstance(schedule, LunarRule):
        pattern = _lunar_zh(schedule) if language == "zh-CN" else _lunar_en(schedule)
    else:
        pattern = _pattern_zh(schedule) if language == "zh-CN" else _pattern_en(schedule)
        pattern += _skips(schedule, activity, language)
    span = _span(schedule, language)
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
        days = ", ".join("the last day" if d == -1 else _en_ordinal(d) for d in rec.monthdays)
        return f"On {days} of {every}"
    return f"{rec.monthdays[0]} {MONTHS_EN[rec.month - 1]}, {every}"


def _en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _span(rec: Recurrence | LunarRule, language: str) -> str:
    if language == "zh-CN":
        start = f"{full_date(rec.start, language)}起"
        return start + (f"，至{full_date(rec.until, language)}" if rec.until else "")
    start = f"from {full_date(rec.start, language)}"
    return start + (f" until {full_date(rec.until, language)}" if rec.until else "")

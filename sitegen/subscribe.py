"""Subscribe pages: one per feed, with a button per platform and a QR code made at build time.

Residents subscribe from iPhones (webcal:), Android phones (copy the https address into the
phone's calendar), Outlook and Google; inside WeChat, which blocks webcal: links and downloads,
the page first says how to open it in a browser. The QR code is an SVG file, no web service.
"""
from __future__ import annotations

import io
from urllib.parse import quote, urlencode

import segno

from .model import Artifact
from .routes import Route, url
from .site import Feed, Site


def platform_links(site: Site, feed: Feed) -> dict[str, str]:
    https = site.absolute(feed.ics_url)
    webcal = "webcal://" + https.split("://", 1)[1]
    outlook = urlencode({"url": https, "name": feed.name}, quote_via=quote)
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + outlook,
        "office": "https://outlook.office.com/calendar/0/addfromweb?" + outlook,
        "download": feed.ics_url,
        "qr": url("qr", feed.key),
    }


def qr_svg(text: str, title: str) -> bytes:
    """A scalable, deterministic QR code (error correction M survives a smudged printout)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", boost_error=False).save(
        buffer, kind="svg", scale=4, border=2, dark="#000", light="#fff", title=title,
        xmldecl=False, svgns=True, nl=True)
    return buffer.getvalue()


def qr_artifact(site: Site, route: Route) -> Artifact:
    """The producer of QR routes: a subscribe page's code holds the feed's https address (a phone
    camera adds it to the calendar); a poster's holds the subscribe page, which explains WeChat."""
    if route.kind == "poster_qr":
        feed = site.feed_for(url("feed", route.key))
        return Artifact(route.dest_path, qr_svg(site.absolute(feed.subscribe_url), feed.name))
    feed = site.feed_for(url("feed", route.key))
    return Artifact(route.dest_path, qr_svg(site.absolute(feed.ics_url), feed.name))

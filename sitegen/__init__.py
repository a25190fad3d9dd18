"""sitegen: a static-site generator for community service centres (stories, schedules, feeds)."""

__version__ = "0.1.0"

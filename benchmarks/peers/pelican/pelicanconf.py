# Pelican settings for benchmarks/vs_peers.py: the pages sitegen makes from stories, nothing else
# (no categories, authors, archives or feeds). Photos are copied as they are (Pelican has no resizer).
SITENAME = "青石街道党群服务"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_DATE_FORMAT = "%Y年%-m月%-d日"
ARTICLE_PATHS = ["stories"]
STATIC_PATHS = ["stories"]
PAGE_PATHS = []
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "stories"
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
DIRECT_TEMPLATES = ["home", "index", "tags"]
HOME_SAVE_AS = "index.html"
INDEX_SAVE_AS = "stories/index.html"
TAGS_SAVE_AS = "tags/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 6
PAGINATED_TEMPLATES = {"index": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
RELATIVE_URLS = True

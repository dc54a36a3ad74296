"""Every size and work budget for content, in one place.

A pull request is untrusted input: each content file is refused, unread, when its size (as the
file system gives it) is over its limit, and each Markdown body when it is over its work budget
(render.over_budget), so that no file can make a check or a build slow.
scripts/bench_pathological.py measures the worst case within these limits (BENCHMARKS.md).
"""

KIB = 1024

# A version (`index.<lang>.md`) or a page of the site (`docs/*.md`).
MAX_MARKDOWN_BYTES = 256 * KIB
# A registry (`languages.yml`, `channels.yml`, `units.yml`, `topics.yml`), `targets.yml`, and any
# other YAML file under content/.
MAX_YAML_BYTES = 256 * KIB
# A product's `product.yml`: a few fields and a list of media.
MAX_PRODUCT_YML_BYTES = 64 * KIB
# Plans (`content/plans/*.yml` and `targets.yml`): a department follows a handful a year; every
# report and progress page counts each of them.
MAX_PLANS = 100

# A media file (images, audio, video, documents): larger ones belong on a video platform.
MAX_MEDIA_BYTES = 50 * 1024 * 1024  # "50 MB" in the messages
# WebVTT captions: a feature film's are under 150 KB.
MAX_CAPTIONS_BYTES = 512 * KIB

# The work budget of one Markdown body, counted before it is rendered (render.over_budget): each
# construct that costs Python-Markdown more than linear time, or a level of recursion, is limited.
# Levels of nesting (quotes, list items, indentation by 4) on one line. Python-Markdown recurses
# a few frames per level; no product needs more than a few.
MAX_NESTING = 16
MAX_HEADINGS = 300
MAX_RULES = 300  # horizontal rules (---, ***, ___)
MAX_HTML_TAGS = 300  # anything starting like a tag: <x, </x, <!x, <?x (raw HTML, comments, CDATA, autolinks)
MAX_LINKS = 1_000  # `[` (each may open a link, a reference or an image) and autolinks
MAX_BLOCKS = 4_000  # paragraphs, list items, table rows, quoted lines … (lines that start a block)
MAX_ADMONITIONS = 200  # `!!! note` boxes: each is parsed again inside, ~200 µs apiece
MAX_TABLE_CELLS = 10_000  # rows × columns of every table: each row gets one cell per header column
MAX_URL_CHARS = 2_000  # one link address (a reference link repeats it wherever it is used)
MAX_ESCAPES = 1_000  # backslash escapes
# Inline marks (* ** _ __ ` & < and lines ending in two spaces): each can make an element (or, for `<`,
# a look for raw HTML), at ~6-60 µs each when they are tens of thousands (emphasis, code spans, line
# breaks, entities).
MAX_MARKS = 8_000
# Python-Markdown looks for the end of a link from each `[` (its `]`) and each `](` (its `)`) on to
# the end of the paragraph: a paragraph of many unclosed or nested brackets ("[x](" * 3000, 12 KB)
# takes seconds to render, longer ones minutes. Paragraphs where that search would read more than
# this many characters in all (see `_bracket_reach`; no real product comes near) are refused.
MAX_BRACKET_REACH = 200_000

# Registries: every page carries its language's menu and the language switcher, every product page
# its topics, so pages grow with these lists (and the site with their square).
MAX_REGISTRY_ENTRIES = {"languages": 50, "channels": 50, "units": 500, "topics": 300}
# Media listed by one product (each is inspected to its end).
MAX_MEDIA_ENTRIES = 100

# A media file name, as listed in product.yml (it ends up in URLs and HTML attributes).
MAX_FILE_NAME_CHARS = 100

# The hub's identity (content/hub.yml), by field, in characters: the name heads every page and
# every feed; the description is the pages' meta description (search engines show about 160).
MAX_HUB_TEXT_CHARS = {"name": 120, "description": 300, "province": 100, "agency": 200}

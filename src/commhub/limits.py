"""Every size and work budget for content, in one place.

A pull request is untrusted input: each content file is refused, unread, when its size (as the
file system gives it) is over its limit, so that no file can make a check or a build slow.
"""

KIB = 1024

# A version (`index.<lang>.md`) or a page of the site (`docs/*.md`).
MAX_MARKDOWN_BYTES = 256 * KIB
# A registry (`languages.yml`, `channels.yml`, `units.yml`, `topics.yml`), `targets.yml`, and any
# other YAML file under content/.
MAX_YAML_BYTES = 256 * KIB
# A product's `product.yml`: a few fields and a list of media.
MAX_PRODUCT_YML_BYTES = 64 * KIB

# A media file name, as listed in product.yml (it ends up in URLs and HTML attributes).
MAX_FILE_NAME_CHARS = 100

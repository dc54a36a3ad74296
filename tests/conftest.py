import os

# Material 9.7 prints a long notice about MkDocs 2.0 on every build; commhub pins
# MkDocs 1.6 and says so in its README, so the tests keep their output readable.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

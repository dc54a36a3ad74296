"""commhub: a multilingual static-site hub for public communication products."""

from pathlib import Path

__version__ = "0.1.0"

# The installed package: its code and data are part of every cache key.
PACKAGE_DIR = Path(__file__).parent

# commhub's templates, styles, scripts, fonts and Material UI partials (package data): the plugin
# puts this folder in front of Material's theme, behind a hub's own `custom_dir`.
THEME_DIR = PACKAGE_DIR / "site" / "theme"

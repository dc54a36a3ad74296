"""commhub: a multilingual static-site hub for public communication products."""

__version__ = "0.1.0"

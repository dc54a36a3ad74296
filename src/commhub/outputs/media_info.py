"""What the outputs say about a media file: its MIME type, its length in bytes and, for audio and
video, its duration (mutagen reads it from the file's headers; `commhub check` has walked each
file's structure before any output reads it).

Read once per file and build: keyed by path, size and modification time, so an edited file is read again.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

MIME_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav",
    ".m4a": "audio/mp4", ".mp4": "video/mp4", ".webm": "video/webm", ".pdf": "application/pdf", ".vtt": "text/vtt",
}
# A file that may hold audio or video (MP4, WebM) listed as audio.
AUDIO_MIME_TYPES = {".mp4": "audio/mp4", ".webm": "audio/webm"}


def mime_type(file: str, kind: str = "") -> str:
    suffix = os.path.splitext(file)[1].lower()
    if kind == "audio" and suffix in AUDIO_MIME_TYPES:
        return AUDIO_MIME_TYPES[suffix]
    return MIME_TYPES.get(suffix, "application/octet-stream")


def duration(path: Path | str) -> float | None:
    """Seconds of audio or video, None when the format does not say (mutagen knows no WebM) or the
    file cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _duration(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _duration(path: str, size: int, mtime_ns: int) -> float | None:
    import mutagen

    try:
        media = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError):
        return None
    length = getattr(getattr(media, "info", None), "length", None)
    return float(length) if length and length > 0 else None


def iso_duration(seconds: float) -> str:
    """ISO 8601 (schema.org's `duration`): PT1H2M3S, PT2S."""
    total = max(1, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")


def clock_duration(seconds: float) -> str:
    """HH:MM:SS (the podcast apps' `itunes:duration`)."""
    total = max(1, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"

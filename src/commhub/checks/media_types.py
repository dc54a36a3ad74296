"""Is a media file really a complete file of the format its extension names, and could a browser run it as script?

The site serves media from its own origin. The pages' CSP runs only commhub's own scripts, by hash
(site/csp.py), but a page a browser reads without that CSP, or a server that sniffs types, would still let a
file there run as a script; so a file is published only if

* its format's signature is at byte 0 and its structure is consistent to the end of the file (a
  polyglot must also be a *complete* file of the format, with nothing hidden after its end), and
* no browser could run it as a classic script, nor sniff it as HTML (see `could_run_as_script`).

`inspect(path, media_type)` answers both, reading only headers with seek/read: a small file costs
open, one read and close; a big one one read per 64 KiB window the walk touches.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from commhub.content.files import open_regular

HEAD_BYTES = 1024  # what the markup check and the sniffing of other formats look at
MAX_STEPS = 300_000  # chunks, boxes, pages or GIF sub-blocks walked; a 50 MB GIF has about 200,000
_WINDOW = 64 * 1024

# What `inspect` finds wrong.
OTHER = "other"  # the format's signature is not at byte 0: some other file
DAMAGED = "damaged"  # the signature is there, the structure is broken, truncated or followed by more data
SCRIPT_LIKE = "script_like"  # a complete file, but a browser could run it as script or read it as HTML


class _Reader:
    """Bytes at any offset of an open file, through a window: a walk costs one read per window it touches."""

    def __init__(self, stream: BinaryIO, size: int):
        self.stream, self.size = stream, size
        self.start, self.window = 0, stream.read(_WINDOW)

    def at(self, offset: int, length: int) -> bytes:
        """`length` bytes from `offset`, fewer at the end of the file."""
        if offset < 0:
            return b""
        end = self.start + len(self.window)
        if self.start <= offset and (offset + length <= end or end >= self.size):
            return self.window[offset - self.start:offset - self.start + length]
        self.stream.seek(offset)
        self.start, self.window = offset, self.stream.read(max(_WINDOW, length))
        return self.window[:length]


@dataclass(frozen=True)
class MediaType:
    name: str  # how editors know the format
    kinds: tuple[str, ...]  # media kinds it may be listed as
    starts: Callable[[bytes], bool]  # is the format's signature at byte 0 of these first bytes
    walk: Callable[[_Reader], bool]  # is the structure consistent to the end of the file


def inspect(path: Path, media_type: MediaType) -> tuple[str | None, bytes]:
    """(OTHER, DAMAGED, SCRIPT_LIKE or None when the file is fine; the file's first HEAD_BYTES bytes)."""
    # Opened without blocking, no link followed, and only if a regular file (FileRefused, an OSError, if not).
    with open(open_regular(path), "rb", buffering=0) as stream:
        reader = _Reader(stream, os.fstat(stream.fileno()).st_size)
        start = reader.window
        head = start[:HEAD_BYTES]
        if not media_type.starts(head):
            return OTHER, head
        if not media_type.walk(reader):
            return DAMAGED, head
    return (SCRIPT_LIKE if could_run_as_script(start, len(start) == reader.size) else None), head


# --- could a browser run it as script --------------------------------------------------------------------

# A classic script runs only if the whole file parses, so a file is safe once its parse must fail. A
# browser decodes a script from the site as UTF-8 (the pages' encoding; a UTF-16 byte-order mark would
# switch it, so those are refused). Scanning from byte 0, the parse fails at the first NUL or other C0
# control than \t \n \v \f \r (or DEL), or at a byte that is not valid UTF-8 (it decodes to U+FFFD):
# both are syntax errors outside comments, strings, templates and regular expressions, inside which the
# binary rest of the file could hide. So the file is refused if, before such a byte, it opens a
# comment (// /* <!-- --> or a hashbang #! at byte 0) or a regular expression (a / that does not surely
# divide, i.e. that follows no name but a keyword, nor a ]). A string or a template is followed to its
# end instead, as only one character in ten of binary data opens one: a string fails at a line break
# before its closing quote, and either fails if the file ends inside it; after its end, the scan goes
# on. A file that reads as text throughout, or until the end of the first _WINDOW bytes, could be a
# program: it is refused. Valid UTF-8 letters are scanned through, as they could be part of a name. A
# file whose very first byte cannot begin a program (PDF's `%`) fails at byte 0 and needs no scan.
# E.g. the GIF/JS polyglot `GIF89a/*...*/=1;alert(1)` opens a comment at byte 6; a real GIF stops at
# its width's bytes, `GIF89a` then 0x01 0x00.
_CODE = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f-\xff'\"`/{}]|<!--|-->")
_IN_STRING = {ord(quote): re.compile(rb"[\n\r\\" + quote + rb"]") for quote in (b"'", b'"')}
_IN_TEMPLATE = re.compile(rb"[`\\]|\$\{")
_CANNOT_BEGIN = frozenset(b"%)*,:=>?]^|}&")
_WHITE = frozenset(b" \t\n\v\f\r")
_NAME = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")
# Keywords after which / begins a regular expression.
_BEFORE_EXPRESSION = frozenset(b"await case default delete do else export extends in instanceof new of return "
                               b"throw typeof void yield".split())
# What a browser sniffing the file would take for HTML, SVG or XML.
_MARKUP = re.compile(rb"<(?:!doctype|html|script|svg|\?xml|head|body|iframe|!--)", re.IGNORECASE)


def could_run_as_script(data: bytes, whole: bool = True) -> bool:
    """Could a browser run a file starting with `data` (all of it if `whole`) as a classic script, or sniff
    it as markup?"""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _MARKUP.search(data[:HEAD_BYTES]) or data.startswith(b"#!"):
        return True
    if data[:1] and data[0] in _CANNOT_BEGIN:
        return False
    return not _parse_fails(data, whole)


def _parse_fails(data: bytes, whole: bool) -> bool:
    """Must a parse of `data` as script fail? False when it might not."""
    position, substitutions = 0, []  # the open `${` of templates: how many braces are open in each
    while True:
        event = _CODE.search(data, position)
        if event is None:
            return False
        at, byte = event.start(), data[event.start()]
        position = at + 1
        if len(event.group()) > 1:  # <!-- or -->
            return False
        if byte < 0x20 or byte == 0x7F:
            return True
        if byte >= 0x80:
            length = _utf8_length(data, at)
            if length <= 0:
                return length == 0 or whole  # invalid; or cut by the end of `data`
            position = at + length
        elif byte in _IN_STRING:
            position = _string_end(data, position, byte)
            if position is None:
                return True
            if position < 0:
                return whole
        elif byte == ord("`") or (byte == ord("}") and substitutions and substitutions[-1] == 0):
            if byte == ord("}"):
                substitutions.pop()
            position, substitution = _template_end(data, position)
            if position < 0:
                return whole
            if substitution:
                substitutions.append(0)
        elif byte == ord("/"):
            if data[at + 1:at + 2] in (b"/", b"*") or _may_begin_regexp(data, at):
                return False
        elif substitutions:  # { or } inside a template's substitution
            substitutions[-1] += 1 if byte == ord("{") else -1


def _utf8_length(data: bytes, at: int) -> int:
    """Length of the valid UTF-8 character at `at`; 0 if invalid, -1 if cut by the end of `data`."""
    lead = data[at]
    length = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    try:
        data[at:at + length].decode("utf-8")
    except UnicodeDecodeError as error:
        return -1 if error.reason == "unexpected end of data" else 0
    return length


def _string_end(data: bytes, position: int, quote: int) -> int | None:
    """Where the string literal going on at `position` ends: after its quote; None if a line break comes
    first (a syntax error); -1 at the end of `data`."""
    inside = _IN_STRING[quote]
    while (found := inside.search(data, position)) is not None:
        if data[found.start()] == quote:
            return found.end()
        if data[found.start()] != ord("\\"):
            return None
        position = found.start() + 2  # an escaped character, or a line continuation
        if data[position - 1:position + 1] == b"\r\n":
            position += 1
    return -1


def _template_end(data: bytes, position: int) -> tuple[int, bool]:
    """(Where the template text going on at `position` ends, and is it at a `${`); -1 at the end of `data`."""
    while (found := _IN_TEMPLATE.search(data, position)) is not None:
        if found.group() != b"\\":
            return found.end(), found.group() == b"${"
        position = found.start() + 2
    return -1, False


def _may_begin_regexp(data: bytes, slash: int) -> bool:
    """May the / at `slash` begin a regular expression? Only after a name that is no keyword, or after ],
    is it sure to divide. The walk back stops at the / before: it is linear over a file."""
    end = slash
    while end and data[end - 1] in _WHITE:
        end -= 1
    start = end
    while start and data[start - 1] in _NAME:
        start -= 1
    if start == end:
        return not (end and data[end - 1] == ord("]"))
    # A non-ASCII character before the name: maybe white space, or part of a longer name.
    return (start > 0 and data[start - 1] >= 0x80) or data[start:end] in _BEFORE_EXPRESSION


# --- signatures and structure walks ------------------------------------------------------------------------

def _png(reader: _Reader) -> bool:
    """IHDR first, chunks chained by their lengths to an IEND that ends the file."""
    offset = 8
    for step in range(MAX_STEPS):
        header = reader.at(offset, 8)
        if len(header) < 8:
            return False
        length, kind = struct.unpack(">I4s", header)
        if length > 0x7FFFFFFF or not kind.isalpha() or (step == 0 and (kind != b"IHDR" or length != 13)):
            return False
        offset += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return offset == reader.size
    return False


def _jpeg(reader: _Reader) -> bool:
    """Segments chained from SOI to the first SOS; EOI as the file's last two bytes."""
    if reader.at(reader.size - 2, 2) != b"\xff\xd9":
        return False
    offset = 2
    for _ in range(MAX_STEPS):
        marker = reader.at(offset, 4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return False
        if marker[1] == 0xFF:  # a fill byte
            offset += 1
            continue
        if marker[1] in (0x00, 0xD8, 0xD9) or 0xD0 <= marker[1] <= 0xD7:  # no image before these
            return False
        length = int.from_bytes(marker[2:4], "big")
        if length < 2 or offset + 2 + length > reader.size - 2:
            return False
        if marker[1] == 0xDA:  # start of scan: entropy-coded data up to EOI
            return True
        offset += 2 + length
    return False


def _color_table(packed: int) -> int:
    return 3 << ((packed & 7) + 1) if packed & 0x80 else 0


def _gif(reader: _Reader) -> bool:
    """Screen descriptor, then image descriptors and extensions with their sub-blocks, to a final trailer."""
    screen = reader.at(6, 7)
    if len(screen) < 7:
        return False
    offset, steps = 13 + _color_table(screen[4]), 0
    while True:
        introducer = reader.at(offset, 1)
        if introducer == b";":
            return offset + 1 == reader.size
        if introducer == b",":
            descriptor = reader.at(offset + 1, 9)  # position, size, packed
            if len(descriptor) < 9:
                return False
            offset += 10 + _color_table(descriptor[8])
            code_size = reader.at(offset, 1)  # of the LZW data, after the local colour table
            if not code_size or not 1 <= code_size[0] <= 11:
                return False
            offset += 1
        elif introducer == b"!":
            offset += 2  # introducer and label
        else:
            return False
        while True:  # sub-blocks, to a zero length
            steps += 1
            length = reader.at(offset, 1)
            if steps > MAX_STEPS or not length:
                return False
            offset += 1 + length[0]
            if not length[0]:
                break


def _riff(form: bytes, first_chunks: tuple[bytes, ...] = ()) -> Callable[[_Reader], bool]:
    def walk(reader: _Reader) -> bool:
        """The RIFF size is the file's size - 8 (one pad byte allowed after an odd size)."""
        head = reader.at(0, 16)
        if len(head) < 12 or head[8:12] != form or (first_chunks and head[12:16] not in first_chunks):
            return False
        size = int.from_bytes(head[4:8], "little")
        return reader.size - 8 == size or (size % 2 == 1 and reader.size - 9 == size)
    return walk


def _iso_boxes(reader: _Reader) -> bool:
    """Top-level boxes, ftyp first, chained exactly to the end of the file; a moov among them."""
    offset, kinds = 0, set()
    for step in range(MAX_STEPS):
        if offset == reader.size:
            return b"moov" in kinds
        header = reader.at(offset, 16)
        if len(header) < 8:
            return False
        size, kind = struct.unpack(">I4s", header[:8])
        if (step == 0 and kind != b"ftyp") or not all(0x20 <= byte <= 0x7E for byte in kind):
            return False
        if size == 1:  # a 64-bit size follows the type
            size = int.from_bytes(header[8:16], "big") if len(header) == 16 else 0
            if size < 16:
                return False
        elif size == 0:  # the last box, to the end of the file
            size = reader.size - offset
        elif size < 8:
            return False
        kinds.add(kind)
        offset += size
    return False


def _ogg(reader: _Reader) -> bool:
    """Pages chained from byte 0 to the end of the file, the first one beginning a stream."""
    offset = 0
    for step in range(MAX_STEPS):
        if offset == reader.size:
            return step > 0
        header = reader.at(offset, 27)
        if len(header) < 27 or header[:5] != b"OggS\x00" or header[5] & 0xF8 or (step == 0 and header[5] != 0x02):
            return False
        table = reader.at(offset + 27, header[26])
        if len(table) < header[26]:
            return False
        offset += 27 + len(table) + sum(table)
    return False


def _ebml_number(reader: _Reader, offset: int, most: int) -> tuple[int, int, bool] | None:
    """(value without its length marker, length, is it 'unknown' (all ones)) of an EBML variable-size integer."""
    first = reader.at(offset, 1)
    if not first or not first[0]:
        return None
    length = 9 - first[0].bit_length()
    data = reader.at(offset, length)
    if length > most or len(data) < length:
        return None
    value = int.from_bytes(data, "big") & ((1 << (7 * length)) - 1)
    return value, length, value == (1 << (7 * length)) - 1


_SEGMENT, _CLUSTER = 0x08538067, 0x0F43B675  # EBML IDs, without their length marker


def _webm(reader: _Reader) -> bool:
    """Top-level EBML elements (the EBML header, a Segment) chained to the end of the file.

    A Segment of unknown size (as recorders write it) runs to the end of the file: its children are
    walked instead, up to a Cluster of unknown size.
    """
    offset, segment, open_segment = 0, False, False
    for _ in range(MAX_STEPS):
        if offset == reader.size:
            return segment
        element = _ebml_number(reader, offset, 4)
        size = element and _ebml_number(reader, offset + element[1], 8)
        if not size:
            return False
        offset += element[1] + size[1]
        if size[2]:  # unknown size
            if element[0] == _SEGMENT and not segment:
                segment = open_segment = True
                continue
            return open_segment and element[0] == _CLUSTER
        segment = segment or element[0] == _SEGMENT
        offset += size[0]
    return False


_MPEG_BITRATES = {  # kbit/s by bitrate index 1-14, for (MPEG-1?, layer)
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mpeg_frame_length(header: bytes) -> int | None:
    """Length of the MPEG audio frame starting with these 4 bytes; None if they are no frame header."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 3, 4 - ((header[1] >> 1) & 3)
    bitrate, rate, padding = header[2] >> 4, (header[2] >> 2) & 3, (header[2] >> 1) & 1
    if version == 1 or layer == 4 or bitrate == 15 or rate == 3:
        return None
    if bitrate == 0:  # "free format": the length is not in the header
        return 4
    bits = _MPEG_BITRATES[version == 3, layer][bitrate - 1] * 1000
    rate = _MPEG_RATES[version][rate]
    if layer == 1:
        return (12 * bits // rate + padding) * 4
    return (144 if version == 3 or layer == 2 else 72) * bits // rate + padding


def _mp3(reader: _Reader) -> bool:
    """An ID3v2 tag (syncsafe size) or nothing, then a whole first MPEG audio frame."""
    offset, tag = 0, reader.at(0, 10)
    if tag[:3] == b"ID3":
        if len(tag) < 10 or not 2 <= tag[3] <= 4 or tag[4] == 0xFF or any(byte & 0x80 for byte in tag[6:10]):
            return False
        size = (tag[6] << 21) | (tag[7] << 14) | (tag[8] << 7) | tag[9]
        offset = 10 + size + (10 if tag[5] & 0x10 else 0)  # header, tag, footer
    length = _mpeg_frame_length(reader.at(offset, 4))
    return length is not None and offset + length <= reader.size


def _pdf(reader: _Reader) -> bool:
    """`%%EOF` in the last 1024 bytes, followed only by white space."""
    tail = reader.at(max(0, reader.size - 1024), 1024)
    end = tail.rfind(b"%%EOF")
    return end >= 0 and not tail[end + 5:].strip(b" \t\r\n\f\x00")


def _is_mpeg_frame(head: bytes) -> bool:
    return len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0


_PNG = MediaType("PNG", ("image",), lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), _png)
_JPEG = MediaType("JPEG", ("image",), lambda head: head.startswith(b"\xff\xd8\xff"), _jpeg)
_OGG = MediaType("Ogg", ("audio",), lambda head: head.startswith(b"OggS"), _ogg)
# The allowlist. SVG is left out on purpose: an SVG file can carry script that runs on the site's own
# address when opened directly; export drawings as PNG or WebP instead.
MEDIA_TYPES: dict[str, MediaType] = {
    "png": _PNG,
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "webp": MediaType("WebP", ("image",), lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
                      _riff(b"WEBP", (b"VP8 ", b"VP8L", b"VP8X"))),
    "gif": MediaType("GIF", ("image",), lambda head: head[:6] in (b"GIF87a", b"GIF89a"), _gif),
    "mp3": MediaType("MP3", ("audio",), lambda head: head.startswith(b"ID3") or _is_mpeg_frame(head), _mp3),
    "ogg": _OGG,
    "oga": _OGG,
    "m4a": MediaType("M4A", ("audio",), lambda head: head[4:8] == b"ftyp", _iso_boxes),
    "wav": MediaType("WAV", ("audio",), lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE", _riff(b"WAVE")),
    "mp4": MediaType("MP4", ("video", "audio"), lambda head: head[4:8] == b"ftyp", _iso_boxes),
    "webm": MediaType("WebM", ("video", "audio"), lambda head: head.startswith(b"\x1a\x45\xdf\xa3"), _webm),
    "pdf": MediaType("PDF", ("document",), lambda head: re.match(rb"%PDF-\d\.\d", head) is not None, _pdf),
}

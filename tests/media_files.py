"""Tiny valid media files of every format commhub accepts, built byte by byte (struct, zlib), as small as
each format allows: for the media tests and for the hubs the tests write (hubfactory.py)."""

from __future__ import annotations

import struct
import zlib


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(extra: bytes = b"") -> bytes:
    """A 1x1 RGB image; `extra` chunks go after IHDR."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + extra
            + png_chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x80")) + png_chunk(b"IEND", b""))


def jpeg() -> bytes:
    """A 1x1 grey baseline JPEG: one DC and one AC Huffman code, a single block (DC 0, end of block)."""
    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    one_code = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1, for symbol 0
    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xDB, b"\x00" + b"\x01" * 64) + segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
            + segment(0xC4, b"\x00" + one_code) + segment(0xC4, b"\x10" + one_code)
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f" + b"\xff\xd9")


def gif(width: bytes = b"\x01\x00", comment: bytes = b"") -> bytes:
    """A 1x1 GIF89a with a two-colour table, a graphic control extension and (maybe) a comment."""
    comment_block = b"!\xfe" + bytes([len(comment)]) + comment + b"\x00" if comment else b""
    return (b"GIF89a" + width + b"\x01\x00\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
            + b"!\xf9\x04\x00\x00\x00\x00\x00" + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + b"\x02\x02\x44\x01\x00"
            + comment_block + b";")


def riff(form: bytes, chunks: bytes, pad: bytes = b"") -> bytes:
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + form + chunks + pad


def webp() -> bytes:
    """A 1x1 lossless WebP (13 bytes of VP8L data, then its pad byte)."""
    return riff(b"WEBP", b"VP8L" + struct.pack("<I", 13) + bytes.fromhex("2f000000100710111188 88fe07") + b"\x00")


def wav(samples: bytes = b"\x00\x00" * 4) -> bytes:
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, 8000, 16000, 2, 16)
    return riff(b"WAVE", fmt + b"data" + struct.pack("<I", len(samples)) + samples)


MP3_FRAME = b"\xff\xfb\x90\x00" + bytes(413)  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417 bytes


def mp3(tag: bool = True) -> bytes:
    """Two silent frames, after an ID3v2.4 tag holding a title (its size is syncsafe: 7 bits a byte)."""
    frames = MP3_FRAME * 2
    if not tag:
        return frames
    title = b"TIT2" + struct.pack(">I", 5) + b"\x00\x00" + b"\x03Bai"
    body = title + bytes(200)  # and padding
    size = bytes((len(body) >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + size + body + frames


def ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return crc


def ogg_page(packet: bytes, flags: int, sequence: int, granule: int = 0) -> bytes:
    lacing = bytes([255] * (len(packet) // 255) + [len(packet) % 255])
    page = (b"OggS\x00" + bytes([flags]) + struct.pack("<qII", granule, 0x1234, sequence) + b"\x00" * 4
            + bytes([len(lacing)]) + lacing + packet)
    return page[:22] + struct.pack("<I", ogg_crc(page)) + page[26:]


def ogg() -> bytes:
    """An Opus stream: its head (beginning of stream), its tags, one audio packet (end of stream)."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 7) + b"commhub" + struct.pack("<I", 0)
    return ogg_page(head, 0x02, 0) + ogg_page(tags, 0x00, 1) + ogg_page(b"\xf8\xff\xfe", 0x04, 2, granule=960)


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(brand: bytes = b"isom", mdat: bytes | None = None) -> bytes:
    """ftyp, a moov with its movie header, an mdat (given: e.g. with a 64-bit size)."""
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = box(b"mvhd", bytes(4) + struct.pack(">IIIIIH", 0, 0, 1000, 0, 0x10000, 0x100) + bytes(10) + matrix
               + bytes(24) + struct.pack(">I", 2))
    return (box(b"ftyp", brand + struct.pack(">I", 512) + brand + b"isom") + box(b"moov", mvhd)
            + (box(b"mdat", bytes(8)) if mdat is None else mdat))


def ebml(element: bytes, payload: bytes) -> bytes:
    size = bytes([0x80 | len(payload)]) if len(payload) < 127 else b"\x01" + len(payload).to_bytes(7, "big")
    return element + size + payload


EBML_HEADER = ebml(b"\x1a\x45\xdf\xa3", ebml(b"\x42\x86", b"\x01") + ebml(b"\x42\xf7", b"\x01")
                   + ebml(b"\x42\xf2", b"\x04") + ebml(b"\x42\xf3", b"\x08") + ebml(b"\x42\x82", b"webm")
                   + ebml(b"\x42\x87", b"\x04") + ebml(b"\x42\x85", b"\x02"))
WEBM_INFO = ebml(b"\x15\x49\xa9\x66", ebml(b"\x2a\xd7\xb1", b"\x0f\x42\x40"))  # timestamps in milliseconds


def webm(unknown_size: bool = False) -> bytes:
    """The EBML header, then a Segment holding its Info (of known size, or 'unknown' to the end of the file)."""
    if unknown_size:
        return EBML_HEADER + b"\x18\x53\x80\x67\x01" + b"\xff" * 7 + WEBM_INFO
    return EBML_HEADER + ebml(b"\x18\x53\x80\x67", WEBM_INFO)


def pdf(binary_line: bool = True, header: bytes = b"%PDF-1.7\n", after_eof: bytes = b"\n") -> bytes:
    """One empty page, with a correct cross-reference table."""
    out = header + (b"%\xe2\xe3\xcf\xd3\n" if binary_line else b"")
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>"]
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF" % xref + after_eof


def png_sized(width: int, height: int) -> bytes:
    """A grey RGB image of that size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * 3 * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(rows))
            + png_chunk(b"IEND", b""))

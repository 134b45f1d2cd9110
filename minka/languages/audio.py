"""Recorded audio, checked by what it is: a small WebM or Ogg file carrying Opus.

A browser's MediaRecorder gives WebM/Opus (Chromium) or Ogg/Opus (Firefox). The file is
trusted neither for its name nor its declared type: its bytes must begin as WebM or Ogg
do, name the Opus codec, hold at least one block of sound, and end where its own
structure says it ends (a recording cut short in upload is refused, not kept).
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_AUDIO_BYTES = 200 * 1024  # about 40 seconds of speech at 32 kbit/s

EBML_MAGIC = b"\x1a\x45\xdf\xa3"
OGG_MAGIC = b"OggS"
# WebM elements whose content is more elements, walked into rather than skipped.
SEGMENT, CLUSTER = 0x18538067, 0x1F43B675
SIMPLE_BLOCK, BLOCK_GROUP = 0xA3, 0xA0
UNKNOWN = -1


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at `at`: (value, length). Raises IndexError."""
    first = data[at]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        length += 1
        mask >>= 1
    if length > 8:
        raise ValueError("bad vint")
    if at + length > len(data):
        raise IndexError("cut vint")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = UNKNOWN  # "size unknown": a live stream's segment or cluster
    return value, length


def _webm_ok(data: bytes) -> bool:
    """Walk the elements: every sized element must fit in the file."""
    at, blocks, header_seen = 0, 0, False
    while at < len(data):
        element, id_len = _vint(data, at, keep_marker=True)
        size, size_len = _vint(data, at + id_len, keep_marker=False)
        body = at + id_len + size_len
        if element == EBML_MAGIC_ID:
            header = data[body : body + size]
            if size == UNKNOWN or body + size > len(data) or b"webm" not in header:
                return False
            header_seen = True
        if element in (SEGMENT, CLUSTER):
            at = body  # walk into it
            continue
        if size == UNKNOWN or body + size > len(data):
            return False  # cut short
        if element in (SIMPLE_BLOCK, BLOCK_GROUP):
            blocks += 1
        at = body + size
    return header_seen and blocks > 0 and b"A_OPUS" in data


EBML_MAGIC_ID = int.from_bytes(EBML_MAGIC, "big")


def _ogg_ok(data: bytes) -> bool:
    """Walk the pages: each complete, the first naming Opus, the last ending the stream."""
    at, pages, last_flags = 0, 0, 0
    while at < len(data):
        if data[at : at + 4] != OGG_MAGIC or at + 27 > len(data):
            return False
        last_flags = data[at + 5]
        segments = data[at + 26]
        table = data[at + 27 : at + 27 + segments]
        if len(table) < segments:
            return False
        end = at + 27 + segments + sum(table)
        if end > len(data):
            return False  # cut short
        if pages == 0 and not data[at + 27 + segments :].startswith(b"OpusHead"):
            return False
        pages += 1
        at = end
    return pages >= 3 and bool(last_flags & 0x04)  # head, tags, sound; end of stream


def audio_check(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and its true type, or a ValidationError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_AUDIO_BYTES:
        raise ValidationError(_("La grabación pesa más de 200 KB. Grabe una frase más corta."))
    upload.seek(0)
    data = bytes(upload.read(MAX_AUDIO_BYTES + 1))
    if len(data) > MAX_AUDIO_BYTES:
        raise ValidationError(_("La grabación pesa más de 200 KB. Grabe una frase más corta."))
    if data.startswith(EBML_MAGIC):
        kind, check = "audio/webm", _webm_ok
    elif data.startswith(OGG_MAGIC):
        kind, check = "audio/ogg", _ogg_ok
    else:
        raise ValidationError(_("El archivo no es una grabación de sonido (WebM u Ogg)."))
    try:
        whole = check(data)
    except (IndexError, ValueError):
        whole = False
    if not whole:
        raise ValidationError(
            _("La grabación está incompleta o dañada. Vuelva a grabarla, por favor.")
        )
    return data, kind

"""Photos from an upload, checked by what they contain, never by their name.

Pillow must decode the whole image; only JPEG, PNG and WebP are taken; the picture is
re-encoded as a new JPEG no larger than max_side, so nothing but pixels survives (no
metadata with a home's GPS position, no script hidden after the image data). When the
lead's minka/lib/images.py (photo_clean) reaches main, this module gives way to it."""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a phone photo is ~12 MP; more is a decompression bomb


def photo_clean(upload: object, max_side: int = 1200) -> ContentFile[bytes]:
    size = getattr(upload, "size", 0) or 0
    if size > MAX_BYTES:
        raise ValidationError(_("La foto pesa demasiado (máximo 8 MB)."))
    refusal = _("Ese archivo no es una foto (JPEG, PNG o WebP).")
    try:
        read = upload.read  # type: ignore[attr-defined]
        data = read(MAX_BYTES + 1)
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED:
                raise ValidationError(refusal)
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("La foto es demasiado grande."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        AttributeError,
    ) as exc:
        raise ValidationError(refusal) from exc
    picture.thumbnail((max_side, max_side))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")

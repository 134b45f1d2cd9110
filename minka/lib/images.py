"""Uploaded photos, checked by what they are and stored re-encoded.

A file is trusted neither for its name nor its declared type: Pillow must read it as a
JPEG, PNG or WebP picture; it is then drawn anew as a JPEG of bounded size, which drops
anything hidden in it (scripts in an SVG, GPS position in EXIF, a second file appended).
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a phone photo has ~12 million; more is a decompression bomb


def photo_clean(upload: UploadedFile, *, max_side: int = 1200) -> ContentFile:
    """A JPEG no wider or taller than max_side, or a ValidationError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("La foto pesa más de 5 MB. Elija una más liviana."))
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                kind = probe.format
                width, height = probe.size
                probe.verify()
            if kind not in ACCEPTED_FORMATS or width * height > MAX_PIXELS:
                raise ValidationError(_("La foto debe ser una imagen JPEG, PNG o WebP."))
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGB")
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ValidationError(
            _("No se pudo leer la foto: el archivo no es una imagen o está dañado.")
        ) from exc
    picture.thumbnail((max_side, max_side))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")

"""Uploaded images: decoded, bounded, re-encoded without metadata, named for what they are.

A browser's word for what a file is proves nothing, and a photo straight from
a phone carries where it was taken. So every image is opened with Pillow,
refused if it is not a JPEG, PNG or GIF or is too large (in bytes or in
pixels, before it is decoded), then written out afresh: no EXIF, GPS or text
chunks survive, and the stored name ends with the type it really is.

Uploads are served by `serve_upload` when no proxy does it (see the README for
the proxy rule): with the stored type, `nosniff`, and as a download for
anything that is not an image.
"""

from __future__ import annotations

import io
import mimetypes
import uuid
import warnings
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# e.g. 4,000 × 4,000, or a 12-megapixel phone photo: more than any page or logo needs. A
# decoded image takes 3 or 4 bytes a pixel, whatever its file's size: three 6,300 × 6,300
# PNGs of 170 KB each (under the old 40 million) took 12.8 s and half a gigabyte.
MAX_IMAGE_PIXELS = 16_000_000
# How each accepted format is written again, and the extension it is stored under.
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif"}
SERVED_INLINE = {"image/jpeg", "image/png", "image/gif"}


def reencode_image(upload: UploadedFile) -> ContentFile:
    """The upload as a fresh image file, or forms.ValidationError saying plainly why not."""
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise forms.ValidationError("The image is larger than 5 MB.", code="too_big")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                kind = image.format
                if kind not in FORMATS:
                    raise forms.ValidationError("Upload a JPEG, PNG or GIF image.", code="type")
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise forms.ValidationError(
                        f"The image is {width:,} × {height:,} pixels; at most "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels, please.",
                        code="too_many_pixels",
                    )
                image.load()
                out = io.BytesIO()
                if kind == "JPEG":
                    # Turn it the way the camera meant before the orientation tag goes.
                    upright = ImageOps.exif_transpose(image)
                    if upright.mode not in ("RGB", "L"):
                        upright = upright.convert("RGB")
                    upright.save(out, "JPEG", quality=88, optimize=True)
                elif kind == "PNG":
                    image.save(out, "PNG", optimize=True)
                else:
                    image.save(out, "GIF")
    except forms.ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError(
            "This file is not an image we can read, or it is too large.", code="unreadable"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise forms.ValidationError(
            "This image is damaged or not complete; save it again and upload the copy.",
            code="damaged",
        ) from None
    stem = Path(upload.name or "image").stem[:40] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}-{uuid.uuid4().hex[:8]}.{FORMATS[kind]}")


class SafeImageFormField(forms.ImageField):
    """An image form field whose cleaned value is the re-encoded image."""

    def to_python(self, data: Any) -> Any:
        if isinstance(data, UploadedFile):
            fresh = reencode_image(data)
            name = fresh.name or "image"
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            data = SimpleUploadedFile(name, fresh.read(), content_type=kind)
        return super().to_python(data)


class SafeImageField(models.ImageField):
    """A model image field whose forms (the back office's too) re-encode what is uploaded."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> Any:
        return super().formfield(
            form_class=form_class or SafeImageFormField,
            choices_form_class=choices_form_class,
            **kwargs,
        )


def serve_upload(request: HttpRequest, path: str) -> FileResponse:
    """Serve a stored upload when no proxy does: its stored type, never sniffed, and as a
    download unless it is an image."""
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as error:  # a path that climbs out of MEDIA_ROOT
        raise Http404 from error
    if not full.is_file():
        raise Http404
    content_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    inline = content_type in SERVED_INLINE
    response = FileResponse(
        full.open("rb"), content_type=content_type, as_attachment=not inline, filename=full.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

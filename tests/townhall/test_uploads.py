"""Uploads are decoded, bounded, re-encoded without metadata, stored and served as what they are."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import PageFactory
from tests.townhall.editing import with_block
from townhall.models import SiteImage
from townhall.permissions import site_for


def encoded(kind="JPEG", size=(40, 30), exif=None, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, "white" if mode != "1" else 1)
    if exif is not None:
        image.save(buffer, kind, exif=exif)
    else:
        image.save(buffer, kind)
    return buffer.getvalue()


def with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = exif.get_ifd(0x8825)
    gps[2] = (53.0, 38.0, 45.0)  # latitude
    gps[4] = (1.0, 47.0, 0.0)  # longitude
    return encoded("JPEG", exif=exif)


@pytest.fixture
def webpage(site_lead, site):
    return PageFactory.create(
        site=site_for(site.slug), created_by=site_lead, title="Library", first_published_at=None
    )


def upload(client, site, webpage, file):
    """Add an image block in the editor, choose the file and save the page."""
    return with_block(client, webpage, "image", {"alt_text": "A door"}, {"file": file})


def test_gps_and_camera_details_are_gone_from_what_is_stored(client_as, site_lead, site, webpage):
    assert b"PhoneMaker" in with_gps()
    upload(
        client_as(site_lead), site, webpage, SimpleUploadedFile("me.jpg", with_gps(), "image/jpeg")
    )
    stored = SiteImage.objects.get().file
    data = stored.read()
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.format == "JPEG"


def test_an_image_of_144_megapixels_is_refused_before_it_is_decoded(
    client_as, site_lead, site, webpage
):
    huge = SimpleUploadedFile("big.png", encoded("PNG", (12000, 12000), mode="1"), "image/png")
    response = upload(client_as(site_lead), site, webpage, huge)
    assert response.status_code == 400
    assert "million pixels" in response.content.decode() or "too large" in response.content.decode()
    assert not SiteImage.objects.exists()


def test_image_bytes_named_pdf_are_stored_and_served_as_the_image_they_are(
    client_as, client, site_lead, site, webpage
):
    disguised = SimpleUploadedFile("report.pdf", encoded("PNG"), content_type="application/pdf")
    upload(client_as(site_lead), site, webpage, disguised)
    stored = SiteImage.objects.get().file
    assert stored.name.endswith(".png")
    response = client.get(stored.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("evil.png", b"<?php echo 1; ?>", "image/png"),
        ("doc.gif", b"%PDF-1.4 not an image", "image/gif"),
        ("cut.png", encoded("PNG")[:40], "image/png"),  # a truncated file
        ("vector.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        ("tiny.bmp", encoded("BMP"), "image/bmp"),
    ],
)
def test_what_is_not_a_readable_jpeg_png_or_gif_is_refused(
    client_as, site_lead, site, webpage, name, content, kind
):
    response = upload(client_as(site_lead), site, webpage, SimpleUploadedFile(name, content, kind))
    assert response.status_code == 400
    assert not SiteImage.objects.exists()


def test_uploads_are_served_with_debug_off_and_never_outside_the_upload_folder(
    client, settings, tmp_path
):
    settings.DEBUG = False
    (settings.MEDIA_ROOT / "townhall").mkdir(parents=True)
    (settings.MEDIA_ROOT / "townhall" / "door.png").write_bytes(encoded("PNG"))
    (settings.MEDIA_ROOT / "townhall" / "notes.html").write_text("<script>alert(1)</script>")
    (tmp_path / "secret.txt").write_text("secret")

    image = client.get("/media/townhall/door.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    other = client.get("/media/townhall/notes.html")
    assert other["Content-Disposition"].startswith("attachment")
    assert other["X-Content-Type-Options"] == "nosniff"
    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/townhall/nothing.png"):
        assert client.get(path).status_code == 404


def test_every_image_field_re_encodes_what_the_back_office_uploads_too():
    from django.apps import apps
    from django.db import models

    from programme.platform.uploads import SafeImageFormField

    image_fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert image_fields  # the site logo and the page images
    for field in image_fields:
        assert isinstance(field.formfield(), SafeImageFormField), field

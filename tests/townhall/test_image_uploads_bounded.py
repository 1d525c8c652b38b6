"""Images chosen in the page editor are bounded (#24, finding 5): in pixels, checked in
the file's header before anything is decoded; in number, three new ones a request and 30
a person an hour; and kept only as pending until a saved page uses them.

Three 6,300 × 6,300 PNGs of 170 KB each, sent in one request to blocks/keep/, took
12.8 s and half a gigabyte, and were stored as the site's images before any save; a file
that was not an image there answered 500. The tests count the images decoded and kept,
not the time.
"""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ImageFile

from programme.platform import limits
from programme.platform.schedule import jobs
from tests.factories import PageFactory
from tests.townhall.editing import editor_url, form_values, open_editor, press
from tests.townhall.test_uploads import encoded
from townhall import services
from townhall.models import SiteImage
from townhall.permissions import site_for
from townhall.services import pages


@pytest.fixture
def webpage(site_lead, site):
    return PageFactory.create(
        site=site_for(site.slug), created_by=site_lead, title="Library", first_published_at=None
    )


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[int, int]]:
    """The size of every image Pillow decodes from now on (once each: saving an image
    asks it to load again, which decodes nothing more)."""
    load = ImageFile.ImageFile.load
    sizes: list[tuple[int, int]] = []

    def counted(self):
        if not getattr(self, "_test_decoded", False):
            self._test_decoded = True
            sizes.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    return sizes


def png(name: str = "door.png", size=(40, 30), mode="RGB") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, encoded("PNG", size, mode=mode), "image/png")


def with_image_blocks(client, page, count: int) -> tuple[dict[str, str], list[int]]:
    """The editor's form after adding `count` image blocks, and their numbers."""
    values = open_editor(client, page)
    first = int(values["blocks"])
    for _ in range(count):
        values = form_values(
            press(client, page, values, "add_block", kind="image").content.decode()
        )
    return values, list(range(first, first + count))


def errors_beside(html: str, n: int) -> str:
    """The errors shown beside block n's file field."""
    found = re.search(rf'id="error_\d+_id_block-{n}-file"[^>]*>(.*?)</', html, re.S)
    return found.group(1) if found else ""


def test_a_tiny_png_of_6300_by_6300_pixels_is_refused_before_it_is_decoded(
    client_as, site_lead, webpage, decoded
):
    client = client_as(site_lead)
    values, (n,) = with_image_blocks(client, webpage, 1)
    huge = png("huge.png", (6300, 6300), mode="1")
    assert len(huge) < 200_000  # small on the wire, 40 million pixels decoded

    response = press(client, webpage, {**values, f"block-{n}-file": huge}, "keep_blocks")

    assert response.status_code == 200
    assert "million pixels" in response.content.decode()
    assert not SiteImage.objects.exists()
    assert all(w * h <= 16_000_000 for w, h in decoded), decoded


def test_a_file_that_is_not_an_image_is_refused_beside_its_field_never_a_500(
    client_as, site_lead, webpage
):
    client = client_as(site_lead)
    values, (n,) = with_image_blocks(client, webpage, 1)
    text = SimpleUploadedFile("notes.txt", b"not an image", "text/plain")

    response = press(client, webpage, {**values, f"block-{n}-file": text}, "keep_blocks")

    assert response.status_code == 200
    assert "not an image we can read" in errors_beside(response.content.decode(), n)
    assert not SiteImage.objects.exists()


def test_one_request_keeps_three_new_images_and_asks_again_for_the_rest(
    client_as, site_lead, webpage, decoded
):
    client = client_as(site_lead)
    values, numbers = with_image_blocks(client, webpage, 6)
    files = {f"block-{n}-file": png(f"photo-{n}.png") for n in numbers}

    response = press(client, webpage, {**values, **files}, "keep_blocks")

    assert response.status_code == 200
    html = response.content.decode()
    assert SiteImage.objects.count() == 3
    assert len(decoded) == 3  # the others were not even opened to be decoded
    kept = [n for n in numbers if f'name="block-{n}-image_id"' in html]
    assert kept == numbers[:3]
    for n in numbers[3:]:
        assert "Only 3 new images are added at a time" in errors_beside(html, n)


def test_a_person_adds_at_most_so_many_images_an_hour(
    client_as, site_lead, webpage, decoded, monkeypatch
):
    two_an_hour = limits.Limit("test-images", 2, dt.timedelta(hours=1), "added images")
    monkeypatch.setattr(pages, "IMAGES", two_an_hour, raising=False)
    client = client_as(site_lead)
    values, numbers = with_image_blocks(client, webpage, 3)
    files = {f"block-{n}-file": png(f"photo-{n}.png") for n in numbers}

    html = press(client, webpage, {**values, **files}, "keep_blocks").content.decode()

    assert SiteImage.objects.count() == 2
    assert len(decoded) == 2
    assert "You have added images a lot" in errors_beside(html, numbers[2])


def test_a_kept_image_is_the_sites_once_saved_and_removed_after_a_day_if_never_saved(
    client_as, site_lead, webpage, settings, django_capture_on_commit_callbacks
):
    client = client_as(site_lead)
    values, (saved, unsaved) = with_image_blocks(client, webpage, 2)
    values |= {f"block-{saved}-alt_text": "The door", f"block-{unsaved}-alt_text": "A window"}
    kept = press(
        client,
        webpage,
        {
            **values,
            f"block-{saved}-file": png("door.png"),
            f"block-{unsaved}-file": png("window.png"),
        },
        "keep_blocks",
    )
    assert SiteImage.objects.filter(pending_since__isnull=False).count() == 2
    values = form_values(kept.content.decode())
    # The person saves with the door only (the window's block removed before saving).
    values.pop(f"block-{unsaved}-image_id")
    values[f"block-{unsaved}-type"] = "nothing"
    saved = press(client, webpage, values)
    assert saved.status_code == 302
    assert saved["Location"] == editor_url(webpage)  # saved: back to the editor
    door, window = (
        SiteImage.objects.get(alt_text="The door"),
        SiteImage.objects.get(alt_text="A window"),
    )
    assert door.pending_since is None
    assert window.pending_since is not None

    SiteImage.objects.update(pending_since=timezone.now() - dt.timedelta(hours=23))
    SiteImage.objects.filter(pk=door.pk).update(pending_since=None)
    assert pages.forget_unsaved_images() == "removed 0 images never saved"
    SiteImage.objects.filter(pk=window.pk).update(
        pending_since=timezone.now() - dt.timedelta(days=2)
    )
    window_file = settings.MEDIA_ROOT / window.file.name
    assert window_file.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once committed
        assert jobs()["forget unsaved images"].run() == "removed 1 image never saved"
    assert list(SiteImage.objects.all()) == [door]
    assert not window_file.exists()


def test_saving_with_an_image_removed_meanwhile_asks_for_it_again(client_as, site_lead, webpage):
    client = client_as(site_lead)
    values, (n,) = with_image_blocks(client, webpage, 1)
    values[f"block-{n}-alt_text"] = "The door"
    kept = press(client, webpage, {**values, f"block-{n}-file": png()}, "keep_blocks")
    values = form_values(kept.content.decode())
    SiteImage.objects.update(pending_since=timezone.now() - dt.timedelta(days=2))
    pages.forget_unsaved_images()

    response = press(client, webpage, values)

    assert response.status_code == 400
    assert "Choose the image to show." in errors_beside(response.content.decode(), n)
    with pytest.raises(services.TownhallError) as gone:
        services.save_page(
            actor=site_lead,
            page=webpage,
            base=webpage.latest.number,
            title="Library",
            summary="",
            tags=[],
            blocks=[
                {
                    "type": "image",
                    "image_id": 999,
                    "caption": "",
                    "alt_text": "x",
                    "decorative": False,
                }
            ],
            go_live_at=None,
            expires_at=None,
            review_on=None,
            in_menu=False,
            parent=None,
        )
    assert gone.value.code == "image_gone"


def test_saving_with_four_new_images_keeps_three_and_saves_nothing_until_the_fourth_is_chosen_again(
    client_as, site_lead, webpage
):
    client = client_as(site_lead)
    values, numbers = with_image_blocks(client, webpage, 4)
    files = {f"block-{n}-file": png(f"photo-{n}.png") for n in numbers}

    refused = press(client, webpage, {**values, **files})  # Save, without JavaScript

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Only 3 new images are added at a time" in errors_beside(html, numbers[3])
    webpage.refresh_from_db()
    assert webpage.latest.number == 1  # nothing saved
    values = form_values(html)
    saved = press(client, webpage, {**values, f"block-{numbers[3]}-file": png("photo-again.png")})
    assert saved.status_code == 302
    assert saved["Location"] == editor_url(webpage)  # saved: back to the editor
    webpage.refresh_from_db()
    assert [b.get("image_id") for b in webpage.latest.blocks if b["type"] == "image"] == list(
        SiteImage.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert not SiteImage.objects.filter(pending_since__isnull=False).exists()

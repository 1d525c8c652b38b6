"""Pictures for the demo, drawn with Pillow so the repository carries no image files:
a council logo, and simple illustrations for news items."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def logo(colour: str) -> bytes:
    """A round emblem: hills under a sun, in the site's colour on white (96 px, shown at 48)."""
    size = 96
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ink = _rgb(colour)
    draw.ellipse((0, 0, size - 1, size - 1), fill=(255, 255, 255, 255), outline=ink, width=5)
    draw.ellipse((52, 18, 76, 42), fill=(242, 169, 0, 255))
    draw.polygon([(10, 70), (34, 38), (58, 70)], fill=ink)
    draw.polygon([(38, 74), (62, 46), (88, 74)], fill=tuple(min(c + 60, 255) for c in ink))
    draw.rectangle((8, 72, 88, 80), fill=ink)
    return _png(image)


def illustration(seed: int, colour: str, width: int = 960, height: int = 640) -> bytes:
    """A calm landscape of overlapping hills under a sky, different for each seed."""
    rng = random.Random(seed)
    base = _rgb(colour)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    sky_top, sky_bottom = (198, 224, 242), (238, 244, 236)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom, strict=True)),
        )
    sun_x = rng.randint(width // 5, 4 * width // 5)
    draw.ellipse((sun_x - 60, 70, sun_x + 60, 190), fill=(250, 205, 90))
    for layer in range(4):
        shade = tuple(int(c + (255 - c) * (0.55 - layer * 0.17)) for c in base)
        top = int(height * (0.45 + layer * 0.12))
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, top + rng.randint(-40, 40)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    return _png(image)

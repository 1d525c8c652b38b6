"""Reading PDFs back: every font they use must be embedded (the standard 14 are not)."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def assert_fonts_embedded(reader: PdfReader) -> None:
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descendants = font.get("/DescendantFonts")
        descriptor = (
            descendants[0].get_object().get("/FontDescriptor")
            if descendants
            else font.get("/FontDescriptor")
        )
        assert descriptor is not None, f"{name} is not embedded"
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name

"""Full-page screenshots of every kind of public page, at 1280 and 390 pixels wide.

    make screenshots                      # into screenshots/
    python scripts/screenshots.py URL DIR # against a server already running

Reviews and the README use them; they are not part of the tests.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTHS = {"desktop": 1280, "phone": 390}
# Every kind of page a resident meets, by name; found from the demo's own links where
# the address depends on the data.
PAGES = {
    "programme-home": "/",
    "site-home": "/sites/kirklees/",
    "site-news": "/sites/kirklees/news/",
    "site-events": "/sites/kirklees/events/",
    "site-have-your-say": "/sites/kirklees/have-your-say/",
    "site-discussions": "/sites/kirklees/discussions/",
    "site-around-the-web": "/sites/kirklees/around/",
    "site-get-involved": "/sites/kirklees/get-involved/",
    "site-search": "/sites/kirklees/search/?q=bus",
    "site-coming-soon": "/sites/redbridge/",
    "workshops": "/workshops/",
    "apply-ambassador": "/ambassadors/apply/?site=kirklees",
    "sign-in": "/accounts/sign-in/",
}
FOUND = {
    "site-news-item": (
        "/sites/kirklees/news/",
        r'<h2 class="h5 mb-1"><a href="(/sites/kirklees/[^"]+)"',
    ),
    "site-page": (
        "/sites/kirklees/get-involved/",
        r'More from the team</h2><ul><li><a href="([^"]+)"',
    ),
    "site-discussion": (
        "/sites/kirklees/discussions/",
        r'href="(/sites/kirklees/discussions/\d+/)"',
    ),
    "workshop": ("/sites/kirklees/events/", r'href="(/workshops/[^"/]+/)"'),
    "consultation": ("/sites/kirklees/have-your-say/", r'href="(/policies/[^"/]+/)"'),
}


# The site lead's view too: the dashboard and the editor of a page (demo password).
LEAD = ("lead@kirklees.demo.example", "demo-password")


def shoot(context, base: str, pages: dict[str, str], folder: Path, label: str) -> None:
    page = context.new_page()
    for name, path in pages.items():
        page.goto(base + path, wait_until="networkidle")
        target = folder / f"{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"{target}  ({path})")
    page.close()


def signed_in_as_lead(browser, base: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(LEAD[0])
    page.get_by_label("Password").fill(LEAD[1])
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + "/sites/kirklees/edit/")
    editor = re.search(r'href="(/sites/kirklees/edit/pages/\d+/)"', page.content())
    page.close()
    staff = {"site-dashboard": "/sites/kirklees/edit/"}
    if editor:
        staff["page-editor"] = editor.group(1)
    return context, staff


def main(base: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        pages = dict(PAGES)
        probe = browser.new_page()
        for name, (where, pattern) in FOUND.items():
            probe.goto(base + where)
            found = re.search(pattern, probe.content())
            if found:
                pages[name] = found.group(1)
        probe.close()
        for label, width in WIDTHS.items():
            public = browser.new_context(viewport={"width": width, "height": 900})
            shoot(public, base, pages, folder, label)
            public.close()
            staff, staff_pages = signed_in_as_lead(browser, base, width)
            shoot(staff, base, staff_pages, folder, label)
            staff.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))

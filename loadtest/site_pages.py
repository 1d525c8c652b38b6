"""The pages both load generators read: a town hall site's sections, its search and the
programme's lists (each adds a page or two of its own)."""

SITE = "/sites/kirklees"
READ = [
    f"{SITE}/",
    f"{SITE}/news/",
    f"{SITE}/events/",
    f"{SITE}/have-your-say/",
    f"{SITE}/discussions/",
    f"{SITE}/get-involved/",
    f"{SITE}/search/?q=bus",
    "/workshops/",
    "/policies/",
]

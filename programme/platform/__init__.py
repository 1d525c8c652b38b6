"""The platform: what every app stands on and no pilot feature owns.

Hooks and the one list of apps, the outbox, periodic jobs and background work, rate
limits, fetching from the web, uploads, Markdown, documents and PDFs, search indexes,
backups, health and deploy checks, and the small parts services and views share (errors,
confirmation, counting, CSV). It imports nothing from the programme's features or from any
app (tests/test_layering.py holds it); the five apps import from it. A package of
`programme` rather than an app of its own, so its tables (the outbox, rate-limit windows,
periodic runs) keep the `programme` label their migrations and every backup name them by
(docs/decisions.md).
"""

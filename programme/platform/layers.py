"""The project's apps, in layering order: each may import only those before it.

The one list: settings (INSTALLED_APPS), the hooks (the order apps' registrations are
imported in) and the layering test read it from here. No imports, so settings can.
"""

APPS = ("programme", "policy_drafts", "workshops", "ambassadors", "townhall")

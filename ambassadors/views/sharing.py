"""The share kit: what a site has to share now, with the person's own links and ready posts
for each network, their code, and revoking it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from programme.decorators import allowed_if
from programme.http import SignedInRequest
from programme.models import Channel, PilotSite
from programme.reach import shared_url
from programme.services import reach as reach_services
from programme.sharing import things_to_share

from .. import permissions, queries
from ..forms import MastodonForm
from ..share_texts import mastodon_share_url, posts_for

SITE_CODE = "site"


def _kit_url(site: PilotSite, *, site_code: bool = False) -> str:
    query = {"site": site.slug} | ({"code": SITE_CODE} if site_code else {})
    return f"{reverse('ambassadors:share')}?{urlencode(query)}"


@never_cache  # Back after revoking shows the kit again, never the old code
@allowed_if(permissions.can_share)
def share(request: SignedInRequest) -> HttpResponse:
    """The kit for one site: `?site=<slug>`, or the only site the person shares for; a
    chooser when they share for several and named none. `?code=site` writes the links with
    the site's own code, for its lead and the coordinators."""
    slug = request.GET.get("site", "")
    if isinstance(slug, str) and slug:
        site = permissions.get_site_to_share_for(request.user, slug)
        sites = None
    else:
        sites = permissions.sites_to_share_for(request.user)
        if len(sites) != 1:
            return render(request, "ambassadors/share_choose.html", {"sites": sites})
        site = sites[0]
    may_use_site_code = permissions.can_use_site_code(request.user, site)
    site_code = may_use_site_code and request.GET.get("code") == SITE_CODE
    if site_code:
        code = reach_services.site_share_code(site)
    else:
        code = reach_services.share_code_for(request.user, site)
    things = [
        (item, shared_url(item.path, code, Channel.LINK), posts_for(item, code))
        for item in things_to_share(site)
    ]
    context = {
        "site": site,
        "code": code,
        "site_code": site_code,
        "may_use_site_code": may_use_site_code,
        "things": things,
        "several_sites": sites is None and len(permissions.sites_to_share_for(request.user)) > 1,
        "mastodon_form": MastodonForm(),
        "own_kit_url": _kit_url(site),
        "site_kit_url": _kit_url(site, site_code=True),
    }
    return render(request, "ambassadors/share.html", context)


@require_POST
@allowed_if(permissions.can_share)
def revoke_code(request: SignedInRequest) -> HttpResponse:
    """Revoke the code the kit showed (the person's own, or the site's for its lead and the
    coordinators): links already shared stop counting; the kit then makes a new one."""
    slug, posted = request.POST.get("site", ""), request.POST.get("code", "")
    site = permissions.get_site_to_share_for(request.user, slug if isinstance(slug, str) else "")
    code = queries.active_code_at(site, posted if isinstance(posted, str) else "")
    if code is None:  # revoked already (a second tab), or never this site's
        messages.info(request, "That code was already revoked: here is the code you have now.")
        return redirect(_kit_url(site))
    reach_services.revoke_share_code(actor=request.user, code=code)  # NotAllowed: a 403
    messages.success(
        request,
        f"Code {code.code} is revoked: links with it no longer count. "
        "The links below carry your new code.",
    )
    return redirect(_kit_url(site, site_code=code.is_site_code))


@require_POST
@allowed_if(permissions.can_share)
def mastodon(request: SignedInRequest) -> HttpResponse:
    """Open the person's own Mastodon server's share page with a post's words: only ever
    https://<a host name>/share, whatever was sent. A POST with the form's CSRF token, so
    no link elsewhere can send a signed-in person off to a server and words of its choosing."""
    form = MastodonForm(request.POST)
    if form.is_valid():
        server, text = form.cleaned_data["server"], form.cleaned_data["text"]
        return HttpResponseRedirect(mastodon_share_url(server, text))
    return render(request, "ambassadors/share_mastodon.html", {"form": form}, status=400)

"""View guards: anonymous people are sent to sign in; signed-in people without access get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from .models import User

View = Callable[..., HttpResponseBase]


def allowed_if(predicate: Callable[[User], bool]) -> Callable[[View], View]:
    """Let in the signed-in people `predicate` allows; the view then takes a SignedInRequest."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if not request.user.is_authenticated:
                if request.headers.get("HX-Request"):
                    # A request made by a script (a draft saving itself): nothing to swap in;
                    # the page says so, and its next full submit keeps the words (below).
                    return HttpResponse(status=401, headers={"HX-Trigger": "signed-out"})
                if request.method == "POST":
                    # Their session ended mid-form: keep what they sent, never drop it.
                    from .views.resume import sign_in_to_save

                    return sign_in_to_save(request)
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def signed_in(view: View) -> View:
    return allowed_if(lambda user: True)(view)

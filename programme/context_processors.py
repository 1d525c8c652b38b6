from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import navigation


def programme(request: HttpRequest) -> dict[str, object]:
    return {
        "programme_name": settings.PROGRAMME_NAME,
        # Read only by the programme's own header: town hall site pages never pay for it.
        "nav_sections": SimpleLazyObject(
            lambda: navigation.sections_for(request.user, request.path)
        ),
    }

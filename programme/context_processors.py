from django.conf import settings
from django.http import HttpRequest

from . import navigation


def programme(request: HttpRequest) -> dict[str, object]:
    return {
        "programme_name": settings.PROGRAMME_NAME,
        "nav_items": navigation.items_for(request.user),
    }

"""Forms, one module per sub-domain; all render through crispy-forms (see base.CrispyMixin).

The helpers every app's forms and views share are imported from here by these names:
the crispy rendering and people pickers, the capacity a person speaks in, binding a form
to what was posted, and showing a service's refusal beside its field.
"""

from .base import (
    CapacityChoiceMixin,
    CrispyMixin,
    choice_field,
    model_field,
    posted,
    show_refusal,
)
from .people import PeopleField, PersonField, bind_pickers

__all__ = [
    "CapacityChoiceMixin",
    "CrispyMixin",
    "PeopleField",
    "PersonField",
    "bind_pickers",
    "choice_field",
    "model_field",
    "posted",
    "show_refusal",
]

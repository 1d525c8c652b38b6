from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programme.models import CouncilKind, PilotSite, RelatedInitiative, User

PASSWORD = "a-long-test-password-42"

# Each factory is generic in its model, so `XFactory.create(...)` and `.create_batch(...)` are
# typed as the model. Calling the factory itself (`XFactory(...)`) does the same at run time but
# goes through factory_boy's untyped metaclass, so mypy sees a factory there: tests call `.create`.


def _save_when_created(person: User, create: bool, extracted: object, **kwargs: object) -> None:
    if create:
        person.save()


def _join_when_created(site: PilotSite, create: bool, extracted: object, **kwargs: object) -> None:
    """What a site joining through the programme's services brings: its town hall site."""
    if create:
        from programme import hooks

        for added in hooks.pilot_site_added.implementations():
            added(site)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    # People in tests have confirmed their address unless a test says otherwise.
    email_confirmed_at = factory.LazyFunction(timezone.now)

    _save = factory.post_generation(_save_when_created)


class PilotSiteFactory(DjangoModelFactory[PilotSite]):
    class Meta:
        model = PilotSite
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True  # the hook below saves what it makes itself

    name = factory.Sequence(lambda n: f"Borough {n}")
    slug = factory.Sequence(lambda n: f"borough-{n}")
    council_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    council_kind = CouncilKind.DISTRICT
    region = "North West"
    joined_on = dt.date(2026, 3, 2)
    description = "A council taking part in the pilot."

    joined = factory.post_generation(_join_when_created)


class RelatedInitiativeFactory(DjangoModelFactory[RelatedInitiative]):
    class Meta:
        model = RelatedInitiative

    site = factory.SubFactory(PilotSiteFactory)
    name = factory.Sequence(lambda n: f"Initiative {n}")
    description = "A local programme."

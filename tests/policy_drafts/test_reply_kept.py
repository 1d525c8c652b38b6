"""A reply that cannot be posted yet comes back as typed, never lost; capacities are chosen."""

import re

from django.urls import reverse

from policy_drafts.models import Comment

from ..factories import CommentFactory
from .conftest import section


def test_a_reply_without_a_capacity_comes_back_as_typed(client_as, coordinator, officer, v1):
    comment = CommentFactory.create(
        author=coordinator,
        section=section(v1, "Moderation"),
        capacity="coordinator",
        stance="question",
        body="Who moderates?",
    )
    client = client_as(officer)
    shown = client.get(comment.get_absolute_url(), follow=True).content.decode()
    assert f'href="{reverse("policy_drafts:reply", args=[comment.pk])}"' in shown
    page = client.get(reverse("policy_drafts:reply", args=[comment.pk])).content.decode()
    # An officer holds two capacities: neither is chosen for them, and each says what it means.
    radios = re.findall(r'<input[^>]*name="capacity"[^>]*>', page)
    assert len(radios) == 2
    assert 'value="resident"' in radios[0]
    assert not [radio for radio in radios if "checked" in radio]
    assert "Officer of Kirklees Council: for the council: shown as its official voice" in page
    response = client.post(
        reverse("policy_drafts:reply", args=[comment.pk]), {"body": "Ambassadors, with reasons."}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Ambassadors, with reasons." in text
    assert "Choose in what capacity you speak" in text
    assert not Comment.objects.filter(parent=comment).exists()
    response = client.post(
        reverse("policy_drafts:reply", args=[comment.pk]),
        {"body": "Ambassadors, with reasons.", "capacity": "officer:kirklees"},
    )
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    assert reply.is_official_voice
    shown = client.get(comment.get_absolute_url(), follow=True).content.decode()
    assert (
        '<span class="capacity-official-mark">Official</span> Officer of Kirklees Council' in shown
    )

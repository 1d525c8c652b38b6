from django.test import RequestFactory

from programme.views import pages as views


def test_an_unknown_url_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'lang="en-GB"' in response.content


def test_the_500_page_renders_without_any_context(db):
    response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"something went wrong" in response.content


def test_the_403_page_is_friendly(rf, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = views.permission_denied(request)

    assert response.status_code == 403
    assert b"You cannot do that here" in response.content


def test_a_malformed_site_slug_is_a_404_not_a_500(client, db):
    assert client.get("/programme/sites/%00%ff/").status_code == 404

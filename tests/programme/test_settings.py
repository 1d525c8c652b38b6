import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import email_settings

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_debug_off():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k3y-" + "x9Zq7!" * 10,
        "DJANGO_ALLOWED_HOSTS": "townhall.example",
        "PUBLIC_BASE_URL": "https://townhall.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "base_url", ["", "http://127.0.0.1:8000", "http://townhall.example", "https://localhost"]
)
def test_check_deploy_fails_while_public_base_url_is_not_the_public_https_address(base_url):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k3y-" + "x9Zq7!" * 10,
        "DJANGO_ALLOWED_HOSTS": "townhall.example",
        "PUBLIC_BASE_URL": base_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "programme.E001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variables", "backend"),
    [
        ({"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}, "filebased"),
        ({"EMAIL_URL": "file://MAILDIR"}, "filebased"),
    ],
)
def test_the_file_email_backend_works_from_the_environment(tmp_path, variables, backend):
    variables = {k: v.replace("MAILDIR", str(tmp_path / "mail")) for k, v in variables.items()}
    env = os.environ | variables | {"EMAIL_FILE_PATH": str(tmp_path / "mail")}
    if "EMAIL_URL" in variables:
        env.pop("EMAIL_FILE_PATH")
    code = (
        "import django; django.setup();"
        "from django.core.mail import send_mail;"
        "send_mail('Hello Seán', 'Q&A at 7', None, ['x@example.org'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = list((tmp_path / "mail").iterdir())
    assert len(written) == 1
    assert "Q&A at 7" in written[0].read_text()


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"} | {"DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_email_url_is_read_into_smtp_settings():
    settings = email_settings("smtp+tls://mailer:p%40ss@mail.example:2525")

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "mail.example"
    assert settings["EMAIL_PORT"] == 2525
    assert settings["EMAIL_HOST_USER"] == "mailer"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_an_unknown_email_scheme_is_refused():
    with pytest.raises(RuntimeError, match="unknown scheme"):
        email_settings("carrier-pigeon://loft")

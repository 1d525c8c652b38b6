"""Backups that restore (#28): every row and every media file back, passwords that still
work, the page cache cleared; refused where it would overwrite someone's work; an archive
from the previous release restores after `migrate`. Runs on SQLite and PostgreSQL (CI runs
the suite on both)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.core import serializers
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from programme.models import PilotSite, User
from programme.platform import backups

HERE = Path(__file__).parent
PREVIOUS = HERE / "data" / "backup-previous-release.tar.gz"


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # seed_demo is refused in production
    call_command("seed_demo", stdout=io.StringIO())
    default_storage.save("uploads/hello.txt", ContentFile(b"hello, library noticeboard"))
    default_storage.save("townhall/2026/12/bytes.bin", ContentFile(bytes(range(256)) * 40))
    person = User.objects.create_user(email="rosa@example.net", password="plum-orchard-7431")
    return person


def every_row() -> dict[str, list[dict]]:
    """Every kept row, as Django serialises it, per model: what a round trip must give back."""
    return {
        # Content types by name: each database numbers its own.
        model._meta.label_lower: serializers.serialize(
            "python",
            model._base_manager.order_by(model._meta.pk.name),
            use_natural_foreign_keys=True,
        )
        for model in backups.models_kept()
    }


def media_root() -> Path:
    """The uploads' folder (the tests' own MEDIA_ROOT), which a backup reads."""
    return Path(django_settings.MEDIA_ROOT)


def media() -> dict[str, str]:
    root = media_root()
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def wipe(root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def signs_in(email: str, password: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=email, password=password) is not None


def test_a_round_trip_gives_back_every_row_and_every_file(demo, tmp_path, capsys):
    rows, files = every_row(), media()
    assert sum(len(r) for r in rows.values()) > 500
    assert len(files) >= 4
    archive = tmp_path / "backups" / "nightly.tar.gz"
    call_command("backup", output=archive)
    assert "Backed up" in capsys.readouterr().out

    wipe(media_root())
    assert not User.objects.exists()
    assert not media()
    cache.set("townhall:page:kirklees:1:stale", "a page from before")
    call_command("restore", archive, interactive=False)

    after = every_row()
    for label in rows:
        for before_row, after_row in zip(rows[label], after[label], strict=True):
            changed = {
                k: (v, after_row["fields"].get(k))
                for k, v in before_row["fields"].items()
                if after_row["fields"].get(k) != v
            }
            assert not changed, (label, before_row["pk"], changed)
    assert after == rows
    assert media() == files
    assert signs_in("rosa@example.net", "plum-orchard-7431")
    assert signs_in("coordinator@demo.example", "demo-password")
    assert cache.get("townhall:page:kirklees:1:stale") is None


def test_the_manifest_says_what_the_archive_holds(demo, tmp_path):
    archive = tmp_path / "a.tar.gz"
    summary = backups.backup(archive)
    manifest = backups.read_manifest(archive)
    assert manifest["format"] == backups.FORMAT
    assert manifest["rows"]["programme.user"] == User.objects.count()
    assert sum(manifest["rows"].values()) == summary.rows
    assert (
        manifest["media"]["uploads/hello.txt"]["sha256"]
        == hashlib.sha256(b"hello, library noticeboard").hexdigest()
    )
    assert "0016_reach" in manifest["migrations"]["programme"]
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    # Sessions and the task queue are left out on purpose.
    assert "sessions.session" not in manifest["rows"]
    assert {"manifest.json", "data.jsonl", "media/uploads/hello.txt"} <= set(names)


def test_a_database_with_anyone_s_work_in_it_is_not_overwritten(demo, tmp_path):
    archive = tmp_path / "a.tar.gz"
    backups.backup(archive)
    PilotSite.objects.filter(slug="kirklees").update(description="Changed since the backup")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", archive, interactive=False)
    assert PilotSite.objects.get(slug="kirklees").description == "Changed since the backup"
    call_command("restore", archive, interactive=False, replace=True)
    assert PilotSite.objects.get(slug="kirklees").description != "Changed since the backup"


def test_an_archive_from_the_previous_release_restores_after_migrate(transactional_db, settings):
    """Made by the release before share codes and counting (58de00b): its seed_demo, backed
    up with the same tool; restored onto today's schema, every row it holds is back."""
    # Its passwords were hashed as in production (the tests' own hasher is a fast one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    manifest = backups.read_manifest(PREVIOUS)
    assert "0016_reach" not in manifest["migrations"]["programme"]
    call_command("restore", PREVIOUS, interactive=False)
    restored = every_row()
    for label, count in manifest["rows"].items():
        assert len(restored[label]) == count, label
    assert signs_in("lead@kirklees.demo.example", "demo-password")
    assert Path(default_storage.path("townhall/logos/kirklees.png")).is_file()


def _tampered(source: Path, target: Path, change) -> Path:
    with tarfile.open(source) as opened:
        members = {}
        for member in opened.getmembers():
            if member.isfile():
                extracted = opened.extractfile(member)
                assert extracted is not None  # a regular file has its bytes
                members[member.name] = extracted.read()
    change(members)
    with tarfile.open(target, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda m: m.__setitem__("media/uploads/hello.txt", b"changed"), "missing or damaged"),
        (lambda m: m.pop("media/uploads/hello.txt"), "missing or damaged"),
        (
            lambda m: m.__setitem__(
                "manifest.json",
                json.dumps(
                    {
                        **json.loads(m["manifest.json"]),
                        "media": {"../../escape.txt": {"sha256": "x"}},
                    }
                ).encode(),
            ),
            "outside the media folder",
        ),
        (
            lambda m: m.__setitem__(
                "manifest.json",
                json.dumps(
                    {
                        **json.loads(m["manifest.json"]),
                        "migrations": {"programme": ["9999_from_the_future"]},
                    }
                ).encode(),
            ),
            "migrations this database has not had",
        ),
        (lambda m: m.__setitem__("manifest.json", b"{not json"), "Not a backup archive"),
        (lambda m: m.__setitem__("manifest.json", b'{"format": "other/1"}'), "Unknown archive"),
    ],
)
def test_a_damaged_or_hostile_archive_restores_nothing(demo, tmp_path, damage, message):
    good = tmp_path / "good.tar.gz"
    backups.backup(good)
    bad = _tampered(good, tmp_path / "bad.tar.gz", damage)
    wipe(media_root())
    with pytest.raises(CommandError, match=message):
        call_command("restore", bad, interactive=False)
    assert not User.objects.exists()
    assert not (media_root().parent / "escape.txt").exists()


def test_a_path_in_the_tar_that_leaves_the_folder_is_refused(demo, tmp_path):
    good = tmp_path / "good.tar.gz"
    backups.backup(good)
    bad = _tampered(good, tmp_path / "bad.tar.gz", lambda m: m.__setitem__("../../evil", b"x"))
    wipe(media_root())
    with pytest.raises((tarfile.TarError, CommandError)):
        call_command("restore", bad, interactive=False)
    assert not (tmp_path.parent / "evil").exists()
    assert not User.objects.exists()


def test_not_an_archive_at_all(transactional_db, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"\x00" * 100)
    with pytest.raises(CommandError, match="Not a backup archive"):
        call_command("restore", junk, interactive=False)

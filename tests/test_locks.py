"""Two locks (#28): a server installs requirements.lock only, which carries no test, browser,
load or type-checking tool; development installs requirements-dev.lock, the same versions and
those tools. Every pinned file is hashed in both."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==(\S+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    return {k.lower(): v for k, v in PIN.findall((ROOT / name).read_text())}


def blocks(name: str) -> list[str]:
    return re.split(r"\n(?=[A-Za-z0-9])", (ROOT / name).read_text().split("\n\n", 1)[-1])


def test_the_production_lock_carries_no_development_tool():
    production = pins("requirements.lock")
    dev_only = {"pytest", "playwright", "locust", "mypy", "ruff", "django-stubs", "extruct"}
    assert not dev_only & set(production)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=\[;]", requirement)[0].strip().lower()
        assert name in production, f"{name} is a dependency but not in requirements.lock"


def test_development_installs_the_same_versions_and_the_tools():
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {k: development.get(k) for k in production} == production
    assert {"pytest", "playwright", "ruff"} <= set(development)


def test_every_pin_is_hashed():
    for name in ("requirements.lock", "requirements-dev.lock"):
        for block in blocks(name):
            if "==" in block.split("\n", 1)[0]:
                assert "--hash=sha256:" in block, f"{name}: {block.splitlines()[0]}"

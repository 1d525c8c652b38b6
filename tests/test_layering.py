"""Apps import only downward: programme <- policy_drafts <- workshops <- ambassadors <- townhall."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["programme", "policy_drafts", "workshops", "ambassadors", "townhall"]


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(ORDER)


@pytest.mark.parametrize("app", ORDER)
def test_an_app_never_imports_one_above_it(app):
    above = set(ORDER[ORDER.index(app) + 1 :])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & above)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) & above
    }
    assert offenders == {}

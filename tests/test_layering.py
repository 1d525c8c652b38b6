"""The layers: the platform (programme/platform/) below five apps, which import only
downward: programme <- policy_drafts <- workshops <- ambassadors <- townhall."""

import ast
import re
from pathlib import Path

import pytest

from programme.platform.layers import APPS

ROOT = Path(__file__).resolve().parent.parent

ORDER = list(APPS)  # the one list (programme/platform/layers.py)


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(ORDER)


PLATFORM = ROOT / "programme" / "platform"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved (TYPE_CHECKING ones too)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join([*base, node.module or ""]) if node.level else node.module or ""
            for alias in node.names:
                found.add(f"{module.rstrip('.')}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_platform_stands_on_nothing_of_the_pilot():
    """programme/platform/ (hooks, outbox, periodic jobs, limits, fetching, uploads,
    Markdown, PDFs, search, health, backups...) imports no app and nothing of the
    programme's own features: the five apps stand on it, never the other way."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(outside)
        for path in PLATFORM.rglob("*.py")
        if (
            outside := {
                module
                for module in imported_modules(path)
                if module.split(".")[0] in ORDER and not module.startswith("programme.platform.")
            }
        )
    }
    assert offenders == {}


def test_the_platform_holds_no_view_or_url():
    """Pages are the apps': the platform gives them parts (the health check's probes, the
    confirmation step), never an address of its own."""
    names = {path.name for path in PLATFORM.rglob("*.py")}
    assert not names & {"views.py", "urls.py", "admin.py"}


@pytest.mark.parametrize("app", ORDER)
def test_an_app_never_imports_one_above_it(app):
    above = set(ORDER[ORDER.index(app) + 1 :])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & above)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) & above
    }
    assert offenders == {}


def test_settings_install_the_apps_in_that_order():
    from django.conf import settings

    ours = [app for app in settings.INSTALLED_APPS if app.split(".")[0] in ORDER]
    assert ours == ["programme.apps.ProgrammeAdminConfig", *ORDER]


def _other_app_names(tree: ast.Module, app: str) -> set[str]:
    """Names bound in a module to another app's modules or objects."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in set(ORDER) - {app}:
                bound.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in set(ORDER) - {app}:
                    bound.add(alias.asname or alias.name.split(".")[0])
    return bound


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.parametrize("app", ORDER)
def test_an_app_never_reaches_another_apps_private_names(app):
    offenders = []
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text())
        bound = _other_app_names(tree, app)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] != app:
                    offenders += [
                        f"{path.relative_to(ROOT)}: {node.module}.{alias.name}"
                        for alias in node.names
                        if _private(alias.name)
                    ]
            elif isinstance(node, ast.Attribute) and _private(node.attr):
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and root.id in bound:
                    offenders.append(f"{path.relative_to(ROOT)}: {root.id}….{node.attr}")
    assert offenders == []


MUTABLE = (ast.List, ast.Dict, ast.Set)


def _module_level_containers(tree: ast.Module) -> list[str]:
    found = []
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        value = getattr(node, "value", None)
        empty = (
            isinstance(value, MUTABLE) and not getattr(value, "elts", getattr(value, "keys", None))
        ) or (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"dict", "list", "set", "defaultdict", "OrderedDict"}
        )
        if empty:
            found += [target.id for target in targets if isinstance(target, ast.Name)]
    return found


@pytest.mark.parametrize("app", ORDER)
def test_the_hooks_module_is_the_only_registry(app):
    """An empty module-level list or dict filled at start-up is a registry of its own;
    the apps plug into each other through `programme.hooks` alone."""
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in (ROOT / app).rglob("*.py")
        if path.name != "hooks.py"
        and "migrations" not in path.parts
        and (names := _module_level_containers(ast.parse(path.read_text())))
    }
    assert offenders == {}


CHOICE_COMPARED = re.compile(
    r"\.(status|stage|access|suggestion_status)\s*[!=]=|page\.kind\s*[!=]="
)


def test_templates_ask_models_rather_than_compare_raw_choice_strings():
    """`workshop.is_published`, not `workshop.status == "published"`: a renamed choice then
    fails loudly in Python instead of silently in a template."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "templates").rglob("*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if CHOICE_COMPARED.search(line)
    ]
    assert offenders == []


def test_forms_render_their_own_fields():
    """No template builds a choice by hand: radio buttons come from the form's widgets."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if 'type="radio"' in path.read_text()
    ]
    assert offenders == []


def test_other_apps_take_programmes_form_helpers_by_their_public_names():
    offenders = [
        f"{path.relative_to(ROOT)}: {node.module}"
        for app in ORDER[1:]
        for path in (ROOT / app).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("programme.forms.")
    ]
    assert offenders == []


@pytest.mark.parametrize("app", ORDER)
def test_views_read_through_queries_never_a_manager(app):
    """Reads live in each app's queries.py (writes in services/): a view asking a model's
    manager itself is how a query ends up inside a loop unnoticed."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in (ROOT / app / "views").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert offenders == []


# A block's kind compared in a template's {% if %}: `block.type == "text"`, `block.kind ==
# "heading"`, `entry.kind.key == "image"`, or any `.type == "…"`.
KIND_COMPARED = re.compile(
    r"\bblock\.(?:type|kind)\s*[!=]=|\bkind\.key\s*[!=]=|\.type\s*[!=]=\s*[\"']"
)
IF_TAG = re.compile(r"\{%-?\s*(?:el)?if\b(.*?)%\}", re.DOTALL)


def test_templates_ask_a_block_to_render_itself_never_branch_on_its_kind():
    """A block kind is one class with its own template (townhall/blocks/, and
    programme/platform/documents.py for documents); templates say `{% render_block block %}`, so that
    a new kind touches no template but its own."""
    offenders = [
        f"{path.relative_to(ROOT)}: {{% if{condition}%}}"
        for path in (ROOT / "templates").rglob("*.html")
        for condition in IF_TAG.findall(path.read_text())
        if KIND_COMPARED.search(condition)
    ]
    assert offenders == []


# `block.get("type") == "image"`, `block["type"] != "text"`, `.get("type") in ("a", "b")`,
# `kind.key == "heading"`.
TYPE_COMPARED = re.compile(
    r"""(?:\.get\(\s*["']type["']\s*\)|\[\s*["']type["']\s*\])\s*"""
    r"""(?:[!=]=|(?:not\s+)?in\s+[(\["'{])|\bkind\.key\s*[!=]="""
)


def test_townhall_asks_a_blocks_kind_never_compares_its_type():
    """Outside the block kinds themselves (townhall/blocks/), code asks a block's kind
    (`kind_of(block).live`, `image_ids(blocks)`) instead of comparing its type."""
    townhall = ROOT / "townhall"
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in townhall.rglob("*.py")
        if path.relative_to(townhall).parts[0] not in ("blocks", "migrations")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if TYPE_COMPARED.search(line)
    ]
    assert offenders == []

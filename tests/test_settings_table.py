"""The README's configuration table names every environment variable the service reads, and
nothing else, with the default the code really has.

The variables read are found in the code itself: every `os.environ.get("X")`,
`os.environ["X"]` and `env…("X", …)` helper call in config/settings.py, the database URL
that dj_database_url reads for it, and the `${X:-default}` of the production Procfile.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "config" / "settings.py"
PROCFILE = ROOT / "Procfile"
README = ROOT / "README.md"

# Variables the code reads that the README deliberately leaves out of the table, each with
# why. None at present: every variable settings.py reads is one an operator may set.
INTERNAL: dict[str, str] = {}

READ = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|\benv\w*)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)
PROCFILE_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}")


def _reads_by_name(node: ast.AST) -> bool:
    """`os.environ.get(name)`, `os.getenv(name)` or `os.environ[name]` with a name that is
    not written out: the function around it reads a variable it is given."""
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.environ.get", "os.getenv"):
        return bool(node.args) and not isinstance(node.args[0], ast.Constant)
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
        return not isinstance(node.slice, ast.Constant)
    return False


def _helpers(tree: ast.Module) -> set[str]:
    """The functions in settings.py that read a variable whose name they are given."""
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(map(_reads_by_name, ast.walk(node)))
    }


def read_by_settings() -> dict[str, object]:
    """Every variable settings.py reads, with its default where it is a literal (else None)."""
    source = SETTINGS.read_text()
    tree = ast.parse(source)
    names: dict[str, object] = {
        match.group(1) or match.group(2): None for match in READ.finditer(source)
    }
    helpers = _helpers(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = ast.unparse(node.func)
        if called == "dj_database_url.config":  # reads DATABASE_URL unless told another name
            env = next((k.value for k in node.keywords if k.arg == "env"), None)
            if isinstance(env, ast.Constant) and isinstance(env.value, str):
                names[env.value] = None
            else:
                names["DATABASE_URL"] = None
        elif (called in helpers or called in ("os.environ.get", "os.getenv")) and len(
            node.args
        ) == 2:
            name, default = node.args
            if (
                isinstance(name, ast.Constant)
                and isinstance(name.value, str)
                and isinstance(default, ast.Constant)
            ):
                names[name.value] = default.value
    return names


def read_by_procfile() -> dict[str, object]:
    return {
        match.group(1): match.group(2) for match in PROCFILE_READ.finditer(PROCFILE.read_text())
    }


def configuration_table(readme: str) -> dict[str, str]:
    """Each variable named in backticks in the first column of the table under
    "## Configuration", with the row's default column."""
    section = readme.split("\n## Configuration", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    in_table = False
    for line in section.splitlines():
        if not line.startswith("|"):
            if in_table:
                break  # the first table of the section only
            continue
        in_table = True
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set(cells[0]) <= set("-: "):
            continue
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            rows[name] = cells[1] if len(cells) > 1 else ""
    return rows


def problems(readme: str) -> list[str]:
    """What is wrong with the README's configuration table, in words."""
    read = read_by_settings() | read_by_procfile()
    table = configuration_table(readme)
    found = [f"{name} is read but not in the table" for name in sorted(set(read) - set(table))]
    found += [
        f"{name} is in the table but nothing reads it"
        for name in sorted(set(table) - set(read))
        if name not in INTERNAL
    ]
    found += [f"{name} is internal but in the table" for name in sorted(set(INTERNAL) & set(table))]
    for name, default in sorted(read.items()):
        if name not in table or default is None or default == "":
            continue
        cell = table[name]
        if isinstance(default, bool):
            expected = "on" if default else "off"
            if not re.search(rf"\b{expected}\b", cell):
                found.append(f"{name} defaults to {expected}, the table says {cell!r}")
        elif isinstance(default, int):
            if str(default) not in re.findall(r"\d+", cell.replace(",", "")):
                found.append(f"{name} defaults to {default}, the table says {cell!r}")
        elif str(default).strip() not in cell:
            found.append(f"{name} defaults to {default!r}, the table says {cell!r}")
    return found


def test_settings_reads_at_least_the_variables_everyone_knows():
    read = read_by_settings()
    for name in ("DJANGO_DEBUG", "DATABASE_URL", "DATABASE_CONN_MAX_AGE", "EMAIL_URL", "REDIS_URL"):
        assert name in read


def test_every_helper_that_reads_a_variable_by_name_is_seen():
    """A new helper (envfloat, say) is found by the pattern above, or this fails."""
    tree = ast.parse(SETTINGS.read_text())
    assert {name for name in _helpers(tree) if not READ.search(f'{name}("X")')} == set()


def test_the_readme_table_names_every_variable_with_its_default():
    assert problems(README.read_text()) == []

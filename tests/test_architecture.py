"""The package's shape: stages as subpackages, no import cycle, click only in the CLI,
modules small enough to read. The layer order itself is checked by import-linter in CI
(`lint-imports`, contracts in pyproject.toml); this test needs nothing but the source."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "eitflow"
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = ("eitflow",) + p.relative_to(PKG).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _imports(path: Path) -> set[str]:
    """Every module this file imports, at any depth (function-level imports count: they are
    cycles too, only deferred)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _graph() -> nx.DiGraph:
    mods = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        for imp in _imports(path):
            if imp in mods and imp != name and not name.startswith(imp + "."):
                g.add_edge(name, imp)
    return g


@pytest.mark.slow
def test_no_import_cycle():
    g = _graph()
    # a package __init__ that re-exports its own submodules is not a cycle of the data path
    g.remove_edges_from([(a, b) for a, b in list(g.edges) if b.startswith(a + ".")])
    cycles = list(nx.simple_cycles(g))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:5])


def _package_cycles(pkg: Path) -> list[list[str]]:
    """Cycles through a package and one of its submodules: the package's __init__ imports the
    submodule (a re-export) and the submodule imports the package by name (``from eitflow.extend
    import model_of`` in extend/corridors.py), which `test_no_import_cycle` cannot see, having
    left out both edges. Importing a submodule first runs a half-made package."""
    mods = {}
    for p in sorted(pkg.rglob("*.py")):
        parts = ("eitflow",) + p.relative_to(pkg).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    g = nx.DiGraph()
    for name, path in mods.items():
        g.add_edges_from((name, imp) for imp in _imports(path) if imp in mods and imp != name)
    return [c for c in nx.simple_cycles(g) if any(b.startswith(a + ".") for a in c for b in c)]


@pytest.mark.slow
def test_no_cycle_through_a_package_and_its_submodules():
    assert _package_cycles(PKG) == []


def test_the_package_cycle_check_sees_one(tmp_path):
    # extend/corridors.py importing model_of from eitflow.extend, whose __init__ imports it (until 78b1200)
    (tmp_path / "extend").mkdir()
    (tmp_path / "extend" / "__init__.py").write_text("from eitflow.extend.corridors import corridor_variables\n"
                                                     "def model_of(p): ...\n")
    (tmp_path / "extend" / "corridors.py").write_text("def corridor_variables(p):\n"
                                                      "    from eitflow.extend import model_of\n")
    assert [sorted(c) for c in _package_cycles(tmp_path)] == [["eitflow.extend", "eitflow.extend.corridors"]]


def test_only_the_cli_imports_click():
    offenders = [n for n, p in _modules().items() if not n.startswith("eitflow.cli")
                 and any(i == "click" or i.startswith("click.") for i in _imports(p))]
    assert offenders == []


def test_the_library_never_imports_the_cli():
    offenders = [n for n, p in _modules().items() if not n.startswith("eitflow.cli")
                 and any(i.startswith("eitflow.cli") for i in _imports(p))]
    assert offenders == []


@pytest.mark.parametrize("stage", ["io", "candidates", "model", "solve", "results", "analyses", "report", "bench",
                                   "cli", "sweep"])
def test_each_stage_is_a_package(stage):
    assert (PKG / stage / "__init__.py").is_file()


def test_modules_stay_readable():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in _modules().items()}
    assert {n: k for n, k in long.items() if k > MAX_LINES} == {}


def test_the_cycle_check_sees_a_cycle(tmp_path):
    # the check itself can fail: two modules importing each other form a cycle
    g = nx.DiGraph([("eitflow.a", "eitflow.b"), ("eitflow.b", "eitflow.a")])
    assert list(nx.simple_cycles(g))


def test_the_readme_names_every_module():
    # "where each stage lives" must match the tree: a newcomer finds each step from the file names
    readme = (PKG.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Where each stage lives"):readme.index("## Design notes")]
    missing = sorted(str(p.relative_to(PKG)) for p in PKG.rglob("*.py")
                     if p.name not in ("__init__.py", "_version.py", "__main__.py") and f"`{p.name}`" not in section
                     and f"`{p.relative_to(PKG)}`" not in section)
    assert missing == [], f"modules missing from the README's stage table: {missing}"


@pytest.mark.slow
def test_status_word_is_imported_from_where_it_lives():
    # `status_word` lives in results.summary; report.tables re-exported it (its `__all__`), and brief.py
    # and plots.py imported it from there: two ways to the one function, one of them a detour
    where = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and any(a.name == "status_word" for a in node.names):
                where[name] = node.module
    assert where and set(where.values()) == {"eitflow.results.summary"}, where
    import eitflow.report.tables as tables
    assert "status_word" not in getattr(tables, "__all__", ())


def _used_names() -> dict[str, int]:
    """How often each name is read in the package (a Name, an attribute, an imported name), its
    own `def` aside."""
    from collections import Counter

    seen: Counter[str] = Counter()
    for path in _modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                seen[node.id] += 1
            elif isinstance(node, ast.Attribute):
                seen[node.attr] += 1
            elif isinstance(node, ast.ImportFrom):
                seen.update(a.name for a in node.names)
    return seen


@pytest.mark.parametrize("module", ["report/style.py", "i18n/figures.py", "i18n/quantities.py", "i18n/messages.py"])
@pytest.mark.slow
def test_the_formatters_have_callers(module):
    """Each function of the modules that format what people read is called somewhere in the
    package: report/style.py kept `_num`, `_amount`, `_compact`, `_pct` and `_short_unit`, English
    formatters ('15.1 M', '0.08 %', 'unknown') no code called, beside i18n's, the one place."""
    used = _used_names()
    tree = ast.parse((PKG / module).read_text(encoding="utf-8"))
    dead = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not used[n.name]]
    assert dead == []

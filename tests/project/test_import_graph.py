"""The shape of ``claims``: who may import whom. Fails when a circle or a layer breach comes back.

Every import counts, also those inside functions: an import moved into a function still
ties two modules together, it only hides the circle until run time.
"""

import ast
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2] / "claims"


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("claims", include_external_packages=True, cache_dir=None)


def _edges(graph, prefix: str):
    for module in graph.modules:
        if module == prefix or module.startswith(prefix + "."):
            for imported in graph.find_modules_directly_imported_by(module):
                yield module, imported


def test_claims_has_no_import_circles(graph):
    g = nx.DiGraph(e for e in _edges(graph, "claims") if e[1].startswith("claims"))
    circles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert circles == []


def test_the_pipeline_imports_no_django_and_nothing_above_it(graph):
    bad = [(m, i) for m, i in _edges(graph, "claims.pipeline")
           if i.split(".")[0] in ("django", "rest_framework", "celery")
           or (i.startswith("claims") and not i.startswith("claims.pipeline"))]
    assert bad == []


@pytest.mark.parametrize("layer", ["claims.services", "claims.broker"])
def test_services_import_no_pages_api_forms_or_tasks(graph, layer):
    above = ("claims.views", "claims.api", "claims.forms", "claims.tasks", "claims.admin",
             "claims.urls", "claims.templatetags")
    bad = [(m, i) for m, i in _edges(graph, layer) if i.startswith(above)]
    assert bad == []


def test_selectors_only_read(graph):
    # reads import models, the pipeline and each other: never a service, a page or a task
    above = ("claims.services", "claims.views", "claims.api", "claims.forms", "claims.tasks",
             "claims.admin", "claims.urls", "claims.templatetags", "claims.broker")
    bad = [(m, i) for m, i in _edges(graph, "claims.selectors") if i.startswith(above)]
    assert bad == []


def test_every_page_module_is_routed_and_no_view_module_is_left_beside_the_package():
    # the pages live in claims/views/ only (no views_*.py beside it), each module routed
    assert sorted(p.name for p in ROOT.glob("views*.py")) == []
    assert sorted(p.name for p in ROOT.glob("selectors*.py")) == []
    routed = (ROOT / "urls.py").read_text()
    modules = {p.stem for p in (ROOT / "views").glob("*.py")} - {"__init__", "display"}
    assert {m for m in modules if f"{m}." not in routed} == set()


def _private_imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
            node.level or node.module.startswith("claims")
        ):
            for alias in node.names:
                if alias.name.startswith("_"):
                    yield f"{path.relative_to(ROOT.parent)}: {node.module}.{alias.name}"


def test_no_module_imports_another_modules_private_names():
    found = [hit for path in sorted(ROOT.rglob("*.py")) if "migrations" not in path.parts
             for hit in _private_imports(path)]
    assert found == []


def test_the_checks_see_a_circle_when_there_is_one(tmp_path, monkeypatch):
    # the circle test must be able to fail: a two-module package that imports itself in a loop
    pkg = tmp_path / "loopy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from loopy import b\n")
    (pkg / "b.py").write_text("import loopy.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    g = grimp.build_graph("loopy", cache_dir=None)
    found = nx.DiGraph(e for e in _edges(g, "loopy"))
    assert [sorted(c) for c in nx.strongly_connected_components(found) if len(c) > 1] == [
        ["loopy.a", "loopy.b"]
    ]

"""Repository hygiene (issue 18): imports point one way (no cycles, the store never calls up
into the corpus layer), every runtime dependency is used, no binaries are committed."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

# distribution name -> the module marsad imports; None: needed without an import of ours
IMPORT_NAMES = {
    "click": "click", "pyahocorasick": "ahocorasick", "selectolax": "selectolax",
    "trafilatura": "trafilatura", "charset-normalizer": "charset_normalizer",
    "py3langid": "py3langid", "datasketch": "datasketch", "tqdm": "tqdm", "fastapi": "fastapi",
    "uvicorn": "uvicorn", "jinja2": "jinja2", "orjson": "orjson",
    "numpy": "numpy",  # marsad.learn (the shipped models are applied with numpy)
    "psycopg": "psycopg",  # marsad.store.postgres (imported when a postgresql:// URL is used)
    # jusText (under trafilatura) imports lxml.html.clean, which lives in this package now;
    # it asks for it as lxml[html_clean], an extra that pip before 23.3 does not install
    "lxml_html_clean": None,
    "httpx": "httpx", "lxml": "lxml",  # marsad.feeds (fetching and parsing feeds)
}


def module_names() -> dict[str, Path]:
    out = {}
    for path in (SRC / "marsad").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every marsad module ``path`` imports: at the top, inside functions and for type
    checking alike (a cycle through any of them is a cycle of ideas)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                found.add(full if full in modules else node.module)
    return {m for m in found if m in modules}


def test_no_import_cycles() -> None:
    modules = module_names()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_store_never_imports_the_corpus_builder() -> None:
    modules = module_names()
    for name, path in modules.items():
        if name.startswith("marsad.store"):
            assert "marsad.corpus.build" not in imports_of(path, modules), name


def test_every_runtime_dependency_is_used() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "marsad").rglob("*.py"))
    for requirement in project["dependencies"]:
        dist = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        assert dist in IMPORT_NAMES, f"{dist}: say which module uses it"
        module = IMPORT_NAMES[dist]
        if module is not None:
            assert re.search(rf"^\s*(import|from) {module}\b", source, re.M), f"{dist} is never imported"


def test_no_binaries_committed() -> None:
    try:
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]
    binaries = [f for f in files if f.endswith((".whl", ".so", ".tar.gz", ".zip", ".exe"))]
    assert binaries == []

"""The layers of DESIGN.md, enforced: a lower layer never imports a higher one."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "veille"

LAYERS = [
    {"model", "taxonomy", "settings", "errors", "countries", "cluster", "__init__"},
    {"store", "geo", "actors"},
    {"sources", "extract"},
    {"analysis", "forecast", "impact"},
    {"alerts", "reports"},
    {"web", "cli", "demo", "__main__"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    raise AssertionError(f"module {module!r} is in no layer; add it to LAYERS and to DESIGN.md")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("veille"):
            found.add(node.module.removeprefix("veille").lstrip(".") or "__init__")
            if node.module == "veille":
                found.update(alias.name for alias in node.names
                             if (SRC / alias.name).is_dir() or (SRC / f"{alias.name}.py").exists())
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("veille.") for a in node.names if a.name.startswith("veille."))
    return found


def test_no_module_imports_a_higher_layer():
    violations = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).with_suffix("")
        own = layer_of(".".join(relative.parts))
        for imported in imports_of(path):
            if layer_of(imported) > own:
                violations.append(f"{relative} imports veille.{imported}")
    assert violations == []

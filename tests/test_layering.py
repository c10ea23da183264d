"""The package's layers: nothing imports upward (model <- analysis/graph <- rendering <- io/cli), read from the source.

Every import counts, at the top of a module or deferred inside a function, and so does importlib.import_module
with a literal name (or an f-string's literal start): a deferred import is still an arrow.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "journeymap"

# Lowest first; a module may import its own layer and those below. A new top-level module must be placed here.
LAYERS: tuple[tuple[str, str], ...] = (
    ("base", r"journeymap\.(errors|vocabulary|files|stats)"),
    ("model", r"journeymap\.model(_\w+)?"),
    ("analysis", r"journeymap\.(analysis|analysis_records|outcomes|graph|checks|checks_records|comparison|comparison_records|wording|wording_records|text|people|glossary|scorecard|plan)"),
    ("rendering", r"journeymap\.rendering(\..+)?"),
    ("io/cli", r"journeymap(\.(io(\..+)?|survey(\..+)?|discover(\..+)?|serve(\..+)?|history|schema|starter|tables|tables_records|cli(\..+)?|__main__))?"),
)


def layer(module: str) -> int:
    """The rank of a journeymap module's layer (0 is the lowest)."""
    for rank, (_, pattern) in enumerate(LAYERS):
        if re.fullmatch(pattern, module):
            return rank
    raise AssertionError(f"{module} is in no layer: place it in tests/test_layering.py's LAYERS")


def module_name(path: Path) -> str:
    """The dotted name of a module of the package, from its file."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    """True when a dotted journeymap name is a module or package of the source tree."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """Each journeymap module that ``source`` (the text of ``module``) imports, anywhere in it, with its line."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base for alias in node.names]
        elif isinstance(node, ast.Call) and _called(node) in {"import_module", "__import__"} and node.args:
            names = [_literal_start(node.args[0])]
        else:
            continue
        for name in names:
            if name == "journeymap" or name.startswith("journeymap."):
                yield node.lineno, name.rstrip(".")


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _literal_start(arg: ast.expr) -> str:
    """The literal text of a module name, or of the start of an f-string (``f"journeymap.rendering.{name}"``)."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return str(arg.values[0].value).rpartition(".")[0]
    return ""


def upward(source: str, module: str, is_package: bool = False) -> list[str]:
    """The imports in ``source`` that reach above ``module``'s layer, as ``line: name (layer)``."""
    own = layer(module)
    return [f"{module}:{line}: {name} ({LAYERS[layer(name)][0]})"
            for line, name in imported(source, module, is_package) if layer(name) > own]


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: module_name(path))
def test_no_module_imports_upward(path: Path) -> None:
    assert upward(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py") == []


def test_every_module_is_in_a_layer() -> None:
    assert {LAYERS[layer(module_name(path))][0] for path in SOURCES} == {name for name, _ in LAYERS}


def test_a_deferred_import_inside_a_function_is_caught() -> None:
    source = "def _repr_svg_(self):\n    from journeymap.rendering import render\n    return render(self)\n"
    assert upward(source, "journeymap.model") == ["journeymap.model:2: journeymap.rendering (rendering)"]


def test_every_spelling_of_an_import_is_resolved() -> None:
    source = ("import journeymap.io\n"
              "from journeymap import analysis, __version__\n"
              "from .flow_content import Flow\n"
              "from .. import graph\n"
              "import importlib\n"
              "view = importlib.import_module(f'journeymap.rendering.{name}')\n"
              "cli = __import__('journeymap.cli')\n")
    assert list(imported(source, "journeymap.rendering.flow")) == [
        (1, "journeymap.io"), (2, "journeymap.analysis"), (2, "journeymap"), (3, "journeymap.rendering.flow_content"),
        (4, "journeymap.graph"), (6, "journeymap.rendering"), (7, "journeymap.cli")]
    relative = "from .. import io\nfrom . import analysis\n"
    assert upward(source.replace("from .", "#"), "journeymap.analysis") == [
        "journeymap.analysis:1: journeymap.io (io/cli)", "journeymap.analysis:2: journeymap (io/cli)",
        "journeymap.analysis:6: journeymap.rendering (rendering)", "journeymap.analysis:7: journeymap.cli (io/cli)"]
    assert upward(relative, "journeymap.rendering.flow") == ["journeymap.rendering.flow:1: journeymap.io (io/cli)"]


def test_the_package_top_imports_every_layer_and_the_model_none_above_it() -> None:
    layers_of = {path: {layer(name) for _, name in imported(path.read_text(encoding="utf-8"), module_name(path))}
                 for path in (PACKAGE / "__init__.py", PACKAGE / "model.py")}
    assert layers_of[PACKAGE / "__init__.py"] >= {0, 1, 2, 3, 4}
    assert max(layers_of[PACKAGE / "model.py"]) <= 1


LONG = 400  # lines: a module longer than this says why in its docstring


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: module_name(path))
def test_a_long_module_says_why_in_its_docstring(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name == "html.py" and path.parent.name == "rendering":
        return  # being shrunk by another change of issue 9
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert len(text.splitlines()) <= LONG or f"longer than {LONG} lines" in docstring, (
        f"{module_name(path)} has {len(text.splitlines())} lines: split it, or say in its docstring why it is "
        f"longer than {LONG} lines")

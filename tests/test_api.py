"""The public surface: every name re-exported from journeymap, documented with a doctest that pytest runs."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import journeymap

PUBLIC = [name for name in journeymap.__all__ if not name.isupper()]  # the upper-case names are data


def test_all_lists_exactly_what_the_package_exports() -> None:
    assert sorted(journeymap.__all__) == sorted(set(journeymap.__all__))
    assert all(hasattr(journeymap, name) for name in journeymap.__all__)
    for name in ("load", "loads", "dump", "dumps", "analyse", "render", "to_networkx", "JourneyMapError"):
        assert name in journeymap.__all__  # DESIGN.md's public surface


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_a_docstring_with_an_example(name: str) -> None:
    doc = inspect.getdoc(getattr(journeymap, name)) or ""
    assert doc.strip() and ">>> " in doc, f"{name} needs a docstring with a doctest"


def test_the_package_ships_its_type_information() -> None:
    assert (Path(inspect.getfile(journeymap)).parent / "py.typed").is_file()


def test_no_public_name_shadows_a_module_of_the_package() -> None:
    import pkgutil

    modules = {info.name for info in pkgutil.iter_modules(journeymap.__path__)}
    assert "rendering" in modules and "comparison" in modules
    assert not modules & set(journeymap.__all__)


def test_the_subpackages_stay_reachable_beside_the_functions_of_the_same_purpose() -> None:
    import journeymap.comparison
    import journeymap.rendering

    assert journeymap.rendering.render is journeymap.render
    assert callable(journeymap.rendering.source)
    assert journeymap.comparison.diff is journeymap.diff is journeymap.compare

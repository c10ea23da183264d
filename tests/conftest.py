"""Shared fixtures: hypothesis profiles, a guard against hangs, and the Chromium every browser test drives.

Hypothesis: ``default`` keeps ``make test`` quick; ``HYPOTHESIS_PROFILE=deep`` runs far more examples.

    HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest tests/test_properties.py tests/test_fuzz.py

Tests that draw with Graphviz take a share of ``max_examples`` (see ``examples`` in test_properties.py), so
the deep profile deepens them too. Tests that set ``max_examples`` themselves keep their own number.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from hypothesis import HealthCheck, settings

T = TypeVar("T")

# No deadline: the suite shares machines with other work, and a slow example is not a wrong one.
settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=2_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


HANG_SECONDS = 120.0
"""How long a call guarded by ``no_hang`` may run: far beyond any honest run, so only a hang trips it."""


@pytest.fixture
def no_hang() -> Callable[[Callable[[], T]], T]:
    """Run a call in a thread and return its result, failing the test if it has not finished in HANG_SECONDS.

    Tests assert the work done (values read, aliases expanded), never seconds: a busy machine is not a bug.
    """
    def run(call: Callable[[], T]) -> T:
        outcome: list[tuple[bool, Any]] = []

        def target() -> None:
            try:
                outcome.append((True, call()))
            except BaseException as error:  # noqa: BLE001 - handed back to the test's own thread
                outcome.append((False, error))

        thread = threading.Thread(target=target, daemon=True)  # a daemon: a hung call never blocks the exit
        thread.start()
        thread.join(HANG_SECONDS)
        if not outcome:
            pytest.fail(f"still running after {HANG_SECONDS:g} s: it hangs")
        finished, value = outcome[0]
        if not finished:
            raise value
        return cast(T, value)
    return run


CHROMIUM = Path(os.environ.get("JOURNEYMAP_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright; a missing piece fails saying what to run, never skips."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed; run 'make test' (it installs the test extras)")
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}; run 'make test' (it runs apt-get install chromium) "
                    "or set JOURNEYMAP_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()

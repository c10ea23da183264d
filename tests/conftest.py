"""Hypothesis profiles: ``default`` keeps ``make test`` quick; ``HYPOTHESIS_PROFILE=deep`` runs far more examples.

    HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest tests/test_properties.py tests/test_fuzz.py

Tests that draw with Graphviz take a share of ``max_examples`` (see ``examples`` in test_properties.py), so
the deep profile deepens them too. Tests that set ``max_examples`` themselves keep their own number.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No deadline: the suite shares machines with other work, and a slow example is not a wrong one.
settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=2_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

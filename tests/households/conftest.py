"""Fixtures of the household tests: the eAkte's case factory."""

from tests.casefiles.conftest import make_case  # noqa: F401  (a fixture used here too)

from tests.casefiles.conftest import make_case  # noqa: F401  (a case with its documents)

from tests.casefiles.conftest import case, make_case  # noqa: F401  (fixtures of the eAkte)
from tests.decisions.conftest import make_calc_case  # noqa: F401

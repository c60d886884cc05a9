from tests.antraege.conftest import make_draft  # noqa: F401,E402
from tests.casefiles.conftest import make_case  # noqa: F401  (fixtures shared with the eAkte)
from tests.decisions.conftest import make_calc_case  # noqa: F401

"""Services of casefiles (being split into modules by concern)."""

from jobcenter.casefiles.services.cases import *  # noqa: F403

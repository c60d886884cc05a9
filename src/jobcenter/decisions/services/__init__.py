"""Services of decisions (being split into modules by concern)."""

from jobcenter.decisions.services.issuing import *  # noqa: F403

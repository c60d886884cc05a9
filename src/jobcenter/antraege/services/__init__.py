"""Services of antraege (being split into modules by concern)."""

from jobcenter.antraege.services.submission import *  # noqa: F403

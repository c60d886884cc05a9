"""Services of formengine (being split into modules by concern)."""

from jobcenter.formengine.services.drafts import *  # noqa: F403

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
django.setup(set_prefix=False)  # as django.core.wsgi.get_wsgi_application

# Django's WSGIHandler with the URL resolution kept per process (core/handler.py)
from jobcenter.core.handler import JobcenterWSGIHandler  # noqa: E402

application = JobcenterWSGIHandler()

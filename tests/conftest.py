"""Suite-wide fixtures: the three actors of every view test, fast hashing, private files."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from jobcenter.core.roles import Role
from tests.factories import (
    CitizenFactory,
    JobcenterFactory,
    MembershipFactory,
    PersonFactory,
    PostcodeAreaFactory,
    StaffFactory,
)

# Playwright's sync API runs an event loop in the test thread; the test itself stays sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Hypothesis: on a developer's machine every run draws new examples and keeps what it finds
# (.hypothesis/); CI (.ci/run sets HYPOTHESIS_PROFILE=ci) draws the same examples every run,
# so a change is judged on its own and not on an unrelated case a random draw happens to
# find that day. A case found locally is pinned with @example (docs/development.md).
settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker,
                    django_db_modify_db_settings, tmp_path_factory):
    """pytest-django's test databases, on PostgreSQL made cheaper (tests/databases.py):
    xdist workers copy a template one of them migrated, transactional tests empty only the
    tables with rows, commits do not wait for the disk."""
    from django.test import TransactionTestCase
    from django.test.utils import teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests import databases

    databases.commit_without_flush_wait()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with pytest.MonkeyPatch.context() as patch:
        django_teardown = TransactionTestCase._fixture_teardown
        patch.setattr(TransactionTestCase, "_fixture_teardown",
                      lambda test_case: databases.fixture_teardown(test_case, django_teardown))
        if not databases.template_applies(request.config, aliases):
            yield request.getfixturevalue("django_db_setup")  # pytest-django's own
            return
        verbosity = request.config.option.verbose
        with django_db_blocker.unblock():
            old_config = databases.setup_from_template(
                request.config, tmp_path_factory.getbasetemp().parent, verbosity=verbosity,
                serialize=databases.ALIAS in serialized_aliases)
        yield
        with django_db_blocker.unblock():
            try:  # as pytest-django: a database still in use at the end is a warning
                teardown_databases(old_config, verbosity=verbosity)
            except Exception as exc:  # noqa: BLE001
                request.node.warn(pytest.PytestWarning(
                    f"Error when trying to teardown test databases: {exc!r}"))


def pytest_sessionfinish(session):
    """The xdist controller drops the test database template the workers copied."""
    from tests import databases

    databases.drop_template(session.config)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": str(tmp_path)}}
    # a test that made the cache fail must not make the next one read without it
    from jobcenter.core.fresh_cache import cache_resume

    cache_resume()


#: A Redis database the tests that need a real Redis may use (keys under their own prefix).
REDIS_URL = "redis://127.0.0.1:6379/7"


def redis_reachable(url: str = REDIS_URL) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False
    return True


def seed_catalogue() -> None:
    """Seed the catalogue rows that migrations create (case, status, document and decision
    types) again; idempotent."""
    import importlib

    from django.apps import apps

    importlib.import_module("jobcenter.casefiles.migrations.0002_seed_catalogue").seed(apps, None)
    importlib.import_module("jobcenter.casefiles.migrations.0004_statustype_manual"
                            ).mark_flow_only(apps, None)
    importlib.import_module("jobcenter.decisions.migrations.0006_decision_types_past_and_final"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.rechtsbehelfe.migrations.0002_decision_types"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.minderungen.migrations.0002_decision_types"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.casefiles.migrations.0007_postfach_catalogue"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.anliegen.migrations.0001_catalogue").seed(apps, None)
    importlib.import_module("jobcenter.bedarfe.migrations.0002_case_types").seed(apps, None)
    importlib.import_module("jobcenter.bedarfe.migrations.0003_case_types_kv_azubi"
                            ).seed(apps, None)
    # the standards in working days (issue 17): the seeded rows converted, idempotent
    importlib.import_module("jobcenter.bedarfe.migrations.0004_case_types_working_days"
                            ).convert_seeded(apps, None)
    importlib.import_module("jobcenter.anliegen.migrations.0002_fahrkosten_meldetermin"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.bedarfe.migrations.0005_case_types_wohnen").seed(apps,
                                                                                       None)
    importlib.import_module("jobcenter.bedarfe.migrations.0006_case_type_vorschuss"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.bedarfe.migrations.0007_case_type_direktzahlung"
                            ).seed(apps, None)
    importlib.import_module("jobcenter.bedarfe.migrations.0008_case_type_forderung"
                            ).seed(apps, None)


@pytest.fixture(autouse=True)
def _catalogue_after_flush(request):
    """Transactional tests (``transaction=True``, live server) flush the database after
    themselves, which also removes the catalogue the migrations seed; pytest-django runs
    them after all other database tests, so each one seeds the catalogue again first."""
    marker = request.node.get_closest_marker("django_db")
    if (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    ):
        request.getfixturevalue("transactional_db")
        seed_catalogue()


@pytest.fixture(autouse=True)
def _german_by_default():
    """Every test starts in the default language: a request through LocaleMiddleware leaves
    its language active in the thread, which would leak into the next test."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Unit tests run tasks eagerly; tests marked celery_worker use a real worker."""
    from jobcenter import celery_app

    eager = request.node.get_closest_marker("celery_worker") is None
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture
def jobcenter(db):
    jc = JobcenterFactory(name="Jobcenter Alpha", slug="alpha")
    PostcodeAreaFactory(postcode="11111", jobcenter=jc)
    return jc


@pytest.fixture
def other_jobcenter(db):
    jc = JobcenterFactory(name="Jobcenter Beta", slug="beta")
    PostcodeAreaFactory(postcode="22222", jobcenter=jc)
    return jc


@pytest.fixture
def citizen(jobcenter):
    """Actor 1: the citizen, with a person record in a Bedarfsgemeinschaft."""
    user = CitizenFactory(jobcenter=jobcenter, email="alice@example.org", first_name="Alice",
                          postcode="11111")
    person = PersonFactory(jobcenter=jobcenter, user=user, first_name="Alice", last_name="Adler")
    MembershipFactory(person=person, bedarfsgemeinschaft__jobcenter=jobcenter)
    return user


@pytest.fixture
def other_citizen(jobcenter):
    """Actor 2: an unrelated citizen of the same Jobcenter."""
    user = CitizenFactory(jobcenter=jobcenter, email="bob@example.org", first_name="Bob",
                          postcode="11111")
    person = PersonFactory(jobcenter=jobcenter, user=user, first_name="Bob", last_name="Bauer")
    MembershipFactory(person=person, bedarfsgemeinschaft__jobcenter=jobcenter)
    return user


@pytest.fixture
def caseworker(jobcenter):
    return StaffFactory(jobcenter=jobcenter, email="carla@alpha.example", role=Role.LEISTUNG)


@pytest.fixture
def other_caseworker(other_jobcenter):
    """Actor 3: a caseworker of another Jobcenter."""
    return StaffFactory(jobcenter=other_jobcenter, email="charlie@beta.example",
                        role=Role.LEISTUNG)


@pytest.fixture
def jobcenter_admin(jobcenter):
    return StaffFactory(jobcenter=jobcenter, email="admin@alpha.example",
                        role=Role.JOBCENTER_ADMIN)


def login(client, user):
    """Sign in like a completed login through the portal: the password step, and the second
    factor where the account has one enrolled (allauth's authentication records, which
    ``StaffMfaRequiredMiddleware`` checks), and the start of the absolute session lifetime.
    For a password-only session use ``client.force_login``."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    from jobcenter.accounts.selectors import user_has_mfa
    from jobcenter.accounts.sessions import STARTED_KEY

    client.force_login(user)
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    if user_has_mfa(user):
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[STARTED_KEY] = time.time()  # the absolute session lifetime starts here
    session.save()
    return client


class BrokerDown:
    """The broker is a Redis port where nothing listens (kombu's real failure), outside
    eager mode; ``restore()`` brings the test settings back (eager, as in unit tests)."""

    def __init__(self) -> None:
        from loadtest.stack import free_port

        from tests.integration.processes import broker

        self._broker = broker(f"redis://127.0.0.1:{free_port()}/0")
        self._broker.__enter__()

    def restore(self) -> None:
        if self._broker is not None:
            self._broker.__exit__(None, None, None)
            self._broker = None


@pytest.fixture
def broker_down():
    down = BrokerDown()
    yield down
    down.restore()

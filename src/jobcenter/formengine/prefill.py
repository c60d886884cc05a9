"""Prefill: answers proposed from data we already hold (and, with consent, from registers).

**Providers** (``register_provider(name, callable(user) -> dict)``) return a nested dict;
a question's ``prefill: "profile.first_name"`` names the provider and a dotted path into it.
A repeating group's ``prefill: "household.members"`` yields a list of dicts, and each inner
question's ``prefill`` is then a path inside one such item. The ``antraege`` app registers
``profile``, ``household`` and ``last_submission``.

**Register adapters** (once-only, a later issue) fetch data from public registers. They run
only after the citizen's consent: :func:`register_adapter` takes an object following
:class:`RegisterAdapter`; :func:`set_consent_check` installs the function that answers
whether the user consented to a purpose. Without an installed consent check, adapters are
never called.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

logger = logging.getLogger(__name__)

Provider = Callable[[Any], dict]
_providers: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    _providers[name] = provider


def unregister_provider(name: str) -> None:
    _providers.pop(name, None)


def provider_names() -> list[str]:
    return sorted(set(_providers) | set(_adapters))


def _dig(data: Any, path: list[str]) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


class PrefillContext:
    """Calls each provider at most once per draft start and never lets it break the form."""

    def __init__(self, user: Any, *, registers: bool = True):
        self.user = user
        self.registers = registers
        self._cache: dict[str, dict] = {}

    def source(self, name: str) -> dict:
        if name not in self._cache:
            data: dict = {}
            try:
                if name in _providers:
                    data = _providers[name](self.user) or {}
                elif name in _adapters and self.registers:
                    data = fetch_from_register(name, self.user) or {}
            except Exception:  # a failing source must never block an application
                logger.exception("prefill provider %s failed", name)
                data = {}
            self._cache[name] = data if isinstance(data, dict) else {}
        return self._cache[name]

    def value(self, path: str) -> Any:
        name, *rest = path.split(".")
        return _dig(self.source(name), rest)


def item_value(item: Any, path: str) -> Any:
    return _dig(item, path.split("."))


# --- register data (once-only), run only after consent --------------------------------


@runtime_checkable
class RegisterAdapter(Protocol):
    """A register (e.g. Meldewesen, Rentenversicherung) as a prefill source.

    ``name`` is the prefill provider name used in definitions (``meldewesen.address``);
    ``purpose`` the consent purpose the citizen must have granted; ``fetch(user)`` returns
    the nested dict (never raises for "no data": return {}).
    """

    name: str
    purpose: str

    def fetch(self, user: Any) -> dict: ...


ConsentCheck = Callable[[Any, str], bool]
_adapters: dict[str, RegisterAdapter] = {}
_consent_check: ConsentCheck | None = None


def register_adapter(adapter: RegisterAdapter) -> None:
    if not isinstance(adapter, RegisterAdapter):
        raise TypeError("adapter must have name, purpose and fetch(user)")
    _adapters[adapter.name] = adapter


def unregister_adapter(name: str) -> None:
    _adapters.pop(name, None)


def set_consent_check(check: ConsentCheck | None) -> None:
    """Install ``check(user, purpose) -> bool`` (the consent ledger of the registers app)."""
    global _consent_check
    _consent_check = check


def fetch_from_register(name: str, user: Any) -> dict | None:
    """The adapter's data, or None when there is no consent (or no consent check at all)."""
    adapter = _adapters[name]
    if _consent_check is None or not _consent_check(user, adapter.purpose):
        return None
    return adapter.fetch(user)

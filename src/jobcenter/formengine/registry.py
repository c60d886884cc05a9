"""The registry of form definitions and of the hooks the owning apps plug in.

Definitions are YAML files (one form version per file) in the ``forms/`` directory of every
installed app of ours (e.g. ``src/jobcenter/antraege/forms/``), in the directories listed in
the setting ``FORMENGINE_FORM_DIRS`` and in directories added with :func:`register_form_dir`.
Each file is schema-validated and statically checked (:func:`definition.check`) when loaded.
A broken file is never served: it is reported by :func:`load_errors`, by the system check
``formengine.E001`` and by the test over every form file.

Hooks: :func:`register_submit_handler` (the final submit of a form) and
:func:`register_preview` (extra content on the "Angaben prüfen" page).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.conf import settings

from jobcenter.formengine.definition import DefinitionError, FormDefinition, check, parse

logger = logging.getLogger(__name__)

DEFAULT = "*"

_lock = threading.RLock()
_extra_dirs: list[Path] = []
_forms: dict[str, dict[str, FormDefinition]] | None = None
_errors: list[DefinitionError] = []
_submit_handlers: dict[str, Callable[..., Any]] = {}
_preview_hooks: dict[str, Callable[..., Any]] = {}
_start_checks: dict[str, Callable[..., Any]] = {}


# --- definitions -----------------------------------------------------------------------


def form_dirs() -> list[Path]:
    dirs: list[Path] = []
    for config in apps.get_app_configs():
        if config.name.startswith("jobcenter."):
            candidate = Path(config.path) / "forms"
            if candidate.is_dir():
                dirs.append(candidate)
    dirs += [Path(d) for d in getattr(settings, "FORMENGINE_FORM_DIRS", [])]
    dirs += _extra_dirs
    seen: list[Path] = []
    for d in dirs:
        if d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def register_form_dir(path: str | Path) -> None:
    """Add a directory of ``*.yaml`` definitions (takes effect on the next load)."""
    with _lock:
        path = Path(path)
        if path not in _extra_dirs:
            _extra_dirs.append(path)
        reset()


def unregister_form_dir(path: str | Path) -> None:
    with _lock:
        path = Path(path)
        if path in _extra_dirs:
            _extra_dirs.remove(path)
        reset()


def reset() -> None:
    """Forget loaded definitions (they are loaded again on next use)."""
    global _forms
    with _lock:
        _forms = None
        _errors.clear()


def form_files() -> list[Path]:
    return sorted({p for d in form_dirs() for p in d.rglob("*.yaml")})


_file_cache: dict[tuple, FormDefinition | DefinitionError] = {}


def load_file(path: Path) -> FormDefinition:
    """Parse, schema-validate and statically check one file (raises DefinitionError).

    Results are cached per file version (path, mtime, size) and the registered validator
    and prefill names, so re-registering directories does not re-parse unchanged files.
    """
    from jobcenter.formengine import options, prefill, validators

    try:
        stat = path.stat()
    except OSError as exc:
        raise DefinitionError(str(path), [f"cannot read file: {exc}"]) from exc
    key = (
        str(path.resolve()),
        stat.st_mtime_ns,
        stat.st_size,
        frozenset(validators.registry()),
        frozenset(prefill.provider_names()),
        frozenset(options.source_names()),
    )
    cached = _file_cache.get(key)
    if cached is None:
        try:
            cached = _load_file_uncached(path)
        except DefinitionError as exc:
            cached = exc
        _file_cache[key] = cached
    if isinstance(cached, DefinitionError):
        raise cached
    return cached


def _load_file_uncached(path: Path) -> FormDefinition:
    from jobcenter.formengine import options, prefill, validators

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DefinitionError(str(path), [f"cannot read YAML: {exc}"]) from exc
    form = parse(data, source=str(path))
    problems = check(
        form,
        validator_names=set(validators.registry()),
        prefill_providers=set(prefill.provider_names()),
        option_sources=set(options.source_names()),
    )
    if problems:
        raise DefinitionError(str(path), problems)
    return form


def _load() -> dict[str, dict[str, FormDefinition]]:
    global _forms
    with _lock:
        if _forms is not None:
            return _forms
        forms: dict[str, dict[str, FormDefinition]] = {}
        _errors.clear()
        for path in form_files():
            try:
                form = load_file(path)
            except DefinitionError as exc:
                logger.error("form definition rejected: %s", exc)
                _errors.append(exc)
                continue
            versions = forms.setdefault(form.key, {})
            if form.version in versions:
                _errors.append(
                    DefinitionError(
                        str(path),
                        [
                            f"form {form.key!r} version {form.version!r} is already defined in "
                            f"{versions[form.version].source}"
                        ],
                    )
                )
                continue
            versions[form.version] = form
        _forms = forms
        return forms


def load_errors() -> list[DefinitionError]:
    _load()
    return list(_errors)


def _version_key(version: str) -> list[tuple[int, Any]]:
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[._-]", version)]


def form_keys() -> list[str]:
    return sorted(_load())


def all_forms() -> list[FormDefinition]:
    """Every loaded definition, every version."""
    return [form for versions in _load().values() for form in versions.values()]


def get_form(key: str, version: str | None = None) -> FormDefinition | None:
    """The given version of a form, or its current (highest) version; None if unknown."""
    versions = _load().get(key)
    if not versions:
        return None
    if version is not None:
        return versions.get(version)
    return versions[max(versions, key=_version_key)]


# --- hooks -----------------------------------------------------------------------------


def register_submit_handler(form_key: str, handler: Callable[..., Any]) -> None:
    """``handler(draft, request) -> HttpResponse`` performs the final submit of ``form_key``.

    ``form_key`` may be :data:`DEFAULT` (``"*"``) for every form without its own handler.
    The handler receives the draft whose ``final_answers()`` are checked and complete;
    it must be idempotent (a double click calls it twice) and typically redirects to a
    receipt page. It owns the draft afterwards (the engine does not delete it).
    """
    _submit_handlers[form_key] = handler


def submit_handler(form_key: str) -> Callable[..., Any] | None:
    return _submit_handlers.get(form_key) or _submit_handlers.get(DEFAULT)


def register_preview(form_key: str, hook: Callable[..., Any]) -> None:
    """``hook(draft) -> str | dict | None`` adds content to the "Angaben prüfen" page.

    A string is rendered as an HTML fragment (mark it safe yourself, escape user data!),
    a dict is passed as context to ``formengine/includes/preview.html``
    (keys ``title``, ``html``, ``missing``), None adds nothing.
    """
    _preview_hooks[form_key] = hook


def preview_hook(form_key: str) -> Callable[..., Any] | None:
    return _preview_hooks.get(form_key) or _preview_hooks.get(DEFAULT)


def register_start_check(form_key: str, check: Callable[..., Any]) -> None:
    """``check(user) -> StartCheck | None`` decides on the start page of ``form_key`` whether
    the citizen may begin the form now. ``StartCheck(allowed=False, ...)`` shows its text
    and links instead of the start button (and refuses to create a draft); ``allowed=True``
    shows its text above the button (e.g. the end of the current Bewilligungszeitraum)."""
    _start_checks[form_key] = check


_start_presets: dict[tuple[str, str], dict[str, Any]] = {}


def register_start_preset(form_key: str, name: str, answers: dict[str, Any]) -> None:
    """A named start of ``form_key`` with ``answers`` already given (e.g. the
    Veränderungsmitteilung started as "Arbeitsaufnahme": the change pre-selected). The
    start page is opened with ``?anlass=<name>``; an unknown name starts the plain form.
    Only registered answers are ever set — nothing from the URL itself."""
    _start_presets[(form_key, name)] = dict(answers)


def start_preset(form_key: str, name: str | None) -> dict[str, Any] | None:
    return dict(_start_presets[(form_key, name)]) if (form_key, name) in _start_presets \
        else None


def start_check(form_key: str, user: Any) -> StartCheck | None:
    check = _start_checks.get(form_key)
    return check(user) if check is not None else None


@dataclass(frozen=True)
class StartCheck:
    allowed: bool
    text: str
    #: (label, url) pairs: what to do instead, or more information.
    links: tuple[tuple[str, str], ...] = ()


def unregister_hooks(form_key: str) -> None:
    _submit_handlers.pop(form_key, None)
    _preview_hooks.pop(form_key, None)
    _start_checks.pop(form_key, None)

"""Writes on a Jobcenter by its own Jobcenter admin: its settings and its logo."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from jobcenter.core.access import CHANGE, Data, may
from jobcenter.jobcenters.models import Jobcenter, Team

#: What the Jobcenter admin may change on the settings page.
SETTINGS_FIELDS = (
    "name", "street", "postcode", "city", "land", "catholic_local_holidays", "phone",
    "email", "website", "opening_hours", "theme_colour", "email_domains", "intake_team",
    "access_log_shows_staff_names",
)
#: Largest logo accepted (bytes).
LOGO_MAX_BYTES = 1024 * 1024


class JobcenterSettingsError(ValueError):
    """A change the rules do not allow; the message is translated and user-facing."""


def _check(actor: Any, jobcenter: Jobcenter) -> None:
    if not may(actor, Data.KONTEN, CHANGE) or actor.jobcenter_id != jobcenter.pk:
        raise JobcenterSettingsError(
            _("Nur die Jobcenter-Admins dieses Jobcenters können seine Einstellungen ändern."))


@transaction.atomic
def jobcenter_settings_update(*, jobcenter: Jobcenter, actor: Any, **fields: Any) -> list[str]:
    """Store the settings (validated by the caller's form); returns the changed fields."""
    _check(actor, jobcenter)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {sorted(unknown)}")
    team = fields.get("intake_team")
    if isinstance(team, Team) and team.jobcenter_id != jobcenter.pk:
        raise JobcenterSettingsError(_("Das Team gehört zu einem anderen Jobcenter."))
    if "email_domains" in fields:
        domains = []
        for line in str(fields["email_domains"]).replace(",", "\n").splitlines():
            domain = line.strip().lower().lstrip("@")
            if domain and domain not in domains:
                domains.append(domain)
        fields["email_domains"] = "\n".join(domains)
    locked = Jobcenter.objects.select_for_update().get(pk=jobcenter.pk)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if changed:
        locked.full_clean(exclude=["logo", "slug", "kind"])
        locked.save(update_fields=changed)
        for name in changed:
            setattr(jobcenter, name, getattr(locked, name))
    return changed


def jobcenter_logo_set(*, jobcenter: Jobcenter, actor: Any, content: bytes | None) -> None:
    """Store a new logo (PNG, already checked and virus-scanned by the caller through the
    upload pipeline: ``formengine.uploads`` / ``upload_scan``), or remove it (``None``).
    Stored under its hash, so a browser's cached logo never shows the old one; the old file
    is deleted once the change is committed (when called outside a transaction, as the
    settings page does)."""
    _check(actor, jobcenter)
    if content is not None and not content.startswith(b"\x89PNG\r\n\x1a\n"):
        raise JobcenterSettingsError(_("Bitte laden Sie das Logo als PNG-Datei hoch."))
    with transaction.atomic():
        locked = Jobcenter.objects.select_for_update().get(pk=jobcenter.pk)
        old = locked.logo.name if locked.logo else ""
        if content is None:
            locked.logo = ""
        else:
            digest = hashlib.sha256(content).hexdigest()[:16]
            locked.logo.save(f"{locked.slug}-{digest}.png", ContentFile(content), save=False)
        locked.save(update_fields=["logo"])
        jobcenter.logo = locked.logo
    new = locked.logo.name if locked.logo else ""
    if old and old != new and not transaction.get_connection().in_atomic_block:
        locked.logo.storage.delete(old)

"""Roles of the platform. A user has exactly one role."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "kunde", _("Kundin oder Kunde")
    LEISTUNG = "leistung", _("Leistungssachbearbeitung")
    VERMITTLUNG = "vermittlung", _("Arbeitsvermittlung/Integrationsfachkraft")
    TEAMLEITUNG = "teamleitung", _("Teamleitung")
    JOBCENTER_ADMIN = "jc_admin", _("Jobcenter-Admin")
    DATENSCHUTZ = "datenschutz", _("Datenschutzbeauftragte/r")
    PLATFORM_ADMIN = "plattform_admin", _("Plattform-Admin")


#: Roles that work inside one Jobcenter and see only its data.
STAFF_ROLES = frozenset(
    {Role.LEISTUNG, Role.VERMITTLUNG, Role.TEAMLEITUNG, Role.JOBCENTER_ADMIN,
     Role.DATENSCHUTZ}
)
#: Roles that must enrol a second factor before they can work.
MFA_REQUIRED_ROLES = STAFF_ROLES | {Role.PLATFORM_ADMIN}

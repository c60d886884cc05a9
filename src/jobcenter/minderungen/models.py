"""Leistungsminderungen (§§ 31–32 SGB II) as a procedure: the duty and the
Rechtsfolgenbelehrung given earlier, the Pflichtverletzung or Meldeversäumnis, the
Anhörung (§ 24 SGB X; before a complete withdrawal the personal hearing), the
Minderungsbescheid (issued through ``decisions``) and its early end when the person
cooperates (§ 31b Abs. 2 Satz 2 SGB II)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Minderung(models.Model):
    class Kind(models.TextChoices):
        PFLICHT = "pflichtverletzung", _("Pflichtverletzung (§ 31 SGB II)")
        MELDE = "meldeversaeumnis", _("Meldeversäumnis (§ 32 SGB II)")

    class Status(models.TextChoices):
        RECORDED = "erfasst", _("erfasst")
        HEARING = "anhoerung", _("Anhörung läuft")
        ANSWERED = "beantwortet", _("Anhörung beantwortet")
        DECIDED = "entschieden", _("Minderung festgestellt")
        DROPPED = "eingestellt", _("eingestellt (keine Minderung)")
        ENDED = "beendet", _("vorzeitig beendet")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="minderungen")
    case = models.ForeignKey("casefiles.Case", on_delete=models.PROTECT,
                             related_name="minderungen")
    basis = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("laufender Bescheid"))
    person_key = models.CharField(_("Person (Kennung in der Berechnung)"), max_length=40)
    person_name = models.CharField(_("Person"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    duty = models.CharField(_("Pflicht"), max_length=500)
    belehrung_on = models.DateField(_("Rechtsfolgenbelehrung erteilt am"))
    belehrung_text = models.TextField(_("Rechtsfolgenbelehrung (Wortlaut)"), max_length=5000)
    event_on = models.DateField(_("Pflichtverletzung am"))
    event_text = models.TextField(_("Sachverhalt"), max_length=5000)
    missed_in_row = models.PositiveSmallIntegerField(
        _("versäumter Termin in Folge"), default=1,
        help_text=_("Nur bei einem Meldeversäumnis: der wievielte Termin in Folge."))
    # the rule applied (by the date of the Pflichtverletzung)
    percent = models.PositiveSmallIntegerField(_("Minderung in Prozent"), default=0)
    months = models.PositiveSmallIntegerField(_("Dauer in Monaten"), default=0)
    full_withdrawal = models.BooleanField(_("Entzug des Regelbedarfs"), default=False)
    ends_on_cooperation = models.BooleanField(_("endet bei Mitwirkung"), default=False)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=200, blank=True)
    provisional_rule = models.BooleanField(_("Regel vorläufig (Gesetzestext nicht geprüft)"),
                                           default=False)
    rule_source = models.CharField(_("Quelle der Regel"), max_length=500, blank=True)
    personal_hearing = models.BooleanField(
        _("persönliche Anhörung vorgesehen"), default=False,
        help_text=_("§ 31a Abs. 2 SGB II; vor dem Entzug des Regelbedarfs ab 1.7.2026."))
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices,
                              default=Status.RECORDED, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    hearing_sent_at = models.DateTimeField(_("Anhörung versandt am"), null=True, blank=True)
    answer_due = models.DateField(_("Äußerung bis"), null=True, blank=True)
    personal_hearing_on = models.DateField(_("persönliche Anhörung am"), null=True, blank=True)
    # The Anhörungsschreiben (PDF/A, rendered after commit, filed in the eAkte): online by
    # the citizen's choice, otherwise printed and posted (``hearing_posted_on``).
    hearing_channel = models.CharField(_("Versand der Anhörung"), max_length=10, blank=True,
                                       choices=[("online", _("online")),
                                                ("post", _("Post"))])
    hearing_letter_date = models.DateField(_("Datum des Anhörungsschreibens"), null=True,
                                           blank=True)
    hearing_posted_on = models.DateField(_("Anhörung zur Post gegeben am"), null=True,
                                         blank=True)
    hearing_document = models.ForeignKey(
        "casefiles.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("Anhörungsschreiben"))
    answer = models.TextField(_("Äußerung"), blank=True, max_length=10000)
    answered_at = models.DateTimeField(_("geäußert am"), null=True, blank=True)
    answer_channel = models.CharField(_("Äußerung über"), max_length=20, blank=True)
    period_from = models.DateField(_("Minderung ab"), null=True, blank=True)
    period_to = models.DateField(_("Minderung bis"), null=True, blank=True)
    decision = models.ForeignKey("decisions.Decision", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("Minderungsbescheid"))
    end_decision = models.ForeignKey("decisions.Decision", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("Bescheid über das Ende der Minderung"))
    ended_from = models.DateField(_("Minderung endet ab"), null=True, blank=True)
    note = models.TextField(_("Vermerk"), blank=True, max_length=5000)
    # Where the procedure was opened from, e.g. ``termin:<pk>`` for a Meldeversäumnis
    # checked from the recorded outcome of a Meldetermin: one procedure per source.
    source_key = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("Leistungsminderung")
        verbose_name_plural = _("Leistungsminderungen")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "source_key"],
                                    condition=~models.Q(source_key=""),
                                    name="minderungen_one_per_source"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "case__applicant_user"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_name} {self.event_on:%d.%m.%Y}"

    @property
    def hearing_awaits_post(self) -> bool:
        """The Anhörungsschreiben waits on the print list to be posted."""
        return self.hearing_channel == "post" and self.hearing_posted_on is None

    @property
    def source_appointment_id(self) -> int | None:
        """The Meldetermin the procedure was opened from ("Meldeversäumnis prüfen")."""
        prefix = "termin:"
        tail = self.source_key[len(prefix):] if self.source_key.startswith(prefix) else ""
        return int(tail) if tail.isdigit() else None

    @property
    def answer_channel_label(self) -> str:
        return str(ANSWER_CHANNELS.get(self.answer_channel, self.answer_channel))


#: How an answer to the Anhörung reached the Jobcenter (``Minderung.answer_channel``).
ANSWER_CHANNELS = {"online": _("online im Kundenkonto"), "brief": _("Brief"),
                   "telefon": _("Telefon"), "persoenlich": _("persönliche Anhörung")}

"""Demo data: three Jobcenters with teams, staff of every role and twenty citizens.

Idempotent: running it again changes nothing that exists. ``--scale N`` adds N synthetic
citizens (each with a Bedarfsgemeinschaft) for load tests; they cannot sign in.
All names, addresses and postcodes are fictitious.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from jobcenter.accounts.models import User
from jobcenter.bedarfe import angemessenheit
from jobcenter.casefiles.services import create_follow_up
from jobcenter.core.roles import Role
from jobcenter.households.models import BankAccount, Membership, NoteCategory, Person
from jobcenter.households.services import (
    ApplicantData,
    MemberSpec,
    bank_account_set,
    household_create,
    person_for_application,
    person_note_add,
)
from jobcenter.jobcenters.models import Jobcenter, PostcodeArea, Team
from jobcenter.postfach import services as postfach_services
from jobcenter.postfach.models import ReplyTemplate, Thread, Topic
from jobcenter.rechtsbehelfe.models import WiderspruchSettings
from jobcenter.reminders.models import ReminderRule
from jobcenter.reminders.services import default_rules_install
from jobcenter.site import demo_decisions, demo_zahlungen
from jobcenter.termine import services as termine_services
from jobcenter.termine.models import Appointment, AvailabilityRule, Channel, Location
from jobcenter.termine.models import Topic as AppointmentTopic
from jobcenter.termine.slots import BERLIN, offered_slots

DEMO_PASSWORD = "Demo-Passwort-2026"
#: Base32 TOTP secret of all demo staff accounts (demo only; `manage.py demo_totp` prints codes).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_DOMAIN = "demo.jobcenter-online.example"

JOBCENTERS: list[dict[str, Any]] = [
    {
        "slug": "musterstadt",
        "name": "Jobcenter Musterstadt",
        "kind": Jobcenter.Kind.GEMEINSAME_EINRICHTUNG,
        "street": "Am Marktplatz 1",
        "postcode": "12001",
        "city": "Musterstadt",
        "land": "BE",
        "phone": "0301 12345-0",
        "email": "jobcenter@musterstadt.example",
        "opening_hours": "Mo, Di, Fr 8–12 Uhr\nDo 8–18 Uhr",
        "theme_colour": "#004b87",
        "postcodes": [f"120{n:02d}" for n in range(1, 21)],
        "teams": ["Eingangszone", "Leistung 1", "Leistung 2", "Arbeitsvermittlung U25"],
        "agency_number": "12001",
    },
    {
        "slug": "landkreis-beispiel",
        "name": "Jobcenter Landkreis Beispielkreis",
        "kind": Jobcenter.Kind.GEMEINSAME_EINRICHTUNG,
        "street": "Kreisstraße 12",
        "postcode": "34501",
        "city": "Beispielheim",
        "land": "HE",
        "phone": "05601 987-0",
        "email": "kontakt@jc-beispielkreis.example",
        "opening_hours": "Mo–Fr 8–12 Uhr\nDo 14–17 Uhr",
        "theme_colour": "#1f6f3f",
        "postcodes": [f"345{n:02d}" for n in range(1, 16)],
        "teams": ["Leistung", "Markt und Integration"],
        "agency_number": "34501",
    },
    {
        "slug": "kreis-nordheide",
        "name": "Kommunales Jobcenter Kreis Nordheide",
        "kind": Jobcenter.Kind.ZKT,
        "street": "Rathausweg 3",
        "postcode": "29601",
        "city": "Nordheide",
        "land": "NI",
        "phone": "04101 555-0",
        "email": "jobcenter@kreis-nordheide.example",
        "opening_hours": "Mo–Do 8–16 Uhr\nFr 8–12 Uhr",
        "theme_colour": "#8a1538",
        "postcodes": [f"296{n:02d}" for n in range(1, 11)],
        "teams": ["Leistung Nord", "Leistung Süd", "Fallmanagement"],
        "agency_number": "29601",
    },
]

STAFF_ROLES = [
    (Role.LEISTUNG, "leistung", "Lea", "Leistner"),
    (Role.LEISTUNG, "leistung2", "Leon", "Lindner"),
    (Role.VERMITTLUNG, "vermittlung", "Vera", "Vermittler"),
    (Role.TEAMLEITUNG, "teamleitung", "Tim", "Teichmann"),
    (Role.JOBCENTER_ADMIN, "admin", "Anna", "Admin"),
    (Role.DATENSCHUTZ, "datenschutz", "Dana", "Datenschutz"),
]


def staff_team(teams: list[Team], role: str, key: str) -> Team | None:
    """The demo team of a staff member: caseworkers and the team lead in the (first, for the
    second caseworker the second) Leistung team, the Vermittlung in the team for
    integration; admin and data protection in none."""
    leistung = [t for t in teams if t.name.startswith("Leistung")]
    vermittlung = [t for t in teams if not t.name.startswith(("Leistung", "Eingang"))]
    if role in (Role.LEISTUNG, Role.TEAMLEITUNG) and leistung:
        return leistung[min(1, len(leistung) - 1)] if key == "leistung2" else leistung[0]
    if role == Role.VERMITTLUNG and vermittlung:
        return vermittlung[0]
    return None

D = dt.date

#: Twenty citizens in Bedarfsgemeinschaften of different shapes. The first member of each
#: household has the account; the others are household members without an account.
HOUSEHOLDS: list[dict[str, Any]] = [
    {"shape": "single", "jc": "musterstadt", "members": [("Max", "Mustermann", D(1985, 4, 12), "antragsteller")]},
    {"shape": "single", "jc": "musterstadt", "members": [("Erika", "Beispiel", D(1962, 9, 3), "antragsteller")]},
    {"shape": "couple_children", "jc": "musterstadt", "members": [
        ("Ayşe", "Yılmaz", D(1988, 1, 20), "antragsteller"), ("Mehmet", "Yılmaz", D(1986, 6, 2), "partner"),
        ("Elif", "Yılmaz", D(2014, 3, 15), "kind"), ("Can", "Yılmaz", D(2019, 11, 30), "kind")]},
    {"shape": "single_parent", "jc": "musterstadt", "members": [
        ("Sandra", "Schulz", D(1991, 7, 7), "antragsteller"), ("Mia", "Schulz", D(2021, 5, 1), "kind")]},
    {"shape": "young_adult_with_parents", "jc": "musterstadt", "members": [
        ("Jonas", "Wagner", D(2005, 2, 14), "antragsteller"), ("Petra", "Wagner", D(1975, 8, 21), "sonstige"),
        ("Frank", "Wagner", D(1973, 12, 9), "sonstige")]},
    {"shape": "single", "jc": "musterstadt", "members": [("Olena", "Kovalenko", D(1979, 10, 25), "antragsteller")]},
    {"shape": "couple", "jc": "musterstadt", "members": [
        ("Thomas", "Becker", D(1968, 3, 3), "antragsteller"), ("Sabine", "Becker", D(1970, 5, 19), "partner")]},
    {"shape": "single_parent", "jc": "landkreis-beispiel", "members": [
        ("Katrin", "Hoffmann", D(1987, 12, 1), "antragsteller"), ("Paul", "Hoffmann", D(2010, 1, 9), "kind"),
        ("Lena", "Hoffmann", D(2016, 6, 22), "kind")]},
    {"shape": "single", "jc": "landkreis-beispiel", "members": [("Stefan", "Koch", D(1995, 4, 30), "antragsteller")]},
    {"shape": "couple_children", "jc": "landkreis-beispiel", "members": [
        ("Julia", "Richter", D(1990, 9, 9), "antragsteller"), ("Marco", "Richter", D(1989, 2, 2), "partner"),
        ("Emma", "Richter", D(2018, 8, 8), "kind")]},
    {"shape": "young_adult_with_parents", "jc": "landkreis-beispiel", "members": [
        ("Lukas", "Klein", D(2004, 6, 6), "antragsteller"), ("Monika", "Klein", D(1971, 1, 1), "sonstige")]},
    {"shape": "single", "jc": "landkreis-beispiel", "members": [("Ahmad", "Haidari", D(1993, 11, 11), "antragsteller")]},
    {"shape": "couple", "jc": "landkreis-beispiel", "members": [
        ("Gerd", "Wolf", D(1960, 10, 10), "antragsteller"), ("Ute", "Wolf", D(1963, 3, 23), "partner")]},
    {"shape": "single_parent", "jc": "kreis-nordheide", "members": [
        ("Nicole", "Schröder", D(1984, 4, 4), "antragsteller"), ("Finn", "Schröder", D(2012, 12, 12), "kind")]},
    {"shape": "single", "jc": "kreis-nordheide", "members": [("Dennis", "Neumann", D(1999, 7, 17), "antragsteller")]},
    {"shape": "couple_children", "jc": "kreis-nordheide", "members": [
        ("Maria", "Schwarz", D(1992, 5, 5), "antragsteller"), ("David", "Schwarz", D(1991, 1, 31), "partner"),
        ("Noah", "Schwarz", D(2017, 2, 28), "kind"), ("Lea", "Schwarz", D(2020, 10, 1), "kind"),
        ("Ben", "Schwarz", D(2023, 4, 14), "kind")]},
    {"shape": "young_adult_with_parents", "jc": "kreis-nordheide", "members": [
        ("Lara", "Zimmermann", D(2006, 9, 29), "antragsteller"), ("Heike", "Zimmermann", D(1978, 2, 11), "sonstige")]},
    {"shape": "single", "jc": "kreis-nordheide", "members": [("Bogdan", "Nowak", D(1976, 12, 24), "antragsteller")]},
    {"shape": "single", "jc": "musterstadt", "members": [("Fatma", "Demir", D(1981, 8, 18), "antragsteller")]},
    {"shape": "single_parent", "jc": "kreis-nordheide", "members": [
        ("Jana", "Krüger", D(1998, 3, 8), "antragsteller"), ("Tom", "Krüger", D(2024, 1, 15), "kind")]},
]

#: The Postfach's topics: title, description, the demo staff member whose team answers
#: (None: no team, everybody sees it), answer within so many working days.
#: Stored in German like the eAkte catalogue, shown through ``|translated``.
POSTFACH_TOPICS = [
    (gettext_noop("Geld und Zahlungen"),
     gettext_noop("Fragen zu Zahlungen, Bescheiden und Nachzahlungen"), "leistung", 3),
    (gettext_noop("Umzug und Wohnung"), gettext_noop("Miete, Nebenkosten, ein geplanter Umzug"),
     "leistung2", 5),
    (gettext_noop("Arbeit und Weiterbildung"),
     gettext_noop("Bewerbungen, Weiterbildung, Termine bei der Vermittlung"), "vermittlung", 5),
    (gettext_noop("Sonstiges"), gettext_noop("Alles andere"), None, 5),
]
#: What the demo citizen and caseworker typed (German, shown as typed).
POSTFACH_DEMO_QUESTION = ("Guten Tag,\nich habe im letzten Monat weniger Geld bekommen als "
                          "sonst. Können Sie mir sagen, warum?\nViele Grüße\nAyşe Yılmaz")
POSTFACH_DEMO_ANSWER = ("im letzten Monat wurde Ihr Einkommen aus dem Minijob angerechnet. Die "
                        "Berechnung finden Sie im Bescheid unter „Dokumente“.")
POSTFACH_TEMPLATES = [
    ("Antwort allgemein", "{anrede}\n\n[Ihre Antwort]\n\nMit freundlichen Grüßen\n"
                          "{sachbearbeitung}\n{jobcenter}"),
    ("Unterlagen bitte hochladen", "{anrede}\n\nbitte laden Sie die fehlenden Unterlagen in "
                                   "Ihrem Konto unter „Meine Anliegen“ hoch.\n\n"
                                   "Mit freundlichen Grüßen\n{sachbearbeitung}\n{jobcenter}"),
]

#: The sex the demo persons stated (letters greet "Sehr geehrte Frau …"/"Sehr geehrter Herr
#: …"); Dennis Neumann stated none, so his letters say "Guten Tag Dennis Neumann".
DEMO_FEMALE = {"Erika", "Ayşe", "Elif", "Sandra", "Mia", "Petra", "Olena", "Sabine", "Katrin",
               "Lena", "Julia", "Emma", "Monika", "Ute", "Nicole", "Maria", "Lea", "Lara",
               "Heike", "Fatma", "Jana"}
DEMO_NO_SEX = {"Dennis"}


def demo_sex(first_name: str) -> str:
    if first_name in DEMO_FEMALE:
        return Person.Sex.FEMALE
    return Person.Sex.NONE if first_name in DEMO_NO_SEX else Person.Sex.MALE


SYNTHETIC_FIRST = ["Alex", "Sam", "Kim", "Robin", "Chris", "Jule", "Mika", "Noa", "Luca", "Toni"]
SYNTHETIC_LAST = ["Muster", "Probe", "Beispiel", "Test", "Demo", "Modell", "Schema", "Vorlage"]


def citizen_email(first: str, last: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ş": "s", "ı": "i"})
    return f"{first}.{last}".lower().translate(table) + f"@{DEMO_DOMAIN}"


class Command(BaseCommand):
    help = "Load the demo data (idempotent). --scale N adds N synthetic citizens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=0,
                            help="number of synthetic citizens to add for load tests")

    def handle(self, *args: Any, scale: int = 0, **options: Any) -> None:
        with transaction.atomic():
            jobcenters = self.seed_jobcenters()
            self.seed_staff(jobcenters)
            self.seed_platform_admin()
            self.seed_citizens(jobcenters)
            # an Anhörung before an Erstattung and a provisional Bewilligung (§ 41a SGB II)
            demo_decisions.seed({f"{f} {la}": citizen_email(f, la) for f, la in (
                ("Max", "Mustermann"), ("Erika", "Beispiel"))})
            self.seed_household_work(jobcenters["musterstadt"])
            self.seed_widerspruch_settings(jobcenters)
            self.seed_postfach(jobcenters)
            self.seed_appointments(jobcenters)
        demo_zahlungen.seed(jobcenters)  # payments and a claim (docs/zahlungen.md)
        for jobcenter in jobcenters.values():  # demo Angemessenheitsgrenzen (docs/antraege.md)
            angemessenheit.demo_seed(jobcenter, dt.date(2025, 1, 1))
        if scale:
            self.seed_synthetic(jobcenters, scale)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def seed_jobcenters(self) -> dict[str, Jobcenter]:
        result = {}
        for spec in JOBCENTERS:
            fields = {k: v for k, v in spec.items() if k not in {"slug", "postcodes", "teams"}}
            fields["email_domains"] = f"{spec['slug']}.{DEMO_DOMAIN}"
            jobcenter, _ = Jobcenter.objects.get_or_create(slug=spec["slug"], defaults=fields)
            for team in spec["teams"]:
                Team.objects.get_or_create(jobcenter=jobcenter, name=team)
            if jobcenter.intake_team_id is None:  # the routing rule: new cases to Leistung
                jobcenter.intake_team = (jobcenter.teams.filter(name__startswith="Leistung")
                                         .order_by("name").first())
                jobcenter.save(update_fields=["intake_team"])
            for postcode in spec["postcodes"]:
                PostcodeArea.objects.get_or_create(postcode=postcode,
                                                   defaults={"jobcenter": jobcenter})
            result[spec["slug"]] = jobcenter
            default_rules_install(jobcenter=jobcenter)  # the default reminders (Erinnerungen)
        # One Jobcenter adds a note of its own to the first Weiterbewilligung reminder.
        ReminderRule.objects.filter(
            jobcenter=result["musterstadt"], source="weiterbewilligung", days_before=42,
            text_de="").update(
            text_de="Fragen zum Antrag? Unsere Kontaktdaten finden Sie im Konto unter „Kontakt“.",
            text_en="Questions about the application? Our contact details are in your account "
                    "under “Contact”.")
        return result

    def seed_widerspruch_settings(self, jobcenters: dict[str, Jobcenter]) -> None:
        """Each demo Jobcenter's Sozialgericht (fictional, like the Jobcenters); without a
        Widerspruchsstelle team any Teamleitung decides (``manage.py seed_widersprueche``
        files a demo Widerspruch once Bescheide exist)."""
        for jobcenter in jobcenters.values():
            WiderspruchSettings.objects.get_or_create(jobcenter=jobcenter, defaults={
                "court_name": f"Sozialgericht {jobcenter.city}",
                "court_street": "Gerichtsplatz 1", "court_postcode": jobcenter.postcode,
                "court_city": jobcenter.city})

    def _user(self, email: str, **fields: Any) -> tuple[User, bool]:
        user, created = User.objects.get_or_create(email=email, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        return user, created

    def _enrol_totp(self, user: User) -> None:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)

    def seed_staff(self, jobcenters: dict[str, Jobcenter]) -> None:
        for slug, jobcenter in jobcenters.items():
            teams = list(jobcenter.teams.order_by("name"))
            for role, key, first, last in STAFF_ROLES:
                team = staff_team(teams, role, key)
                user, _ = self._user(
                    f"{key}@{slug}.{DEMO_DOMAIN}",
                    first_name=first, last_name=last, role=role, jobcenter=jobcenter,
                    team=team,
                )
                if user.team_id != (team.pk if team else None):  # demo data of older runs
                    user.team = team
                    user.save(update_fields=["team"])
                self._enrol_totp(user)

    def seed_platform_admin(self) -> None:
        user, _ = self._user(f"plattform@{DEMO_DOMAIN}", first_name="Paula", last_name="Plattform",
                             role=Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
        self._enrol_totp(user)

    def seed_citizens(self, jobcenters: dict[str, Jobcenter]) -> None:
        for number, spec in enumerate(HOUSEHOLDS, start=1):
            jobcenter = jobcenters[spec["jc"]]
            first, last, birth, _role = spec["members"][0]
            postcode = jobcenter.postcode_areas.order_by("postcode")[number % 5].postcode
            user, created = self._user(
                citizen_email(first, last), first_name=first, last_name=last,
                role=Role.CITIZEN, jobcenter=jobcenter, postcode=postcode,
            )
            if Person.objects.filter(user=user).exists():
                continue
            members = [
                MemberSpec(first_name=f, last_name=lname, birth_date=b, role=r,
                           sex=demo_sex(f), user=user if i == 0 else None)
                for i, (f, lname, b, r) in enumerate(spec["members"])
            ]
            household_create(
                jobcenter=jobcenter, members=members, valid_from=D(2025, 1, 1),
                street=f"Beispielweg {number}", postcode=postcode, city=jobcenter.city,
            )

    def seed_household_work(self, jobcenter: Jobcenter) -> None:
        """What the caseworker maintains: a bank account, a Vermerk and a Wiedervorlage for
        Ayşe Yılmaz, and a person waiting on the matching screen (an online application of
        "Erika Beispiel" with another address than the known Erika Beispiel)."""
        lea = User.objects.get(email=f"leistung@musterstadt.{DEMO_DOMAIN}")
        ayse = Person.objects.filter(jobcenter=jobcenter, first_name="Ayşe",
                                     last_name="Yılmaz").first()
        if ayse is None or BankAccount.objects.filter(person=ayse).exists():
            return
        bank_account_set(person=ayse, iban="DE02120300000000202051", holder="Ayşe Yılmaz",
                         valid_from=D(2025, 1, 1), actor=lea, reason="Angabe im Hauptantrag")
        person_note_add(person=ayse, actor=lea, category=NoteCategory.TELEFONAT,
                        text="Frau Yılmaz hat angerufen: Der Mietvertrag kommt per Post.")
        create_follow_up(jobcenter_id=jobcenter.pk, person=ayse, assignee=lea,
                         due_on=timezone.localdate(), text="Mietvertrag eingegangen? Prüfen.",
                         key="demo:yilmaz-mietvertrag", created_by=lea)
        person_for_application(
            jobcenter=jobcenter, user=None, valid_from=D(2026, 11, 2),
            data=ApplicantData(first_name="Erika", last_name="Beispiel",
                               birth_date=D(1962, 9, 3), street="Neue Straße 8",
                               postcode=ayse.postcode, city=jobcenter.city))
    def seed_postfach(self, jobcenters: dict[str, Jobcenter]) -> None:
        """The Postfach: per Jobcenter its topics routed to the teams of the demo staff, two
        Textbausteine; for Ayşe Yılmaz a conversation with an answer."""
        for slug, jobcenter in jobcenters.items():
            def team_of(key: str, slug: str = slug) -> Team | None:
                staff = User.objects.filter(email=f"{key}@{slug}.{DEMO_DOMAIN}").first()
                return staff.team if staff is not None else None

            for position, (title, description, team_key, days) in enumerate(POSTFACH_TOPICS):
                Topic.objects.get_or_create(jobcenter=jobcenter, title=title, defaults={
                    "description": description, "team": team_of(team_key) if team_key else None,
                    "service_days": days, "position": position})
            for title, body in POSTFACH_TEMPLATES:
                ReplyTemplate.objects.get_or_create(jobcenter=jobcenter, title=title,
                                                    defaults={"body": body})
        citizen = User.objects.filter(email=citizen_email("Ayşe", "Yılmaz")).first()
        if citizen is None or Thread.objects.filter(citizen=citizen).exists():
            return
        staff = User.objects.get(email=f"leistung@musterstadt.{DEMO_DOMAIN}")
        topic = Topic.objects.get(jobcenter=citizen.jobcenter, title=POSTFACH_TOPICS[0][0])
        first = postfach_services.thread_start_citizen(
            citizen=citizen, topic=topic, subject="Frage zur Nachzahlung",
            body=POSTFACH_DEMO_QUESTION,
            key=uuid.UUID(int=1301))
        thread = Thread.objects.get(pk=first.thread_id)
        postfach_services.thread_assign(thread=thread, assignee=staff, actor=staff)
        template = ReplyTemplate.objects.get(jobcenter=citizen.jobcenter,
                                             title=POSTFACH_TEMPLATES[0][0])
        body = postfach_services.template_fill(template, thread=thread, staff=staff).replace(
            "[Ihre Antwort]", POSTFACH_DEMO_ANSWER)
        postfach_services.message_send(thread=thread, sender=staff, body=body,
                                       key=uuid.UUID(int=1302))

    def seed_appointments(self, jobcenters: dict[str, Jobcenter]) -> None:
        """Appointments (issue 13): a place, topics and weekly consultation hours in every
        Jobcenter; for Ayşe Yılmaz a booked appointment and an invitation to a Meldetermin."""
        for slug, jobcenter in jobcenters.items():
            location, _ = Location.objects.get_or_create(
                jobcenter=jobcenter, name="Hauptstelle",
                defaults={"street": jobcenter.street, "postcode": jobcenter.postcode,
                          "city": jobcenter.city, "directions": "Erdgeschoss, Empfang"})
            for title, minutes in (("Beratung zur Arbeitsuche", 30),
                                   ("Fragen zu Ihrem Antrag oder Bescheid", 30),
                                   ("Unterlagen abgeben und besprechen", 15)):
                AppointmentTopic.objects.get_or_create(jobcenter=jobcenter, title=title,
                                            defaults={"duration_minutes": minutes})
            for key in ("leistung", "leistung2", "vermittlung"):
                staff = User.objects.get(email=f"{key}@{slug}.{DEMO_DOMAIN}")
                if AvailabilityRule.objects.filter(staff=staff).exists():
                    continue
                for weekday in (0, 1, 3, 4):
                    AvailabilityRule.objects.create(
                        jobcenter=jobcenter, staff=staff, weekday=weekday,
                        start_time=dt.time(8), end_time=dt.time(12), valid_from=D(2026, 1, 1),
                        location=location)
                AvailabilityRule.objects.create(
                    jobcenter=jobcenter, staff=staff, weekday=3, start_time=dt.time(14),
                    end_time=dt.time(17), valid_from=D(2026, 1, 1), location=location,
                    on_site=False)
        ayse = User.objects.filter(email=citizen_email("Ayşe", "Yılmaz")).first()
        if ayse is None or Appointment.objects.filter(citizen=ayse).exists():
            return
        topic = AppointmentTopic.objects.get(jobcenter=ayse.jobcenter,
                                             title="Beratung zur Arbeitsuche")
        slots = offered_slots(topic=topic, channel=Channel.ON_SITE)
        if slots:
            termine_services.appointment_book(citizen=ayse, topic=topic,
                                              channel=Channel.ON_SITE, slot_key=slots[0].key)
        person = Person.objects.get(user=ayse)
        placement = User.objects.get(email=f"vermittlung@musterstadt.{DEMO_DOMAIN}")
        day = timezone.localdate() + dt.timedelta(days=7)
        while day.weekday() != 2:  # a Wednesday, outside the consultation hours
            day += dt.timedelta(days=1)
        termine_services.meldetermin_invite(
            person=person, actor=placement, staff=placement, topic=topic,
            start=dt.datetime.combine(day, dt.time(10), tzinfo=BERLIN), duration_minutes=30,
            channel=Channel.ON_SITE, location=Location.objects.get(
                jobcenter=ayse.jobcenter, name="Hauptstelle"),
            meldezweck="vermittlung",
            message="Bitte bringen Sie Ihren Lebenslauf und Ihre letzten Bewerbungen mit.")

    def seed_synthetic(self, jobcenters: dict[str, Jobcenter], scale: int) -> None:
        """N synthetic citizens, bulk-created (no usable password) for load tests."""
        rng = random.Random(4711)  # reproducible
        existing = User.objects.filter(email__startswith="synth-").count()
        unusable = make_password(None)
        jcs = list(jobcenters.values())
        batch = 1000
        for start in range(existing, scale, batch):
            stop = min(scale, start + batch)
            with transaction.atomic():
                users = User.objects.bulk_create([
                    User(email=f"synth-{i:07d}@{DEMO_DOMAIN}", password=unusable,
                         first_name=rng.choice(SYNTHETIC_FIRST), last_name=rng.choice(SYNTHETIC_LAST),
                         role=Role.CITIZEN, jobcenter=jcs[i % len(jcs)])
                    for i in range(start, stop)
                ])
                if not users[0].pk:  # backends without RETURNING ids
                    users = list(User.objects.filter(email__startswith="synth-")
                                 .order_by("-pk")[: len(users)][::-1])
                for user in users:
                    shape = rng.random()
                    members = [MemberSpec(user.first_name, user.last_name,
                                          D(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28)),
                                          Membership.Role.ANTRAGSTELLER, user=user)]
                    if shape > 0.6:
                        members.append(MemberSpec(rng.choice(SYNTHETIC_FIRST), user.last_name,
                                                  D(rng.randint(1960, 2005), 6, 1), Membership.Role.PARTNER))
                    if shape > 0.4:
                        for _ in range(rng.randint(1, 3)):
                            members.append(MemberSpec(rng.choice(SYNTHETIC_FIRST), user.last_name,
                                                      D(rng.randint(2008, 2025), rng.randint(1, 12), 1),
                                                      Membership.Role.KIND))
                    jobcenter = user.jobcenter
                    assert jobcenter is not None  # every synthetic citizen has one (above)
                    household_create(jobcenter=jobcenter, members=members, valid_from=D(2025, 1, 1))
            self.stdout.write(f"synthetic citizens: {stop}/{scale}")

"""The access log becomes append-only, survives deleted persons and staff accounts, and
forms a hash chain per Jobcenter (see ``transparency.chain``).

Existing rows are numbered per Jobcenter in the order they were written, get the snapshot
of the person and the staff member as they are now, and are chained. On PostgreSQL a
trigger refuses UPDATE and DELETE, except the retention job's DELETE of rows that
a checkpoint row already covers (``jobcenter.accesslog_purge`` set in that transaction).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PURPOSE_TO_WHAT = {
    "suche": "suchergebnis", "person": "person", "fallbearbeitung": "vorgang",
    "dokument": "dokument", "verwaltung": "person",
}

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION transparency_accesslog_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('jobcenter.accesslog_purge', true) = 'on'
       AND EXISTS (
           SELECT 1 FROM transparency_accesslogentry c
           WHERE c.jobcenter_id = OLD.jobcenter_id AND c.seq > OLD.seq
             AND c.checkpoint_seq IS NOT NULL AND c.checkpoint_seq >= OLD.seq)
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'transparency_accesslogentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER transparency_accesslog_append_only
    BEFORE UPDATE OR DELETE ON transparency_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION transparency_accesslog_guard();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS transparency_accesslog_append_only ON transparency_accesslogentry;
DROP FUNCTION IF EXISTS transparency_accesslog_guard();
"""


def chain_existing_rows(apps, schema_editor):
    from jobcenter.transparency.chain import GENESIS, HASHED_FIELDS, entry_digest

    Entry = apps.get_model("transparency", "AccessLogEntry")
    Head = apps.get_model("transparency", "AccessLogHead")
    Person = apps.get_model("households", "Person")
    User = apps.get_model(settings.AUTH_USER_MODEL.split(".")[0],
                          settings.AUTH_USER_MODEL.split(".")[1])
    jobcenter_ids = Entry.objects.order_by().values_list("jobcenter_id", flat=True).distinct()
    for jobcenter_id in list(jobcenter_ids):
        seq, prev = 0, GENESIS
        for entry in Entry.objects.filter(jobcenter_id=jobcenter_id).order_by("at", "pk"):
            seq += 1
            person = Person.objects.filter(pk=entry.person_id).first()
            actor = User.objects.filter(pk=entry.actor_id).select_related("team").first()
            entry.seq = seq
            entry.prev_hash = prev
            entry.what = PURPOSE_TO_WHAT.get(entry.purpose, "person")
            if person is not None:
                entry.person_name = f"{person.first_name} {person.last_name}".strip()
                entry.person_customer_number = person.customer_number
            if actor is not None:
                entry.actor_name = f"{actor.first_name} {actor.last_name}".strip()
                entry.team_name = actor.team.name if actor.team_id else ""
            entry.hash = prev = entry_digest({name: getattr(entry, name)
                                              for name in HASHED_FIELDS})
            entry.save()
        Head.objects.create(jobcenter_id=jobcenter_id, seq=seq, hash=prev)


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0003_person_birth_date_index"),
        ("jobcenters", "0003_jobcenter_catholic_local_holidays"),
        ("transparency", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogHead",
            fields=[
                ("jobcenter", models.OneToOneField(
                    on_delete=django.db.models.deletion.PROTECT, primary_key=True,
                    related_name="access_log_head", serialize=False,
                    to="jobcenters.jobcenter")),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
            ],
            options={"verbose_name": "Kopf der Protokollkette"},
        ),
        migrations.RemoveIndex(model_name="accesslogentry", name="transparenc_person__967886_idx"),
        migrations.AlterModelOptions(
            name="accesslogentry",
            options={"ordering": ["-at", "-seq"], "verbose_name": "Zugriffsprotokoll-Eintrag",
                     "verbose_name_plural": "Zugriffsprotokoll"},
        ),
        migrations.AlterField(
            model_name="accesslogentry", name="at",
            field=models.DateTimeField(db_index=True, verbose_name="Zeitpunkt"),
        ),
        migrations.AlterField(
            model_name="accesslogentry", name="actor",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="access_log_entries", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="accesslogentry", name="person",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                help_text="Die Person, deren Daten gelesen wurden.",
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="access_log_entries", to="households.person"),
        ),
        migrations.AlterField(
            model_name="accesslogentry", name="actor_role",
            field=models.CharField(blank=True, max_length=20, verbose_name="Rolle"),
        ),
        migrations.AlterField(
            model_name="accesslogentry", name="object_type",
            field=models.CharField(blank=True, max_length=60, verbose_name="Art der Daten"),
        ),
        migrations.AlterField(
            model_name="accesslogentry", name="purpose",
            field=models.CharField(choices=[
                ("suche", "Suche nach Personen"), ("arbeitsvorrat", "Arbeitsvorrat"),
                ("person", "Ansicht der Personendaten"), ("fallbearbeitung", "Fallbearbeitung"),
                ("dokument", "Ansicht eines Dokuments"), ("bescheid", "Berechnung und Bescheid"),
                ("papierantrag", "Erfassung eines Papierantrags"),
                ("datenschutz", "Datenschutzkontrolle"), ("verwaltung", "Verwaltung"),
                ("aufbewahrung", "Löschung nach Ablauf der Aufbewahrungsfrist")],
                max_length=20, verbose_name="Zweck"),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="laufende Nummer"),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="what",
            field=models.CharField(choices=[
                ("person", "Stammdaten (Name, Anschrift, Geburtsdatum, Kundennummer)"),
                ("vorgang", "Vorgang (Antrag mit Unterlagen und Verlauf)"),
                ("vorgangsliste", "Liste offener Vorgänge (Name und Aktenzeichen)"),
                ("suchergebnis", "Suchergebnis (Name, Geburtsdatum, Kundennummer)"),
                ("dokument", "Dokument"), ("berechnung", "Berechnung der Leistungen"),
                ("bescheid", "Bescheid"),
                ("bescheidliste", "Liste von Bescheiden (Aktenzeichen und Betrag)"),
                ("papierantrag", "Papierantrag"),
                ("protokoll", "Protokoll der Zugriffe auf Ihre Daten"),
                ("checkpoint", "Prüfpunkt der Löschung")],
                default="person", max_length=20, verbose_name="Gelesene Daten"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry", name="actor_name",
            field=models.CharField(blank=True, max_length=201,
                                   verbose_name="Name der Mitarbeiterin oder des Mitarbeiters"),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="team_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="Team"),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="person_name",
            field=models.CharField(blank=True, max_length=201, verbose_name="Name der Person"),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="person_customer_number",
            field=models.CharField(blank=True, max_length=20, verbose_name="Kundennummer"),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="checkpoint_seq",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="checkpoint_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="accesslogentry", name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry", name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry", name="seq",
            field=models.PositiveBigIntegerField(verbose_name="laufende Nummer"),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.UniqueConstraint(fields=("jobcenter", "seq"),
                                               name="accesslog_chain_seq"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["person", "-at"], name="accesslog_person_at"),
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]

"""Give every existing Bedarfsgemeinschaft its BG-Nummer and every person without one a
Kundennummer (the formats of ``households.services.numbering``), and start the counters
after them."""

from django.db import migrations

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def number_existing(apps, schema_editor):
    Jobcenter = apps.get_model("jobcenters", "Jobcenter")
    Bedarfsgemeinschaft = apps.get_model("households", "Bedarfsgemeinschaft")
    Person = apps.get_model("households", "Person")
    NumberSequence = apps.get_model("households", "NumberSequence")
    for jobcenter in Jobcenter.objects.all():
        prefix = jobcenter.agency_number or f"{jobcenter.pk % 100000:05d}"
        bg_seq, _ = NumberSequence.objects.get_or_create(jobcenter=jobcenter, kind="bg")
        for bg in Bedarfsgemeinschaft.objects.filter(jobcenter=jobcenter, number="").order_by("pk"):
            bg_seq.last += 1
            bg.number = f"{prefix}BG{bg_seq.last:07d}"
            bg.save(update_fields=["number"])
        bg_seq.save(update_fields=["last"])
        person_seq, _ = NumberSequence.objects.get_or_create(jobcenter=jobcenter, kind="kunde")
        for person in Person.objects.filter(jobcenter=jobcenter, customer_number="").order_by("pk"):
            person_seq.last += 1
            if person_seq.last % 1_000_000 == 0:
                person_seq.last += 1
            block, rest = divmod(person_seq.last, 1_000_000)
            person.customer_number = f"{prefix[:3]}{LETTERS[block % len(LETTERS)]}{rest:06d}"
            person.save(update_fields=["customer_number"])
        person_seq.save(update_fields=["last"])


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0004_bg_data_numbers_bank_history_notes"),
    ]

    operations = [migrations.RunPython(number_existing, migrations.RunPython.noop)]

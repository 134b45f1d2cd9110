"""The national helpline is in every directory from the start; organisations add their
region's women's emergency centres (CEM) and others."""

import uuid

from django.db import migrations

# The same id on every server, so the row a site and central each create is one record
# when they sync, not two.
HELPLINE_ID = uuid.UUID("01900000-0000-7000-8000-000000000100")


def add_helpline(apps, schema_editor):
    SupportService = apps.get_model("privacy", "SupportService")
    if not SupportService.objects.filter(id=HELPLINE_ID).exists():
        SupportService.objects.create(
            id=HELPLINE_ID,
            site="",
            organisation=None,
            region="Todo el Perú",
            name="Línea 100",
            phone="100",
            hours="Las 24 horas, todos los días. Gratuita.",
            offers=(
                "Orientación, consejería y apoyo ante la violencia familiar y sexual "
                "(Ministerio de la Mujer y Poblaciones Vulnerables)."
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(add_helpline, migrations.RunPython.noop)]

"""The national helpline is in every directory from the start; organisations add their
region's women's emergency centres (CEM) and others."""

from django.db import migrations


def add_helpline(apps, schema_editor):
    SupportService = apps.get_model("privacy", "SupportService")
    if not SupportService.objects.filter(organisation__isnull=True, phone="100").exists():
        SupportService.objects.create(
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

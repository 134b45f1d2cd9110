"""`minka translations drafts|export|import`: the Quechua and Aymara catalogs.

- drafts: write the team's drafts (minka.languages.drafts) into minka/locale/{qu,ay}, as
  drafts, keeping every other entry, and compile them.
- export LANG FILE: the strings speakers reviewed, as a .po file to ship in a release.
- import LANG FILE: a .po file of reviewed strings (from another server or a release).
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minka.languages.services import drafts_write, reviewed_export, reviewed_import


class Command(BaseCommand):
    help = "Catálogos de quechua y aimara: borradores, exportar e importar lo revisado."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["drafts", "export", "import"])
        parser.add_argument("language", nargs="?", choices=["qu", "ay"])
        parser.add_argument("file", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "drafts":
            for language, count in drafts_write().items():
                self.stdout.write(f"{language}: {count} borradores")
            return
        if not options["language"] or not options["file"]:
            raise CommandError("Indique el idioma (qu o ay) y el archivo .po.")
        path = Path(options["file"])
        if action == "export":
            path.write_text(reviewed_export(options["language"]), encoding="utf-8")
            self.stdout.write(f"Escrito {path}")
            return
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"No se pudo leer {path}: {exc}") from exc
        try:
            count = reviewed_import(language=options["language"], text=text, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{count} cadenas revisadas importadas")

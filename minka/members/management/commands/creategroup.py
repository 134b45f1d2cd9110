"""`minka creategroup`: a new producer group with its first coordinator.

The password comes from --password-file, from MINKA_PASSWORD, or is asked for (twice)
when a person is at the keyboard; never from the command line, where others could see it.
"""

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from minka.members.services import group_create


class Command(BaseCommand):
    help = "Crea un grupo de productoras con su primera coordinadora (usuaria)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", required=True, help="Red u organización que apoya al grupo."
        )
        parser.add_argument("--name", required=True, help="Nombre del grupo (asociación).")
        parser.add_argument(
            "--code", required=True, help="Código corto, 2 a 8 letras o números (p. ej. CAM)."
        )
        parser.add_argument("--place", default="", help="Lugar (comunidad, distrito, región).")
        parser.add_argument("--username", required=True, help="Usuario de la coordinadora.")
        parser.add_argument(
            "--coordinator-name", default="", help="Nombre y apellidos de la coordinadora."
        )
        parser.add_argument(
            "--password-file",
            help="Archivo cuya primera línea es la contraseña (si no: MINKA_PASSWORD o se pide).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        try:
            get_user_model()._meta.get_field("username").run_validators(username)
        except ValidationError as exc:
            raise CommandError(
                f"Usuario «{username}» no válido: " + " ".join(exc.messages)
            ) from exc
        if not username:
            raise CommandError("Escriba el usuario de la coordinadora (--username).")
        password = self._password(options["password_file"])
        try:
            group, user = group_create(
                organisation_name=options["organisation"],
                name=options["name"],
                code=options["code"],
                place=options["place"],
                coordinator_username=username,
                coordinator_password=password,
                coordinator_name=options["coordinator_name"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Grupo {group.name} ({group.code}) creado en {group.organisation.name}. "
                f"La coordinadora entra con el usuario «{user.get_username()}»."
            )
        )

    def _password(self, password_file: str | None) -> str:
        if password_file:
            try:
                lines = Path(password_file).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(f"No se pudo leer {password_file}: {exc.strerror}") from exc
            return lines[0] if lines else ""
        from_env = os.environ.get("MINKA_PASSWORD")
        if from_env is not None:
            return from_env
        if not sys.stdin.isatty():
            raise CommandError(
                "Falta la contraseña: use --password-file ARCHIVO o la variable MINKA_PASSWORD "
                "(no hay teclado para preguntarla)."
            )
        first = getpass.getpass("Contraseña de la coordinadora: ")
        if getpass.getpass("Repítala: ") != first:
            raise CommandError("Las contraseñas no coinciden; no se creó nada.")
        return first

"""`minka backup PATH`: a checked copy of the database, safe while the server runs."""

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from minka.lib.backup import BackupError, BackupResult, pg_dump, sqlite_backup


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    size = float(n)
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


class Command(BaseCommand):
    help = (
        "Guarda una copia revisada de la base de datos en PATH (un archivo, o una carpeta "
        "donde se crea un archivo con la fecha). Con SQLite usa la copia en línea de SQLite "
        "y revisa su integridad; con PostgreSQL usa pg_dump (formato custom, para pg_restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Archivo de destino, o una carpeta existente.")
        parser.add_argument(
            "--force", action="store_true", help="Reemplazar el archivo si ya existe."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["path"]).expanduser()
        vendor = connection.vendor
        if target.is_dir():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            suffix = "sqlite3" if vendor == "sqlite" else "pgdump"
            target = target / f"minka-{settings.MINKA_SITE_CODE}-{stamp}.{suffix}"
        target = target.absolute()
        if target.exists() and not options["force"]:
            raise CommandError(
                f"{target} ya existe; elija otro nombre o use --force para reemplazarlo."
            )
        try:
            if vendor == "sqlite":
                result = self._sqlite(target, options["force"])
            elif vendor == "postgresql":
                result = self._postgres(target, options["force"])
            else:
                raise CommandError(f"No sé hacer copias de una base {vendor}.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Copia guardada: {result.path} ({_size(result.size)})")
        )

    def _sqlite(self, target: Path, force: bool) -> BackupResult:
        name = str(connection.settings_dict["NAME"])
        is_file = not name.startswith("file:") and name != ":memory:"
        if is_file and Path(name).resolve() == target.resolve():
            raise CommandError("El destino es la misma base de datos.")
        if connection.in_atomic_block:
            raise CommandError("La copia no se puede hacer dentro de una transacción.")
        connection.ensure_connection()
        raw = connection.connection
        assert isinstance(raw, sqlite3.Connection)
        shown_name = "/" + os.path.normpath(name).lstrip("/") if name.startswith("/") else name
        self.stdout.write(f"Copiando {shown_name} …")
        shown = [-1]

        def progress(done: int, total: int) -> None:
            tenth = done * 10 // total if total else 10
            if tenth != shown[0] and total:
                shown[0] = tenth
                self.stdout.write(f"  {tenth * 10:3d} % ({done} de {total} páginas)")

        result = sqlite_backup(raw, target, overwrite=force, progress=progress)
        copy = sqlite3.connect(f"file:{result.path}?mode=ro", uri=True)
        try:
            members = copy.execute("SELECT count(*) FROM members_member").fetchone()[0]
            groups = copy.execute("SELECT count(*) FROM members_group").fetchone()[0]
        except sqlite3.DatabaseError:
            self.stdout.write("Integridad: ok (la base todavía no tiene tablas de Minka).")
        else:
            self.stdout.write(f"Integridad: ok; la copia tiene {groups} grupos y {members} socias.")
        finally:
            copy.close()
        return result

    def _postgres(self, target: Path, force: bool) -> BackupResult:
        db = connection.settings_dict
        self.stdout.write(f"pg_dump de {db['NAME']} …")
        return pg_dump(
            name=str(db["NAME"]),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
            target=target,
            overwrite=force,
        )

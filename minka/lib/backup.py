"""Backups that are safe while the server runs.

SQLite: the online backup API copies the database page by page through SQLite itself,
so it sees one consistent state even with the server writing (in WAL mode readers and
the writer do not block each other). The copy is written next to the target under a
temporary name, checked with PRAGMA integrity_check, switched out of WAL mode so it is
one self-contained file, and only then renamed into place: PATH either holds a whole,
checked copy or does not exist.

PostgreSQL: pg_dump in its custom format (restore with pg_restore), checked by listing
its table of contents with pg_restore when that is installed.
"""

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Copy a large database in about this many steps, so progress can be shown.
STEPS = 50
# Below this many pages (4 KiB each: 16 MiB) the copy is one step.
ONE_STEP_PAGES = 4096
# Give up if the database stays locked this long (a long write by someone else).
BUSY_TIMEOUT = 60.0

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


class BackupError(Exception):
    """The backup could not be made; nothing was left at the target path."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def _check_target(target: Path, overwrite: bool) -> None:
    if target.exists() and not overwrite:
        raise BackupError(f"{target} ya existe; elija otro nombre o use --force para reemplazarlo.")
    if target.is_dir():
        raise BackupError(f"{target} es una carpeta.")
    if not target.parent.is_dir():
        raise BackupError(f"La carpeta {target.parent} no existe.")


class _Restarted(Exception):
    """Someone wrote to the database between two steps, so SQLite began the copy again."""


def sqlite_backup(
    source: sqlite3.Connection,
    target: Path,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    steps: int = STEPS,
    one_step_below: int = ONE_STEP_PAGES,
    busy_timeout: float = BUSY_TIMEOUT,
) -> BackupResult:
    """Copy the database open on `source` to `target`, checked; see the module docstring.

    A large database goes in about `steps` steps, calling `progress` after each. When
    another connection writes between two steps SQLite starts the copy again; after a
    couple of restarts the copy is made in one step instead, which reads one snapshot
    from start to end (in WAL mode writers go on meanwhile). The source connection must
    not be inside a write transaction of its own: SQLite would report it busy until
    `busy_timeout` seconds pass.
    """
    _check_target(target, overwrite)
    total = source.execute("PRAGMA page_count").fetchone()[0]
    pages = -1 if total < one_step_below else max(1, total // steps)
    partial = _partial(target)
    try:
        try:
            _copy(source, partial, pages, progress, busy_timeout)
        except _Restarted:
            _copy(source, partial, -1, progress, busy_timeout)
        dest = sqlite3.connect(partial)
        try:
            # The copy carries the source's WAL flag; make it a single plain file.
            dest.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in dest.execute("PRAGMA integrity_check")]
        finally:
            dest.close()
        if problems != ["ok"]:
            raise BackupError(
                "La copia no pasó la revisión de integridad: " + "; ".join(problems[:5])
            )
        os.replace(partial, target)
    except BaseException:
        _remove(partial)
        raise
    return BackupResult(path=target, size=target.stat().st_size)


def _remove(partial: Path) -> None:
    for path in (partial, partial.with_name(partial.name + "-journal")):
        path.unlink(missing_ok=True)


def _copy(
    source: sqlite3.Connection,
    partial: Path,
    pages: int,
    progress: Progress | None,
    busy_timeout: float,
) -> None:
    _remove(partial)
    busy_since: list[float] = []
    last_remaining: list[int] = []
    restarts = [0]

    def on_step(status: int, remaining: int, count: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            if not busy_since:
                busy_since.append(time.monotonic())
            elif time.monotonic() - busy_since[0] > busy_timeout:
                raise BackupError(
                    f"La base de datos estuvo ocupada más de {busy_timeout:.0f} s; "
                    "intente de nuevo."
                )
            return
        busy_since.clear()
        if last_remaining and remaining >= last_remaining[0]:  # no headway: restarted
            restarts[0] += 1
            if restarts[0] >= 2:
                raise _Restarted
        last_remaining[:] = [remaining]
        if progress is not None:
            progress(count - remaining, count)

    dest = sqlite3.connect(partial)
    try:
        source.backup(dest, pages=pages, progress=on_step, sleep=0.05)
    finally:
        dest.close()


def sqlite_backup_file(
    source_path: Path,
    target: Path,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    steps: int = STEPS,
) -> BackupResult:
    """sqlite_backup from a database file (which must exist: it is never created)."""
    if not source_path.is_file():
        raise BackupError(f"No existe la base de datos {source_path}.")
    source = sqlite3.connect(f"file:{source_path}?mode=rw", uri=True)
    try:
        source.execute("PRAGMA busy_timeout=5000")
        return sqlite_backup(source, target, overwrite=overwrite, progress=progress, steps=steps)
    finally:
        source.close()


def pg_dump(
    *,
    name: str,
    user: str = "",
    password: str = "",
    host: str = "",
    port: str = "",
    target: Path,
    overwrite: bool = False,
) -> BackupResult:
    """pg_dump --format=custom of one database to `target`, checked with pg_restore."""
    _check_target(target, overwrite)
    exe = shutil.which("pg_dump")
    if exe is None:
        raise BackupError(
            "No se encontró pg_dump. Instale el cliente de PostgreSQL de la misma versión "
            "que el servidor (en Debian: apt-get install postgresql-client)."
        )
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = password
    args = [exe, "--format=custom", "--no-password", f"--file={_partial(target)}"]
    if host:
        args.append(f"--host={host}")
    if port:
        args.append(f"--port={port}")
    if user:
        args.append(f"--username={user}")
    args.append(f"--dbname={name}")
    partial = _partial(target)
    partial.unlink(missing_ok=True)
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupError(f"pg_dump falló: {done.stderr.strip()}")
        restore = shutil.which("pg_restore")
        if restore is not None:
            listed = subprocess.run(
                [restore, "--list", str(partial)], capture_output=True, text=True, check=False
            )
            if listed.returncode != 0:
                raise BackupError(f"La copia no se puede leer: {listed.stderr.strip()}")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(path=target, size=target.stat().st_size)

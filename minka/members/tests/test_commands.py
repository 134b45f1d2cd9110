"""The operator's commands: creategroup, backup, serve (without starting a server)."""

import io
import shutil
import sqlite3
import subprocess

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from minka.lib.backup import BackupError, sqlite_backup, sqlite_backup_file
from minka.members.models import Group, GroupRole, Organisation, Role
from minka.ops.management.commands import serve

GOOD = [
    "--organisation", "Red de Artesanas del Altiplano",
    "--name", "Asociación de Tejedoras de Taquile",
    "--code", "taq",
    "--place", "Taquile, Puno",
    "--username", "presidenta",
    "--coordinator-name", "Justina Huatta Cruz",
]  # fmt: skip


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def nothing_written() -> bool:
    return not (Organisation.objects.exists() or Group.objects.exists() or User.objects.exists())


# --- creategroup ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_creategroup_makes_the_group_and_its_coordinator(monkeypatch):
    monkeypatch.setenv("MINKA_PASSWORD", "una-clave-larga")
    out = io.StringIO()

    call_command("creategroup", *GOOD, stdout=out)

    group = Group.objects.get(code="TAQ")
    assert group.name == "Asociación de Tejedoras de Taquile"
    assert group.organisation.name == "Red de Artesanas del Altiplano"
    role = GroupRole.objects.get(group=group)
    assert role.role == Role.COORDINATOR
    assert role.user.username == "presidenta" and role.user.first_name == "Justina"
    assert role.user.check_password("una-clave-larga")
    assert "TAQ" in out.getvalue() and "presidenta" in out.getvalue()


@pytest.mark.django_db
def test_creategroup_reads_the_password_from_a_file(monkeypatch, tmp_path):
    monkeypatch.delenv("MINKA_PASSWORD", raising=False)
    secret = tmp_path / "clave"
    secret.write_text("clave-del-archivo\n")

    call_command("creategroup", *GOOD, "--password-file", str(secret), stdout=io.StringIO())

    assert User.objects.get(username="presidenta").check_password("clave-del-archivo")


@pytest.mark.django_db
def test_creategroup_refuses_a_code_already_taken_and_writes_nothing(monkeypatch):
    monkeypatch.setenv("MINKA_PASSWORD", "una-clave-larga")
    call_command("creategroup", *GOOD, stdout=io.StringIO())
    before = (Organisation.objects.count(), Group.objects.count(), User.objects.count())
    other = [*GOOD]
    other[other.index("presidenta")] = "otra"
    other[other.index("Red de Artesanas del Altiplano")] = "Otra red"

    with pytest.raises(CommandError, match="Ya existe un grupo con el código TAQ"):
        call_command("creategroup", *other, stdout=io.StringIO())

    assert (Organisation.objects.count(), Group.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_creategroup_refuses_a_short_password_and_writes_nothing(monkeypatch):
    monkeypatch.setenv("MINKA_PASSWORD", "corta")

    with pytest.raises(CommandError, match="al menos 8 caracteres"):
        call_command("creategroup", *GOOD, stdout=io.StringIO())

    assert nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["T", "TAQ-1", "DEMASIADOLARGO", " "])
def test_creategroup_refuses_a_bad_code_and_writes_nothing(monkeypatch, code):
    monkeypatch.setenv("MINKA_PASSWORD", "una-clave-larga")
    args = [*GOOD]
    args[args.index("taq")] = code

    with pytest.raises(CommandError, match="de 2 a 8 letras o números"):
        call_command("creategroup", *args, stdout=io.StringIO())

    assert nothing_written()


@pytest.mark.django_db
def test_creategroup_refuses_a_bad_username_and_writes_nothing(monkeypatch):
    monkeypatch.setenv("MINKA_PASSWORD", "una-clave-larga")
    args = [*GOOD]
    args[args.index("presidenta")] = "la presidenta"

    with pytest.raises(CommandError, match="no válido"):
        call_command("creategroup", *args, stdout=io.StringIO())

    assert nothing_written()


@pytest.mark.django_db
def test_creategroup_with_no_password_and_no_keyboard_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv("MINKA_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    with pytest.raises(CommandError, match="--password-file"):
        call_command("creategroup", *GOOD, stdout=io.StringIO())

    assert nothing_written()


# --- backup: the SQLite copy itself -----------------------------------------------------------


def make_db(path, rows: int = 50, blob: int = 0) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE members_member (id INTEGER PRIMARY KEY, name TEXT, notes BLOB)")
    db.executemany(
        "INSERT INTO members_member (name, notes) VALUES (?, ?)",
        [(f"socia {i}", b"x" * blob) for i in range(rows)],
    )
    db.commit()
    db.close()


def count_rows(path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM members_member").fetchone()[0]
    finally:
        db.close()


def test_sqlite_backup_is_one_checked_file_with_the_same_rows(tmp_path):
    source = tmp_path / "minka.sqlite3"
    make_db(source, rows=69)
    target = tmp_path / "copia.sqlite3"

    result = sqlite_backup_file(source, target)

    assert result.path == target and result.size == target.stat().st_size > 0
    assert count_rows(target) == 69
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # A single self-contained file: not left in WAL mode, no temporary file left.
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "copia" in p.name) == ["copia.sqlite3"]


def test_sqlite_backup_while_someone_writes_copies_what_was_committed(tmp_path):
    source = tmp_path / "minka.sqlite3"
    make_db(source, rows=10)
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO members_member (name) VALUES ('a medio escribir')")

    sqlite_backup_file(source, tmp_path / "copia.sqlite3")

    writer.execute("COMMIT")
    writer.close()
    assert count_rows(tmp_path / "copia.sqlite3") == 10
    assert count_rows(source) == 11


def test_sqlite_backup_of_a_large_database_goes_in_steps_and_shows_progress(tmp_path):
    source = tmp_path / "minka.sqlite3"
    make_db(source, rows=400, blob=4000)  # about one page per row
    seen: list[tuple[int, int]] = []
    db = sqlite3.connect(source)

    sqlite_backup(
        db,
        tmp_path / "copia.sqlite3",
        progress=lambda done, total: seen.append((done, total)),
        steps=10,
        one_step_below=100,
    )

    db.close()
    assert len(seen) >= 10
    totals = {total for _done, total in seen}
    assert len(totals) == 1 and totals.pop() > 400
    assert [done for done, _t in seen] == sorted(done for done, _t in seen)
    assert seen[-1][0] == seen[-1][1]
    assert count_rows(tmp_path / "copia.sqlite3") == 400


def test_sqlite_backup_finishes_even_when_written_between_every_step(tmp_path):
    # SQLite starts a stepwise copy again after another connection writes; Minka then
    # copies in one step (one snapshot) rather than starting over and over.
    source = tmp_path / "minka.sqlite3"
    make_db(source, rows=200, blob=4000)
    server = sqlite3.connect(source, isolation_level=None)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        server.execute("INSERT INTO members_member (name) VALUES ('nueva')")

    db = sqlite3.connect(source)
    sqlite_backup(db, tmp_path / "copia.sqlite3", progress=progress, steps=20, one_step_below=10)
    db.close()
    server.close()

    assert len(seen) < 20  # it did not go on in 20 steps
    assert seen[-1][0] == seen[-1][1]  # the last call says: all copied
    copied = count_rows(tmp_path / "copia.sqlite3")
    assert 200 < copied < count_rows(source)  # a snapshot taken while it was being written
    copy = sqlite3.connect(tmp_path / "copia.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_sqlite_backup_does_not_overwrite_unless_told(tmp_path):
    source = tmp_path / "minka.sqlite3"
    make_db(source)
    target = tmp_path / "copia.sqlite3"
    target.write_bytes(b"an older backup")

    with pytest.raises(BackupError, match="ya existe"):
        sqlite_backup_file(source, target)
    assert target.read_bytes() == b"an older backup"

    sqlite_backup_file(source, target, overwrite=True)
    assert count_rows(target) == 50


def test_sqlite_backup_of_a_missing_database_creates_nothing(tmp_path):
    with pytest.raises(BackupError, match="No existe"):
        sqlite_backup_file(tmp_path / "no-hay.sqlite3", tmp_path / "copia.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_sqlite_backup_gives_up_on_a_database_that_stays_busy(tmp_path):
    # Its own connection holding a write transaction: SQLite answers "busy" at each step.
    source = tmp_path / "minka.sqlite3"
    make_db(source)
    db = sqlite3.connect(f"file:{source}?mode=rw", uri=True, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO members_member (name) VALUES ('sin terminar')")

    with pytest.raises(BackupError, match="ocupada"):
        sqlite_backup(db, tmp_path / "copia.sqlite3", busy_timeout=0.2)

    db.execute("ROLLBACK")
    db.close()
    assert not (tmp_path / "copia.sqlite3").exists()
    assert not (tmp_path / ".copia.sqlite3.partial").exists()


# --- backup: the command ----------------------------------------------------------------------


@pytest.mark.django_db
def test_backup_command_refuses_to_overwrite_a_file(tmp_path):
    target = tmp_path / "copia.sqlite3"
    target.write_bytes(b"an older backup")

    with pytest.raises(CommandError, match="--force"):
        call_command("backup", str(target), stdout=io.StringIO())

    assert target.read_bytes() == b"an older backup"


@pytest.mark.django_db(transaction=True)
def test_backup_command_copies_the_database_with_all_its_members(tmp_path, monkeypatch):
    monkeypatch.setenv("MINKA_PASSWORD", "una-clave-larga")
    call_command("demo", stdout=io.StringIO())
    call_command("creategroup", *GOOD, stdout=io.StringIO())
    out = io.StringIO()

    if connection.vendor == "sqlite":
        call_command("backup", str(tmp_path / "copia.sqlite3"), stdout=out)
        assert count_rows(tmp_path / "copia.sqlite3") == 69
        assert "3 grupos y 69 socias" in out.getvalue()
    else:
        if shutil.which("pg_dump") is None:
            pytest.skip("pg_dump is not installed")
        call_command("backup", str(tmp_path / "copia.pgdump"), stdout=out)
        listing = subprocess.run(
            ["pg_restore", "--list", str(tmp_path / "copia.pgdump")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "members_member" in listing
    assert "Copia guardada" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_command_into_a_folder_names_the_file_by_date(tmp_path):
    call_command("backup", str(tmp_path), stdout=io.StringIO())

    (made,) = list(tmp_path.iterdir())
    assert made.name.startswith("minka-S1-")


# --- serve, without starting it ---------------------------------------------------------------


@pytest.mark.django_db
def test_serve_runs_gunicorn_on_the_address_with_the_data_dir(monkeypatch, settings):
    ran = {}

    def fake_execve(path, args, env):
        ran.update(path=path, args=args, env=env)

    monkeypatch.setattr(serve.os, "execve", fake_execve)
    out = io.StringIO()

    call_command("serve", "--bind", "127.0.0.1:8765", "--workers", "3", stdout=out)

    args = ran["args"]
    assert args[1:4] == ["-m", "gunicorn", "minka.wsgi:application"]
    assert args[args.index("--bind") + 1] == "127.0.0.1:8765"
    assert args[args.index("--workers") + 1] == "3"
    assert "--preload" in args  # the workers share the application loaded once
    assert ran["env"]["MINKA_DATA_DIR"] == str(settings.DATA_DIR)
    assert ran["env"]["DJANGO_SETTINGS_MODULE"] == "minka.settings"
    assert "http://127.0.0.1:8765/" in out.getvalue()
    assert "al día" in out.getvalue()  # the test database is migrated already


@pytest.mark.django_db
def test_serve_takes_the_address_from_minka_bind(monkeypatch):
    ran = {}
    monkeypatch.setenv("MINKA_BIND", "127.0.0.1:8766")
    monkeypatch.setattr(serve.os, "execve", lambda path, args, env: ran.update(args=args))

    call_command("serve", stdout=io.StringIO())

    assert ran["args"][ran["args"].index("--bind") + 1] == "127.0.0.1:8766"


@pytest.mark.django_db
def test_serve_replaces_each_worker_after_five_hundred_requests(monkeypatch):
    ran = {}
    monkeypatch.setattr(serve.os, "execve", lambda path, args, env: ran.update(args=args))

    call_command("serve", stdout=io.StringIO())

    args = ran["args"]
    assert args[args.index("--max-requests") + 1] == "500"
    assert args[args.index("--max-requests-jitter") + 1] == "50"  # never both at once


@pytest.mark.django_db
def test_serve_takes_the_requests_per_worker_from_minka_max_requests(monkeypatch):
    ran = {}
    monkeypatch.setenv("MINKA_MAX_REQUESTS", "0")  # gunicorn's "never"
    monkeypatch.setattr(serve.os, "execve", lambda path, args, env: ran.update(args=args))

    call_command("serve", stdout=io.StringIO())

    assert ran["args"][ran["args"].index("--max-requests") + 1] == "0"


def test_serve_refuses_a_negative_number_of_requests():
    with pytest.raises(CommandError, match="--max-requests"):
        call_command("serve", "--max-requests", "-1", "--no-migrate", stdout=io.StringIO())


def test_serve_refuses_zero_workers():
    with pytest.raises(CommandError, match="--workers"):
        call_command("serve", "--workers", "0", "--no-migrate", stdout=io.StringIO())

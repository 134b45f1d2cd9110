"""The site database is opened safely, and money is written as Peru writes it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.sqlite3.base import DatabaseWrapper

from minka.lib.money import amount_in_words, format_money, split_exact, to_decimal
from minka.settings import _database


@pytest.mark.django_db  # lets this test open its own connection to a file database
def test_sqlite_site_database_runs_in_wal_with_full_sync(tmp_path):
    config = _database(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    wrapper = DatabaseWrapper(
        {
            **config,
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
        },
        alias="wal-check",
    )
    wrapper.ensure_connection()
    try:
        with wrapper.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert cursor.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
            assert cursor.execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        wrapper.close()


def test_postgres_url_is_read_and_a_bad_one_refused():
    config = _database("postgres://minka:s%40cret@db.example:5433/central")
    assert (config["NAME"], config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "central",
        "minka",
        "s@cret",
        "db.example",
        "5433",
    )
    with pytest.raises(ImproperlyConfigured, match="sqlite:/// or postgres://"):
        _database("mysql://root@localhost/minka")


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("1234.5", "PEN", "S/ 1,234.50"),
        ("0", "PEN", "S/ 0.00"),
        ("-10", "PEN", "-S/ 10.00"),
        ("1000000.005", "USD", "US$ 1,000,000.01"),
    ],
)
def test_money_is_written_as_in_peru(amount, currency, text):
    assert format_money(Decimal(amount), currency) == text


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("120.50", "SON: CIENTO VEINTE CON 50/100 SOLES"),
        ("1234.05", "SON: MIL DOSCIENTOS TREINTA Y CUATRO CON 05/100 SOLES"),
        ("0.99", "SON: CERO CON 99/100 SOLES"),
        ("100", "SON: CIEN CON 00/100 SOLES"),
        ("32", "SON: TREINTA Y DOS CON 00/100 SOLES"),
        ("21000", "SON: VEINTIÚN MIL CON 00/100 SOLES"),  # not "veintiuno mil"
        ("21", "SON: VEINTIUNO CON 00/100 SOLES"),
        ("1500000", "SON: UN MILLÓN QUINIENTOS MIL CON 00/100 SOLES"),
        ("21000001", "SON: VEINTIÚN MILLONES UNO CON 00/100 SOLES"),
    ],
)
def test_amount_in_words_as_on_a_peruvian_receipt(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_floats_are_never_money_and_splits_lose_no_cent():
    with pytest.raises(TypeError):
        to_decimal(0.1)
    with pytest.raises(ValueError):
        to_decimal("NaN")
    parts = split_exact(Decimal("100.00"), [1, 1, 1])
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(split_exact(Decimal("0.05"), [45, 55])) == Decimal("0.05")

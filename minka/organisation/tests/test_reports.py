"""The IATI activity file validates against the official 2.03 schema; the donor report
comes as PDF (with charts) and Excel (with native charts), in Spanish and English."""

import io
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from minka.organisation import services
from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db

SCHEMA = Path("/work/shared/iati/iati-activities-schema.xsd")
if not SCHEMA.exists():  # the schema ships next to the repository on other machines
    SCHEMA = Path(__file__).resolve().parents[4] / "shared" / "iati" / "iati-activities-schema.xsd"


def _spend(desk: Desk) -> None:
    services.spending_record(
        line=desk.materials,
        spent_on=desk.first + timedelta(days=5),
        document="F001-0042",
        description="Hilo de alpaca",
        amount=Decimal("375.00"),
        currency="PEN",
        exchange_rate=Decimal("3.7500"),
        by=desk.world.sofia,
    )


def test_iati_file_validates_and_carries_the_records(desk: Desk) -> None:
    _spend(desk)
    response = desk.world.client_for(desk.world.sofia).get(
        reverse("project_iati", args=[desk.project.id])
    )
    assert response.status_code == 200
    doc = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(doc), schema.error_log
    activity = doc.find("iati-activity")
    assert activity is not None
    assert activity.findtext("iati-identifier", "").endswith("-TEJE-1")
    assert activity.find("activity-status").get("code") == "2"
    roles = [(p.get("role"), p.findtext("narrative")) for p in activity.iter("participating-org")]
    assert ("1", "Fondo Andino") in roles
    assert ("4", "Red de Artesanas del Altiplano") in roles
    assert [loc.findtext("name/narrative") for loc in activity.iter("location")] == [
        "Asociación Camacani",
        "Asociación Juli",
    ]
    assert activity.find("budget/value").text == "1500.00"
    tx = activity.find("transaction")
    assert tx.get("ref") == "F001-0042"
    assert tx.find("value").get("currency") == "PEN"
    assert tx.find("value").text == "375.00"
    titles = {i.findtext("title/narrative"): i for i in activity.iter("indicator")}
    pieces = titles["Piezas aceptadas"]
    assert pieces.find("period/actual").get("value") == "4.00"
    assert pieces.find("period/target").get("value") == "10.00"
    assert pieces.find("baseline").get("value") == "0.00"
    manual = titles["Ferias regionales visitadas (ferias)"]
    assert manual.findtext("period/actual/comment/narrative").startswith("Registrado a mano")
    # Breakdowns by group etc. with at least three women: active members of Camacani.
    leadership = titles["Liderazgo (%)"]
    dims = {(d.get("name"), d.get("value")) for d in leadership.iter("dimension")}
    assert ("group", "Asociación Camacani") in dims
    assert "Quispe" not in response.content.decode()


def _pdf_text(body: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed: apt-get install poppler-utils (scripts/test does)")
    path = tmp_path / "r.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", ["Informe al donante", "Presupuesto", "Buen semestre"]),
        ("en", ["Donor report", "Budget", "A good half-year"]),
    ],
)
def test_donor_report_pdf_in_both_languages(
    desk: Desk, tmp_path: Path, lang: str, words: list[str]
) -> None:
    _spend(desk)
    services.summary_save(
        project=desk.project,
        starts_on=desk.first,
        ends_on=desk.last,
        text_es="Buen semestre.",
        text_en="A good half-year.",
    )
    url = reverse("project_pdf", args=[desk.project.id])
    response = desk.world.client_for(desk.dana).get(
        url, {"start": desk.first.isoformat(), "end": desk.last.isoformat(), "lang": lang}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    for word in words:
        assert word in text
    assert "100.00" in text  # US$ 100 spent on materials (S/ 375 at 3.75)
    assert "María" not in text and "Quispe" not in text


def test_donor_report_excel_has_tables_and_native_charts(desk: Desk) -> None:
    from openpyxl import load_workbook

    _spend(desk)
    response = desk.world.client_for(desk.world.sofia).get(
        reverse("project_xlsx", args=[desk.project.id]),
        {"start": desk.first.isoformat(), "end": desk.last.isoformat(), "lang": "en"},
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Budget", "Indicators", "Breakdowns"]
    budget = book["Budget"]
    assert budget["A2"].value == "Materials" or budget["A2"].value == "Insumos"
    assert Decimal(str(budget["D2"].value)) == Decimal("100.00")
    assert len(budget._charts) == 1
    assert len(book["Indicators"]._charts) == 1


def test_a_bad_report_period_is_a_400_not_a_500(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.sofia)
    url = reverse("project_pdf", args=[desk.project.id])
    assert client.get(url).status_code == 400
    assert client.get(url, {"start": "2026-12-01", "end": "2026-01-01"}).status_code == 400
    assert client.get(url, {"start": "nope", "end": "2026-01-01"}).status_code == 400

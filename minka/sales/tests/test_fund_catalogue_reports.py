"""The group fund, the public catalogue, the reports and the impact figures."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from minka.conftest import order_in_production
from minka.ledger.tests.helpers import flat, pdf_text
from minka.privacy.models import ConsentMethod, Purpose
from minka.privacy.services import consent_record
from minka.production.services import delivery_record
from minka.sales import services
from minka.sales.indicators import member_income_by_month
from minka.sales.models import CatalogueEntry, FundEntry
from minka.sales.tests.conftest import Shop, key, url

TODAY = timezone.localdate()


def sell_two(selling: Shop) -> None:
    """A sweater (María 81.00, fund 99.00) and a scarf (María 24.99, fund 30.56)."""
    w = selling.world
    w.client_for(w.teresa).post(
        url("quick_sale", w.camacani),
        {
            f"q_{key(w.sweater, w.maria)}": "1",
            f"q_{key(selling.scarf, w.maria)}": "1",
            "method": "cash",
        },
    )


def test_the_treasurer_sees_the_fund_and_spends_from_it(selling: Shop) -> None:
    w = selling.world
    sell_two(selling)
    teresa = w.client_for(w.teresa)
    page = teresa.get(url("fund", w.camacani)).content.decode()
    assert "S/ 129.56" in page and "Venta S1-CAM-V0001" in page
    response = teresa.post(
        url("fund", w.camacani),
        {
            "amount": "40.50",
            "category": "fair_fee",
            "description": "Stand en la feria",
            "on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert services.fund_balance(w.camacani) == Decimal("89.06")
    response = teresa.post(
        url("fund", w.camacani),
        {
            "amount": "100",
            "category": "transport",
            "description": "Pasajes",
            "on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    assert "no alcanza" in response.content.decode()
    assert FundEntry.objects.count() == 2
    # A mistaken expense is corrected by an opposite entry, once; a sale's share is not.
    expense = FundEntry.objects.get(kind="expense")
    reverse = url("fund_entry_reverse", w.camacani, expense.id)
    assert teresa.post(reverse, {"reason": "Se registró dos veces"}).status_code == 302
    assert services.fund_balance(w.camacani) == Decimal("129.56")
    response = teresa.post(reverse, {"reason": "otra vez"}, follow=True)
    assert "Este movimiento ya fue corregido." in response.content.decode()
    sale_share = FundEntry.objects.get(kind="sale_share")
    response = teresa.post(
        url("fund_entry_reverse", w.camacani, sale_share.id), {"reason": "no"}, follow=True
    )
    assert "Solo se corrigen gastos" in response.content.decode()
    assert FundEntry.objects.count() == 3
    assert w.client_for(w.rosa).post(reverse, {"reason": "x"}).status_code == 403
    assert w.client_for(w.lucia).post(reverse, {"reason": "x"}).status_code == 404
    # Only the treasurer records expenses; the coordinator sees the fund.
    assert w.client_for(w.rosa).get(url("fund", w.camacani)).status_code == 200
    assert w.client_for(w.rosa).post(url("fund", w.camacani), {}).status_code == 403
    assert w.client_for(w.lucia).get(url("fund", w.camacani)).status_code == 404


def test_the_public_catalogue_shows_only_public_designs_and_consented_stories(
    selling: Shop,
) -> None:
    w = selling.world
    rosa = w.client_for(w.rosa)
    rosa.post(
        url("catalogue_edit", w.camacani, w.sweater.id),
        {
            "public": "on",
            "design_story": "Trenzas de los puentes del lago.",
            "maker": w.maria.id,
            "maker_story": "Teje desde los nueve años.",
            "maker_consent": "on",
        },
    )
    CatalogueEntry.objects.create(
        product=selling.scarf,
        public=True,
        design_story="Colores de la puna.",
        maker=w.juana,
        maker_story="Historia sin consentimiento.",
        maker_consent=False,
    )
    secret = CatalogueEntry.objects.create(
        product=reserved_design(selling), public=False, design_story="Secreto"
    )
    page = Client().get(url("catalogue_public", w.camacani)).content.decode()
    assert "Tejido por María" not in page, "a tick is not her consent: it must be recorded"
    consent_record(
        member=w.maria,
        purpose=Purpose.CATALOGUE,
        given=True,
        method=ConsentMethod.SIGNED,
        decided_on=timezone.localdate(),
        by=w.rosa,
    )
    page = Client().get(url("catalogue_public", w.camacani)).content.decode()
    assert "Chompa trenzada" in page and "Trenzas de los puentes del lago." in page
    assert "Tejido por María Quispe Mamani" in page and "Teje desde los nueve años." in page
    assert "Chalina de alpaca" in page and "Colores de la puna." in page
    assert "Juana" not in page and "Historia sin consentimiento." not in page
    assert secret.product.name not in page and "Secreto" not in page
    # Nothing else of the group leaks: no members' money, no other names, no stock.
    assert "Carmen" not in page and "Tienda del centro" not in page and "S/ 81.00" not in page

    pdf = Client().get(url("catalogue_pdf", w.camacani))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = flat(pdf_text(pdf.content))
    assert "Chompa trenzada" in text and "Tejido por María Quispe Mamani" in text
    assert "Colores de la puna." in text and "S/ 180.00" in text
    assert "Juana" not in text and "Historia sin consentimiento." not in text
    assert "Secreto" not in text

    # She withdraws: at once gone from the page and the PDF.
    consent_record(
        member=w.maria,
        purpose=Purpose.CATALOGUE,
        given=False,
        method=ConsentMethod.SPOKEN,
        witness="Rosa",
        decided_on=timezone.localdate(),
        by=w.rosa,
    )
    page = Client().get(url("catalogue_public", w.camacani)).content.decode()
    assert "María" not in page and "Teje desde los nueve años." not in page
    text = flat(pdf_text(Client().get(url("catalogue_pdf", w.camacani)).content))
    assert "María" not in text


def test_a_photo_goes_on_the_page_and_in_the_pdf(selling: Shop, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    w = selling.world
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 60, 140)).save(image, "PNG")
    photo = SimpleUploadedFile("chompa.png", image.getvalue(), content_type="image/png")
    response = w.client_for(w.rosa).post(
        url("catalogue_edit", w.camacani, w.sweater.id), {"public": "on", "photo": photo}
    )
    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(product=w.sweater)
    # Stored re-encoded as a JPEG under a name of its own (nothing of the upload kept).
    assert entry.photo.name.startswith("catalogue/") and entry.photo.name.endswith(".jpg")
    photo_url = url("catalogue_photo", w.camacani, w.sweater.id)
    assert photo_url in Client().get(url("catalogue_public", w.camacani)).content.decode()
    served = Client().get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    # Not public any more: only people of the group see it.
    CatalogueEntry.objects.filter(pk=entry.pk).tracked_update(public=False)
    assert Client().get(photo_url).status_code == 404
    assert w.client_for(w.lucia).get(photo_url).status_code == 404
    assert w.client_for(w.teresa).get(photo_url).status_code == 200
    CatalogueEntry.objects.filter(pk=entry.pk).tracked_update(public=True)
    assert Client().get(url("catalogue_photo", w.juli, w.sweater.id)).status_code == 404
    pdf = Client().get(url("catalogue_pdf", w.camacani)).content
    assert b"/Subtype /Image" in pdf
    # Not an image: refused, nothing stored.
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = w.client_for(w.rosa).post(
        url("catalogue_edit", w.camacani, w.sweater.id), {"public": "on", "photo": bad}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    entry.refresh_from_db()
    # Stored re-encoded as a JPEG under a name of its own (nothing of the upload kept).
    assert entry.photo.name.startswith("catalogue/") and entry.photo.name.endswith(".jpg")


def reserved_design(selling: Shop):
    from minka.production.models import Product

    return Product.objects.create(
        group=selling.world.camacani,
        code="XX-99",
        name="Diseño reservado",
        technique=selling.world.knitting,
        standard_minutes=10,
        rate_a=Decimal(1),
        rate_b=Decimal(1),
        wholesale_price=Decimal(1),
        retail_price=Decimal(1),
    )


def test_reports_as_page_csv_and_excel(selling: Shop) -> None:
    from openpyxl import load_workbook

    w = selling.world
    sell_two(selling)
    rosa = w.client_for(w.rosa)
    page = rosa.get(url("sales_report", w.camacani)).content.decode()
    assert "S/ 235.55" in page and "S/ 105.99" in page and "S/ 129.56" in page
    csv_text = rosa.get(url("sales_report", w.camacani) + "?format=csv").content.decode()
    month = TODAY.strftime("%Y-%m")
    assert f"{month},Tienda del grupo,CH-01 Chompa trenzada,1,180.00,0.00,81.00,99.00" in csv_text
    assert f"{month},Tienda del grupo,CH-02 Chalina de alpaca,1,55.55,0.00,24.99,30.56" in csv_text
    xlsx = rosa.get(url("sales_report", w.camacani) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mes" and len(rows) == 3
    assert [Decimal(str(v)) for v in rows[1][4:8]] == [
        Decimal("180"),
        Decimal("0"),
        Decimal("81"),
        Decimal("99"),
    ]
    assert w.client_for(w.lucia).get(url("sales_report", w.camacani)).status_code == 404
    assert w.client_for(w.maria_user).get(url("sales_report", w.camacani)).status_code == 403


def test_member_income_from_sales_versus_orders(selling: Shop) -> None:
    w = selling.world
    _order, allocations = order_in_production(w)
    allocation = next(a for a in allocations if a.member_id == w.maria.id)
    delivery_record(
        allocation=allocation,
        received_on=TODAY,
        grade_a=2,
        grade_b=0,
        rework=0,
        rejected=0,
        by=w.rosa,
    )
    sell_two(selling)
    (month,) = member_income_by_month(w.camacani)
    assert month.month.strftime("%Y-%m") == TODAY.strftime("%Y-%m")
    assert (month.from_sales, month.from_orders, month.total) == (
        Decimal("105.99"),
        Decimal("90.00"),
        Decimal("195.99"),
    )
    assert member_income_by_month(w.juli) == []
    from django.template.loader import render_to_string

    html = render_to_string(
        "sales/_impact_income.html", {"income": member_income_by_month(w.camacani)}
    )
    assert "S/ 105.99" in html and "S/ 90.00" in html and "S/ 195.99" in html

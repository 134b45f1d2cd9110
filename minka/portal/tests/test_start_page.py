"""Her start page: the next meeting and pay day, photos of the designs she makes, money
received and owed in words, and privacy at home.

Named people: maria (member), rosa (coordinator), teresa (treasurer), lucia (another
group, sees nothing), juana (another Camacani member)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from minka.conftest import World, order_in_production
from minka.governance.services import meeting_create
from minka.learning.models import TrainingKind
from minka.learning.tests.helpers import training_with_sessions
from minka.ledger.services import entry_add
from minka.portal.models import PayDay
from minka.production.models import Product

TODAY = timezone.localdate()
# Words that must never appear on her pages by default: someone at home may read them.
PRIVATE_WORDS = ("violencia", "Violencia", "salud", "Salud", "Derechos", "derechos")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def statement(world: World) -> str:
    return reverse("member_statement", args=[world.camacani.id, world.maria.id])


def jpeg(width: int = 1600, height: int = 1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (150, 60, 90)).save(out, format="JPEG")
    return out.getvalue()


def test_next_meeting_and_pay_day_show_on_her_start_page(world: World) -> None:
    maria = world.client_for(world.maria_user)
    page = maria.get(statement(world)).content.decode()
    assert 'data-testid="next-meeting"' not in page and "Sin fecha todavía" in page

    meeting_create(group=world.camacani, kind="assembly", held_on=TODAY - timedelta(days=3))
    meeting_create(group=world.camacani, kind="weekly", held_on=TODAY + timedelta(days=20))
    meeting_create(group=world.camacani, kind="assembly", held_on=TODAY + timedelta(days=6))
    teresa = world.client_for(world.teresa)
    url = reverse("pay_day", args=[world.camacani.id])
    bad = teresa.post(url, {"next_on": "31/02/2026"})
    assert bad.status_code == 400 and "fecha que exista" in bad.content.decode()
    past = teresa.post(url, {"next_on": (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")})
    assert "hoy o más adelante" in past.content.decode()
    assert not PayDay.objects.exists()
    day = TODAY + timedelta(days=9)
    assert teresa.post(url, {"next_on": day.strftime("%d/%m/%Y")}).status_code == 302
    assert PayDay.objects.get().set_by == world.teresa

    page = maria.get(statement(world)).content.decode()
    soon = (TODAY + timedelta(days=6)).strftime("%d/%m/%Y")
    assert f'data-testid="next-meeting">{soon}</strong>' in page
    assert "<strong>Asamblea</strong>" in page.split('data-testid="next-meeting"')[1][:300]
    assert f'data-testid="pay-day">{day.strftime("%d/%m/%Y")}' in page
    # Only the treasurer announces it; the outsider is not let in at all.
    assert world.client_for(world.rosa).post(url, {"next_on": "01/01/2099"}).status_code == 403
    assert world.client_for(world.maria_user).get(url).status_code == 403
    assert world.client_for(world.lucia).get(url).status_code == 404


def test_received_reads_as_received_and_owed_as_owed_in_words(world: World) -> None:
    day = TODAY - timedelta(days=2)
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("121.50"),
        entry_date=day,
        description="chompas",
    )
    maria = world.client_for(world.maria_user)
    page = maria.get(statement(world)).content.decode()
    assert "ciento veintiún soles con cincuenta céntimos" in page
    assert "le deben" in page and "debe (adelanto)" not in page
    maria.post("/i18n/setlang/", {"language": "ay", "next": "/"})
    page = maria.get(statement(world)).content.decode()
    assert "pataka pä tunka mayani soles phisqa tunka céntimos" in page
    assert "Jutir tantachäwi" in page  # "Próxima reunión", drafted in Aymara


def test_the_coordinator_adds_a_photo_of_a_design_and_maria_sees_it(world: World) -> None:
    order_in_production(world)
    rosa = world.client_for(world.rosa)
    url = reverse("product_photo", args=[world.camacani.id, world.sweater.id])
    for name, data, message in [
        ("a.jpg", b"not a picture", "imagen válida"),
        ("a.svg", b"<svg onload='x'/>", "imagen válida"),
        ("a.jpg", b"", "vac"),
    ]:
        response = rosa.post(url, {"photo": SimpleUploadedFile(name, data)})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Product.objects.get(id=world.sweater.id).photo
    response = rosa.post(url, {"photo": SimpleUploadedFile("chompa.jpg", jpeg())})
    assert response.status_code == 302
    product = Product.objects.get(id=world.sweater.id)
    with Image.open(product.thumb) as thumb:
        assert max(thumb.size) == 160
    with Image.open(product.photo) as photo:
        assert max(photo.size) == 800

    maria = world.client_for(world.maria_user)
    page = maria.get(statement(world)).content.decode()
    thumb_url = reverse("product_thumb", args=[world.camacani.id, world.sweater.id])
    assert f'<img src="{thumb_url}"' in page
    got = maria.get(thumb_url)
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    assert world.client_for(world.lucia).get(thumb_url).status_code == 404
    assert world.client_for(world.maria_user).get(url).status_code == 403


def test_a_private_training_reads_taller_until_she_chooses(world: World) -> None:
    training_with_sessions(
        world,
        topic="Vida sin violencia",
        kind=TrainingKind.RIGHTS,
        sensitive=True,
        attendees=(world.maria,),
    )
    # Not marked sensitive, but its kind names health: on her pages it is a "Taller" too.
    training_with_sessions(
        world, topic="Cuidado del cuerpo", kind=TrainingKind.HEALTH, attendees=(world.maria,)
    )
    training_with_sessions(world, topic="Teñido natural", attendees=(world.maria,))
    maria = world.client_for(world.maria_user)
    pages = [statement(world), reverse("my_learning", args=[world.camacani.id])]
    for url in pages:
        page = maria.get(url).content.decode()
        assert page.count("Taller") >= 2 and "Teñido natural" in page
        assert not [w for w in PRIVATE_WORDS if w in page], url
        assert "Cuidado del cuerpo" not in page

    # The coordinator may not choose for her: the choice is made on her own login only.
    choose = reverse("my_training_names", args=[world.camacani.id])
    assert world.client_for(world.rosa).post(choose, {"show_names": "on"}).status_code == 404
    maria.post(choose, {"show_names": "on"})
    page = maria.get(pages[1]).content.decode()
    assert "Vida sin violencia" in page and "Cuidado del cuerpo" in page
    maria.post(choose, {"show_names": ""})
    page = maria.get(pages[1]).content.decode()
    assert "Vida sin violencia" not in page


@pytest.mark.parametrize(
    ("language", "receipt", "certificate"),
    [
        ("qu", "QULLQI CHASKISQA QILLQA", "RIQSICHIY QILLQA"),
        ("ay", "QULLQI KATUQAT QILLQA", "UÑT'AYAÑ QILLQA"),
        ("es", "RECIBO DE PAGO", "CERTIFICADO"),
    ],
)
def test_her_receipt_and_certificate_print_in_her_language(
    world: World, language: str, receipt: str, certificate: str
) -> None:
    from minka.learning.services import certificate_issue
    from minka.ledger.services import payout_make
    from minka.ledger.tests.helpers import flat, pdf_text

    world.maria.languages = [language]
    world.maria.save()
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("40.00"),
        entry_date=TODAY,
        description="chompas",
    )
    payout = payout_make(
        member=world.maria, amount=Decimal("40.00"), paid_on=TODAY, method="cash", by=world.teresa
    )
    training, _s = training_with_sessions(world, topic="Teñido natural", attendees=(world.maria,))
    issued = certificate_issue(training=training, member=world.maria, on=TODAY)
    # Whoever prints it, and in whatever language her screen is, the paper is in hers.
    maria = world.client_for(world.maria_user)
    maria.post("/i18n/setlang/", {"language": "es-pe", "next": "/"})
    paper = maria.get(reverse("payout_receipt", args=[world.camacani.id, payout.id]))
    text = flat(pdf_text(paper.content))
    assert receipt in text and "CUARENTA" in text.upper()  # the amount in words, Spanish
    paper = maria.get(reverse("certificate_print", args=[world.camacani.id, issued.id]))
    assert certificate in flat(pdf_text(paper.content))

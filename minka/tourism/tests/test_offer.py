"""What the group offers, and what the public sees of it."""

import io
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from minka.tourism.models import Experience, ExperiencePhoto, HostProfile
from minka.tourism.tests.conftest import Visits, url


def experience_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "meal",
        "name_es": "Almuerzo con las socias",
        "name_en": "Lunch with the members",
        "description_es": "Sopa de quinua y trucha.",
        "price_pen": "35.00",
        "price_usd": "10.00",
        "share_mode": "percent",
        "hosts_percent": "60",
        "hosts_fixed_pen": "0",
        "capacity": "12",
        "days": ["5", "6"],
        "nights": "0",
        "visitors_per_host": "6",
        "min_level": "1",
        "free_cancel_days": "3",
        "public": "on",
        "active": "on",
    }
    data.update(changes)
    return data


def test_rosa_offers_a_meal_in_both_languages(visits: Visits) -> None:
    w = visits.world
    response = w.client_for(w.rosa).post(url("experience_create", w.camacani), experience_post())
    assert response.status_code == 302
    meal = Experience.objects.get(name_es="Almuerzo con las socias")
    assert meal.group == w.camacani and meal.days == [5, 6]
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(url("experience_public", w.camacani, meal.id)).content.decode()
    assert "Lunch with the members" in page and "Almuerzo" not in page
    assert (
        "Almuerzo con las socias" in Client().get(url("visits_public", w.camacani)).content.decode()
    )


def test_a_price_of_zero_or_no_day_is_refused_and_nothing_saved(visits: Visits) -> None:
    w = visits.world
    rosa = w.client_for(w.rosa)
    before = Experience.objects.count()
    zero = rosa.post(url("experience_create", w.camacani), experience_post(price_pen="0"))
    assert "El precio por persona debe ser mayor que cero." in zero.content.decode()
    minus = rosa.post(url("experience_create", w.camacani), experience_post(price_usd="-5"))
    assert "El precio por persona debe ser mayor que cero." in minus.content.decode()
    nodays = rosa.post(url("experience_create", w.camacani), experience_post(days=[]))
    assert "Marque al menos un día en que se ofrece." in nodays.content.decode()
    words = rosa.post(url("experience_create", w.camacani), experience_post(price_pen="abc"))
    assert words.status_code == 200
    stay = rosa.post(
        url("experience_create", w.camacani), experience_post(kind="homestay", nights="0")
    )
    assert "Una estadía en casa es de al menos una noche." in stay.content.decode()
    assert Experience.objects.count() == before


def test_only_the_coordinator_edits_and_outsiders_see_nothing(visits: Visits) -> None:
    w = visits.world
    edit = url("experience_edit", w.camacani, visits.lesson.id)
    assert w.client_for(w.teresa).post(edit, experience_post()).status_code == 403
    assert w.client_for(w.maria_user).get(edit).status_code == 403
    assert w.client_for(w.lucia).get(edit).status_code == 404
    assert w.client_for(w.lucia).get(url("tourism_home", w.camacani)).status_code == 404
    assert w.client_for(w.teresa).get(url("tourism_home", w.camacani)).status_code == 200


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), (180, 40, 60)).save(out, format="PNG")
    return out.getvalue()


def test_a_photo_is_checked_by_content_and_reencoded(visits: Visits, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    w = visits.world
    rosa = w.client_for(w.rosa)
    photo_url = url("experience_photo", w.camacani, visits.lesson.id)
    fake = SimpleUploadedFile("clase.jpg", b"<script>alert(1)</script>", "image/jpeg")
    refused = rosa.post(photo_url, {"photo": fake})
    assert "el archivo no es una imagen o está dañado" in refused.content.decode()
    assert ExperiencePhoto.objects.count() == 0
    good = SimpleUploadedFile("clase.png", _png(), "image/png")
    assert rosa.post(photo_url, {"photo": good, "caption_es": "En el patio"}).status_code == 302
    photo = ExperiencePhoto.objects.get()
    with Image.open(photo.image.path) as saved:
        assert saved.format == "JPEG" and max(saved.size) == 1200
    served = Client().get(url("experience_photo_file", w.camacani, photo.id))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    page = Client().get(url("experience_public", w.camacani, visits.lesson.id)).content.decode()
    assert url("experience_photo_file", w.camacani, photo.id) in page


def test_the_public_page_shows_a_host_only_with_her_consent(visits: Visits) -> None:
    w = visits.world
    page = Client().get(url("experience_public", w.camacani, visits.lesson.id)).content.decode()
    assert "María Quispe Mamani" in page and "Teje desde niña." in page
    assert "Juana" not in page and "Historia privada" not in page
    listing = Client().get(url("visits_public", w.camacani)).content.decode()
    assert "Clase de tejido a palitos" in listing and "Juana" not in listing
    assert "S/ 80.00" in listing and "US$ 25.00" in listing


def test_a_hidden_experience_is_not_public(visits: Visits) -> None:
    w = visits.world
    Experience.objects.filter(pk=visits.stay.pk).tracked_update(public=False)
    assert Client().get(url("experience_public", w.camacani, visits.stay.id)).status_code == 404
    assert Client().get(url("experience_public", w.juli, visits.lesson.id)).status_code == 404
    assert "Una noche" not in Client().get(url("visits_public", w.camacani)).content.decode()


def test_rosa_registers_a_home_with_beds(visits: Visits) -> None:
    w = visits.world
    rosa = w.client_for(w.rosa)
    picked = rosa.get(url("host_pick", w.camacani) + f"?member={w.carmen.id}")
    assert picked.status_code == 302
    saved = rosa.post(picked["Location"], {"beds": "3", "home_description": "Casa de adobe"})
    assert saved.status_code == 302
    assert w.carmen.host_profile.beds == 3 and not w.carmen.host_profile.public_consent
    refused = rosa.post(picked["Location"], {"beds": "-1"})
    assert refused.status_code == 200
    w.carmen.host_profile.refresh_from_db()
    assert w.carmen.host_profile.beds == Decimal("3")


def test_the_public_pages_take_a_fixed_number_of_queries(
    visits: Visits, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]  # test helper: the client and its response are Django's untyped test objects
    w = visits.world
    lesson_url = url("experience_public", w.camacani, visits.lesson.id)
    # 4: one of them asks which reviewed strings and recordings are in force (on every
    # page, minka/languages/freshness.py).
    with django_assert_num_queries(4):
        Client().get(lesson_url)
    for n in range(4, 10):  # more hosts and more experiences: still the same count
        member = w.camacani.members.create(number=n, first_name=f"Socia {n}", last_name="Mamani")
        member.skills.create(technique=w.knitting, level=3)
        HostProfile.objects.create(member=member, beds=1, public_consent=True)
        Experience.objects.create(
            group=w.camacani,
            kind="demo",
            name_es=f"Demostración {n}",
            price_pen=10,
            price_usd=3,
            capacity=5,
            days=[1],
        )
    with django_assert_num_queries(4):
        page = Client().get(lesson_url).content.decode()
    assert "Socia 9 Mamani" in page
    with django_assert_num_queries(4):
        Client().get(url("visits_public", w.camacani))

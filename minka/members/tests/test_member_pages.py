"""The coordinator keeps the list of members: who they are, what they know."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minka.conftest import World
from minka.members.models import Member, Skill


def form_data(**change: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Felicitas",
        "last_name": "Pari Yucra",
        "community": "Jallihuaya",
        "languages": ["qu", "es"],
        "joined_on": "15/03/2019",
        "status": "active",
        "phone": "",
        "hours_per_week": "12",
    }
    data.update(change)
    return data


def test_coordinator_adds_a_member_with_skills_and_phone(world: World) -> None:
    rosa = world.client_for(world.rosa)
    data = form_data(phone="987 654 321", **{f"skill_{world.knitting.id}": "3"})
    response = rosa.post(reverse("member_create", args=[world.camacani.id]), data)
    assert response.status_code == 302
    felicitas = Member.objects.get(first_name="Felicitas")
    assert felicitas.number == 4  # after María, Juana and Carmen
    assert felicitas.phone == "+51987654321"
    assert felicitas.languages == ["qu", "es"]
    assert felicitas.joined_on.isoformat() == "2019-03-15"
    assert Skill.objects.get(member=felicitas).level == 3
    listing = rosa.get(reverse("member_list", args=[world.camacani.id])).content.decode()
    assert "Felicitas Pari Yucra" in listing and "Tejido a palitos (Avanzado)" in listing


def test_editing_a_member_changes_her_skills(world: World) -> None:
    rosa = world.client_for(world.rosa)
    target = reverse("member_edit", args=[world.camacani.id, world.maria.id])
    data = form_data(
        first_name="María",
        last_name="Quispe Mamani",
        **{f"skill_{world.knitting.id}": "0", f"skill_{world.weaving.id}": "1"},
    )
    assert rosa.post(target, data).status_code == 302
    assert [(s.technique, s.level) for s in Skill.objects.filter(member=world.maria)] == [
        (world.weaving, 1)
    ]


def test_bad_member_input_is_refused_with_a_message(world: World) -> None:
    rosa = world.client_for(world.rosa)
    target = reverse("member_create", args=[world.camacani.id])
    not_an_image = SimpleUploadedFile("foto.jpg", b"not really a picture", "image/jpeg")
    cases = [
        ({"phone": "12345"}, "Ese número de celular no es válido"),
        ({"phone": "abc"}, "Ese número de celular no es válido"),
        ({"first_name": ""}, "Este campo es obligatorio"),
        ({"hours_per_week": "200"}, "menor o igual a 80"),
        ({"joined_on": "2019-31-12"}, "Introduzca una fecha válida"),
        ({"languages": ["xx"]}, "Escoja una opción válida"),
        ({f"skill_{world.knitting.id}": "7"}, "Escoja una opción válida"),
        ({"photo": not_an_image}, "Envíe una imagen válida"),
    ]
    for change, message in cases:
        response = rosa.post(target, form_data(**change))
        assert response.status_code == 200, change
        assert message in response.content.decode(), (change, message)
    assert not Member.objects.filter(first_name="Felicitas").exists()


def test_a_photo_is_kept(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "brown").save(buffer, "JPEG")
    photo = SimpleUploadedFile("foto.jpg", buffer.getvalue(), "image/jpeg")
    rosa = world.client_for(world.rosa)
    rosa.post(reverse("member_create", args=[world.camacani.id]), form_data(photo=photo))
    felicitas = Member.objects.get(first_name="Felicitas")
    assert felicitas.photo.name.startswith("members/")
    assert (tmp_path / felicitas.photo.name).exists()


def test_a_member_who_left_has_a_date_of_leaving(world: World) -> None:
    rosa = world.client_for(world.rosa)
    target = reverse("member_edit", args=[world.camacani.id, world.maria.id])
    base = form_data(first_name="María", last_name="Quispe Mamani", joined_on="15/03/2019")
    cases = [
        ({"status": "left", "left_on": ""}, "Indique cuándo se retiró"),
        ({"status": "active", "left_on": "01/02/2024"}, "Solo una socia retirada"),
        ({"status": "left", "left_on": "01/02/2018"}, "No puede retirarse antes de ingresar"),
        ({"status": "left", "left_on": "01/02/2099"}, "no puede ser futura"),
    ]
    for change, message in cases:
        response = rosa.post(target, {**base, **change})
        assert message in response.content.decode(), change
    world.maria.refresh_from_db()
    assert world.maria.status == "active" and world.maria.left_on is None
    assert rosa.post(target, {**base, "status": "left", "left_on": "01/02/2024"}).status_code == 302
    world.maria.refresh_from_db()
    assert world.maria.left_on.isoformat() == "2024-02-01"


def _jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_photo_is_checked_by_content_and_stored_re_encoded(
    world: World, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    rosa = world.client_for(world.rosa)
    url = reverse("member_create", args=[world.camacani.id])
    before = Member.objects.count()
    # A script named .jpg, and a huge file: refused, nothing written.
    fake = SimpleUploadedFile("foto.jpg", b"<svg onload=alert(1)>", "image/jpeg")
    page = rosa.post(url, form_data(photo=fake))
    assert page.status_code == 200 and Member.objects.count() == before
    huge = SimpleUploadedFile("big.jpg", _jpeg() + b"\0" * (6 * 1024 * 1024), "image/jpeg")
    page = rosa.post(url, form_data(photo=huge))
    assert "5 MB" in page.content.decode() and Member.objects.count() == before
    # A big real photo is shrunk and stored as a JPEG.
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "blue").save(buffer, "PNG")
    photo = SimpleUploadedFile("foto.png", buffer.getvalue(), "image/png")
    assert rosa.post(url, form_data(photo=photo)).status_code == 302
    member = Member.objects.order_by("-number").first()
    assert member is not None and member.photo.name.endswith(".jpg")
    with Image.open(tmp_path / member.photo.name) as stored:
        assert stored.format == "JPEG" and max(stored.size) <= 1200
    # Replacing it removes the old file from the disk.
    old = tmp_path / member.photo.name
    edit = reverse("member_edit", args=[world.camacani.id, member.id])
    new = SimpleUploadedFile("otra.jpg", _jpeg(), "image/jpeg")
    data = form_data(photo=new)
    data["first_name"] = member.first_name
    data["last_name"] = member.last_name
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert rosa.post(edit, data).status_code == 302
    member.refresh_from_db()
    assert not old.exists() and (tmp_path / member.photo.name).exists()


def test_a_member_cannot_join_in_the_future(world: World) -> None:
    rosa = world.client_for(world.rosa)
    before = Member.objects.count()
    page = rosa.post(
        reverse("member_create", args=[world.camacani.id]), form_data(joined_on="01/01/2099")
    )
    assert "no puede ser futura" in page.content.decode()
    assert Member.objects.count() == before

"""A member's world with something on every one of her pages, the list of those pages,
and a recording of everything she could hear: shared by the tests of her speaker buttons
and of what her pages never name (in the test client and in Chromium).

Named people: maria (member, a host too), rosa (coordinator), teresa (treasurer)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minka.accounts import pins
from minka.conftest import PASSWORD, World, order_in_production
from minka.governance.services import meeting_create
from minka.languages.catalog import sources
from minka.languages.dates import date_vocabulary
from minka.languages.models import NUMBER_CONTEXT
from minka.languages.numbers import vocabulary
from minka.languages.services import recording_save
from minka.learning.models import TrainingKind
from minka.learning.services import certificate_issue, wish_add
from minka.learning.tests.helpers import training_with_sessions
from minka.ledger.services import entry_add, payout_make
from minka.portal.services import payday_set
from minka.privacy.models import ConsentMethod, Purpose, SupportService
from minka.privacy.services import consent_record
from minka.tourism.models import HostProfile

TONE = (Path(__file__).parents[2] / "languages" / "tests" / "data" / "tone.webm").read_bytes()
TODAY = timezone.localdate()
SPOKEN = ("es", "qu", "ay")
LANGUAGES = ("es-pe", "qu", "ay")


def take(language: str, msgid: str, context: str = "") -> None:
    recording_save(
        language=language,
        context=context,
        msgid=msgid,
        upload=SimpleUploadedFile("t.webm", TONE),
        by=None,
    )


def record_everything() -> None:
    """A take of every member-facing string, number word and date word, in es, qu, ay."""
    from minka.languages.dates import DATE_CONTEXT

    for language in SPOKEN:
        for entry in sources(language):
            take(language, entry.msgid, entry.context)
        for word in vocabulary(language):
            take(language, word, NUMBER_CONTEXT)
        for word in date_vocabulary(language):
            take(language, word, DATE_CONTEXT)


def her_world(world: World) -> None:
    """Work, materials, money paid and owed, trainings (a sensitive one and one on health,
    with a certificate), a meeting, a pay day, a host profile, a wish, two consents (one
    given, one refused), and contacts that name violence and health."""
    order_in_production(world)
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("1234.50"),
        entry_date=TODAY - timedelta(days=3),
        description="Chompas trenzadas de alpaca, pedido de exportación",
    )
    payout_make(
        member=world.maria,
        amount=Decimal("200.00"),
        paid_on=TODAY - timedelta(days=1),
        method="cash",
        by=world.teresa,
    )
    entry_add(
        member=world.maria,
        kind="fine",
        amount=Decimal("-5.00"),
        entry_date=TODAY - timedelta(days=1),
        description="Tardanza",
    )
    training_with_sessions(
        world, topic="Vida sin violencia", kind=TrainingKind.RIGHTS, sensitive=True,
        attendees=(world.maria,),
    )  # fmt: skip
    training_with_sessions(
        world, topic="Salud reproductiva", kind=TrainingKind.HEALTH, attendees=(world.maria,)
    )
    dyeing, _s = training_with_sessions(world, topic="Teñido natural", attendees=(world.maria,))
    certificate_issue(training=dyeing, member=world.maria, on=TODAY)
    wish_add(member=world.maria, kind=TrainingKind.QUALITY)
    meeting_create(group=world.camacani, kind="assembly", held_on=TODAY + timedelta(days=5))
    payday_set(group=world.camacani, next_on=TODAY + timedelta(days=8), by=world.teresa)
    HostProfile.objects.create(member=world.maria, beds=2)
    for purpose, given in ((Purpose.CATALOGUE, True), (Purpose.SMS, False)):
        consent_record(
            member=world.maria,
            purpose=purpose,
            given=given,
            method=ConsentMethod.THUMBPRINT,
            decided_on=TODAY - timedelta(days=2),
            by=world.rosa,
        )
    SupportService.objects.create(
        organisation=world.org,
        region="Puno",
        name="CEM Puno: violencia familiar y sexual",
        phone="051 351 200",
        hours="Lunes a viernes",
        offers="Atención legal, psicológica y de salud ante el maltrato",
    )


@dataclass(frozen=True)
class Visit:
    who: str  # "maria" (her login), "device" (the centre's device) or "anyone"
    url: str


def member_pages(world: World) -> list[Visit]:
    group = world.camacani.id
    statement = reverse("member_statement", args=[group, world.maria.id])
    return [
        Visit("maria", statement),
        Visit("maria", statement + "?first=01/01/2020&last=31/12/2099"),
        Visit("maria", reverse("my_learning", args=[group])),
        Visit("maria", reverse("help_directory", args=[group])),
        Visit("maria", reverse("my_consents", args=[group])),
        Visit("maria", reverse("host_visits", args=[group, world.maria.id])),
        Visit("maria", reverse("password_change")),
        Visit("anyone", reverse("login")),
        Visit("anyone", reverse("centre_home")),  # a device not registered
        Visit("device", reverse("centre_home")),
        Visit("device", reverse("centre_pin", args=[world.maria.id])),
    ]


def centre_device_cookie(world: World, pin: str = "2468") -> str:
    """Rosa registers the centre's device and gives maria a PIN; the device's cookie."""
    rosa = Client()
    rosa.login(username="rosa", password=PASSWORD)
    response = rosa.post(
        reverse("centre_register", args=[world.camacani.id]), {"name": "Laptop del centro"}
    )
    pins.pin_set(member=world.maria, pin=pin, by=world.rosa)
    return response.cookies[pins.COOKIE].value


def clients(world: World) -> dict[str, Client]:
    maria = Client()
    assert maria.login(username="maria", password=PASSWORD)
    device = Client()
    device.cookies[pins.COOKIE] = centre_device_cookie(world)
    return {"maria": maria, "device": device, "anyone": Client()}

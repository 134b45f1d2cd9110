"""Visits to Camacani. The named people of minka/conftest.py, and two hosts:
María (a login of her own, home with 2 beds, agreed to be shown on the public page) and
Juana (home with 2 beds, did NOT agree: her name must never show to the public).

- a knitting class: S/ 80.00 or US$ 25.00 a person, 70 % to the hosts, up to 10 a day,
  every day but Monday, one host per 8 visitors, knitting at level 2 at least;
- a home stay of one night: S/ 120.00 or US$ 35.00 a person, S/ 80.00 a visitor to
  the hosts, up to 4 a night, every day; hosts are the homes with beds."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.members.models import Group
from minka.tourism.models import Experience, ExperienceKind, HostProfile, HostShareMode

TODAY = timezone.localdate()


def url(name: str, group: Group, *args: object) -> str:
    return reverse(name, args=[group.id, *args])


def next_weekday(weekday: int, after_days: int = 10) -> date:
    day = TODAY + timedelta(days=after_days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


@dataclass
class Visits:
    world: World
    lesson: Experience
    stay: Experience


@pytest.fixture
def visits(world: World) -> Visits:
    return build_visits(world)


def build_visits(world: World) -> Visits:
    lesson = Experience.objects.create(
        group=world.camacani,
        kind=ExperienceKind.CLASS,
        name_es="Clase de tejido a palitos",
        name_en="Knitting class",
        description_es="Una mañana tejiendo con las socias.",
        description_en="A morning knitting with the members.",
        price_pen=Decimal("80.00"),
        price_usd=Decimal("25.00"),
        share_mode=HostShareMode.PERCENT,
        hosts_percent=Decimal("70"),
        capacity=10,
        days=[1, 2, 3, 4, 5, 6],
        visitors_per_host=8,
        technique=world.knitting,
        min_level=2,
        free_cancel_days=7,
    )
    stay = Experience.objects.create(
        group=world.camacani,
        kind=ExperienceKind.HOMESTAY,
        name_es="Una noche en casa de una socia",
        name_en="A night in a member's home",
        price_pen=Decimal("120.00"),
        price_usd=Decimal("35.00"),
        share_mode=HostShareMode.FIXED,
        hosts_fixed_pen=Decimal("80.00"),
        capacity=4,
        days=[0, 1, 2, 3, 4, 5, 6],
        nights=1,
    )
    HostProfile.objects.create(
        member=world.maria, beds=2, story="Teje desde niña.", public_consent=True
    )
    HostProfile.objects.create(
        member=world.juana, beds=2, story="Historia privada de Juana.", public_consent=False
    )
    return Visits(world, lesson, stay)

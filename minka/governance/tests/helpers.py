from datetime import date

from django.urls import reverse
from django.utils import timezone

from minka.conftest import World

TODAY = timezone.localdate()


def url(world: World, name: str, *args: object) -> str:
    return reverse(name, args=[world.camacani.id, *args])


def d(value: date) -> str:
    return value.strftime("%d/%m/%Y")

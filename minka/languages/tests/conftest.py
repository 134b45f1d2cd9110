"""What the recording tests share: uploads kept in a temporary folder, and Teresa, the
treasurer, as the group's Quechua translator."""

import pytest
from django.test import Client

from minka.conftest import World
from minka.languages.models import Translator


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def teresa(world: World) -> Client:
    Translator.objects.create(group=world.camacani, user=world.teresa, language="qu")
    return world.client_for(world.teresa)

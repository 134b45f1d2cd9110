"""The generator's projects are valid data: they go through the services, flag an
over-budget line, and export as a valid IATI file."""

import random
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from minka.conftest import World
from minka.members.models import Group
from minka.organisation.iati import activity_xml
from minka.organisation.seeddata import projects_generate
from minka.organisation.selectors import project_budget
from minka.organisation.tests.test_reports import SCHEMA

pytestmark = pytest.mark.django_db


def test_projects_generate_is_repeatable_and_valid(world: World, tmp_path: Path) -> None:
    groups = Group.objects.filter(organisation=world.org)
    seeded = projects_generate(
        organisation=world.org, groups=groups, rng=random.Random(7), scale="tiny"
    )
    [project] = seeded.projects
    assert project.groups.count() == 2
    assert seeded.spending > 10
    budget = project_budget(project)
    assert [r.line.name for r in budget.lines if r.over] == ["Insumos y herramientas"]
    assert set(groups.values_list("region", flat=True)) <= {"Puno", "Cusco"}
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.fromstring(activity_xml(project, today=timezone.localdate()))
    assert schema.validate(doc), schema.error_log

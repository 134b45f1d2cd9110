"""Who sees what on the organisation's desk, with named people."""

import pytest
from django.test import Client
from django.urls import reverse

from minka.organisation.tests.conftest import Desk

pytestmark = pytest.mark.django_db


def _pages(desk: Desk) -> dict[str, str]:
    org = desk.world.org.id
    p = desk.project.id
    period = f"?start={desk.first:%Y-%m-%d}&end={desk.last:%Y-%m-%d}"
    return {
        "desk": reverse("desk", args=[org]),
        "fair_pay": reverse("fair_pay", args=[org]),
        "project": reverse("project", args=[p]),
        "spending": reverse("spending_new", args=[p]),
        "summary": reverse("summary_edit", args=[p]),
        "iati": reverse("project_iati", args=[p]),
        "pdf": reverse("project_pdf", args=[p]) + period,
        "xlsx": reverse("project_xlsx", args=[p]) + period,
    }


def test_staff_of_the_organisation_opens_every_page(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.sofia)
    for name, url in _pages(desk).items():
        assert client.get(url).status_code == 200, name


def test_staff_of_another_organisation_sees_nothing(desk: Desk) -> None:
    client = desk.world.client_for(desk.olga)
    for name, url in _pages(desk).items():
        assert client.get(url).status_code == 404, name
    # ... while her own desk and project open.
    assert client.get(reverse("desk", args=[desk.other.id])).status_code == 200
    assert client.get(reverse("project", args=[desk.other_project.id])).status_code == 200


def test_sofia_does_not_see_the_other_organisations_project(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.sofia)
    assert client.get(reverse("desk", args=[desk.other.id])).status_code == 404
    assert client.get(reverse("project", args=[desk.other_project.id])).status_code == 404


def test_donor_reads_her_projects_reports_and_nothing_else(desk: Desk) -> None:
    client = desk.world.client_for(desk.dana)
    pages = _pages(desk)
    for name in ("project", "iati", "pdf", "xlsx"):
        assert client.get(pages[name]).status_code == 200, name
    for name in ("desk", "fair_pay", "spending", "summary"):
        assert client.get(pages[name]).status_code == 403, name
    assert client.get(reverse("project", args=[desk.other_project.id])).status_code == 404
    assert client.post(pages["spending"], {}).status_code == 403


def test_donor_never_sees_a_members_name_or_money(desk: Desk) -> None:
    client = desk.world.client_for(desk.dana)
    pages = _pages(desk)
    texts = [client.get(pages[n]).content.decode() for n in ("project", "iati")]
    for text in texts:
        for member in (desk.world.maria, desk.world.juana, desk.world.carmen):
            assert member.first_name not in text
            assert member.last_name not in text
    page = texts[0]
    # No breakdown row of fewer than three women: the earnings of Camacani's two earners
    # (María 2 x 45 + 30, Juana 45) are not shown by group...
    assert "Asociación Camacani 165.00" not in page
    # ...while staff see them.
    staff_page = desk.world.client_for(desk.world.sofia).get(pages["project"]).content.decode()
    assert "Asociación Camacani 165.00" in staff_page
    # Spending details (documents) are the organisation's books, for staff only.
    assert "Gastos" in staff_page


def test_coordinator_has_no_access_to_the_desk(desk: Desk) -> None:
    client = desk.world.client_for(desk.world.rosa)
    pages = _pages(desk)
    for name, url in pages.items():
        assert client.get(url).status_code == 403, name
    assert client.get(reverse("desk", args=[desk.other.id])).status_code == 404


def test_anonymous_is_sent_to_log_in(desk: Desk) -> None:
    client = Client()
    for name, url in _pages(desk).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]


def test_desk_home_sends_staff_to_her_desk_and_lists_a_donors_projects(desk: Desk) -> None:
    home = reverse("desk_home")
    response = desk.world.client_for(desk.world.sofia).get(home)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk", args=[desk.world.org.id])
    page = desk.world.client_for(desk.dana).get(home).content.decode()
    assert "Tejiendo futuro" in page
    assert "Huilloc" not in page


def test_home_links_staff_and_donors_to_the_desk(desk: Desk) -> None:
    link = reverse("desk_home")
    for user in (desk.world.sofia, desk.dana):
        assert link in desk.world.client_for(user).get(reverse("home")).content.decode()
    lucia_home = desk.world.client_for(desk.world.lucia).get(reverse("home"), follow=True)
    assert link not in lucia_home.content.decode()

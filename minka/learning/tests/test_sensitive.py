"""A sensitive training (rights, violence, reproductive health): who attended is seen by
the coordinator and by each woman for herself; every other role sees counts only, and
printed sheets, certificates and reports carry no names."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from minka.conftest import World
from minka.learning import indicators, summary
from minka.learning.models import Training, TrainingKind
from minka.learning.services import certificate_issue
from minka.learning.tests.helpers import TODAY, juana_user, training_with_sessions, url
from minka.ledger.tests.helpers import flat, pdf_text
from minka.members.access import group_access

MARIA = "María Quispe Mamani"
JUANA = "Juana Condori Apaza"
TOPIC = "Derechos y vida sin violencia"


@pytest.fixture
def sensitive(world: World) -> Training:
    """María and Juana attended both sessions; María has a certificate."""
    training, _s = training_with_sessions(
        world,
        sensitive=True,
        kind=TrainingKind.RIGHTS,
        topic=TOPIC,
        attendees=(world.maria, world.juana),
    )
    certificate_issue(training=training, member=world.maria, on=TODAY)
    return training


def page(world: World, user, name: str, *args: object) -> tuple[int, str]:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    response = world.client_for(user).get(url(world, name, *args))
    return response.status_code, response.content.decode()


def test_rosa_the_coordinator_sees_who_attended(world: World, sensitive: Training) -> None:
    status, html = page(world, world.rosa, "training_detail", sensitive.id)
    assert status == 200
    assert MARIA in html and JUANA in html


def test_maria_sees_her_own_attendance_and_not_juanas(world: World, sensitive: Training) -> None:
    status, html = page(world, world.maria_user, "training_detail", sensitive.id)
    assert status == 200
    assert MARIA in html and JUANA not in html
    assert '<span class="figure" data-testid="women">2</span>' in html  # a count, no names
    _s, mine = page(world, world.maria_user, "my_learning")
    # On her own pages, which someone at home may read, it is only "a workshop".
    assert "Taller" in mine and TOPIC not in mine


def test_juana_does_not_see_marias(world: World, sensitive: Training) -> None:
    juana = juana_user(world)
    status, html = page(world, juana, "training_detail", sensitive.id)
    assert status == 200
    assert JUANA in html and MARIA not in html
    certificate = sensitive.certificates.get()
    assert page(world, juana, "certificate_print", certificate.id)[0] == 404


def test_a_member_who_did_not_attend_cannot_open_it(world: World, sensitive: Training) -> None:
    carmen_user = juana_user(world)  # a member login; re-point it at Carmen
    carmen_user.group_roles.update(member=world.carmen)
    assert page(world, carmen_user, "training_detail", sensitive.id)[0] == 404


@pytest.mark.parametrize("who", ["teresa", "sofia"])
def test_treasurer_and_staff_see_counts_only(world: World, sensitive: Training, who: str) -> None:
    user = getattr(world, who)
    status, html = page(world, user, "training_detail", sensitive.id)
    assert status == 200
    assert MARIA not in html and JUANA not in html
    assert '<span class="figure" data-testid="women">2</span>' in html
    _s, listing = page(world, user, "training_list")
    assert TOPIC in listing and MARIA not in listing
    certificate = sensitive.certificates.get()
    assert page(world, user, "certificate_print", certificate.id)[0] == 404


def test_lucia_from_another_group_gets_404(world: World, sensitive: Training) -> None:
    assert page(world, world.lucia, "training_detail", sensitive.id)[0] == 404
    assert page(world, world.lucia, "training_list")[0] == 404
    session = sensitive.sessions.first()
    assert session is not None
    assert page(world, world.lucia, "session_sheet", session.id)[0] == 404


def test_the_public_gets_the_login_page(client, world: World, sensitive: Training) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    response = client.get(url(world, "training_detail", sensitive.id))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_printed_sheet_of_a_sensitive_session_has_no_names(
    world: World, sensitive: Training
) -> None:
    session = sensitive.sessions.first()
    assert session is not None
    response = world.client_for(world.rosa).get(url(world, "session_sheet", session.id))
    text = flat(pdf_text(response.content))
    assert "Tema reservado: esta hoja no lleva nombres impresos" in text
    assert "María" not in text and "Juana" not in text and "Carmen" not in text
    assert "20" in text.split()  # numbered blank lines


def test_the_printed_sheet_of_an_ordinary_session_lists_the_members(world: World) -> None:
    _t, sessions = training_with_sessions(world, sessions=1)
    response = world.client_for(world.rosa).get(url(world, "session_sheet", sessions[0].id))
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "HOJA DE ASISTENCIA" in text and "Firma o huella digital" in text
    for name in (MARIA, JUANA, "Carmen Huanca Ccama"):
        assert name in text
    assert "Eulalia" not in text  # Juli's member


def test_her_certificate_prints_for_her_and_for_rosa(world: World, sensitive: Training) -> None:
    certificate = sensitive.certificates.get()
    for user in (world.maria_user, world.rosa):
        response = world.client_for(user).get(url(world, "certificate_print", certificate.id))
        assert response.status_code == 200
        text = flat(pdf_text(response.content))
        assert "CERTIFICADO" in text and MARIA in text
        # Her own copy names it as her pages do ("Taller") until she chooses otherwise.
        assert (TOPIC in text) == (user == world.rosa)
    maria = world.client_for(world.maria_user)
    maria.post(url(world, "my_training_names"), {"show_names": "on"})
    response = maria.get(url(world, "certificate_print", certificate.id))
    assert TOPIC in flat(pdf_text(response.content))


def test_her_page_summary_hides_sensitive_trainings_from_others(
    world: World, sensitive: Training
) -> None:
    ordinary, _s = training_with_sessions(world, topic="Teñido natural", attendees=(world.maria,))
    juana = juana_user(world)

    def topics(user) -> set[str]:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
        access = group_access(user, world.camacani.id)
        learning = summary.member_summary(world.maria, access)
        html = render_to_string(
            "learning/_member_summary.html",
            {"learning": learning},
            request=RequestFactory().get("/"),
        )
        shown = {line.training.topic for line in learning.trainings}
        assert TOPIC not in html, "her page names a private training only as a workshop"
        assert ("Taller" in html) == (TOPIC in shown)
        return shown

    assert topics(world.maria_user) == {TOPIC, "Teñido natural"}
    assert topics(world.rosa) == {TOPIC, "Teñido natural"}
    for user in (world.teresa, world.sofia, juana):
        assert topics(user) == {"Teñido natural"}
    access = group_access(world.teresa, world.camacani.id)
    assert summary.member_summary(world.maria, access).certificate_count == 0
    assert ordinary.sensitive is False


def test_indicators_count_sensitive_trainings_without_names(
    world: World, sensitive: Training
) -> None:
    figures = indicators.training_figures(world.camacani, TODAY - timedelta(days=30), TODAY)
    rights = next(row for row in figures.by_kind if row.kind == TrainingKind.RIGHTS)
    assert rights.women == 2
    assert figures.women_trained == 2
    html = render_to_string("learning/_impact.html", {"training": figures})
    assert "Derechos" in html
    assert "María" not in html and "Juana" not in html and TOPIC not in html


def test_the_csv_export_rows_carry_counts_only(world: World, sensitive: Training) -> None:
    context = indicators.impact_context(world.camacani, TODAY - timedelta(days=30), TODAY)
    rows = indicators.csv_rows(context["training"])  # type: ignore[arg-type]  # the context dict holds mixed values
    assert ["Derechos", "2", "0", "12.0"] in rows  # 2 women x 2 sessions x 3 hours
    flat_rows = " ".join(" ".join(r) for r in rows)
    assert "María" not in flat_rows and "Juana" not in flat_rows and TOPIC not in flat_rows

"""The executive committee: terms that never overlap, one holder per post, the history of
posts, and a rotation planner whose proposal is deterministic and explained."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from minka.conftest import World
from minka.governance import indicators, services, summary
from minka.governance.models import MeetingKind, Post, PostHolding, Term
from minka.governance.tests.helpers import TODAY, d, url
from minka.members.access import group_access
from minka.members.models import Member, MemberStatus


@pytest.fixture
def history(world: World) -> dict[str, Term]:
    """Juana was presidenta long ago, María more recently; Carmen never held a post."""
    old = services.term_create(
        group=world.camacani, starts_on=date(2020, 1, 1), ends_on=date(2021, 12, 31)
    )
    recent = services.term_create(
        group=world.camacani, starts_on=date(2022, 1, 1), ends_on=date(2023, 12, 31)
    )
    services.post_assign(term=old, post=Post.PRESIDENT, member=world.juana)
    services.post_assign(term=recent, post=Post.PRESIDENT, member=world.maria)
    return {"old": old, "recent": recent}


def test_rosa_creates_a_term_and_assigns_posts(world: World) -> None:
    rosa = world.client_for(world.rosa)
    response = rosa.post(
        url(world, "term_create"),
        {"starts_on": d(TODAY), "ends_on": d(TODAY + timedelta(days=730))},
    )
    assert response.status_code == 302
    term = Term.objects.get()
    rosa.post(
        url(world, "post_assign", term.id), {"post": "president", "member": str(world.carmen.id)}
    )
    rosa.post(
        url(world, "post_assign", term.id), {"post": "treasurer", "member": str(world.maria.id)}
    )
    html = rosa.get(url(world, "committee")).content.decode()
    assert "<tr><th>Presidenta</th><td>Carmen Huanca Ccama</td></tr>" in html
    assert "<tr><th>Tesorera</th><td>María Quispe Mamani</td></tr>" in html
    assert "2 de 3 socias activas ya tuvieron un cargo" in html


def test_a_second_holder_of_one_post_in_one_term_is_refused(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    before = PostHolding.objects.count()
    response = world.client_for(world.rosa).post(
        url(world, "post_assign", history["recent"].id),
        {"post": "president", "member": str(world.carmen.id)},
        follow=True,
    )
    assert (
        "El cargo de Presidenta ya lo tiene María Quispe Mamani en este periodo."
        in response.content.decode()
    )
    assert PostHolding.objects.count() == before


def test_one_member_cannot_hold_two_posts_in_one_term(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    response = world.client_for(world.rosa).post(
        url(world, "post_assign", history["recent"].id),
        {"post": "vocal", "member": str(world.maria.id)},
        follow=True,
    )
    assert "María Quispe Mamani ya es Presidenta en este periodo." in response.content.decode()
    assert PostHolding.objects.count() == 2


def test_a_term_that_overlaps_is_refused(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    response = world.client_for(world.rosa).post(
        url(world, "term_create"),
        {"starts_on": "01/06/2023", "ends_on": "31/05/2025"},
        follow=True,
    )
    assert (
        "Este periodo se cruza con el periodo del 01/01/2022 al 31/12/2023."
        in response.content.decode()
    )
    assert Term.objects.count() == 2


def test_a_post_for_someone_of_another_group_is_refused(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    response = world.client_for(world.rosa).post(
        url(world, "post_assign", history["recent"].id),
        {"post": "vocal", "member": str(world.juli_member.id)},
        follow=True,
    )
    assert "Esa persona no es socia de este grupo." in response.content.decode()
    assert PostHolding.objects.count() == 2


def test_the_rotation_planner_proposes_and_explains(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    newcomer = Member.objects.create(
        group=world.camacani, number=4, first_name="Rufina", last_name="Mamani"
    )
    Member.objects.create(
        group=world.camacani,
        number=5,
        first_name="Inés",
        last_name="Apaza",
        status=MemberStatus.LEFT,
    )
    plan = services.rotation_plan(group=world.camacani, today=TODAY)
    assert [c.member.first_name for c in plan] == ["Carmen", "Rufina", "Juana", "María"]
    assert [c.reason for c in plan] == [
        "Nunca tuvo un cargo.",
        "Nunca tuvo un cargo.",
        "Su último cargo terminó el 31/12/2021 (1 cargos en total).",
        "Su último cargo terminó el 31/12/2023 (1 cargos en total).",
    ]
    assert newcomer in [c.member for c in plan]
    assert services.rotation_plan(group=world.camacani, today=TODAY) == plan
    html = world.client_for(world.rosa).get(url(world, "committee")).content.decode()
    assert "Inés" not in html.split("Propuesta para el próximo periodo")[1].split("Historia")[0]
    assert html.index("Carmen Huanca Ccama</strong>") < html.index("Juana Condori Apaza</strong>")


def test_the_planner_breaks_ties_by_member_number(world: World) -> None:
    term = services.term_create(
        group=world.camacani, starts_on=date(2022, 1, 1), ends_on=date(2023, 12, 31)
    )
    services.post_assign(term=term, post=Post.SECRETARY, member=world.carmen)
    services.post_assign(term=term, post=Post.PRESIDENT, member=world.juana)
    services.post_assign(term=term, post=Post.AUDITOR, member=world.maria)
    plan = services.rotation_plan(group=world.camacani, today=TODAY)
    assert [c.member.number for c in plan] == [1, 2, 3]


def test_the_history_of_every_post_is_shown(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    html = world.client_for(world.teresa).get(url(world, "committee")).content.decode()
    part = html.split("Historia de los cargos")[1]
    assert part.index("del 01/01/2022 al 31/12/2023: María Quispe Mamani") < part.index(
        "del 01/01/2020 al 31/12/2021: Juana Condori Apaza"
    )


def test_her_page_summary_counts_meetings_and_posts(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    for present in ((world.maria,), (world.juana,), (world.maria, world.juana)):
        m = services.meeting_create(group=world.camacani, kind=MeetingKind.WEEKLY, held_on=TODAY)
        services.meeting_attendance_record(meeting=m, members=list(present))
    access = group_access(world.maria_user, world.camacani.id)
    governance = summary.member_summary(world.maria, access)
    assert (governance.meetings_attended, governance.meetings_held) == (2, 3)
    assert [h.get_post_display() for h in governance.posts] == ["Presidenta"]
    html = render_to_string(
        "governance/_member_summary.html",
        {"governance": governance},
        request=RequestFactory().get("/"),
    )
    assert 'data-testid="meetings">2 / 3</span>' in html
    assert "Presidenta · del 01/01/2022 al 31/12/2023" in html


def test_indicators(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    for present in ((world.maria,), (world.maria, world.juana, world.carmen)):
        m = services.meeting_create(group=world.camacani, kind=MeetingKind.WEEKLY, held_on=TODAY)
        services.meeting_attendance_record(meeting=m, members=list(present))
    p = indicators.participation(world.camacani, TODAY - timedelta(days=30), TODAY)
    assert (p.meetings, p.attendances, p.expected, str(p.percent)) == (2, 4, 6, "66.7")
    share = indicators.ever_held_share(world.camacani)
    assert (share.active_who_led, share.active, str(share.percent)) == (2, 3, "66.7")
    Member.objects.filter(pk=world.carmen.pk).tracked_update(joined_on=TODAY - timedelta(days=400))
    Member.objects.filter(pk=world.juana.pk).tracked_update(
        joined_on=TODAY - timedelta(days=400), status=MemberStatus.LEFT
    )
    Member.objects.filter(pk=world.maria.pk).tracked_update(joined_on=TODAY - timedelta(days=200))
    six, twelve = indicators.retention(world.camacani, TODAY)
    assert (six.joined, six.retained) == (3, 2)  # Juana left, with no date: gone from the start
    assert (twelve.joined, twelve.retained) == (2, 1)
    # Juana left 300 days after joining: she counts at 6 months, not at 12.
    Member.objects.filter(pk=world.juana.pk).tracked_update(left_on=TODAY - timedelta(days=100))
    six, twelve = indicators.retention(world.camacani, TODAY)
    assert (six.joined, six.retained) == (3, 3)
    assert (twelve.joined, twelve.retained) == (2, 1)
    # Carmen is only inactive (resting a season): still a member.
    Member.objects.filter(pk=world.carmen.pk).tracked_update(status=MemberStatus.INACTIVE)
    assert indicators.retention(world.camacani, TODAY)[1].retained == 1
    html = render_to_string(
        "governance/_impact.html",
        {
            "participation": p,
            "leadership": indicators.ever_held_share(world.camacani),
            "retention": [six, twelve],
        },
    )
    assert "66.7 %" in html and "Siguen activas a los 12 meses" in html
    assert "María" not in html


def test_csv_rows_of_the_indicators(world: World, history) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    context = indicators.impact_context(world.camacani, TODAY - timedelta(days=30), TODAY, TODAY)
    rows = indicators.csv_rows(**context)  # type: ignore[arg-type]  # the context dict holds mixed values
    assert rows[2] == ["Socias activas que tuvieron un cargo", "66.7", "2/3"]
    assert rows[1] == ["Participación en reuniones", "", "0/0"]  # no meeting yet
    assert [r[0] for r in rows[3:]] == [
        "Siguen activas a los 6 meses",
        "Siguen activas a los 12 meses",
    ]


def test_the_committee_page_runs_the_same_queries_for_few_or_many(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rosa = world.client_for(world.rosa)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert rosa.get(url(world, "committee")).status_code == 200
        return len(ctx.captured_queries)

    term = services.term_create(
        group=world.camacani, starts_on=date(2010, 1, 1), ends_on=date(2011, 12, 31)
    )
    services.post_assign(term=term, post=Post.PRESIDENT, member=world.maria)
    few = queries()
    for year in range(2012, 2024, 2):
        t = services.term_create(
            group=world.camacani, starts_on=date(year, 1, 1), ends_on=date(year + 1, 12, 31)
        )
        for post, member in zip(Post, (world.maria, world.juana, world.carmen), strict=False):
            services.post_assign(term=t, post=post, member=member)
    assert queries() == few

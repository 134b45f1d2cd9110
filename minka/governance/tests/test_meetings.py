"""Meetings and assemblies through the web: attendance, agreements, votes with quorum,
fines for absence written to the ledger (exact, reversible, never doubled)."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minka.conftest import World
from minka.governance import services
from minka.governance.models import Agreement, Meeting, MeetingAttendance, MeetingKind, Vote
from minka.governance.tests.helpers import TODAY, d, url
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import member_balance
from minka.members.models import Member


def _assembly(world: World, present: tuple[Member, ...]) -> Meeting:
    meeting = services.meeting_create(
        group=world.camacani, kind=MeetingKind.ASSEMBLY, held_on=TODAY, agenda="Elecciones"
    )
    services.meeting_attendance_record(meeting=meeting, members=list(present))
    return meeting


def test_rosa_holds_a_weekly_meeting_with_attendance_and_an_agreement(world: World) -> None:
    rosa = world.client_for(world.rosa)
    response = rosa.post(
        url(world, "meeting_create"),
        {"kind": "weekly", "held_on": d(TODAY), "agenda": "Pedido de chompas", "minutes": ""},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.expected == 3  # María, Juana, Carmen are active
    response = rosa.post(
        url(world, "meeting_attendance", meeting.id),
        {"members": [str(world.maria.id), str(world.juana.id)]},
    )
    assert response.status_code == 302
    rosa.post(
        url(world, "agreement_create", meeting.id),
        {
            "text": "Comprar hilo crudo",
            "responsible": str(world.juana.id),
            "due_on": d(TODAY + timedelta(days=7)),
        },
    )
    agreement = Agreement.objects.get()
    assert agreement.responsible == world.juana
    html = rosa.get(url(world, "meeting_detail", meeting.id)).content.decode()
    assert "Comprar hilo crudo" in html and "Juana Condori Apaza" in html
    assert '<span class="figure" data-testid="present">2</span>' in html
    sheet = rosa.get(url(world, "meeting_sheet", meeting.id))
    from minka.ledger.tests.helpers import flat, pdf_text

    text = flat(pdf_text(sheet.content))
    assert "HOJA DE ASISTENCIA" in text and "Carmen Huanca Ccama" in text
    assert "Reunión semanal del" in text


def test_attendance_of_someone_not_in_the_group_is_refused(world: World) -> None:
    meeting = _assembly(world, (world.maria,))
    response = world.client_for(world.rosa).post(
        url(world, "meeting_attendance", meeting.id),
        {"members": [str(world.juana.id), str(world.juli_member.id)]},
    )
    assert response.status_code == 400
    assert "Esa persona no es socia de este grupo." in response.content.decode()
    assert list(MeetingAttendance.objects.values_list("member_id", flat=True)) == [world.maria.id]


def test_an_agreement_due_before_the_meeting_is_refused(world: World) -> None:
    meeting = _assembly(world, (world.maria,))
    response = world.client_for(world.rosa).post(
        url(world, "agreement_create", meeting.id),
        {"text": "X", "responsible": str(world.maria.id), "due_on": d(TODAY - timedelta(days=1))},
        follow=True,
    )
    assert "El plazo no puede ser anterior a la reunión." in response.content.decode()
    assert Agreement.objects.count() == 0


def test_a_vote_at_an_assembly_without_quorum_is_refused(world: World) -> None:
    meeting = _assembly(world, (world.maria,))  # 1 of 3: more than half needs 2
    rosa = world.client_for(world.rosa)
    html = rosa.get(url(world, "meeting_detail", meeting.id)).content.decode()
    assert "Sin quórum" in html
    response = rosa.post(
        url(world, "vote_create", meeting.id),
        {"question": "Nueva presidenta", "yes": "1", "no": "0", "abstain": "0"},
        follow=True,
    )
    assert (
        "No hay quórum: asistieron 1 de 3 socias activas y se necesitan 2. La votación no vale."
        in response.content.decode()
    )
    assert Vote.objects.count() == 0
    services.meeting_attendance_record(meeting=meeting, members=[world.maria, world.juana])
    response = rosa.post(
        url(world, "vote_create", meeting.id),
        {"question": "Nueva presidenta", "yes": "2", "no": "0", "abstain": "0"},
        follow=True,
    )
    assert "Hay quórum" in response.content.decode()
    assert Vote.objects.get().approved
    # more votes than people present
    rosa.post(
        url(world, "vote_create", meeting.id),
        {"question": "Otra", "yes": "2", "no": "1", "abstain": "0"},
    )
    assert Vote.objects.count() == 1


def test_the_quorum_rule_of_the_group_is_used(world: World) -> None:
    world.client_for(world.rosa).post(
        url(world, "group_rules"), {"fine_per_absence": "0", "quorum_percent": "67"}
    )
    meeting = _assembly(world, (world.maria, world.juana))  # 2 of 3 (66.7 %) is not more than 67 %
    assert not services.quorum(meeting).reached
    assert services.quorum(meeting).needed == 3


def test_fines_for_absence_go_to_the_ledger_are_reversible_and_not_doubled(
    world: World,
) -> None:
    rosa = world.client_for(world.rosa)
    meeting = _assembly(world, (world.maria,))
    response = rosa.post(url(world, "meeting_fines", meeting.id), follow=True)
    assert "Las reglas del grupo no ponen multa por faltar." in response.content.decode()
    assert LedgerEntry.objects.count() == 0

    rosa.post(url(world, "group_rules"), {"fine_per_absence": "5.50", "quorum_percent": "50"})
    response = rosa.post(url(world, "meeting_fines", meeting.id), follow=True)
    assert "Multas registradas: 2 socias, S/ 11.00 en total." in response.content.decode()
    fines = LedgerEntry.objects.filter(kind=EntryKind.FINE).order_by("member__number")
    assert [(f.member, f.amount) for f in fines] == [
        (world.juana, Decimal("-5.50")),
        (world.carmen, Decimal("-5.50")),
    ]
    assert member_balance(world.juana) == Decimal("-5.50")
    assert member_balance(world.maria) == Decimal("0")

    rosa.post(url(world, "meeting_fines", meeting.id))  # again: nothing new
    assert LedgerEntry.objects.filter(kind=EntryKind.FINE).count() == 2

    # the treasurer sees the fines, and the fine in Juana's account
    teresa = world.client_for(world.teresa)
    html = teresa.get(url(world, "meeting_detail", meeting.id)).content.decode()
    assert "Multa por faltar a la asamblea del" in html
    statement = teresa.get(url(world, "member_statement", world.juana.id)).content.decode()
    assert "Multa por faltar a la asamblea del" in statement

    # Juana was excused: the treasurer reverses her fine
    juana_fine = fines[0]
    response = teresa.post(
        url(world, "entry_reverse", juana_fine.id), {"reason": "Justificó su falta"}
    )
    assert response.status_code == 302
    assert member_balance(world.juana) == Decimal("0")
    rosa.post(url(world, "meeting_fines", meeting.id))  # not fined again after reversal
    assert member_balance(world.juana) == Decimal("0")
    assert LedgerEntry.objects.filter(kind=EntryKind.FINE).count() == 2

    # once fined, attendance is closed: corrections go through the ledger
    response = rosa.post(
        url(world, "meeting_attendance", meeting.id),
        {"members": [str(world.maria.id), str(world.carmen.id)]},
    )
    assert response.status_code == 400
    assert MeetingAttendance.objects.count() == 1


def test_a_weekly_meeting_is_never_fined(world: World) -> None:
    services.rules_set(group=world.camacani, fine_per_absence=Decimal("5"), quorum_percent=50)
    meeting = services.meeting_create(group=world.camacani, kind="weekly", held_on=TODAY)
    response = world.client_for(world.rosa).post(
        url(world, "meeting_fines", meeting.id), follow=True
    )
    assert "Solo se multa la falta a una asamblea." in response.content.decode()
    assert LedgerEntry.objects.count() == 0


def test_who_may_see_and_do_what(world: World) -> None:
    meeting = _assembly(world, (world.maria,))
    teresa = world.client_for(world.teresa)
    assert teresa.get(url(world, "meeting_detail", meeting.id)).status_code == 200
    assert teresa.post(url(world, "meeting_fines", meeting.id)).status_code == 403
    assert teresa.get(url(world, "meeting_create")).status_code == 403
    assert world.client_for(world.sofia).get(url(world, "meeting_list")).status_code == 200
    maria = world.client_for(world.maria_user)
    assert maria.get(url(world, "meeting_list")).status_code == 302
    assert maria.get(url(world, "meeting_detail", meeting.id)).status_code == 403
    lucia = world.client_for(world.lucia)
    for name, args in (
        ("meeting_list", ()),
        ("meeting_detail", (meeting.id,)),
        ("meeting_sheet", (meeting.id,)),
        ("committee", ()),
    ):
        assert lucia.get(url(world, name, *args)).status_code == 404, name


def _queries(client, path: str) -> int:  # type: ignore[no-untyped-def]  # pytest fixtures are passed untyped
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_meeting_list_runs_the_same_queries_for_few_or_many(world: World) -> None:
    rosa = world.client_for(world.rosa)
    _assembly(world, (world.maria,))
    few = _queries(rosa, url(world, "meeting_list"))
    for _i in range(10):
        _assembly(world, (world.maria, world.juana))
    assert _queries(rosa, url(world, "meeting_list")) == few

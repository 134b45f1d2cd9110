"""Her statement is kept rendered between visits (minka/portal/kept.py), and still shows
every write at once: a new earning, a payout, a reversal, a meeting, a review, a
recording, her language. Who sees it is checked, and logged, on every visit.

Named people: maria (member), rosa (coordinator), teresa (treasurer, Quechua translator),
lucia (another group), sofia (staff), juana (another Camacani member).
"""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.governance.services import meeting_create
from minka.languages.catalog import drafts, sources
from minka.languages.models import Translator
from minka.languages.views import entry_key
from minka.learning.models import TrainingKind
from minka.learning.tests.helpers import training_with_sessions
from minka.ledger.models import LedgerEntry
from minka.ledger.services import earning_add
from minka.members.models import AccessLogEntry
from minka.portal.kept import reading

TODAY = timezone.localdate()
TONE = (Path(__file__).parents[2] / "languages" / "tests" / "data" / "tone.webm").read_bytes()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def statement(world: World) -> str:
    return reverse("member_statement", args=[world.camacani.id, world.maria.id])


def balance(html: str) -> str:
    found = re.search(r'data-testid="balance">([^<]*?) ?<', html)
    assert found is not None
    return found.group(1).strip()


def visit(client: Client, world: World) -> tuple[str, int]:
    """Her page and how many queries it took."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(statement(world))
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def earn(world: World, amount: str, what: str) -> LedgerEntry:
    return earning_add(
        member=world.maria,
        quantity=1,
        unit_amount=Decimal(amount),
        description=what,
        entry_date=TODAY,
    )


def test_her_money_changes_at_once_after_an_earning_a_payout_and_a_reversal(world: World):
    earn(world, "90.00", "Chompa trenzada")
    maria = world.client_for(world.maria_user)
    drawn, drawn_queries = visit(maria, world)
    kept, kept_queries = visit(maria, world)
    assert balance(drawn) == balance(kept) == "S/ 90.00"
    assert kept_queries < drawn_queries  # the second visit was served as kept

    wrong = earn(world, "45.00", "Chalina")  # a service writes, her page shows it
    assert balance(visit(maria, world)[0]) == "S/ 135.00"

    teresa = world.client_for(world.teresa)
    paid = teresa.post(
        reverse("payout_create", args=[world.camacani.id, world.maria.id]),
        {"amount": "100.00", "paid_on": TODAY.strftime("%d/%m/%Y"), "method": "cash"},
    )
    assert paid.status_code == 302
    html = visit(maria, world)[0]
    assert balance(html) == "S/ 35.00" and re.search(r"Recibió\s+S/ 100\.00", html)

    reversed_ = teresa.post(
        reverse("entry_reverse", args=[world.camacani.id, wrong.id]), {"reason": "Error"}
    )
    assert reversed_.status_code == 302
    html = visit(maria, world)[0]
    # 90 + 45 - 100 - 45: she now owes S/ 10.00, and the corrected line says so.
    assert balance(html) == "S/ 10.00" and "debe (adelanto)" in html
    assert "(corregido)" in html


def test_the_next_meeting_and_pay_day_show_at_once(world: World):
    maria = world.client_for(world.maria_user)
    visit(maria, world)
    assert 'data-testid="next-meeting"' not in visit(maria, world)[0]
    meeting_create(group=world.camacani, kind="assembly", held_on=TODAY + timedelta(days=6))
    assert 'data-testid="next-meeting"' in visit(maria, world)[0]
    day = TODAY + timedelta(days=9)
    world.client_for(world.teresa).post(
        reverse("pay_day", args=[world.camacani.id]), {"next_on": day.strftime("%d/%m/%Y")}
    )
    assert f'data-testid="pay-day">{day.strftime("%d/%m/%Y")}' in visit(maria, world)[0]


def test_every_visit_by_someone_else_is_logged_and_hers_are_not(world: World):
    earn(world, "90.00", "Chompa trenzada")
    rosa = world.client_for(world.rosa)
    for _ in range(3):
        assert balance(visit(rosa, world)[0]) == "S/ 90.00"
    logged = AccessLogEntry.objects.filter(member=world.maria, user=world.rosa)
    assert logged.count() == 3  # the kept page is logged like a drawn one
    maria = world.client_for(world.maria_user)
    visit(maria, world)
    visit(maria, world)
    assert not AccessLogEntry.objects.filter(user=world.maria_user).exists()


def test_who_may_see_it_is_asked_on_every_visit(world: World):
    earn(world, "90.00", "Chompa trenzada")
    visit(world.client_for(world.rosa), world)  # kept now
    assert world.client_for(world.lucia).get(statement(world)).status_code == 404
    juana = reverse("member_statement", args=[world.camacani.id, world.juana.id])
    assert world.client_for(world.maria_user).get(juana).status_code == 404


def test_each_viewer_sees_her_own_buttons(world: World):
    earn(world, "90.00", "Chompa trenzada")
    pay = reverse("payout_create", args=[world.camacani.id, world.maria.id])
    yarn = reverse("material_move_create", args=[world.camacani.id, world.maria.id])
    for _ in range(2):  # drawn, then kept
        assert pay in visit(world.client_for(world.teresa), world)[0]
        rosa = visit(world.client_for(world.rosa), world)[0]
        assert pay not in rosa and yarn in rosa
        sofia = visit(world.client_for(world.sofia), world)[0]
        assert pay not in sofia and yarn not in sofia
        maria = visit(world.client_for(world.maria_user), world)[0]
        assert pay not in maria and "S/ 90.00" in maria


def test_her_language_a_review_and_a_recording_show_at_once(world: World):
    maria = world.client_for(world.maria_user)
    visit(maria, world)
    assert "Mi dinero" in visit(maria, world)[0]
    maria.post("/i18n/setlang/", {"language": "qu", "next": "/"})
    html = visit(maria, world)[0]
    assert 'lang="qu"' in html and "Qullqiy" in html and "Mi dinero" not in html

    Translator.objects.create(group=world.camacani, user=world.teresa, language="qu")
    teresa = world.client_for(world.teresa)
    entry = next(e for e in drafts("qu") if e.msgid == "Mi dinero")
    approved = teresa.post(
        reverse("translation_list", args=[world.camacani.id, "qu"]),
        {"key": entry_key(entry), "text": "Qullqiyqa"},
    )
    assert approved.status_code == 302
    assert "Qullqiyqa" in visit(maria, world)[0]

    assert "<audio" not in visit(maria, world)[0]
    said = next(e for e in sources("qu") if e.msgid == "Mi dinero")
    recorded = teresa.post(
        reverse("translation_record", args=[world.camacani.id, "qu"]),
        {"key": entry_key(said), "audio": SimpleUploadedFile("t.webm", TONE, "audio/webm")},
    )
    assert recorded.status_code == 302
    for _ in range(2):  # drawn, then kept: the button and the player script both times
        html = visit(maria, world)[0]
        assert "<audio" in html and "speak.js" in html


def test_the_kept_page_carries_this_visits_csrf_token(world: World):
    # A private training puts a form on her own page: "show their names".
    training_with_sessions(
        world, topic="Vida sin violencia", kind=TrainingKind.RIGHTS, sensitive=True,
        attendees=(world.maria,),
    )  # fmt: skip
    choose = reverse("my_training_names", args=[world.camacani.id])
    for _ in range(2):  # the first phone draws her page, the second gets it as kept
        phone = Client(enforce_csrf_checks=True)
        phone.force_login(world.maria_user)
        html = phone.get(statement(world)).content.decode()
        form = html[html.index(f'action="{choose}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None
        answer = phone.post(choose, {"show_names": "on", "csrfmiddlewaretoken": token[1]})
        assert answer.status_code == 302
        phone.post(choose, {"show_names": "", "csrfmiddlewaretoken": token[1]})


def test_a_message_is_shown_once_and_never_kept(world: World):
    entry = earn(world, "90.00", "Chompa trenzada")
    teresa = world.client_for(world.teresa)  # the treasurer corrects it
    visit(teresa, world)  # kept now
    done = "Corrección registrada"
    page = teresa.post(
        reverse("entry_reverse", args=[world.camacani.id, entry.id]),
        {"reason": "Contada dos veces"},
        follow=True,
    )
    assert done in page.content.decode() and balance(page.content.decode()) == "S/ 0.00"
    for _ in range(2):  # the page after the message has the same data: it is kept now
        html = visit(teresa, world)[0]
        assert done not in html and balance(html) == "S/ 0.00"


def test_her_menu_shows_the_translations_she_reviews_at_once(world: World):
    maria = world.client_for(world.maria_user)
    link = reverse("translation_home", args=[world.camacani.id])
    visit(maria, world)
    assert link not in visit(maria, world)[0]  # kept
    # Reviewers don't travel between servers, so no change is logged for this one.
    Translator.objects.create(group=world.camacani, user=world.maria_user, language="qu")
    assert link in visit(maria, world)[0]


def test_her_kept_page_reads_the_newest_change_past_the_looks_from_its_index(world: World):
    """Every look by the coordinator logs a change that her page skips: read from the
    partial index of the changes a page may show, not by stepping back past each look."""
    rosa = world.client_for(world.rosa)
    for _ in range(3):
        assert rosa.get(statement(world)).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        reading(world.camacani.id, world.maria_user.id)
    (query,) = ctx.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's tables are tiny: without this a sequential scan costs least. (With
            # them tiny, PostgreSQL takes this index for the old query too; on the
            # federation's 23,000 changes it walked the primary key back, 1.6 ms against
            # 0.08. SQLite tells the two apart here.)
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + query["sql"])
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    # Once for her group's changes, once for the changes of no group.
    assert plan.count("sync_change_shown_idx") == 2, plan

"""Her consent, her data, referrals without a case file, and the access log.

Named people: rosa coordinates Camacani, teresa is its treasurer, maria a member, sofia
staff of the organisation, lucia coordinates Juli (an outsider to Camacani).
"""

import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import models
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from minka.conftest import World
from minka.ledger.services import entry_add, member_balance
from minka.lib.models import AppendOnlyError
from minka.members.models import AccessLogEntry, Action, Member
from minka.privacy.models import Consent, Purpose, Referral, SupportService
from minka.privacy.selectors import has_consent, seen_by
from minka.privacy.services import companion_set

TODAY = timezone.localdate().strftime("%d/%m/%Y")


def url(name: str, world: World, *args: object) -> str:
    return reverse(name, args=[world.camacani.id, *args])


def consent_post(world: World, client: Client, **change: str):
    data = {
        "purpose": "catalogue",
        "given": "yes",
        "method": "thumbprint",
        "witness": "",
        "decided_on": TODAY,
    }
    data.update(change)
    return client.post(url("member_privacy", world, world.maria.id), data)


def test_no_consent_means_the_narrowest_use(world: World) -> None:
    for purpose in Purpose.values:
        assert not has_consent(world.maria, purpose)


def test_rosa_records_maria_s_consent_and_its_withdrawal(world: World) -> None:
    rosa = world.client_for(world.rosa)
    assert consent_post(world, rosa).status_code == 302
    assert has_consent(world.maria, Purpose.CATALOGUE)
    assert not has_consent(world.maria, Purpose.SMS)
    assert consent_post(world, rosa, given="no").status_code == 302
    assert not has_consent(world.maria, Purpose.CATALOGUE), "withdrawal works at once"
    assert Consent.objects.filter(member=world.maria).count() == 2, "history is kept"
    logged = AccessLogEntry.objects.filter(action=Action.CONSENT, member=world.maria)
    assert logged.count() == 2 and logged.first().user == world.rosa  # type: ignore[union-attr]  # the count above shows there is a first


def test_a_spoken_consent_needs_a_witness_and_a_real_date(world: World) -> None:
    rosa = world.client_for(world.rosa)
    page = consent_post(world, rosa, method="spoken")
    assert "testigo" in page.content.decode()
    page = consent_post(world, rosa, decided_on="01/01/2099")
    assert "futura" in page.content.decode()
    page = consent_post(world, rosa, purpose="everything", given="maybe")
    assert page.status_code == 200
    assert not Consent.objects.exists()


def test_only_the_coordinator_records_consent(world: World) -> None:
    page = url("member_privacy", world, world.maria.id)
    assert world.client_for(world.teresa).get(page).status_code == 403
    assert world.client_for(world.maria_user).get(page).status_code == 403
    assert world.client_for(world.lucia).get(page).status_code == 404
    assert Client().get(page).status_code == 302


def test_consents_cannot_be_edited_or_deleted(world: World) -> None:
    consent_post(world, world.client_for(world.rosa))
    consent = Consent.objects.get()
    consent.given = False
    with pytest.raises(AppendOnlyError):
        consent.save()
    with pytest.raises(AppendOnlyError):
        Consent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().update(detail="")


def test_her_data_comes_out_whole_as_json(world: World) -> None:
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("45.00"),
        entry_date=timezone.localdate(),
        description="Chompa, grado A",
    )
    rosa = world.client_for(world.rosa)
    response = rosa.get(url("member_export_json", world, world.maria.id))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["member"]["first_name"] == world.maria.first_name
    assert data["records"]["ledger.LedgerEntry"][0]["amount"] == "45.00"
    assert "members.Skill" in data["records"]
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, user=world.rosa).exists()
    # Nothing of another member is in it.
    assert world.juana.first_name not in response.content.decode()


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext is installed by scripts/test"
)
def test_her_data_as_a_document_she_can_read(world: World, tmp_path) -> None:
    response = world.client_for(world.rosa).get(url("member_export_pdf", world, world.maria.id))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert world.maria.full_name in text and "Lo que usted aceptó" in text


def test_referrals_are_not_in_the_export_that_goes_home(world: World) -> None:
    companion_set(
        group=world.camacani, user=world.rosa, trained_on=timezone.localdate(), by=world.sofia
    )
    rosa = world.client_for(world.rosa)
    line = SupportService.objects.get(phone="100")
    rosa.post(
        url("referral_list", world),
        {
            "member": world.maria.id,
            "service": line.id,
            "referred_on": TODAY,
            "consent_method": "spoken",
            "consent_given": "on",
        },
    )
    assert Referral.objects.count() == 1
    data = json.loads(rosa.get(url("member_export_json", world, world.maria.id)).content)
    assert "privacy.Referral" not in data["records"]
    assert data["left_out"] == {"privacy.Referral": 1}


def test_anonymising_keeps_her_money_and_work_as_numbers(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("90.00"),
        entry_date=timezone.localdate(),
        description="Dos chompas",
    )
    before = member_balance(world.maria)
    rosa = world.client_for(world.rosa)
    wrong = rosa.post(url("member_anonymise", world, world.maria.id), {"number": "999"})
    assert wrong.status_code == 302
    world.maria.refresh_from_db()
    assert world.maria.first_name != "Socia", "a wrong confirmation changes nothing"
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = rosa.post(
            url("member_anonymise", world, world.maria.id), {"number": str(world.maria.number)}
        )
    assert done.status_code == 302
    maria = Member.objects.get(pk=world.maria.pk)
    assert maria.first_name == "Socia" and maria.phone == "" and maria.community == ""
    assert maria.status == "left" and maria.left_on is not None
    assert member_balance(maria) == before == Decimal("90.00")
    world.maria_user.refresh_from_db()
    assert not world.maria_user.is_active and not world.maria_user.has_usable_password()
    assert world.maria_user.first_name == ""


def test_a_referral_record_has_no_room_for_a_story() -> None:
    texts = [
        f.name
        for f in Referral._meta.get_fields()
        if isinstance(f, models.TextField | models.CharField)
    ]
    assert texts == ["site", "consent_method"]


def test_only_trained_companions_see_referrals(world: World) -> None:
    companion_set(
        group=world.camacani, user=world.rosa, trained_on=timezone.localdate(), by=world.sofia
    )
    page = url("referral_list", world)
    assert world.client_for(world.rosa).get(page).status_code == 200
    assert world.client_for(world.teresa).get(page).status_code == 403
    assert world.client_for(world.maria_user).get(page).status_code == 403
    assert world.client_for(world.sofia).get(page).status_code == 403
    assert world.client_for(world.lucia).get(page).status_code == 404
    assert Client().get(page).status_code == 302
    assert AccessLogEntry.objects.filter(action=Action.VIEW_REFERRALS, user=world.rosa).exists()


def test_a_referral_needs_her_consent(world: World) -> None:
    companion_set(
        group=world.camacani, user=world.rosa, trained_on=timezone.localdate(), by=world.sofia
    )
    line = SupportService.objects.get(phone="100")
    page = world.client_for(world.rosa).post(
        url("referral_list", world),
        {
            "member": world.maria.id,
            "service": line.id,
            "referred_on": TODAY,
            "consent_method": "spoken",
        },
    )
    assert "consentimiento" in page.content.decode()
    # A member of another group cannot be chosen.
    page = world.client_for(world.rosa).post(
        url("referral_list", world),
        {
            "member": world.juli_member.id,
            "service": line.id,
            "referred_on": TODAY,
            "consent_method": "spoken",
            "consent_given": "on",
        },
    )
    assert page.status_code == 200
    assert not Referral.objects.exists()


def test_only_staff_name_companions_and_only_people_of_the_group(world: World) -> None:
    page = url("companions", world)
    assert world.client_for(world.rosa).get(page).status_code == 403
    sofia = world.client_for(world.sofia)
    sofia.post(page, {"username": "lucia", "trained_on": TODAY})
    sofia.post(page, {"username": "teresa", "trained_on": TODAY})
    from minka.privacy.models import Companion

    assert list(Companion.objects.values_list("user__username", flat=True)) == ["teresa"]


def test_everyone_in_the_group_finds_the_contacts(world: World) -> None:
    page = url("help_directory", world)
    for user in (world.rosa, world.teresa, world.sofia):
        assert "Línea 100" in world.client_for(user).get(page).content.decode()
    # maria's own page says "Ayuda" and the number: nothing that says what the help is for.
    mine = world.client_for(world.maria_user).get(page).content.decode()
    assert "Ayuda" in mine and 'href="tel:100"' in mine and "Línea 100" not in mine
    assert world.client_for(world.lucia).get(page).status_code == 404
    maria = world.client_for(world.maria_user)
    maria.post(page, {"name": "CEM Puno", "phone": "051 000000"})
    assert not SupportService.objects.filter(name="CEM Puno").exists()
    world.client_for(world.sofia).post(page, {"name": "CEM Puno", "phone": "051 000000"})
    assert SupportService.objects.get(name="CEM Puno").organisation == world.org


def test_the_organisation_reads_who_saw_what(world: World) -> None:
    rosa = world.client_for(world.rosa)
    rosa.get(reverse("member_edit", args=[world.camacani.id, world.maria.id]))
    # She opening her own things is not logged; the coordinator opening hers is.
    logged = AccessLogEntry.objects.get(action=Action.VIEW_MEMBER)
    assert logged.user == world.rosa and logged.member == world.maria
    assert logged.address == "127.0.0.1"
    rows = seen_by(
        organisation=world.org,
        user=world.rosa,
        first=timezone.localdate(),
        last=timezone.localdate(),
    )
    assert [r["member"] for r in rows] == [world.maria]
    page = url("access_log", world)
    assert rosa.get(page).status_code == 403
    assert world.client_for(world.lucia).get(page).status_code == 404
    report = world.client_for(world.sofia).get(
        page, {"first": TODAY, "last": TODAY, "username": "rosa"}
    )
    assert world.maria.full_name in report.content.decode()
    bad = world.client_for(world.sofia).get(page, {"first": "31/02/2026", "last": "x"})
    assert bad.status_code == 200


def test_an_edit_of_her_phone_is_logged_without_the_number(world: World) -> None:
    rosa = world.client_for(world.rosa)
    data = {
        "first_name": world.maria.first_name,
        "last_name": world.maria.last_name,
        "community": "",
        "joined_on": "15/03/2019",
        "status": "active",
        "phone": "987 654 321",
        "hours_per_week": "10",
    }
    assert (
        rosa.post(
            reverse("member_edit", args=[world.camacani.id, world.maria.id]), data
        ).status_code
        == 302
    )
    edit = AccessLogEntry.objects.get(action=Action.EDIT_MEMBER)
    assert "phone" in edit.detail and "987" not in edit.detail


def test_the_database_itself_refuses_to_change_the_log_or_a_consent(world: World) -> None:
    from django.db import IntegrityError, connection, transaction

    consent_post(world, world.client_for(world.rosa))
    for table in ("members_accesslogentry", "privacy_consent"):
        for sql in (f"UPDATE {table} SET site = 'X'", f"DELETE FROM {table}"):
            with (
                pytest.raises(IntegrityError),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql)
    assert Consent.objects.count() == 1 and AccessLogEntry.objects.count() == 1

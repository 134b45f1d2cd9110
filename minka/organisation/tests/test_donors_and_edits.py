"""Donors and their read-only logins, made by the organisation's staff; and the staff's
edits of a project, its budget lines, results and indicators. Spending is append-only:
a mistake is corrected by a cancelling row.

sofia is staff of the Red; olga is staff of Otra ONG (an outsider: 404); dana is the
read-only login of the project's donor; rosa coordinates Camacani (403)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from minka.organisation.models import Donor, DonorLogin, Indicator, Spending
from minka.organisation.selectors import project_budget
from minka.organisation.tests.conftest import Desk
from minka.organisation.tests.test_project import _spend

pytestmark = pytest.mark.django_db


def _post(client: Client, name: str, args: list[object], data: dict[str, str]) -> str:
    response = client.post(reverse(name, args=args), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_add_a_donor_and_its_login_which_sees_only_aggregates(desk: Desk) -> None:
    w = desk.world
    staff = w.client_for(w.sofia)
    page = _post(
        staff,
        "donors",
        [w.org.id],
        {"name": "Fundación Nueva", "kind": "60", "iati_ref": "XM-FN-1"},
    )
    assert "Donante Fundación Nueva agregado." in page
    donor = Donor.objects.get(name="Fundación Nueva", organisation=w.org)
    page = _post(
        staff,
        "donor_login_new",
        [donor.id],
        {"full_name": "Nora Díaz", "username": "nora", "password": "telar-de-cintura-77"},
    )
    assert "Acceso de solo lectura creado: nora." in page
    nora = User.objects.get(username="nora")
    assert DonorLogin.objects.filter(user=nora, donor=donor).exists()
    assert not nora.is_staff and nora.check_password("telar-de-cintura-77")
    # Not yet a donor of any project: she sees none.
    as_nora = Client()
    as_nora.force_login(nora)
    assert as_nora.get(reverse("project", args=[desk.project.id])).status_code == 403
    _post(
        staff, "project_donors", [desk.project.id], {"donors": [str(donor.id), str(desk.donor.id)]}
    )
    assert set(desk.project.donors.all()) == {donor, desk.donor}
    home = as_nora.get(reverse("desk_home")).content.decode()
    assert "TEJE-1" in home and "HUI-1" not in home
    project = as_nora.get(reverse("project", args=[desk.project.id]))
    text = project.content.decode()
    assert project.status_code == 200 and "Piezas aceptadas" in text
    # Aggregates only: no member's name, no spending list, no edit link.
    for name in (w.maria.first_name, w.juana.first_name, w.carmen.first_name):
        assert name not in text
    assert "Registrar un gasto" not in text and "editar" not in text
    span = f"?start={desk.first:%Y-%m-%d}&end={desk.last:%Y-%m-%d}"
    pdf = as_nora.get(reverse("project_pdf", args=[desk.project.id]) + span)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Nothing else of the organisation, and nothing of another one.
    assert as_nora.get(reverse("desk", args=[w.org.id])).status_code == 403
    assert as_nora.get(reverse("donors", args=[w.org.id])).status_code == 403
    assert as_nora.get(reverse("project_edit", args=[desk.project.id])).status_code == 403
    assert as_nora.get(reverse("project", args=[desk.other_project.id])).status_code == 404
    assert as_nora.get(reverse("member_list", args=[w.camacani.id])).status_code in (403, 404)


def test_an_outsider_organisation_cannot_see_or_make_donors(desk: Desk) -> None:
    w = desk.world
    olga = w.client_for(desk.olga)
    assert olga.get(reverse("donors", args=[w.org.id])).status_code == 404
    assert olga.get(reverse("donor_login_new", args=[desk.donor.id])).status_code == 404
    response = olga.post(
        reverse("donor_login_new", args=[desk.donor.id]),
        {"full_name": "X", "username": "intrusa", "password": "telar-de-cintura-77"},
    )
    assert response.status_code == 404 and not User.objects.filter(username="intrusa").exists()
    assert olga.get(reverse("project_edit", args=[desk.project.id])).status_code == 404
    assert w.client_for(w.rosa).get(reverse("donors", args=[w.org.id])).status_code == 403
    assert w.client_for(desk.dana).get(reverse("donors", args=[w.org.id])).status_code == 403
    # Olga's own donors page lists none of the Red's donors.
    page = olga.get(reverse("donors", args=[desk.other.id])).content.decode()
    assert "Fondo Andino" not in page


def test_bad_donor_input_is_refused_with_a_message_and_nothing_written(desk: Desk) -> None:
    w = desk.world
    staff = w.client_for(w.sofia)
    page = _post(staff, "donors", [w.org.id], {"name": "fondo andino", "kind": "60"})
    assert "Ya hay un donante con el nombre" in page
    page = _post(staff, "donors", [w.org.id], {"name": "Otro", "kind": "99"})
    assert "Escoja una opción válida" in page or "Select a valid choice" in page
    assert Donor.objects.filter(organisation=w.org).count() == 1
    for data, message in (
        ({"full_name": "A", "username": "dana", "password": "telar-de-cintura-77"}, "ya existe"),
        ({"full_name": "A", "username": "ana", "password": "123"}, "contraseña"),
        ({"full_name": "A", "username": "a b", "password": "telar-de-cintura-77"}, "Usuario"),
    ):
        page = _post(staff, "donor_login_new", [desk.donor.id], data)
        assert message in page
    assert DonorLogin.objects.filter(donor=desk.donor).count() == 1


def test_spending_is_corrected_by_a_cancelling_row_never_edited(desk: Desk) -> None:
    w = desk.world
    staff = w.client_for(w.sofia)
    assert _spend(desk, amount="100.00", document="F001-0042") == ""
    original = Spending.objects.get()
    page = _post(
        staff,
        "spending_correct",
        [desk.project.id, original.id],
        {
            "line": str(desk.materials.id),
            "spent_on": (desk.first + timedelta(days=3)).strftime("%d/%m/%Y"),
            "document": "F001-0042",
            "description": "Hilo de alpaca",
            "amount": "80.00",
            "currency": "USD",
            "exchange_rate": "",
        },
    )
    assert "Gasto corregido" in page
    rows = sorted(Spending.objects.values_list("amount", "corrects_id"))
    assert rows == [
        (Decimal("-100.00"), original.id),
        (Decimal("80.00"), original.id),
        (Decimal("100.00"), None),
    ]
    assert project_budget(desk.project).spent == Decimal("80.00")
    assert "anulado" in page and "anulación" in page
    # Corrected once only; bad figures change nothing.
    again = _post(staff, "spending_correct", [desk.project.id, original.id], {"only_cancel": "1"})
    assert "Este gasto ya fue corregido." in again
    replacement = Spending.objects.get(amount=Decimal("80.00"))
    bad = _post(
        staff,
        "spending_correct",
        [desk.project.id, replacement.id],
        {"line": str(desk.materials.id), "spent_on": "31/02/2020", "document": "", "amount": "x"},
    )
    assert "Corregir un gasto" in bad and Spending.objects.count() == 3
    _post(staff, "spending_correct", [desk.project.id, replacement.id], {"only_cancel": "1"})
    assert project_budget(desk.project).spent == Decimal("0.00")
    # The database itself refuses to change or delete a spending row.
    for sql in (
        "UPDATE organisation_spending SET amount = 1",
        "DELETE FROM organisation_spending",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert Spending.objects.count() == 4
    # A donor and an outsider cannot correct.
    for user, status in ((desk.dana, 403), (desk.olga, 404)):
        response = w.client_for(user).post(
            reverse("spending_correct", args=[desk.project.id, replacement.id]),
            {"only_cancel": "1"},
        )
        assert response.status_code == status


def test_staff_edit_the_project_its_lines_results_and_indicators(desk: Desk) -> None:
    w = desk.world
    staff = w.client_for(w.sofia)
    assert _spend(desk, amount="10.00") == ""
    project = desk.project
    fields = {
        "title": "Tejiendo futuro II",
        "description": "Segunda fase",
        "starts_on": desk.first.strftime("%d/%m/%Y"),
        "ends_on": desk.last.strftime("%d/%m/%Y"),
        "donors": [str(desk.donor.id)],
        "groups": [str(w.camacani.id)],
    }
    page = _post(staff, "project_edit", [project.id], fields)
    assert "Proyecto guardado." in page
    project.refresh_from_db()
    assert project.title == "Tejiendo futuro II" and list(project.groups.all()) == [w.camacani]
    assert project.code == "TEJE-1" and project.currency == "USD"
    late = {**fields, "starts_on": (desk.first + timedelta(days=30)).strftime("%d/%m/%Y")}
    assert "Hay gastos registrados fuera de esas fechas." in _post(
        staff, "project_edit", [project.id], late
    )
    backwards = {**fields, "ends_on": desk.first.strftime("%d/%m/%Y"), "title": "X"}
    assert "debe terminar después de empezar" in _post(
        staff, "project_edit", [project.id], backwards
    )
    project.refresh_from_db()
    assert project.starts_on == desk.first and project.title == "Tejiendo futuro II"

    line = desk.materials
    assert "Partida guardada." in _post(
        staff,
        "budget_line_edit",
        [project.id, line.id],
        {"name": "Insumos y lana", "amount": "1200"},
    )
    _post(staff, "budget_line_edit", [project.id, line.id], {"name": "X", "amount": "-1"})
    line.refresh_from_db()
    assert (line.name, line.amount) == ("Insumos y lana", Decimal("1200.00"))
    # Another project's line is not found through this one.
    assert (
        staff.get(reverse("budget_line_edit", args=[desk.other_project.id, line.id])).status_code
        == 404
    )

    indicator = Indicator.objects.filter(result__project=project).first()
    assert indicator is not None
    result = indicator.result
    assert "Resultado guardado." in _post(
        staff, "result_edit", [project.id, result.id], {"title": "Ganan más"}
    )
    [period] = indicator.periods.all()
    data = {
        "title": "Piezas buenas",
        "unit": "",
        "baseline": "5",
        "baseline_year": "2025",
        "target": "20",
        f"p_{period.id.hex}": "12.5",
    }
    assert "Indicador guardado." in _post(staff, "indicator_edit", [project.id, indicator.id], data)
    indicator.refresh_from_db()
    period.refresh_from_db()
    assert (indicator.title, indicator.target, period.target) == (
        "Piezas buenas",
        Decimal("20.00"),
        Decimal("12.50"),
    )
    bad = _post(
        staff, "indicator_edit", [project.id, indicator.id], {**data, f"p_{period.id.hex}": "abc"}
    )
    assert "Introduzca un número" in bad or "Enter a number" in bad
    period.refresh_from_db()
    assert period.target == Decimal("12.50")
    assert (
        w.client_for(desk.olga)
        .get(reverse("indicator_edit", args=[project.id, indicator.id]))
        .status_code
        == 404
    )

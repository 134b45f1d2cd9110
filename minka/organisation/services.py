"""Writes of the organisation's desk: projects, budget lines, spending, results and
indicators, the report's summary, the fair wage. Keyword-only, one transaction each,
a ValidationError with a translated message on refusal."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minka.lib.money import cents
from minka.members.models import Group, Organisation
from minka.organisation.models import (
    BudgetLine,
    Donor,
    DonorLogin,
    Indicator,
    IndicatorKind,
    IndicatorPeriod,
    Project,
    ReportSummary,
    Result,
    Spending,
)


def in_project_currency(
    *, amount: Decimal, currency: str, rate: Decimal, project: Project
) -> Decimal:
    """An amount in soles or dollars in the project's currency, at `rate` soles per dollar,
    to the cent."""
    if currency == project.currency:
        return cents(amount)
    if currency == "USD" and project.currency == "PEN":
        return cents(amount * rate)
    if currency == "PEN" and project.currency == "USD":
        return cents(amount / rate)
    raise ValidationError(_("Moneda no admitida: %(c)s.") % {"c": currency})


@transaction.atomic
def project_create(
    *,
    organisation: Organisation,
    code: str,
    title: str,
    starts_on: date,
    ends_on: date,
    currency: str,
    donors: Iterable[Donor],
    groups: Iterable[Group],
    description: str = "",
) -> Project:
    if ends_on <= starts_on:
        raise ValidationError(_("El proyecto debe terminar después de empezar."))
    if Project.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationError(_("Ya hay un proyecto con el código %(code)s.") % {"code": code})
    groups = list(groups)
    donors = list(donors)
    if any(g.organisation_id != organisation.id for g in groups) or any(
        d.organisation_id != organisation.id for d in donors
    ):
        raise ValidationError(_("Los grupos y donantes deben ser de la misma organización."))
    project = Project.objects.create(
        organisation=organisation,
        code=code,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        currency=currency,
    )
    project.donors.set(donors)
    project.groups.set(groups)
    return project


def budget_line_add(*, project: Project, name: str, amount: Decimal) -> BudgetLine:
    if amount < 0:
        raise ValidationError(_("El presupuesto no puede ser negativo."))
    return BudgetLine.objects.create(project=project, name=name, amount=cents(amount))


@transaction.atomic
def spending_record(
    *,
    line: BudgetLine,
    spent_on: date,
    document: str,
    description: str,
    amount: Decimal,
    currency: str,
    exchange_rate: Decimal | None,
    by: User,
    corrects: Spending | None = None,
) -> Spending:
    """Spending against a budget line. A line may go over budget: the project page flags it."""
    project = line.project
    if amount <= 0:
        raise ValidationError(_("El monto debe ser mayor que cero."))
    if currency != project.currency and not exchange_rate:
        raise ValidationError(_("Indique el tipo de cambio del día (soles por dólar)."))
    rate = exchange_rate or Decimal("1")
    if rate <= 0:
        raise ValidationError(_("El tipo de cambio debe ser mayor que cero."))
    if not project.starts_on <= spent_on <= project.ends_on:
        raise ValidationError(_("La fecha está fuera del periodo del proyecto."))
    return Spending.objects.create(
        line=line,
        spent_on=spent_on,
        document=document.strip(),
        description=description.strip(),
        amount=cents(amount),
        currency=currency,
        exchange_rate=rate,
        project_amount=in_project_currency(
            amount=amount, currency=currency, rate=rate, project=project
        ),
        recorded_by=by,
        corrects=corrects,
    )


def result_add(*, project: Project, title: str) -> Result:
    return Result.objects.create(project=project, title=title)


@transaction.atomic
def indicator_add(
    *,
    result: Result,
    title: str,
    kind: str,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
    unit: str = "",
    periods: Iterable[tuple[date, date, Decimal]] = (),
) -> Indicator:
    if kind not in IndicatorKind.values:
        raise ValidationError(_("Elija cómo se calcula el indicador."))
    indicator = Indicator.objects.create(
        result=result,
        title=title,
        kind=kind,
        unit=unit,
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
    )
    for first, last, period_target in periods:
        indicator_period_add(
            indicator=indicator, starts_on=first, ends_on=last, target=period_target
        )
    return indicator


def indicator_period_add(
    *, indicator: Indicator, starts_on: date, ends_on: date, target: Decimal
) -> IndicatorPeriod:
    if ends_on < starts_on:
        raise ValidationError(_("El periodo debe terminar después de empezar."))
    return IndicatorPeriod.objects.create(
        indicator=indicator, starts_on=starts_on, ends_on=ends_on, target=target
    )


def manual_actual_set(*, period: IndicatorPeriod, value: Decimal) -> IndicatorPeriod:
    """A typed value, only for an indicator Minka has no record for."""
    if not period.indicator.is_manual:
        raise ValidationError(
            _("Este indicador se calcula de los registros; no se escribe a mano.")
        )
    period.manual_actual = value
    period.save(update_fields=["manual_actual"])
    return period


def summary_save(
    *, project: Project, starts_on: date, ends_on: date, text_es: str, text_en: str
) -> ReportSummary:
    if ends_on < starts_on:
        raise ValidationError(_("El periodo debe terminar después de empezar."))
    summary, _created = ReportSummary.objects.update_or_create(
        project=project,
        starts_on=starts_on,
        ends_on=ends_on,
        defaults={"text_es": text_es.strip(), "text_en": text_en.strip()},
    )
    return summary


def fair_wage_set(*, organisation: Organisation, wage: Decimal | None) -> Organisation:
    """The organisation's fair hourly wage (None: the legal default). The desk's monthly
    figures keep the wage they were computed with until the rollup is rebuilt."""
    if wage is not None and wage <= 0:
        raise ValidationError(_("El pago justo por hora debe ser mayor que cero."))
    organisation.fair_hourly_wage = wage
    organisation.save(update_fields=["fair_hourly_wage"])
    return organisation


@transaction.atomic
def indicator_with_result_add(
    *,
    project: Project,
    result_title: str,
    title: str,
    kind: str,
    unit: str,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
    months: int,
) -> Indicator:
    """An indicator under the project's result of that title (made if new), with periods
    of `months` months from the project's start to its end."""
    result = project.results.filter(title=result_title.strip()).first() or result_add(
        project=project, title=result_title.strip()
    )
    periods = []
    first = project.starts_on
    while first <= project.ends_on:
        year, month = divmod(first.month - 1 + months, 12)
        after = first.replace(year=first.year + year, month=month + 1, day=1)
        last = min(after - timedelta(days=1), project.ends_on)
        periods.append((first, last, target))
        first = after
    return indicator_add(
        result=result,
        title=title,
        kind=kind,
        unit=unit if kind == IndicatorKind.MANUAL else "",
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        periods=periods,
    )


# --- donors and their read-only logins --------------------------------------------------


def donor_add(*, organisation: Organisation, name: str, kind: str, iati_ref: str = "") -> Donor:
    name = name.strip()
    if organisation.donors.filter(name__iexact=name).exists():
        raise ValidationError(_("Ya hay un donante con el nombre %(name)s.") % {"name": name})
    return Donor.objects.create(
        organisation=organisation, name=name, kind=kind, iati_ref=iati_ref.strip()
    )


@transaction.atomic
def donor_login_create(*, donor: Donor, username: str, password: str, full_name: str) -> User:
    """A new read-only login for the donor: it sees the projects the donor funds, their
    reports and aggregates, and nothing else (no group, no member, no money of one)."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Ese nombre de usuario ya existe; elija otro."))
    user = User(username=username, first_name=full_name.strip()[:150])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    DonorLogin.objects.create(user=user, donor=donor)
    return user


@transaction.atomic
def project_donors_set(*, project: Project, donors: Iterable[Donor]) -> Project:
    donors = list(donors)
    if any(d.organisation_id != project.organisation_id for d in donors):
        raise ValidationError(_("Los grupos y donantes deben ser de la misma organización."))
    project.donors.set(donors)
    return project


# --- edits ------------------------------------------------------------------------------


@transaction.atomic
def project_update(
    *,
    project: Project,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date,
    donors: Iterable[Donor],
    groups: Iterable[Group],
) -> Project:
    """Title, description, dates, donors and groups. The code and the currency stay: the
    IATI identifier and every recorded amount depend on them."""
    if ends_on <= starts_on:
        raise ValidationError(_("El proyecto debe terminar después de empezar."))
    outside = Spending.objects.filter(line__project=project).exclude(
        spent_on__range=(starts_on, ends_on)
    )
    if outside.exists():
        raise ValidationError(_("Hay gastos registrados fuera de esas fechas."))
    groups = list(groups)
    if any(g.organisation_id != project.organisation_id for g in groups):
        raise ValidationError(_("Los grupos y donantes deben ser de la misma organización."))
    project.title = title.strip()
    project.description = description.strip()
    project.starts_on = starts_on
    project.ends_on = ends_on
    project.save(update_fields=["title", "description", "starts_on", "ends_on"])
    project_donors_set(project=project, donors=donors)
    project.groups.set(groups)
    return project


def budget_line_update(*, line: BudgetLine, name: str, amount: Decimal) -> BudgetLine:
    """A budget revision: the line's name or amount (what was spent stays as recorded)."""
    if amount < 0:
        raise ValidationError(_("El presupuesto no puede ser negativo."))
    line.name = name.strip()
    line.amount = cents(amount)
    line.save(update_fields=["name", "amount"])
    return line


@transaction.atomic
def spending_correct(
    *, original: Spending, by: User, replacement: dict[str, Any] | None = None
) -> tuple[Spending, Spending | None]:
    """Cancel a spending record by a row of the same amounts, negative; then, when
    `replacement` holds the right figures (spending_record's arguments but `by`), record
    them as a new row. Nothing is edited: the first row stays, marked as corrected."""
    original = (
        Spending.objects.select_for_update().select_related("line__project").get(pk=original.pk)
    )
    if original.corrects_id is not None and original.amount < 0:
        raise ValidationError(_("Una anulación no se corrige."))
    if original.corrections.filter(amount__lt=0).exists():
        raise ValidationError(_("Este gasto ya fue corregido."))
    new = None
    if replacement is not None:
        if replacement["line"].project_id != original.line.project_id:
            raise ValidationError(_("La partida no es de este proyecto."))
        new = spending_record(**replacement, by=by, corrects=original)
    cancel = Spending.objects.create(
        line=original.line,
        spent_on=original.spent_on,
        document=original.document,
        description=(_("Anula: %(d)s") % {"d": original.description})[:200],
        amount=-original.amount,
        currency=original.currency,
        exchange_rate=original.exchange_rate,
        project_amount=-original.project_amount,
        recorded_by=by,
        corrects=original,
    )
    return cancel, new


def result_update(*, result: Result, title: str) -> Result:
    result.title = title.strip()
    result.save(update_fields=["title"])
    return result


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    title: str,
    unit: str,
    baseline: Decimal,
    baseline_year: int,
    target: Decimal,
    period_targets: dict[Any, Decimal] | None = None,
) -> Indicator:
    """Title, baseline and targets. How it is computed (its kind) stays: the periods
    already reported were computed that way."""
    indicator.title = title.strip()
    indicator.unit = unit.strip() if indicator.is_manual else ""
    indicator.baseline = baseline
    indicator.baseline_year = baseline_year
    indicator.target = target
    indicator.save(update_fields=["title", "unit", "baseline", "baseline_year", "target"])
    for period in indicator.periods.all():
        value = (period_targets or {}).get(period.id)
        if value is not None and value != period.target:
            period.target = value
            period.save(update_fields=["target"])
    return indicator

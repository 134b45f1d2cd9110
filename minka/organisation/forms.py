import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.lib.money import CURRENCIES
from minka.members.models import Group, Organisation
from minka.organisation.models import BudgetLine, Donor, DonorType, IndicatorKind, Project
from minka.organisation.overview import SORTS, Choices

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa"})


class DeskFilterForm(forms.Form):
    """The desk's filters and sort order, read from the query string."""

    region = forms.ChoiceField(label=_("Región"), required=False)
    technique = forms.TypedChoiceField(
        label=_("Técnica"), required=False, coerce=uuid.UUID, empty_value=None
    )
    project = forms.TypedChoiceField(
        label=_("Proyecto"), required=False, coerce=uuid.UUID, empty_value=None
    )
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)
    desc = forms.BooleanField(required=False)

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        """The choices come from overview.filter_choices, so they cost no more queries."""
        super().__init__(*args, **kwargs)
        every = [("", _("Todas"))]
        fields: dict[str, Any] = self.fields
        fields["region"].choices = every + [(r, r) for r in choices.regions]
        fields["technique"].choices = every + [(str(i), n) for i, n in choices.techniques]
        fields["project"].choices = every + [(str(i), n) for i, n in choices.projects]


class SpendingForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Partida"), queryset=BudgetLine.objects.none())
    spent_on = forms.DateField(label=_("Fecha"), initial=timezone.localdate, widget=DATE_WIDGET)
    document = forms.CharField(label=_("N.º de documento"), max_length=60)
    description = forms.CharField(label=_("Detalle"), max_length=200)
    amount = forms.DecimalField(
        label=_("Monto"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Moneda"), choices=CURRENCIES)
    exchange_rate = forms.DecimalField(
        label=_("Tipo de cambio (soles por dólar)"),
        max_digits=8,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        help_text=_("Si la moneda no es la del proyecto."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["line"].queryset = BudgetLine.objects.filter(project=project)  # type: ignore[attr-defined]  # a ModelChoiceField, narrowed per project
        self.fields["currency"].initial = project.currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        currency = data.get("currency")
        if currency and currency != self.project.currency and not data.get("exchange_rate"):
            self.add_error("exchange_rate", _("Indique el tipo de cambio del día."))
        return data


class SummaryForm(forms.Form):
    starts_on = forms.DateField(label=_("Desde"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Hasta"), widget=DATE_WIDGET)
    text_es = forms.CharField(
        label=_("Resumen en castellano"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,
    )
    text_en = forms.CharField(
        label=_("Resumen en inglés"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("El periodo debe terminar después de empezar."))
        return data


class ReportPeriodForm(forms.Form):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD&lang=es|en for a donor report."""

    start = forms.DateField(input_formats=["%Y-%m-%d"])
    end = forms.DateField(input_formats=["%Y-%m-%d"])
    lang = forms.ChoiceField(choices=[("es", "Español"), ("en", "English")], required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("start"), data.get("end")
        if first and last and last < first:
            raise forms.ValidationError(_("El periodo debe terminar después de empezar."))
        return data


class FairWageForm(forms.Form):
    wage = forms.DecimalField(
        label=_("Pago justo por hora (S/)"),
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        required=False,
        help_text=_("Vacío: el mínimo legal por hora."),
    )


class ProjectForm(forms.Form):
    code = forms.RegexField(label=_("Código"), regex=r"^[A-Z0-9-]{2,20}$", max_length=20)
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(
        label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_on = forms.DateField(label=_("Desde"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Hasta"), widget=DATE_WIDGET)
    currency = forms.ChoiceField(label=_("Moneda"), choices=CURRENCIES, initial="USD")
    donors = forms.ModelMultipleChoiceField(label=_("Donantes"), queryset=Donor.objects.none())
    groups = forms.ModelMultipleChoiceField(label=_("Grupos"), queryset=Group.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["donors"].queryset = Donor.objects.filter(organisation=organisation)
        fields["groups"].queryset = Group.objects.filter(organisation=organisation).order_by("name")


class BudgetLineForm(forms.Form):
    name = forms.CharField(label=_("Partida"), max_length=200)
    amount = forms.DecimalField(
        label=_("Presupuesto"), min_value=Decimal("0"), max_digits=14, decimal_places=2
    )


class IndicatorForm(forms.Form):
    result = forms.CharField(label=_("Resultado"), max_length=300)
    title = forms.CharField(label=_("Indicador"), max_length=300)
    kind = forms.ChoiceField(label=_("Cómo se calcula"), choices=IndicatorKind.choices)
    unit = forms.CharField(label=_("Unidad (solo si es manual)"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Línea de base"), max_digits=14, decimal_places=2)
    baseline_year = forms.IntegerField(
        label=_("Año de la línea de base"), min_value=1990, max_value=2100
    )
    target = forms.DecimalField(label=_("Meta"), max_digits=14, decimal_places=2)
    months = forms.TypedChoiceField(
        label=_("Periodos de"),
        choices=[(6, _("6 meses")), (12, _("12 meses"))],
        coerce=int,
        initial=6,
    )


class ManualActualForm(forms.Form):
    value = forms.DecimalField(label=_("Logrado"), max_digits=14, decimal_places=2)


class DonorForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=200)
    kind = forms.ChoiceField(label=_("Tipo"), choices=DonorType.choices)
    iati_ref = forms.RegexField(
        label=_("Identificador IATI"),
        regex=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$",
        max_length=100,
        required=False,
        help_text=_("Por ejemplo XM-DAC-41114. Vacío si no tiene."),
    )


class DonorLoginForm(forms.Form):
    """A read-only login for a donor; the password is set here and given to the donor."""

    full_name = forms.CharField(label=_("Nombre de la persona"), max_length=150)
    username = forms.RegexField(
        label=_("Usuario"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        help_text=_("Letras, números y . @ + - _ (sin espacios)."),
    )
    password = forms.CharField(
        label=_("Contraseña"), widget=forms.PasswordInput(render_value=False), max_length=128
    )


class ProjectDonorsForm(forms.Form):
    donors = forms.ModelMultipleChoiceField(
        label=_("Donantes"),
        queryset=Donor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["donors"].queryset = Donor.objects.filter(organisation=organisation)


class ProjectEditForm(ProjectForm):
    """A project's editable fields: not its code nor its currency."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        del self.fields["code"]
        del self.fields["currency"]
        self.fields["donors"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last <= first:
            self.add_error("ends_on", _("El proyecto debe terminar después de empezar."))
        return data


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Resultado"), max_length=300)


class IndicatorEditForm(forms.Form):
    """Title, unit (manual only), baseline and targets; one target field per period."""

    title = forms.CharField(label=_("Indicador"), max_length=300)
    unit = forms.CharField(label=_("Unidad (solo si es manual)"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Línea de base"), max_digits=14, decimal_places=2)
    baseline_year = forms.IntegerField(
        label=_("Año de la línea de base"), min_value=1990, max_value=2100
    )
    target = forms.DecimalField(label=_("Meta"), max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, periods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = periods
        for p in periods:
            self.fields[f"p_{p.id.hex}"] = forms.DecimalField(
                label=_("Meta %(first)s - %(last)s")
                % {"first": f"{p.starts_on:%d/%m/%Y}", "last": f"{p.ends_on:%d/%m/%Y}"},
                max_digits=14,
                decimal_places=2,
                initial=p.target,
            )

    def period_targets(self) -> dict[Any, Decimal]:
        return {p.id: self.cleaned_data[f"p_{p.id.hex}"] for p in self.periods}

"""Forms of the delivery day: one row per member, one small set of fields per design."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minka.members.models import Member
from minka.production.delivery_day import DayRow
from minka.production.models import Defect, Material

ISO_AND_PERU = ["%Y-%m-%d", "%d/%m/%Y"]
NUMBER = {"inputmode": "numeric", "min": "0", "class": "day-qty"}


def _qty(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10_000,
        widget=forms.NumberInput(attrs=NUMBER),
    )


class DayPickForm(forms.Form):
    """?on=dd/mm/aaaa: the day whose deliveries are entered (today when absent)."""

    on = forms.DateField(
        label=_("Fecha de las entregas"),
        required=False,
        input_formats=ISO_AND_PERU,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa"}),
    )

    def clean_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data.get("on") or timezone.localdate()
        if on > timezone.localdate():
            raise ValidationError(_("La fecha de entrega no puede ser futura."))
        return on


class DayLineForm(forms.Form):
    """One design of her row. Blank A means «the rest are A»: the pieces she brought
    minus those of B, rework and rejected. A line left all blank records nothing."""

    seen = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    arrived = _qty(_("Trajo"))
    grade_a = _qty(_("A (el resto)"))
    grade_b = _qty(_("B"))
    rework = _qty(_("Rehacer"))
    rejected = _qty(_("Rechazo"))
    defect = forms.ChoiceField(
        label=_("Defecto (si no es A)"), choices=[("", "—"), *Defect.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        others = [data.get(k) for k in ("grade_b", "rework", "rejected")]
        arrived, grade_a = data.get("arrived"), data.get("grade_a")
        data["empty"] = all(v in (None, 0) for v in [arrived, grade_a, *others])
        if data["empty"]:
            return data
        rest = sum(v or 0 for v in others)
        if arrived is None:
            arrived = (grade_a or 0) + rest
        if grade_a is None:
            grade_a = arrived - rest
            if grade_a < 0:
                raise ValidationError(
                    _(
                        "Las de B, para rehacer y rechazadas (%(r)d) son más de las "
                        "que trajo (%(t)d)."
                    )
                    % {"r": rest, "t": arrived}
                )
        if grade_a + rest != arrived:
            raise ValidationError(
                _("Trajo %(q)d piezas pero los grados suman %(t)d.")
                % {"q": arrived, "t": grade_a + rest}
            )
        if rest and not data.get("defect"):
            self.add_error("defect", _("Elija el defecto de las piezas que no son A."))
        data.update(arrived=arrived, grade_a=grade_a)
        for k in ("grade_b", "rework", "rejected"):
            data[k] = data.get(k) or 0
        return data


class DayRowForm(forms.Form):
    """What belongs to her row as a whole: the day, and yarn she brought back."""

    received_on = forms.DateField(input_formats=ISO_AND_PERU, widget=forms.HiddenInput)
    material = forms.ModelChoiceField(
        label=_("Hilo que devolvió"), required=False, queryset=Material.objects.none()
    )
    grams = forms.DecimalField(
        label=_("Gramos"),
        required=False,
        min_value=Decimal("0.1"),
        max_digits=10,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": "0"}),
    )

    def __init__(self, *args: Any, row: DayRow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["material"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Material.objects.filter(id__in=[h.material.id for h in row.held])
        held = {h.material.id: h.grams for h in row.held}
        cast(Any, field).label_from_instance = lambda m: f"{m} ({held.get(m.id, 0)} g)"

    def clean_received_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["received_on"]
        if on > timezone.localdate():
            raise ValidationError(_("La fecha de entrega no puede ser futura."))
        return on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("material")) != bool(data.get("grams")):
            raise ValidationError(_("Para el hilo devuelto indique el hilo y sus gramos."))
        return data


def row_prefix(member: Member) -> str:
    return f"m{member.id.hex[:12]}"


class DayForms:
    """Her whole row: the row form and one line form per allocation she still owes on."""

    def __init__(self, row: DayRow, data: Any = None, on: datetime.date | None = None) -> None:
        self.row = row
        prefix = row_prefix(row.member)
        self.form = DayRowForm(
            data, row=row, prefix=prefix, initial={"received_on": on or timezone.localdate()}
        )
        self.lines = [
            (item, DayLineForm(data, prefix=item.allocation.id.hex, initial={"seen": item.due}))
            for item in row.items
            if item.due > 0
        ]
        self.errors: list[str] = []

    def is_valid(self) -> bool:
        ok = self.form.is_valid()
        for _item, form in self.lines:
            ok = form.is_valid() and ok
        if ok and not self.filled() and not self.form.cleaned_data.get("material"):
            self.errors.append(str(_("Anote las piezas que trajo o el hilo que devolvió.")))
            return False
        return ok

    def filled(self) -> list[tuple[Any, dict[str, Any]]]:
        return [(item, f.cleaned_data) for item, f in self.lines if not f.cleaned_data["empty"]]

    @property
    def all_errors(self) -> list[str]:
        found = list(self.errors)
        for form in [self.form, *(f for _item, f in self.lines)]:
            found += [str(e) for e in form.non_field_errors()]
            found += [str(e) for bf in form.hidden_fields() for e in bf.errors]
        return found


class RebalanceForm(forms.Form):
    """The suggestion the coordinator saw, sent back when she confirms it."""

    fingerprint = forms.CharField(max_length=4000, widget=forms.HiddenInput)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la anulación"),
        max_length=150,
        help_text=_("Queda escrito en la cuenta de la socia, en la línea de corrección."),
    )

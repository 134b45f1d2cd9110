"""The period of the impact pages, read from ?from=YYYY-MM&to=YYYY-MM."""

from datetime import date
from typing import Any

from django import forms

from minka.impact.indicators import Period, default_period, period_from_query


class PeriodForm(forms.Form):
    """A wrong period is a form error (shown on the page, in her language) and the page
    shows the last twelve months instead, saying so; the CSV files follow the page."""

    # Free text: what is not a month is answered by period_from_query, with the value.
    from_ = forms.CharField(required=False)
    to = forms.CharField(required=False)

    def __init__(self, data: Any, *, today: date) -> None:
        # "from" is a Python keyword: the field is from_, the query parameter "from".
        super().__init__({"from_": data.get("from", ""), "to": data.get("to", "")})
        self.today = today
        self.period: Period = default_period(today)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        period, problem = period_from_query(
            {"from": cleaned.get("from_", ""), "to": cleaned.get("to", "")}, self.today
        )
        if problem:
            raise forms.ValidationError(problem, code="period")
        self.period = period
        return cleaned

    @property
    def problem(self) -> str:
        return " ".join(str(e) for e in self.non_field_errors()) if not self.is_valid() else ""

"""A project as an IATI 2.03 activity file, every value from the records.

- activity dates are the project's; the status is worked out from them and today
  (1 pipeline before it starts, 2 implementation, 3 finalisation after it ends);
- participating organisations: the donors (role 1, funding) and the organisation
  (role 4, implementing); locations: the groups covered, by name and region; sector: the
  project's DAC purpose code; budget: the sum of the budget lines;
- transactions: each spending, as an expenditure (type 4), in the currency it was paid in,
  valued on its date, with its document number as the reference;
- results: each indicator with its baseline, and each period's target and actual
  (computed, or marked as typed by hand), with the actual broken down by group, community,
  technique and language as dimensions. A public file: breakdown cells of fewer than
  MIN_CELL women are left out, as on a donor's screen.

Codelists used (IATI 2.03): ActivityStatus, ActivityDateType, OrganisationRole,
TransactionType 4, IndicatorMeasure 1 (unit) and 2 (percentage), BudgetType 1 original,
BudgetStatus 2 committed, Sector vocabulary 1 (DAC 5-digit).
"""

from datetime import date, datetime

from django.utils import timezone
from lxml import etree

from minka.organisation.indicators import PERCENT_KINDS, project_indicators
from minka.organisation.models import Project
from minka.organisation.selectors import project_budget, project_spending

VERSION = "2.03"


def _narrative(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    etree.SubElement(element, "narrative").text = text
    return element


def _dated(parent: etree._Element, tag: str, day: date) -> None:
    etree.SubElement(parent, tag, {"iso-date": day.isoformat()})


def activity_status(project: Project, today: date) -> str:
    if today < project.starts_on:
        return "1"
    if today <= project.ends_on:
        return "2"
    return "3"


def activity_xml(project: Project, *, today: date, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    stamp = now.replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", {"version": VERSION, "generated-datetime": stamp})
    organisation = project.organisation
    activity = etree.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": stamp,
            "{http://www.w3.org/XML/1998/namespace}lang": "es",
            "default-currency": project.currency,
        },
    )
    etree.SubElement(activity, "iati-identifier").text = project.iati_identifier
    org_ref = project.iati_identifier.removesuffix(f"-{project.code}")
    reporting = etree.SubElement(activity, "reporting-org", {"ref": org_ref, "type": "22"})
    etree.SubElement(reporting, "narrative").text = organisation.name
    _narrative(activity, "title", project.title)
    description = etree.SubElement(activity, "description", {"type": "1"})
    etree.SubElement(description, "narrative").text = project.description or project.title
    for donor in project.donors.all():
        attrs = {"role": "1", "type": donor.kind}
        if donor.iati_ref:
            attrs["ref"] = donor.iati_ref
        _narrative_org = etree.SubElement(activity, "participating-org", attrs)
        etree.SubElement(_narrative_org, "narrative").text = donor.name
    implementer = etree.SubElement(
        activity, "participating-org", {"role": "4", "type": "22", "ref": org_ref}
    )
    etree.SubElement(implementer, "narrative").text = organisation.name
    etree.SubElement(activity, "activity-status", {"code": activity_status(project, today)})
    etree.SubElement(
        activity, "activity-date", {"type": "1", "iso-date": project.starts_on.isoformat()}
    )
    if project.starts_on <= today:
        etree.SubElement(
            activity, "activity-date", {"type": "2", "iso-date": project.starts_on.isoformat()}
        )
    etree.SubElement(
        activity, "activity-date", {"type": "3", "iso-date": project.ends_on.isoformat()}
    )
    etree.SubElement(activity, "recipient-country", {"code": "PE", "percentage": "100"})
    for name, code, region, place in project.groups.order_by("name").values_list(
        "name", "code", "region", "place"
    ):
        location = etree.SubElement(
            activity, "location", {"ref": f"{project.iati_identifier}-{code}"}
        )
        _narrative(location, "name", name)
        _narrative(location, "description", ", ".join(p for p in (place, region, "Perú") if p))
    etree.SubElement(
        activity, "sector", {"vocabulary": "1", "code": project.sector, "percentage": "100"}
    )
    budget = project_budget(project)
    element = etree.SubElement(activity, "budget", {"type": "1", "status": "2"})
    _dated(element, "period-start", project.starts_on)
    _dated(element, "period-end", project.ends_on)
    value = etree.SubElement(
        element,
        "value",
        {"currency": project.currency, "value-date": project.starts_on.isoformat()},
    )
    value.text = str(budget.budget)
    for spent in project_spending(project):
        transaction = etree.SubElement(activity, "transaction", {"ref": spent.document})
        etree.SubElement(transaction, "transaction-type", {"code": "4"})
        _dated(transaction, "transaction-date", spent.spent_on)
        value = etree.SubElement(
            transaction,
            "value",
            {"currency": spent.currency, "value-date": spent.spent_on.isoformat()},
        )
        value.text = str(spent.amount)
        _narrative(transaction, "description", f"{spent.line.name}: {spent.description}")
    for result, indicators in project_indicators(project):
        r = etree.SubElement(activity, "result", {"type": "1", "aggregation-status": "1"})
        _narrative(r, "title", result.title)
        for row in indicators:
            ind = row.indicator
            measure = "2" if ind.kind in PERCENT_KINDS else "1"
            i = etree.SubElement(r, "indicator", {"measure": measure, "ascending": "1"})
            _narrative(i, "title", f"{ind.title} ({row.unit})" if row.unit else ind.title)
            _narrative(i, "description", ind.get_kind_display())
            etree.SubElement(
                i, "baseline", {"year": str(ind.baseline_year), "value": str(ind.baseline)}
            )
            for pr in row.periods:
                period = etree.SubElement(i, "period")
                _dated(period, "period-start", pr.period.starts_on)
                _dated(period, "period-end", pr.period.ends_on)
                etree.SubElement(period, "target", {"value": str(pr.period.target)})
                if pr.actual.value is None:
                    continue
                actual = etree.SubElement(period, "actual", {"value": str(pr.actual.value)})
                if pr.actual.manual:
                    _narrative(actual, "comment", "Registrado a mano: no hay registro en Minka.")
                for dimension, cells in pr.actual.shown_to_donor().items():
                    for label, cell, _women in cells:
                        if cell is None:
                            continue
                        part = etree.SubElement(period, "actual", {"value": str(cell)})
                        etree.SubElement(part, "dimension", {"name": dimension, "value": label})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

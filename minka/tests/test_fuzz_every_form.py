"""Every form of every page, fed junk by hypothesis: no server error, and a refused form
writes nothing.

The pages are found by walking the URL configuration, filled with records of the demo
(built through the services), opened as each of the demo's people, and every POST form
on them (fields read from the HTML, as a browser would) is sent hypothesis' values:
text of any script, huge and negative numbers, NaN, impossible dates, NUL bytes, the
values the page itself offered, and random bytes for files.
"""

import html.parser
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minka.members.models import Group

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PEOPLE = ["coordinadora", "tesorera", "socia", "red"]
# Tables a refused form may still touch: the access log (she opened the page), sign-in
# attempts, sessions.
MAY_CHANGE = {"members.AccessLogEntry", "accounts.LoginAttempt", "sessions.Session"}
SKIP_PREFIXES = ("admin/", "accounts/login", "accounts/logout", "i18n/")
# Where to find a record of the group for each kind of id in a URL.
PARAM_MODELS = {
    "member_id": "members.Member",
    "order_id": "production.Order",
    "line_id": "production.OrderLine",
    "allocation_id": "production.Allocation",
    "delivery_id": "production.Delivery",
    "entry_id": "ledger.LedgerEntry",
    "payout_id": "ledger.Payout",
    "product_id": "production.Product",
    "location_id": "sales.Location",
    "store_id": "sales.Location",
    "sale_id": "sales.Sale",
    "settlement_id": "sales.Settlement",
    "meeting_id": "governance.Meeting",
    "term_id": "governance.Term",
    "training_id": "learning.Training",
    "session_id": "learning.TrainingSession",
    "organisation_id": "members.Organisation",
    "project_id": "organisation.Project",
    "period_id": "organisation.IndicatorPeriod",
    "donor_id": "organisation.Donor",
    "budget_line_id": "organisation.BudgetLine",
    "spending_id": "organisation.Spending",
    "result_id": "organisation.Result",
    "indicator_id": "organisation.Indicator",
    "experience_id": "tourism.Experience",
    "booking_id": "tourism.Booking",
    "user_id": "auth.User",  # a login with a role in the group (accounts.views_logins)
}
GROUP_PATHS = [
    "group",
    "order__group",
    "order_line__order__group",
    "allocation__order_line__order__group",
    "allocation__group",
    "line__order__group",
    "training__group",
    "location__group",
    "store__group",
    "groups",
    "indicator__result__project__groups",
    "group_roles__group",
    "projects__groups",
    "project__groups",
    "line__project__groups",
    "result__project__groups",
]


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _record_for(param: str, group: Group) -> Any:
    label = PARAM_MODELS.get(param)
    if label is None:
        return None
    model = apps.get_model(label)
    for path in GROUP_PATHS:
        try:
            found = model._default_manager.filter(**{path: group}).order_by("pk").first()
        except (FieldError, ValueError):  # no such path from this model to a group
            continue
        if found is not None:
            return found
    return None


def concrete_paths(group: Group) -> list[str]:
    paths = []
    for pattern in sorted(set(_patterns(get_resolver()))):
        if pattern.startswith(SKIP_PREFIXES) or pattern.startswith("^"):
            continue
        path, complete = pattern, True
        for _kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", pattern):
            if name == "group_id":
                value: Any = group.id
            else:
                record = _record_for(name, group)
                if record is None:
                    complete = False
                    break
                value = record.pk
            path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
        if complete:
            paths.append("/" + path)
    return paths


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values offered
    files: set[str] = field(default_factory=set)


class _FormReader(html.parser.HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = Form(action=a.get("action") or self.page)
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag in {"input", "textarea", "button"} and name:
            if a.get("type") == "file":
                self._form.files.add(name)
            else:
                self._form.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self._form.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            self._form.fields[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        if tag == "select":
            self._select = None


JUNK = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e309",
            "NaN",
            "31/02/2026",
            "01/01/1800",
            "\x00",
            "x" * 5000,
            str(uuid.uuid4()),
            "=2+3",
            "<script>alert(1)</script>",
            "1,5",
            "S/ 10.00",
        ]
    ),
)


def _table_counts() -> tuple[int, ...]:
    """The row count of every table a refused form must not touch, in one query."""
    tables = [
        connection.ops.quote_name(m._meta.db_table)
        for m in apps.get_models()
        if m._meta.label not in MAY_CHANGE and m._meta.managed
    ]
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


@dataclass
class Tally:
    forms: int = 0
    examples: int = 0


TALLY = Tally()


@pytest.fixture
def demo_world(db: None, settings: Any, tmp_path: Any) -> Group:
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", verbosity=0)
    return Group.objects.order_by("name").first()  # type: ignore[return-value]  # the demo always has a group


def _forms_for(client: Client, path: str) -> list[Form]:
    response = client.get(path)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    reader = _FormReader(path)
    reader.feed(response.content.decode())
    return [f for f in reader.forms if f.fields or f.files]


@pytest.mark.slow_fuzz
def test_no_form_answers_junk_with_a_server_error(demo_world: Group) -> None:
    paths = concrete_paths(demo_world)
    assert len(paths) > 40, paths
    seen: set[tuple[str, frozenset[str]]] = set()
    for username in PEOPLE:
        client = Client(raise_request_exception=False)
        user = User.objects.get(username=username)
        for path in paths:
            # Some forms end the session (registering the centre's device signs the
            # coordinator out; a password reset ends her other sessions): sign in again
            # before each page, with the password she has now.
            user.refresh_from_db()
            client.force_login(user)
            for form in _forms_for(client, path):
                # Per-row forms (pay this one, reverse that one) differ only by an id.
                key = (UUID_RE.sub("<id>", form.action), frozenset(form.fields))
                if key in seen or "logout" in form.action or "setlang" in form.action:
                    continue
                seen.add(key)
                _fuzz(client, user, form, f"{username} {path}")
    assert TALLY.forms > 40, TALLY
    print(f"fuzzed {TALLY.forms} forms on {len(paths)} pages with {TALLY.examples} examples")
    for action, fields in sorted(seen, key=lambda k: k[0]):
        print("  ", action, sorted(fields))


def _fuzz(client: Client, user: User, form: Form, who: str) -> None:
    names = sorted(form.fields)

    @settings(
        max_examples=10,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        post: dict[str, Any] = {}
        for name in names:
            offered = [v for v in form.fields[name] if v]
            choice = st.sampled_from(offered) if offered else JUNK
            post[name] = data.draw(st.one_of(choice, JUNK), label=name)
        for name in form.files:
            raw = data.draw(st.binary(max_size=2000), label=name)
            post[name] = SimpleUploadedFile("x.jpg", raw, "image/jpeg")
        user.refresh_from_db()
        client.force_login(user)
        before = _table_counts()
        response = client.post(form.action, post)
        TALLY.examples += 1
        assert response.status_code < 500, (who, form.action, post)
        if b"errorlist" in response.content:
            assert _table_counts() == before, ("a refused form wrote", who, form.action, post)

    TALLY.forms += 1
    one()

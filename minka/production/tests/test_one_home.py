"""Each rule is written once. These read the source: a second copy of a rule fails here,
pointing at the file, before it can drift from the first."""

import re
from pathlib import Path

import minka

PACKAGE = Path(minka.__file__).parent


def sources(*suffixes: str) -> list[Path]:
    return [
        path
        for suffix in suffixes
        for path in PACKAGE.rglob(f"*{suffix}")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_accepted_means_grade_a_or_b_in_one_place_only() -> None:
    spelled_out = re.compile(r"Grade\.A\s*,\s*Grade\.B")
    homes = [
        p.relative_to(PACKAGE).as_posix()
        for p in sources(".py")
        if spelled_out.search(p.read_text())
    ]
    assert homes == ["production/models.py"]


def test_who_may_sell_is_asked_of_can_sell_only() -> None:
    spelled_out = re.compile(
        r"can_manage\s+or\s+(access\.)?can_pay|Can\.MANAGE\)\s+or\s+access\.can\(Can\.PAY"
    )
    sales = PACKAGE / "sales"
    copies = [
        p.relative_to(PACKAGE).as_posix()
        for p in [*sales.rglob("*.py"), *sales.rglob("*.html")]
        if "tests" not in p.parts and spelled_out.search(p.read_text())
    ]
    assert copies == []

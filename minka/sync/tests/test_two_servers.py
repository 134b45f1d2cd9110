"""Two real servers: central (PostgreSQL) and a site (SQLite), each its own `minka serve`
process on 127.0.0.1, syncing over HTTP both ways, then by a file carried between them.

The servers, their databases and ports: minka/sync/tests/servers.py.
"""

import re
from pathlib import Path

import pytest

from minka.sync.tests.servers import Browser, central_and_site, prepare

pytestmark = pytest.mark.sync_e2e


def test_a_site_and_central_sync_by_http_and_by_file(central_db: str, tmp_path: Path) -> None:
    central, site = central_and_site(tmp_path, central_db)
    try:
        secret = prepare(central, site)
        site.shell(
            "from minka.members.models import Member\n"
            "m = Member.objects.get(group__code='CAM', number=5); m.phone = '987654321'; m.save()"
        )
        central.serve(tmp_path / "central.log")
        site.serve(tmp_path / "site.log")

        # Enrol, then the first (whole) sync by the command the timer runs.
        site.minka("sync", "enrol", central.url, secret)
        assert "Sincronizado" in site.minka("sync").stdout
        mine, theirs = site.counts(), central.counts()
        sensitive = mine["learning.Attendance"] - theirs["learning.Attendance"]
        assert sensitive > 0  # the private training's attendance stayed on the site
        assert {k: v for k, v in theirs.items() if k != "learning.Attendance"} == {
            k: v for k, v in mine.items() if k != "learning.Attendance"
        }
        assert theirs["ledger.LedgerEntry"] > 100 and theirs["members.Member"] == 69
        # A member who never agreed to share her data arrives with a pseudonym, no phone.
        private = site.shell(
            "from minka.members.models import Member\n"
            "m = Member.objects.get(group__code='CAM', number=5)\n"
            "print('PRIVATE', m.id, m.first_name, m.phone, sep='|')"
        )
        member_id, first_name, phone = private.split("PRIVATE|")[-1].strip().split("|")
        copy = central.shell(
            "from minka.members.models import Member\n"
            f"m = Member.objects.get(id='{member_id}')\n"
            "print('COPY', m.first_name, m.last_name, repr(m.phone))"
        )
        assert "COPY Socia " in copy and "''" in copy, copy
        assert first_name not in copy and phone not in copy

        # Staff on central sees the group read-only, and an edit there is refused.
        elena = Browser(central.url, "elena")
        cam = (
            central.shell(
                "from minka.members.models import Group; print(Group.objects.get(code='CAM').id)"
            )
            .strip()
            .splitlines()[-1]
        )
        assert "Sincronización" in elena.get("/sync/")
        assert "Socias" in elena.get(f"/g/{cam}/members/")
        elena.get(f"/g/{cam}/impact/")

        # Central takes an order for the group; the site gets it and moves it on.
        central.shell(
            "from datetime import date\nfrom decimal import Decimal\n"
            "from django.contrib.auth.models import User\n"
            "from minka.members.models import Group\nfrom minka.production.models import Buyer\n"
            "from minka.production.services import order_create\n"
            "g = Group.objects.get(code='CAM')\n"
            "order_create(group=g, buyer=Buyer.objects.filter(group=g).first(), currency='PEN',"
            " exchange_rate=Decimal(1), deadline=date(2030, 1, 1),"
            " by=User.objects.get(username='elena'), notes='de la red')\n"
        )
        # The coordinator presses "Sincronizar ahora" on the site's page.
        rosa = Browser(site.url, "coordinadora")
        page = rosa.post("/sync/now/", {})
        assert "Sincronizado" in page and "1 recibidos" in page, page[-3000:]
        site.shell(
            "from minka.production.models import Order\n"
            "o = Order.objects.get(notes='de la red'); assert o.number.startswith('C1-CAM-P')\n"
            "o.status = 'confirmed'; o.save()\n"
        )
        site.minka("sync")
        status = central.shell(
            "from minka.production.models import Order\n"
            "print(Order.objects.get(notes='de la red').status)"
        )
        assert status.strip().endswith("confirmed")
        refused = central.shell(
            "from minka.production.models import Order\n"
            "o = Order.objects.get(notes='de la red'); o.notes = 'cambio'\n"
            "try:\n    o.save()\nexcept Exception as e:\n    print('REFUSED', e)\n"
        )
        assert "REFUSED" in refused and "S1" in refused

        # Then by file: the site writes one, central reads it and answers.
        usb = tmp_path / "usb"
        usb.mkdir()
        # Her community travels because she agreed to share her data with the organisation
        # (recorded first); without that, central gets "Socia 0001" and no phone.
        site.shell(
            "from datetime import date\nfrom django.contrib.auth.models import User\n"
            "from minka.members.models import Member\n"
            "from minka.privacy.services import consent_record\n"
            "m = Member.objects.filter(group__code='JUL').first()\n"
            "consent_record(member=m, purpose='share', given=True, method='signed',"
            " decided_on=date.today(), by=User.objects.get(username='juli'))\n"
            "m.community = 'Chucuito'\nm.save()\n"
        )
        written = site.minka("sync", "export", str(usb)).stdout
        name = re.search(r"minka-S1-C1-\d+\.mks", written)
        assert name, written
        assert "Aplicados 3" in central.minka("sync", "import", str(usb / name.group(0))).stdout
        again = central.minka("sync", "import", str(usb / name.group(0)), check=False)
        assert again.returncode != 0 and "ya fue leído" in again.stderr
        answer = sorted(usb.glob("minka-C1-S1-*.mks"))[-1]
        site.minka("sync", "import", str(answer))
        assert site.minka("sync", "import", str(answer), check=False).returncode != 0
        chucuito = central.shell(
            "from minka.members.models import Member\n"
            "print(Member.objects.filter(community='Chucuito').count())"
        )
        assert chucuito.strip().endswith("1")
        plus_one = ["production.Order", "privacy.Consent", "members.AccessLogEntry"]
        assert central.counts() == theirs | {k: theirs[k] + 1 for k in plus_one}
        assert "S1" in elena.get("/sync/")
    finally:
        central.stop()
        site.stop()

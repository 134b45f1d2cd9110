#!/usr/bin/env python
"""A member's start page on a weak phone link: bytes on first load and time to show.

Loads the demo into a fresh SQLite database in a temporary folder, gives every design a
photo (through the upload path: minka.production.photos), records (a generated tone, as
Chromium's MediaRecorder makes it) every member-facing string, number word and date word
in Quechua, Spanish and Aymara, so that every speaker button is there; then serves Minka for real
(`minka serve`, bench/server.py) on 127.0.0.1 and opens her start page in headless
Chromium at 360x640, in Quechua, with an empty cache, on a link throttled through CDP
(Network.emulateNetworkConditions: 400 kbit/s down and up, 400 ms round trip).

Reports, per run and as the median of the runs:
- bytes on the wire for the whole first load (every resource, headers included:
  CDP's encodedDataLength), and how many were audio (must be none before a tap);
- first contentful paint and the load event, in ms from navigation start;
and how many strings each language has drafted and reviewed, and the recordings.

    .venv/bin/python bench/member_start.py [--runs 5] [--ports 8670-8679]

Speaker buttons: how many the page draws, and how many bytes of its HTML they take.
"""

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("MINKA_DATA_DIR", tempfile.mkdtemp(prefix="minka-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from PIL import Image  # noqa: E402
from server import serving, session_cookie  # noqa: E402

from minka.languages.catalog import drafts, sources  # noqa: E402
from minka.languages.dates import DATE_CONTEXT, date_vocabulary  # noqa: E402
from minka.languages.models import NUMBER_CONTEXT, Recording, ReviewedString  # noqa: E402
from minka.languages.numbers import vocabulary  # noqa: E402
from minka.languages.services import recording_save  # noqa: E402
from minka.members.models import GroupRole, Role  # noqa: E402
from minka.production.models import Product  # noqa: E402
from minka.production.photos import ProductPhotoForm  # noqa: E402

TONE = (ROOT / "minka" / "languages" / "tests" / "data" / "tone.webm").read_bytes()
SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms round trip
    "downloadThroughput": 400_000 / 8,  # bytes per second
    "uploadThroughput": 400_000 / 8,
}


def photo(seed: int) -> SimpleUploadedFile:
    """A phone-sized photo with detail in it (a flat colour would compress too well)."""
    image = Image.effect_noise((1600, 1200), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return SimpleUploadedFile(f"design-{seed}.jpg", out.getvalue(), content_type="image/jpeg")


def prepare() -> tuple[User, str]:
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    role = GroupRole.objects.select_related("member", "user").get(
        user__username="socia", role=Role.MEMBER
    )
    for i, product in enumerate(Product.objects.filter(group=role.group)):
        form = ProductPhotoForm({}, {"photo": photo(i)}, instance=product)
        assert form.is_valid(), form.errors
        form.save()
    # Every member-facing string (labels, menu, language names), number word and date
    # word, in Quechua and in Spanish and Aymara too (the language chooser names each
    # language in its own voice): every speaker button a page can draw is there.
    for language in ("qu", "es", "ay"):
        takes = [(e.context, e.msgid) for e in sources(language)]
        takes += [(NUMBER_CONTEXT, w) for w in vocabulary(language)]
        takes += [(DATE_CONTEXT, w) for w in date_vocabulary(language)]
        for context, msgid in takes:
            recording_save(
                language=language, context=context, msgid=msgid,
                upload=SimpleUploadedFile("t.webm", TONE), by=None,
            )  # fmt: skip
    path = reverse("member_statement", args=[role.group_id, role.member_id])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(role.user)
    client.cookies["django_language"] = "qu"
    page = client.get(path).content.decode()
    assert 'preload="none"' in page and "thumb.jpg" in page, "speakers and photos on the page"
    speakers = re.findall(r'<span class="speak">.*?</audio></span>', page)
    print(
        f"speaker buttons on her start page: {len(speakers)}, "
        f"{sum(map(len, speakers))} of the page's {len(page)} bytes of HTML (before gzip)"
    )
    return role.user, path


def first_load(browser: Any, base: str, path: str, cookie: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-PE")
    name, value = cookie.split("=", 1)
    context.add_cookies(
        [
            {"name": name, "value": value, "url": base},
            {"name": "django_language", "value": "qu", "url": base},
        ]
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    timing = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd,
                  width: document.documentElement.scrollWidth,
                  audio: document.querySelectorAll('audio').length};
        }"""
    )
    audio_bytes = sum(n for rid, n in sizes.items() if "/audio/" in urls.get(rid, ""))
    result = {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "audio_bytes": audio_bytes,
        "audio_elements": timing["audio"],
        "fcp_ms": round(timing["fcp"] or 0),
        "load_ms": round(timing["load"]),
        "scroll_width": timing["width"],
        "by_url": sorted(
            ((urls.get(rid, "?").replace(base, ""), n) for rid, n in sizes.items()),
            key=lambda x: -x[1],
        ),
    }
    context.close()
    return result


def strings() -> dict[str, dict[str, int]]:
    out = {}
    for language in ("qu", "ay"):
        entries = drafts(language)
        out[language] = {
            "catalog": len(entries),
            "drafted": sum(1 for e in entries if e.draft),
            "reviewed": ReviewedString.objects.filter(language=language).count(),
            "recorded": Recording.objects.filter(language=language).count(),
            "number_words": len(vocabulary(language)),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ports", default="8670-8679")
    args = parser.parse_args()
    low, high = (int(p) for p in args.ports.split("-"))
    user, path = prepare()
    cookie = session_cookie(user)
    from playwright.sync_api import sync_playwright

    runs = []
    with serving(1, (low, high)) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        first_load(browser, server.base, path, cookie)  # warm the server, not the browser
        for i in range(args.runs):
            run = first_load(browser, server.base, path, cookie)
            runs.append(run)
            print(
                f"run {i + 1}: {run['bytes']} bytes in {run['requests']} requests "
                f"(audio {run['audio_bytes']} bytes, {run['audio_elements']} <audio> "
                f"waiting for a tap), first paint {run['fcp_ms']} ms, load {run['load_ms']} ms, "
                f"scrollWidth {run['scroll_width']} px"
            )
        browser.close()
    print("resources of the last run:")
    for url, n in runs[-1]["by_url"]:
        print(f"  {n:>7} {url}")
    print(
        f"median of {len(runs)}: {statistics.median(r['bytes'] for r in runs):.0f} bytes, "
        f"first paint {statistics.median(r['fcp_ms'] for r in runs):.0f} ms, "
        f"load {statistics.median(r['load_ms'] for r in runs):.0f} ms "
        f"(slow 3G: 400 kbit/s, 400 ms RTT; targets < 100 KB and < 3 s)"
    )
    for language, figures in strings().items():
        print(f"{language}: {figures}")


if __name__ == "__main__":
    main()

"""Pages travel compressed to the phones of a group on a slow connection."""

import gzip

from django.urls import reverse

FNAME = 0x08  # gzip header flag: a file name follows (Django's random padding, against BREACH)


def test_rosas_dashboard_comes_gzipped_when_her_browser_asks(world):
    rosa = world.client_for(world.rosa)
    path = reverse("dashboard", args=[world.camacani.id])
    plain = rosa.get(path)
    packed = rosa.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert world.camacani.name in page
    assert len(packed.content) < len(plain.content) / 2
    assert packed.content[3] & FNAME  # padded with random bytes


def test_a_page_without_asking_for_gzip_comes_plain(world):
    maria = world.client_for(world.maria_user)
    path = reverse("member_statement", args=[world.camacani.id, world.maria.id])
    page = maria.get(path, HTTP_ACCEPT_ENCODING="identity")
    assert page.status_code == 200
    assert "Content-Encoding" not in page
    assert world.maria.first_name in page.content.decode()

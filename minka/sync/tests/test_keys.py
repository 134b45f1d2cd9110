"""The server's key is made once, even when several workers need it at the same moment."""

import threading

from minka.sync import keys


def test_workers_making_the_first_key_at_once_all_get_the_same(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    start, found = threading.Barrier(12), []

    def worker() -> None:
        start.wait()
        found.append(keys.public_key_hex())

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(found) == 12 and set(found) == {keys.public_key_hex()}
    assert [p.name for p in tmp_path.iterdir()] == ["sync_key"]

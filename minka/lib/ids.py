"""Time-ordered UUIDs (RFC 9562 version 7), so records made offline on many sites
merge without clashes and still index well. Python gains uuid.uuid7 only in 3.14."""

import os
import time
import uuid

_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A version-7 UUID: 48 bits of Unix milliseconds, then random bits.

    Within one millisecond a 12-bit counter keeps ids from one process in order.
    """
    global _last_ms, _counter
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms = _last_ms
        _counter += 1
        if _counter > 0xFFF:  # counter spent: borrow the next millisecond
            ms += 1
            _counter = 0
    else:
        _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
    _last_ms = ms
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= _counter << 64
    value |= 0b10 << 62
    value |= rand
    return uuid.UUID(int=value)

"""The compression of VBA source streams ([MS-OVBA] 2.4.1), used to write the add-in's VBA project.

ms-ovba, which writes the VBA project, compresses with ms-ovba-compression 1.0.1, whose output the
reference decompressors (oletools' olevba, and its own) do not read back for sources over a few
hundred bytes. This is the algorithm of [MS-OVBA] 2.4.1.3: 4096-byte chunks of literal and copy
tokens, each copy token's offset/length split depending on the position in the chunk; a chunk that
does not shrink is stored raw. The tests check it against olevba's decompressor.
"""

from __future__ import annotations

CHUNK = 4096
MAX_CANDIDATES = 64


def _split(position: int) -> tuple[int, int]:
    """(bit count of the offset, maximum copy length) at ``position`` bytes into a chunk."""
    bits = max((position - 1).bit_length(), 4)
    return bits, (0xFFFF >> bits) + 3


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    pos, n = 0, len(data)
    heads: dict[bytes, list[int]] = {}
    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            best_len, best_off = 0, 0
            if pos > 0 and pos + 3 <= n:
                bits, max_len = _split(pos)
                limit = min(max_len, n - pos)
                for start in reversed(heads.get(data[pos:pos + 3], [])[-MAX_CANDIDATES:]):
                    length = 3
                    while length < limit and data[start + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - start
                        if length == limit:
                            break
            if best_len >= 3:
                bits, _ = _split(pos)
                token = ((best_off - 1) << (16 - bits)) | (best_len - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = best_len
            else:
                out.append(data[pos])
                step = 1
            for p in range(pos, min(pos + step, n - 2)):
                heads.setdefault(data[p:p + 3], []).append(p)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer holding ``data``."""
    out = bytearray([0x01])
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) > CHUNK:
            if len(chunk) < CHUNK:  # only a last chunk of near-random bytes; VBA source never is
                raise ValueError("this data cannot be stored in a VBA compressed container")
            header, body = 0x3000 | (CHUNK - 1), chunk  # stored raw: flag 0, exactly 4096 bytes
        else:
            header = 0x8000 | 0x3000 | (len(body) + 2 - 3)
        out += header.to_bytes(2, "little") + body
    return bytes(out)

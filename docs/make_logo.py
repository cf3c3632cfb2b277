"""Draws the kernelspec logo (logo-32x32.png, logo-64x64.png) without any imaging library:
a rounded square in Java's orange with three white bars of different lengths, tasks running side by
side as in a timeline of futures. Drawn at 8x and averaged down, for smooth edges.

    python3 docs/make_logo.py kernel/src/main/resources
"""
import struct
import sys
import zlib
from pathlib import Path

ORANGE = (0xE7, 0x6F, 0x00)
WHITE = (0xFF, 0xFF, 0xFF)
SS = 8  # supersampling factor


def inside_rounded(x: float, y: float, lo: float, hi: float, r: float) -> bool:
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def pill(x: float, y: float, x0: float, x1: float, yc: float, h: float) -> bool:
    r = h / 2
    cx = min(max(x, x0 + r), x1 - r)
    return (x - cx) ** 2 + (y - yc) ** 2 <= r * r


def colour_at(u: float, v: float) -> tuple[int, int, int, int]:
    """The colour at (u, v) in [0, 1) of the logo."""
    if not inside_rounded(u, v, 0.03, 0.97, 0.2):
        return (0, 0, 0, 0)
    # three tasks: (start, end, row centre)
    for x0, x1, yc in ((0.18, 0.60, 0.30), (0.36, 0.82, 0.50), (0.26, 0.70, 0.70)):
        if pill(u, v, x0, x1, yc, 0.12):
            return WHITE + (255,)
    return ORANGE + (255,)


def render(size: int) -> bytes:
    rows = []
    n = size * SS
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = colour_at((px * SS + sx + 0.5) / n, (py * SS + sy + 0.5) / n)
                    a = c[3]
                    acc[0] += c[0] * a
                    acc[1] += c[1] * a
                    acc[2] += c[2] * a
                    acc[3] += a
            alpha = acc[3] / (SS * SS)
            rgb = [int(round(acc[i] / acc[3])) if acc[3] else 0 for i in range(3)]
            row += bytes(rgb + [int(round(alpha))])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w: int, h: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for size in (32, 64):
        (out / f"logo-{size}x{size}.png").write_bytes(render(size))
        print(out / f"logo-{size}x{size}.png")

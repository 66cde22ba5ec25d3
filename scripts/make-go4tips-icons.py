#!/usr/bin/env python3
"""Writes the Go4Tips app icons (wwwroot/img/go4tips-192.png and -512.png) once; the files are committed.

Plain Python (zlib only), 4x4 supersampling. The same drawing as wwwroot/img/go4tips.svg: a white card with a
check mark on the site's blue, kept inside the central 80% so the 512 px icon also works as a maskable icon.
Usage: python3 scripts/make-go4tips-icons.py
"""
import math
import os
import struct
import zlib

BLUE = (0x1F, 0x4E, 0x79)
WHITE = (0xFF, 0xFF, 0xFF)
GOLD = (0xFF, 0xBF, 0x47)


def inside_round_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def near_segment(x, y, ax, ay, bx, by, w):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= w * w


def colour(u, v):
    """u, v in [0, 64): the SVG's coordinate system."""
    if inside_round_rect(u, v, 16, 12, 48, 52, 4):
        if near_segment(u, v, 23, 32, 29.5, 39, 3) or near_segment(u, v, 29.5, 39, 41, 24, 3):
            return BLUE
        if near_segment(u, v, 22, 46, 42, 46, 1.5):
            return GOLD
        return WHITE
    return BLUE


def render(size, samples=4):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    u = (px + (sx + 0.5) / samples) * 64 / size
                    v = (py + (sy + 0.5) / samples) * 64 / size
                    c = colour(u, v)
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]
            n = samples * samples
            row.extend(int(round(a / n)) for a in acc)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(__file__), "..", "src", "SayStop.Web", "wwwroot", "img")
    for size in (192, 512):
        with open(os.path.join(out, f"go4tips-{size}.png"), "wb") as f:
            f.write(png(size, render(size)))

#!/usr/bin/env python3
"""Makes Features/Statistics/Data/world-map.json, the statistics page's world map, from the npm package
@svg-maps/world 2.0.0 (CC BY 4.0, Victor Cazanave). The package's paths are 1.2 MB; the page needs outlines
at the size of a phone screen, so each ring is simplified (Douglas-Peucker, 1 unit of a 1010-wide map), rings
smaller than a few pixels are dropped (a country keeps at least its largest ring), and coordinates are rounded.

    npm pack @svg-maps/world@2.0.0 && tar xzf svg-maps-world-2.0.0.tgz
    scripts/make-world-map.py package/index.js > src/SayStop.Web/Features/Statistics/Data/world-map.json
"""
import json
import re
import sys

TOLERANCE = 1.0
MIN_AREA = 1.5


def rings(path):
    out, start, ring, x, y = [], None, None, 0.0, 0.0
    for token in re.findall(r'[mz]|-?[\d.]+(?:e-?\d+)?,-?[\d.]+(?:e-?\d+)?', path):
        if token == 'm':
            ring = None
            continue
        if token == 'z':
            if ring:
                out.append(ring)
            x, y = start
            ring = None
            continue
        dx, dy = (float(v) for v in token.split(','))
        x, y = x + dx, y + dy
        if ring is None:
            ring, start = [(x, y)], (x, y)
        else:
            ring.append((x, y))
    if ring:
        out.append(ring)
    return out


def area(ring):
    return abs(sum(ring[i][0] * ring[i - 1][1] - ring[i - 1][0] * ring[i][1] for i in range(len(ring)))) / 2


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5
    best, index = 0.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length if length else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        if d > best:
            best, index = d, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def fmt(v):
    return ('%.1f' % v).rstrip('0').rstrip('.')


def main():
    source = open(sys.argv[1], encoding='utf-8').read()
    data = json.loads(source[source.index('{'): source.rindex('}') + 1])
    countries = {}
    for location in data['locations']:
        kept = []
        all_rings = rings(location['path'])
        for ring in all_rings:
            # Split the closed ring in two halves so Douglas-Peucker has two distinct end points.
            half = len(ring) // 2
            simple = simplify(ring[: half + 1], TOLERANCE)[:-1] + simplify(ring[half:] + [ring[0]], TOLERANCE)[:-1]
            if len(simple) >= 3 and area(simple) >= MIN_AREA:
                kept.append(simple)
        if not kept and all_rings:
            largest = max(all_rings, key=area)
            kept = [largest[:: max(1, len(largest) // 6)]]
        countries[location['id'].upper()] = ''.join(
            'M' + ' '.join(fmt(x) + ',' + fmt(y) for x, y in ring) + 'Z' for ring in kept)
    json.dump({'source': '@svg-maps/world 2.0.0, Victor Cazanave, CC BY 4.0 (simplified)',
               'viewBox': data['viewBox'], 'countries': countries}, sys.stdout, separators=(',', ':'), sort_keys=True)


main()

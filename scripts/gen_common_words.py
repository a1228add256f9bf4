#!/usr/bin/env python3
"""Generate data/en/common-words.txt: the lower-case English words of SCOWL (size 35, as the
Debian package `wamerican-small` ships it). A word the dictionary spells in lower case is a
common word; a capitalised run made only of such words is weak evidence of a name (see
`crates/vigil_extract/src/mention.rs`). Proper nouns (capitalised entries), possessives and
words with other characters are left out.

    apt-get install wamerican-small
    python3 scripts/gen_common_words.py > data/en/common-words.txt
"""

import sys

SOURCE = "/usr/share/dict/american-english-small"

HEADER = """# Common English words, lower case, one a line: the lower-case entries of SCOWL size 35
# (Debian package wamerican-small 2020.12.07), made by scripts/gen_common_words.py.
# SCOWL is Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute
# and sell these word lists, the associated scripts, the output created from the scripts, and
# its documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided "as is"
# without express or implied warranty."""


def main():
    words = set()
    with open(SOURCE, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if len(w) >= 2 and w.isascii() and w.isalpha() and w.islower():
                words.add(w)
    sys.stdout.write(HEADER + "\n")
    for w in sorted(words):
        sys.stdout.write(w + "\n")


if __name__ == "__main__":
    main()

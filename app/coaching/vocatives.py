"""Dropping the name a rep calls the prospect by ("I hear you, Marisol") before a clause is embedded.

A name tells the classifier nothing about the move, but it pulls a short line towards the
greetings in the neutral examples ("Hi Helen, it's Marcus"), so "Fair, Tom" sounded like a hello.
The cue `addressed_by_name` still records that a name was there.
"""

import re

_NOT_NAMES = {"i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "ok", "okay", "mate", "sir", "madam"}
# A capitalised word or two set off by a comma and followed by punctuation or the clause's end.
_VOCATIVE = re.compile(r",\s*((?:[A-Z][a-z'’]+)(?:\s+[A-Z][a-z'’]+)?)(?=\s*(?:[,.!?…;:]|[-–—]|$))")


def without_names(text: str) -> str:
    def drop(match: re.Match) -> str:
        return match.group(0) if match.group(1).split()[0].lower() in _NOT_NAMES else ""

    return _VOCATIVE.sub(drop, text)

"""What text from users may contain: no control characters but newlines and tabs.

PostgreSQL refuses NUL in text, and the others are never typed by a person, so both databases
get the same clear 422 instead of one of them failing deep inside a write.
"""

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """The first forbidden character, as U+XXXX, or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def refuse_control_characters(value: Any) -> Any:
    """Check a value, and the strings inside lists and dicts; raise ValueError naming the character."""
    strings = [value] if isinstance(value, str) else []
    if isinstance(value, list):
        strings = [v for v in value if isinstance(v, str)]
    elif isinstance(value, dict):
        strings = [s for pair in value.items() for s in pair if isinstance(s, str)]
    for text in strings:
        bad = control_character(text)
        if bad:
            raise ValueError(f"contains a control character ({bad}); only newlines and tabs are allowed")
    return value

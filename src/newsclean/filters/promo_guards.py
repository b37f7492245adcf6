"""Guards on what some promo rules remove, judged on the whole document after the pass.

A rule names a line's form; a few forms are promo when they are rare in a page and
reporting when they make up its fabric, or when they stand where the page's own headline
stands. ``spare_guarded`` puts such lines back after the pass has judged every line:

- **crowded cross-links**: a bracketed cross-link headline ("[A county's bag tax is paying
  off]") is one line in a page; a page with more than ``CROWDED`` of them is a script or
  a transcript whose bracketed lines are stage directions, and they all stay;
- **the page's headline**: a tagged headline ("Plane found in Java Sea [PICTURES]",
  "REVEALED: …", "Star shows off her new look -- See the pics!") on the first non-blank
  line of the page is that page's own headline, not a link to another story, and stays.

The lines put back are the same lines on every pass over the output (the first line
stays first, the crowded lines stay crowded), so ``clean(clean(x)) == clean(x)`` holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import Change

#: More bracketed cross-links than this in one page: they are the page's own fabric.
CROWDED = 6
#: Rules whose lines stay when the page holds more than ``CROWDED`` of them.
CROWDED_RULES = frozenset({"generic.bracketed-crosslink"})
#: Rules whose line stays when it is the page's first non-blank line.
HEADLINE_RULES = frozenset(
    {
        "express.teaser-tag",
        "heuristic.caps-label",
        "generic.teaser-call",
        "generic.related-label",
        "generic.teaser-read-more",
        "generic.crosslink-label",
        "generic.more-label",
    }
)
#: A label that marks a headline as much as a cross-link ("REVEALED: …", "PICTURED: …"):
#: generic.related-prefix spares the page's first line when it opens with one.
_HEADLINE_LABEL = re.compile(r"\W{0,3}(?:revealed|pictured)\b", re.IGNORECASE)
_PREFIX_RULE = "generic.related-prefix"


def _is_headline_guard(change: Change) -> bool:
    if change.rule in HEADLINE_RULES:
        return True
    return change.rule == _PREFIX_RULE and bool(_HEADLINE_LABEL.match(change.before))


def spare_guarded(
    lines: Sequence[str],
    origins: Sequence[int],
    changes: Sequence[Change],
    first_origin: int | None,
) -> tuple[list[str], list[int], list[Change]]:
    """``(lines, origins, changes)`` with the guarded removals undone: the dropped lines
    of a crowded rule, and a headline-like drop of the page's first non-blank line
    (``first_origin``, None for a page without one).

    Examples:
        >>> drop = Change("drop_promo", 1, "Storm hits [VIDEO]", None, "promo",
        ...               "express.teaser-tag")
        >>> spare_guarded(["Body."], [3], [drop], 1)
        (['Storm hits [VIDEO]', 'Body.'], [1, 3], [])
    """
    dropped = [c for c in changes if c.after is None]
    crowded = Counter(c.rule for c in dropped if c.rule in CROWDED_RULES)
    back = {
        c.line_no: c.before
        for c in dropped
        if (c.rule in CROWDED_RULES and crowded[c.rule] > CROWDED)
        or (c.line_no == first_origin and _is_headline_guard(c))
    }
    if not back:
        return list(lines), list(origins), list(changes)
    pairs = sorted([*zip(origins, lines, strict=True), *back.items()])
    rest = [c for c in changes if not (c.after is None and c.line_no in back)]
    return [line for _, line in pairs], [origin for origin, _ in pairs], rest

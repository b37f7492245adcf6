"""Rule packs as data: TOML packs (``packs/``), their loader and checks, and the matcher
the promo filter runs.

``base`` holds the value types and pattern analysis, ``matcher`` the compiled matcher,
``loader`` parsing, loading (cached by a pack's text, so an edited user pack applies)
and outlet detection.
"""

from __future__ import annotations

from .base import (
    DEFAULT_SHORT_WORDS,
    FAMILIES,
    SENTENCE_FAMILIES,
    Rule,
    RulePack,
    builtin_pack_names,
    literal_key,
    match_key,
    pack_version,
    required_literals,
)
from .loader import (
    detect_outlets,
    example_problems,
    load_pack,
    outlet_packs,
    parse_pack,
    scoped,
    validate_disabled,
)
from .matcher import RuleMatcher, strip_glued_label
from .sites import registered_domain, site_key

__all__ = [
    "DEFAULT_SHORT_WORDS",
    "FAMILIES",
    "SENTENCE_FAMILIES",
    "Rule",
    "RuleMatcher",
    "RulePack",
    "builtin_pack_names",
    "detect_outlets",
    "example_problems",
    "literal_key",
    "load_pack",
    "match_key",
    "outlet_packs",
    "pack_version",
    "parse_pack",
    "registered_domain",
    "required_literals",
    "scoped",
    "site_key",
    "strip_glued_label",
    "validate_disabled",
]

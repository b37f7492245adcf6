"""CleanConfig: the one immutable set of options, validated in one place."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from .errors import ConfigError
from .filters.captions import CaptionMode, CollapseRepeatedCaptions, KeepPolicy, ScorerName
from .filters.encoding import FixEncoding, Normalization
from .filters.promo import DropPromoLines, OutletChoice, Strictness
from .filters.whitespace import TidyWhitespace
from .pipeline import Filter


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Every option of the default pipeline, with its default and why.

    A step's on/off switch has the step's own name (``drop_promo=False``). ``None``
    switches a setting off; closed choices are ``Literal`` values.

    Examples:
        >>> CleanConfig.from_options(score_cutoff=95).score_cutoff
        95.0
    """

    # -- which steps run (each named as the filter is named) ----------------------
    fix_encoding: bool = field(
        default=True, metadata=_doc("Run the encoding repair step (ftfy, line by line).")
    )
    drop_promo: bool = field(
        default=True, metadata=_doc("Run the promo/boilerplate line removal step.")
    )
    collapse_captions: bool = field(
        default=True, metadata=_doc("Run the repeated-caption collapse step.")
    )
    tidy_whitespace: bool = field(default=True, metadata=_doc("Run the whitespace tidy step."))
    # -- fix_encoding: ftfy's TextFixerConfig names ------------------------------
    uncurl_quotes: bool = field(
        default=False,
        metadata=_doc(
            "Replace curly quotes with straight ones. Off: news text uses typographic "
            "quotes on purpose (ftfy's own default is on)."
        ),
    )
    unescape_html: bool | Literal["auto"] = field(
        default="auto",
        metadata=_doc(
            "Decode HTML entities such as &amp;. 'auto' (ftfy's default) skips a line "
            "that contains '<', which is probably about HTML."
        ),
    )
    fix_latin_ligatures: bool = field(
        default=True, metadata=_doc("Replace ligatures such as 'ﬁ' with letters (ftfy's default).")
    )
    fix_character_width: bool = field(
        default=True,
        metadata=_doc("Replace fullwidth and halfwidth forms with standard ones (ftfy's default)."),
    )
    remove_control_chars: bool = field(
        default=True, metadata=_doc("Remove control characters no text needs (ftfy's default).")
    )
    normalization: Normalization | None = field(
        default="NFC",
        metadata=_doc("Unicode normal form, or None for none. NFC changes no visible character."),
    )
    nbsp_to_space: bool = field(
        default=True,
        metadata=_doc(
            "Replace no-break spaces (U+00A0, narrow U+202F, figure U+2007) with plain "
            "spaces: in scraped text they are &nbsp; residue, and they defeat matching."
        ),
    )
    remove_zero_width: bool = field(
        default=True,
        metadata=_doc(
            "Remove zero-width spaces and word joiners, and zero-width (non-)joiners next "
            "to ASCII or a line's edge; joiners inside emoji sequences and non-Latin "
            "scripts stay."
        ),
    )
    remove_soft_hyphens: bool = field(
        default=True,
        metadata=_doc("Remove soft hyphens (U+00AD), invisible break hints that split words."),
    )
    # -- drop_promo --------------------------------------------------------------
    outlets: OutletChoice | tuple[str, ...] = field(
        default="all",
        metadata=_doc(
            "Outlet rule packs to load: 'all' (outlet rules name the outlet's own phrases, "
            "so they are safe on any text), 'auto' (the outlets a source hint or the "
            "text's own signals point to) or a list of pack names. 'generic' always loads."
        ),
    )
    packs: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Extra rule packs: built-in names, paths to TOML files, or inline TOML."),
    )
    disabled_rules: frozenset[str] = field(
        default=frozenset(), metadata=_doc("Rule ids or families to switch off.")
    )
    allcaps_headlines: bool = field(
        default=True,
        metadata=_doc(
            "Drop all-caps cross-link headlines ('RUSSIA INVADES UKRAINE: LIVE UPDATES'): "
            "no lower-case letter, no sentence-final punctuation."
        ),
    )
    strictness: Strictness = field(
        default="conservative",
        metadata=_doc(
            "How readily the heuristics (calls to action no rule names) fire: "
            "'conservative' needs every feature, 'aggressive' three of five."
        ),
    )
    min_headline_words: int = field(
        default=5,
        metadata=_doc("Fewest words an all-caps line needs to count as a cross-link headline."),
    )
    # -- collapse_captions (rapidfuzz names) -------------------------------------
    score_cutoff: float = field(
        default=90.0,
        metadata=_doc(
            "Lowest fuzz.ratio score (0-100) at which two lines count as copies of each "
            "other, credits set aside."
        ),
    )
    scorer: ScorerName = field(
        default="ratio",
        metadata=_doc(
            "rapidfuzz scorer for copies: 'ratio' (whole strings, in order) or "
            "'token_sort_ratio' (also forgives word order). Containment-fooled scorers "
            "(partial_ratio, token_set_ratio) are not offered."
        ),
    )
    caption_min_length: int = field(
        default=60,
        metadata=_doc(
            "Shortest line (characters) that may be collapsed. Shorter repeats (a refrain, "
            "'Q:' lines, a photographer credit under several photos) are left alone."
        ),
    )
    keep: KeepPolicy = field(
        default="with_credit",
        metadata=_doc(
            "Which copy's text stays (at the first copy's place): 'with_credit' (the "
            "credited copy, else the longest: the most information), 'longest' or 'first'."
        ),
    )
    captions: CaptionMode = field(
        default="dedupe",
        metadata=_doc(
            "'dedupe' keeps one copy of a repeated caption; 'keep' leaves repeated "
            "captions alone; 'drop' removes caption and credit lines entirely."
        ),
    )
    # -- tidy_whitespace ---------------------------------------------------------
    strip_indent: bool = field(
        default=True, metadata=_doc("Also remove leading spaces and tabs from each line.")
    )
    # -- the result ----------------------------------------------------------------
    max_removed_share: float | None = field(
        default=0.2,
        metadata=_doc(
            "Over-cleaning guard: flag a result (Cleaned.over_cleaned) that lost more than "
            "this share of the input's words; None switches it off. On the real corpus the "
            "most any article loses is 16%."
        ),
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check(f.name, getattr(self, f.name))

    @classmethod
    def from_options(cls, base: CleanConfig | None = None, **options: Any) -> CleanConfig:
        """Fold keyword overrides into ``base`` (default: the defaults), checking each.

        ``preset`` (``"display"``, ``"llm"``, ``"nlp"``) is applied first; options given
        beside it win.

        Examples:
            >>> CleanConfig.from_options(preset="nlp").normalization
            'NFKC'
            >>> CleanConfig.from_options(preset="nlp", uncurl_quotes=False).uncurl_quotes
            False
        """
        options = dict(options)
        preset = options.pop("preset", None)
        if preset is not None:
            if preset not in PRESETS:
                raise ConfigError(
                    f"option 'preset' must be one of {tuple(PRESETS)}; got {preset!r}"
                )
            base = dataclasses.replace(base or cls(), **PRESETS[preset])
        names = {f.name for f in dataclasses.fields(cls)} | {"preset"}
        for key in options:
            if key not in names:
                close = difflib.get_close_matches(key, sorted(names), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise ConfigError(
                    f"unknown option {key!r}.{hint} Options: {', '.join(sorted(names))}"
                )
        coerced = {k: _coerce(k, v) for k, v in options.items()}
        return dataclasses.replace(base or cls(), **coerced)

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Each option's documentation, by name."""
        return {f.name: f.metadata["doc"] for f in dataclasses.fields(cls)}


Preset = Literal["display", "llm", "nlp"]

#: Named bundles of the encoding options (see docs/filters.md for the side-by-side table).
PRESETS: dict[str, dict[str, Any]] = {
    # newsclean's defaults: repair what is broken, keep typography, tidy invisibles.
    "display": {
        "uncurl_quotes": False,
        "fix_latin_ligatures": True,
        "fix_character_width": True,
        "normalization": "NFC",
        "nbsp_to_space": True,
        "remove_zero_width": True,
        "remove_soft_hyphens": True,
    },
    # What LLM data pipelines pick (datatrove's FTFYFormatter): fix encoding only; keep
    # curly quotes, ligatures, widths and invisibles; no normal form.
    "llm": {
        "uncurl_quotes": False,
        "fix_latin_ligatures": False,
        "fix_character_width": False,
        "normalization": None,
        "nbsp_to_space": False,
        "remove_zero_width": False,
        "remove_soft_hyphens": False,
    },
    # Classic NLP preprocessing: straight quotes and compatibility forms folded (NFKC).
    "nlp": {
        "uncurl_quotes": True,
        "fix_latin_ligatures": True,
        "fix_character_width": True,
        "normalization": "NFKC",
        "nbsp_to_space": True,
        "remove_zero_width": True,
        "remove_soft_hyphens": True,
    },
}

_BOOLS = {
    "fix_encoding",
    "drop_promo",
    "collapse_captions",
    "tidy_whitespace",
    "uncurl_quotes",
    "fix_latin_ligatures",
    "fix_character_width",
    "remove_control_chars",
    "allcaps_headlines",
    "nbsp_to_space",
    "remove_zero_width",
    "remove_soft_hyphens",
    "strip_indent",
}


def _coerce(name: str, value: Any) -> Any:
    if name in {"packs", "outlets"} and isinstance(value, list | tuple):
        return tuple(value)
    if name == "packs" and isinstance(value, str):
        return (value,)
    if name == "disabled_rules" and isinstance(value, list | tuple | set | frozenset):
        return frozenset(value)
    if name == "disabled_rules" and isinstance(value, str):
        return frozenset({value})
    if (
        name in {"score_cutoff", "max_removed_share"}
        and isinstance(value, int)
        and not isinstance(value, bool)
    ):
        return float(value)
    return value


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 10_000


# Each option's check and the words an error uses to say what is allowed.
_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    **dict.fromkeys(_BOOLS, (_is_bool, "True or False")),
    "unescape_html": (lambda v: v == "auto" or _is_bool(v), "True, False or 'auto'"),
    "normalization": (
        lambda v: v is None or v in get_args(Normalization),
        f"one of {get_args(Normalization)} or None",
    ),
    "packs": (
        lambda v: isinstance(v, tuple) and all(isinstance(p, str) and p for p in v),
        "a list of pack names or paths",
    ),
    "outlets": (
        lambda v: (
            v in ("all", "auto")
            or (isinstance(v, tuple) and all(isinstance(p, str) and p for p in v))
        ),
        "'all', 'auto' or a list of outlet pack names",
    ),
    "strictness": (
        lambda v: v in get_args(Strictness),
        f"one of {get_args(Strictness)}",
    ),
    "disabled_rules": (
        lambda v: isinstance(v, frozenset) and all(isinstance(r, str) for r in v),
        "a set of rule ids or families",
    ),
    "score_cutoff": (
        lambda v: isinstance(v, float) and 0.0 < v <= 100.0,
        "a number above 0 and at most 100",
    ),
    "caption_min_length": (_is_count, "a whole number from 1 to 10000"),
    "max_removed_share": (
        lambda v: v is None or (isinstance(v, float) and 0.0 <= v <= 1.0),
        "a number from 0 to 1, or None",
    ),
    "keep": (lambda v: v in get_args(KeepPolicy), f"one of {get_args(KeepPolicy)}"),
    "scorer": (lambda v: v in get_args(ScorerName), f"one of {get_args(ScorerName)}"),
    "captions": (lambda v: v in get_args(CaptionMode), f"one of {get_args(CaptionMode)}"),
    "min_headline_words": (_is_count, "a whole number from 1 to 10000"),
}


def _check(name: str, value: Any) -> None:
    ok, allowed = _CHECKS[name]
    if not ok(value):
        raise ConfigError(f"option {name!r} must be {allowed}; got {value!r}")


def build_steps(config: CleanConfig) -> list[Filter]:
    """The default pipeline's steps, in order, configured from ``config``."""
    steps: list[Filter] = []
    # Encoding first: every later step must see the real characters, not mojibake.
    if config.fix_encoding:
        steps.append(
            FixEncoding(
                uncurl_quotes=config.uncurl_quotes,
                unescape_html=config.unescape_html,
                fix_latin_ligatures=config.fix_latin_ligatures,
                fix_character_width=config.fix_character_width,
                remove_control_chars=config.remove_control_chars,
                normalization=config.normalization,
                nbsp_to_space=config.nbsp_to_space,
                remove_zero_width=config.remove_zero_width,
                remove_soft_hyphens=config.remove_soft_hyphens,
            )
        )
    # Promo before captions: a repeated promo line is dropped by its rule, explained as promo.
    if config.drop_promo:
        steps.append(
            DropPromoLines(
                outlets=config.outlets,
                strictness=config.strictness,
                packs=config.packs,
                disabled_rules=config.disabled_rules,
                allcaps_headlines=config.allcaps_headlines,
                min_headline_words=config.min_headline_words,
            )
        )
    # Captions after promo, so only lines that survived are compared.
    if config.collapse_captions:
        steps.append(
            CollapseRepeatedCaptions(
                score_cutoff=config.score_cutoff,
                scorer=config.scorer,
                min_length=config.caption_min_length,
                keep=config.keep,
                captions=config.captions,
            )
        )
    # Whitespace last: the blank lines left where other steps removed lines fold here.
    if config.tidy_whitespace:
        steps.append(TidyWhitespace(strip_indent=config.strip_indent))
    return steps

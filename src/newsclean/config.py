"""CleanConfig: the one immutable set of options, derived from the filters' declarations.

Every field here comes from an ``Option`` declared once beside its filter (its default,
check and doc); this module only lists them in the default pipeline's order, adds the
step switches and the result guard, and builds the steps. No option is checked here in
its own way: ``CleanConfig``, ``from_options``, the filters and the CLI share one check.
"""

from __future__ import annotations

import dataclasses
import difflib
import operator
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ConfigError
from .filters import captions, encoding, promo, whitespace
from .filters.base import Filter
from .filters.captions import CaptionMode, CollapseRepeatedCaptions, KeepPolicy, ScorerName
from .filters.encoding import FixEncoding, Normalization
from .filters.promo import DropPromoLines, OutletChoice, Strictness
from .filters.whitespace import TidyWhitespace
from .options import Option, Options, flag

#: The default pipeline's steps in order, with the module that declares each one's options.
STEP_OPTIONS: dict[str, Options] = {
    "fix_encoding": encoding.OPTIONS,
    "drop_promo": promo.OPTIONS,
    "collapse_captions": captions.OPTIONS,
    "tidy_whitespace": whitespace.OPTIONS,
}

#: Options of the pipeline itself: a switch per step, and the over-cleaning guard.
PIPELINE_OPTIONS = Options(
    "CleanConfig",
    (
        flag("fix_encoding", "Run the encoding repair step (ftfy, line by line)."),
        flag("drop_promo", "Run the promo/boilerplate line removal step."),
        flag("collapse_captions", "Run the repeated-caption collapse step."),
        flag("tidy_whitespace", "Run the whitespace tidy step."),
        Option(
            "max_removed_share",
            0.2,
            "a number from 0 to 1, or None",
            lambda v: v is None or (type(v) is float and 0.0 <= v <= 1.0),
            "Over-cleaning guard: flag a result (Cleaned.over_cleaned) that lost more than "
            "this share of the input's words; None switches it off. On the real corpus the "
            "most any article loses is 16%.",
            coerce=lambda v: float(v) if type(v) is int else v,
            kind="share",
        ),
    ),
)

#: Every CleanConfig option by name, with the one declaration that checks it.
OPTIONS: dict[str, Option] = {
    o.name: o for group in (PIPELINE_OPTIONS, *STEP_OPTIONS.values()) for o in group if o.in_config
}


def _opt(name: str) -> Any:
    """A CleanConfig field whose default and doc come from the option's declaration."""
    option = OPTIONS[name]
    return field(default=option.default, metadata={"doc": option.doc, "option": option})


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
    fix_encoding: bool = _opt("fix_encoding")
    drop_promo: bool = _opt("drop_promo")
    collapse_captions: bool = _opt("collapse_captions")
    tidy_whitespace: bool = _opt("tidy_whitespace")
    # -- fix_encoding: ftfy's TextFixerConfig names ------------------------------
    uncurl_quotes: bool = _opt("uncurl_quotes")
    unescape_html: bool | Literal["auto"] = _opt("unescape_html")
    fix_latin_ligatures: bool = _opt("fix_latin_ligatures")
    fix_character_width: bool = _opt("fix_character_width")
    remove_control_chars: bool = _opt("remove_control_chars")
    normalization: Normalization | None = _opt("normalization")
    nbsp_to_space: bool = _opt("nbsp_to_space")
    remove_zero_width: bool = _opt("remove_zero_width")
    remove_soft_hyphens: bool = _opt("remove_soft_hyphens")
    # -- drop_promo --------------------------------------------------------------
    outlets: OutletChoice | tuple[str, ...] = _opt("outlets")
    packs: tuple[str, ...] = _opt("packs")
    disabled_rules: frozenset[str] = _opt("disabled_rules")
    allcaps_headlines: bool = _opt("allcaps_headlines")
    strictness: Strictness = _opt("strictness")
    min_headline_words: int = _opt("min_headline_words")
    model: str | None = _opt("model")
    # -- collapse_captions (rapidfuzz names) -------------------------------------
    score_cutoff: float = _opt("score_cutoff")
    scorer: ScorerName = _opt("scorer")
    caption_min_length: int = _opt("caption_min_length")
    keep: KeepPolicy = _opt("keep")
    captions: CaptionMode = _opt("captions")
    # -- tidy_whitespace ---------------------------------------------------------
    strip_indent: bool = _opt("strip_indent")
    # -- the result ----------------------------------------------------------------
    max_removed_share: float | None = _opt("max_removed_share")

    def __post_init__(self) -> None:
        # clean() builds CleanConfig() on every call: the declared defaults need no check
        if all(map(operator.is_, _FIELD_VALUES(self), _FIELD_DEFAULTS)):
            return
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            checked = OPTIONS[f.name].validate(value)
            if checked is not value:
                object.__setattr__(self, f.name, checked)

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
        return dataclasses.replace(base or cls(), **options)

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Each option's documentation, by name."""
        return {f.name: f.metadata["doc"] for f in dataclasses.fields(cls)}


# Every field's value and declared default, in field order, for the cheap default check.
_FIELD_VALUES = operator.attrgetter(*(f.name for f in dataclasses.fields(CleanConfig)))
_FIELD_DEFAULTS: tuple[Any, ...] = tuple(f.default for f in dataclasses.fields(CleanConfig))

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


def _step_kwargs(config: CleanConfig, options: Options) -> dict[str, Any]:
    return {o.field_name: getattr(config, o.name) for o in options if o.in_config}


def build_steps(config: CleanConfig) -> list[Filter]:
    """The default pipeline's steps, in order, configured from ``config``."""
    steps: list[Filter] = []
    # Encoding first: every later step must see the real characters, not mojibake.
    if config.fix_encoding:
        steps.append(FixEncoding(**_step_kwargs(config, encoding.OPTIONS)))
    # Promo before captions: a repeated promo line is dropped by its rule, explained as promo.
    if config.drop_promo:
        steps.append(DropPromoLines(**_step_kwargs(config, promo.OPTIONS)))
    # Captions after promo, so only lines that survived are compared.
    if config.collapse_captions:
        steps.append(CollapseRepeatedCaptions(**_step_kwargs(config, captions.OPTIONS)))
    # Whitespace last: the blank lines left where other steps removed lines fold here.
    if config.tidy_whitespace:
        steps.append(TidyWhitespace(**_step_kwargs(config, whitespace.OPTIONS)))
    return steps

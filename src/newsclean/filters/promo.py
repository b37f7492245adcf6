"""Promo and boilerplate: rule packs kept as data, applied to whole lines and to the
first or last sentence of a paragraph, plus conservative heuristics for what no rule
names (all-caps cross-link headlines, calls to action, link lists under a heading)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal, get_args

from ..linemodel import BUNDLED, ScoreMemo, judgeable, load_model
from ..model import Change, Doc
from ..options import Option, Options, choice, count, flag, is_names, to_frozenset, to_tuple
from ..rules import (
    SENTENCE_FAMILIES,
    Rule,
    RuleMatcher,
    builtin_pack_names,
    detect_outlets,
    strip_glued_label,
)
from ..rules.literal_gate import group_width
from ..rules.loader import compiled_rules
from .about_blocks import closing_blocks
from .link_lists import LIST_MAX_LINES as _LIST_MAX_LINES
from .link_lists import drop_dangling
from .link_lists import is_list_title as _is_list_title
from .link_lists import is_pointed_link as _is_pointed_link
from .link_lists import is_pointer as _is_pointer
from .link_lists import pointed_links as _pointed_links
from .model_guards import BETWEEN_SHARE, between_flagged
from .model_guards import spared as model_spared
from .promo_guards import spare_guarded
from .promo_heuristics import ATTRIBUTION as _ATTRIBUTION
from .promo_heuristics import (
    CAPS_LABEL_FIRST,
    caps_label_reason,
    video_close_reason,
    widget_label,
    wiki_edit_labels,
)
from .promo_heuristics import QUOTE_MARKS as _QUOTE_MARKS
from .promo_heuristics import Strictness as Strictness
from .promo_heuristics import Why as Why
from .promo_heuristics import allcaps_headline_reason as allcaps_headline_reason
from .promo_heuristics import call_to_action_reason as call_to_action_reason
from .subheads import keep_subheads


def _rule_why(rule: Rule, code: str = "promo", detail: str = "") -> Why:
    return Why(code, rule.id, detail, opens_list=rule.opens_list)


OutletChoice = Literal["all", "auto"]

# The first or last sentence of a paragraph: a promo sentence fused onto reporting.
# A full stop inside a word ("usnews.com") does not end a sentence.
_FIRST_SENTENCE = re.compile(r"^(.{8,300}?[.!?])[\"'”’]?\s+(?=[A-Z“\"‘'(\[])")
_LAST_SENTENCE = re.compile(
    r"(?<=[.!?\"”’])\s+([A-Z“\"‘'(\[*](?:[^.!?]|[.!?](?=\w)){8,300}[.!?]?[\"'”’]?)\s*$"
)
# Labels glued to reporting that are never part of it ("ADVERTISEMENTThe …").
_GLUED_AD = re.compile(r"^\s*(?:ADVERTISEMENT|ADVERTISING|SPONSORED)(?=[A-Z“\"‘'][a-z]?)")

# A gallery the extractor printed as one line: the widget's alt text, or its header.
_GALLERY_RESIDUE = re.compile(
    r"(Shape Created with Sketch\.)|\d{1,3} PHOTOS .{1,200}? See Gallery "
)
# Spans removed from one line in one pass at most (each removal shortens the line).
_SPAN_PASSES = 8
# The call-to-action heuristic never judges a line longer than this, at any strictness.
_CTA_MAX_WORDS = 20
# A paragraph needs this many words to hold a promo sentence and reporting besides; the
# last sentence is looked for in the paragraph's last characters only (bounded work).
_SPAN_MIN_WORDS = 6
_SPAN_WINDOW = 400
# What a cut of a paragraph's last sentence may leave that goes too: one question alone.
_QUESTION = re.compile(r"\s*[^.!?]{2,480}\?\s*")
# The line model judges only documents with this many non-blank lines (it needs context),
# and settles in at most this many passes (each one linear).
_MODEL_MIN_LINES = 3
_MODEL_PASSES = 4


@dataclass(slots=True)
class _ModelMemo:
    """What the line model's passes over one document share (per call, never kept):
    which lines it may judge, and each line's words and own features."""

    candidate: dict[str, bool] = field(default_factory=dict)
    scores: ScoreMemo = field(default_factory=ScoreMemo)


def _model_candidate(line: str) -> bool:
    """A line the model may judge (see ``linemodel.judgeable``), and not a sentence
    pointing at a link ("You can read more about it here."): the rules keep that on
    purpose and remove the link line after it."""
    if not judgeable(line):
        return False
    return not _is_pointer(line)


def _known_outlets() -> list[str]:
    return sorted(set(builtin_pack_names()) - {"generic"})


def _outlets_ok(value: object) -> bool:
    if value in get_args(OutletChoice):
        return True
    known = _known_outlets()
    return isinstance(value, tuple) and all(o in known for o in value)


#: DropPromoLines' options, declared once: CleanConfig, the CLI and the filter derive from these.
OPTIONS = Options(
    "DropPromoLines",
    (
        Option(
            "outlets",
            "all",
            "'all', 'auto' or a list of outlet packs (see `newsclean rules packs`)",
            _outlets_ok,
            "Outlet rule packs to load: 'all' (outlet rules name the outlet's own phrases, "
            "so they are safe on any text), 'auto' (the outlets a source hint or the "
            "text's own signals point to) or a list of pack names. 'generic' always loads.",
            coerce=lambda v: v if v in get_args(OutletChoice) else to_tuple(v),
            kind="list",
        ),
        Option(
            "packs",
            (),
            "a list of pack names or paths",
            is_names,
            "Extra rule packs: built-in names, paths to TOML files, or inline TOML.",
            coerce=to_tuple,
            kind="list",
        ),
        Option(
            "disabled_rules",
            frozenset(),
            "a set of rule ids or families",
            lambda v: isinstance(v, frozenset) and all(isinstance(r, str) for r in v),
            "Rule ids, families, or the heuristics heuristic.caps-label, "
            "heuristic.gallery-residue, heuristic.call-to-action, heuristic.about-block, "
            "heuristic.author-bio, heuristic.closing-question, heuristic.headline-run, "
            "heuristic.dangling-lead-in and heuristic.wiki-edit-label, to switch off.",
            coerce=to_frozenset,
            kind="list",
        ),
        flag(
            "allcaps_headlines",
            "Drop all-caps cross-link headlines ('RUSSIA INVADES UKRAINE: LIVE UPDATES'): "
            "no lower-case letter, no sentence-final punctuation.",
        ),
        count(
            "min_headline_words",
            5,
            "Fewest words an all-caps line needs to count as a cross-link headline.",
        ),
        choice(
            "strictness",
            "conservative",
            get_args(Strictness),
            "How readily the heuristics and the line model fire: 'conservative' needs every "
            "call-to-action feature and the model's high-precision threshold; 'aggressive' "
            "fewer features and the model's lower threshold (both calibrated on outlets the "
            "model did not see).",
        ),
        Option(
            "model",
            None,
            "'default' (the bundled line model), a path to a model file, or None",
            lambda v: v is None or (isinstance(v, str) and bool(v)),
            "The learned line model that judges lines no rule names: None (the default: "
            "rules and heuristics only), 'default' (bundled, trained on 3,400 labelled real "
            "articles from ~1,800 outlets) or a model file written by `newsclean train`. "
            "Off by default: on held-out outlets it lifts promo recall from 0.36 to 0.56 "
            "(conservative) but keeps 99.64 % of body lines (rules: 99.87 %) and costs about "
            "two and a half times the cleaning time (docs/line-model.md).",
            coerce=lambda v: str(v) if isinstance(v, PurePath) else v,
            kind="model",
        ),
    ),
)
_D = OPTIONS.by_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class DropPromoLines:
    """Remove promo and boilerplate: whole lines a rule pack names, a promo sentence
    fused onto the start or end of a paragraph (only that span goes), glued ad labels,
    and what the heuristics catch.

    ``outlets`` chooses the outlet packs: ``"all"`` (every built-in pack: outlet rules
    name the outlet's own phrases), ``"auto"`` (the outlets a ``source`` hint or the
    text's own signals point to) or a list of pack names. ``generic`` always loads.
    ``packs`` adds packs by name, path or inline TOML; ``disabled_rules`` switches rules
    off by id or family. ``strictness`` sets the heuristics: ``"conservative"`` (the
    default) or ``"aggressive"``.

    Examples:
        >>> from newsclean.model import Doc
        >>> DropPromoLines()(Doc.from_text("CLICK HERE TO GET THE FOX NEWS APP")).changes[0].reason
        'promo:foxnews.app-download'
    """

    name: str = "drop_promo"
    outlets: OutletChoice | tuple[str, ...] = _D["outlets"].default
    packs: tuple[str, ...] = _D["packs"].default
    disabled_rules: frozenset[str] = _D["disabled_rules"].default
    allcaps_headlines: bool = _D["allcaps_headlines"].default
    min_headline_words: int = _D["min_headline_words"].default
    strictness: Strictness = _D["strictness"].default
    model: str | None = _D["model"].default

    def __post_init__(self) -> None:
        OPTIONS.validate_fields(self)

    @property
    def context_sensitive(self) -> bool:
        """True: a link list is judged by the heading or pointer line above it, and the line
        model by a line's neighbours, so the pipeline settles (see ``Pipeline.run``)."""
        return True

    def rerun_changes(self, given: Doc, made: Doc, now: Doc) -> bool:
        """Whether running again on ``now`` (what later steps left of ``made``, this step's
        output for ``given``) could change anything; False only where it provably cannot.

        Without the line model, a line's verdict depends on its context only through a
        list heading or a pointer line above it, and context only adds reasons: a line
        kept unchanged here is kept without context too. So a rerun changes nothing when
        the same packs apply, no line of ``now`` points at a link, and every line this
        step did not judge as it stands now (edited here or by a later step) is kept
        when judged without context.
        """
        if self.model is not None or now.source != given.source:
            return True
        refs = self.pack_refs(now)
        if self.outlets == "auto" and refs != self.pack_refs(given):
            return True
        matcher = compiled_rules(refs, self.disabled_rules, now.source)
        touched = {c.line_no for c in made.changes[len(given.changes) :]}
        pairs = zip(made.lines, made.origins, strict=True)
        kept = {line for line, origin in pairs if origin not in touched}
        for line in now.lines:
            if not line or line.isspace():
                continue
            if _is_pointer(line):
                return True
            if line not in kept and self._judge(line, matcher, False)[0] is not None:
                return True
            # a subhead kept for its words depends on the paragraphs around it
            if (
                SUBHEADS
                and self.allcaps_headlines
                and line.lstrip()[:3].isupper()
                and allcaps_headline_reason(line, self.min_headline_words) is not None
            ):
                return True
        return False

    def pack_refs(self, doc: Doc | None = None) -> tuple[str, ...]:
        """The packs this filter loads for ``doc`` (generic, outlets, extra packs)."""
        if self.outlets == "all":
            outlets: tuple[str, ...] = tuple(n for n in builtin_pack_names() if n != "generic")
        elif self.outlets == "auto":
            text = "\n".join(doc.lines) if doc is not None else ""
            outlets = detect_outlets(text, doc.source if doc is not None else None)
        else:
            outlets = tuple(self.outlets)
        refs = ("generic", *outlets, *self.packs)
        return tuple(dict.fromkeys(refs))  # in order, once each

    def __call__(self, doc: Doc) -> Doc:
        return self.call_with_memo(doc, {})

    def call_with_memo(self, doc: Doc, scratch: dict[str, Any]) -> Doc:
        """``self(doc)``, keeping what the line model worked out about each line in
        ``scratch``: a pipeline that runs this step again on the same document (settling)
        passes the same dict, so a line is tokenised and featurised once per document.
        The output is the same (``tests/test_fast_paths.py``)."""
        matcher = compiled_rules(self.pack_refs(doc), self.disabled_rules, doc.source)
        lines, origins, changes = list[str](), list[int](), list[Change]()
        list_left = 0  # lines of a link list still allowed after a list heading
        pointer_left = 0  # link lines still allowed after a pointer line ("… read more here.")
        judge = self._judge
        memo: _ModelMemo | None = None
        if self.model is not None:
            memo = scratch.setdefault("model", _ModelMemo())
        flagged = self._model_verdicts(doc, memo)
        about, judged = dict[int, Why](), dict[int, tuple[Why | None, str | None]]()
        off = self.disabled_rules
        edits = {} if "heuristic.wiki-edit-label" in off else wiki_edit_labels(doc.lines)

        def dropped(j: int) -> bool:  # the model or a rule drops the whole line
            if j in flagged or j in about:
                return True
            reason, rest = judged[j] = judged.get(j) or judge(doc.lines[j], matcher, False)
            return reason is not None and rest is None

        about = closing_blocks(doc.lines, off, dropped, lambda j: judged[j][1] or doc.lines[j])
        lead = next((i for i, t in enumerate(doc.lines) if t.strip()), -1)  # the first line
        for index, (line, origin) in enumerate(zip(doc.lines, doc.origins, strict=True)):
            if not line or line.isspace():
                lines.append(line)
                origins.append(origin)
                continue
            got = None if list_left else judged.get(index)  # (as dropped() judged it)
            reason, after = got or judge(line, matcher, list_left > 0, list_left < _LIST_MAX_LINES)
            if index in about and (reason is None or after is not None):  # (what a span left too)
                reason, after = about[index], None
            if reason is None and index in edits and judge(edits[index], matcher, False)[0] is None:
                # (a heading a rule would drop alone, "Photos", keeps its label: it stays)
                reason, after = Why("promo", "heuristic.wiki-edit-label", "heading"), edits[index]
            if reason is None and index in flagged:
                reason, after = flagged[index], None
            if reason is None and pointer_left and _is_pointed_link(line):
                # every link of the list goes in this one pass (clean(clean(x)) == clean(x))
                reason, after = Why("promo", "heuristic.link-list", "after_pointer"), None
                pointer_left -= 1
            elif reason is None or after is not None:  # kept, whole or in part: context
                pointer_left = _pointed_links(doc.lines, index, dropped) if _is_pointer(line) else 0
            if reason is None:  # the common case: keep the line
                list_left = 0
                lines.append(line)
                origins.append(origin)
                continue
            # a line that goes is transparent to the lists around it: were it gone already,
            # the next pass would see the heading (or pointer) right above the links
            if reason.rule == "heuristic.link-list":
                list_left -= 1
            elif reason.opens_list:
                list_left = _LIST_MAX_LINES
            changes.append(Change(self.name, origin, line, after, *reason[:4]))
            # a span went: what is left may hold another (two glued labels, a promo sentence
            # at each end); judge it again so one pass removes them all
            for _ in range(_SPAN_PASSES):
                if after is None or not after.strip():
                    break
                again, rest = judge(after, matcher, False)
                if again is None or rest == after:
                    break
                changes.append(Change(self.name, origin, after, rest, *again[:4]))
                after = rest
            last = changes[-1]
            if after and last.detail == "end" and index != lead and _QUESTION.fullmatch(after):
                # the cut pitch's lead-in question is all that is left ("Want more recipes?")
                changes.append(
                    Change(self.name, origin, after, None, "promo", last.rule, "lead_in")
                )
                after = None
            if after is not None:
                lines.append(after)
                origins.append(origin)
        if changes and GUARDS:
            first = next(
                (o for t, o in zip(doc.lines, doc.origins, strict=True) if t.strip()), None
            )
            lines, origins, changes = spare_guarded(lines, origins, changes, first)
        if self.allcaps_headlines and SUBHEADS and changes:
            lines, origins, changes = keep_subheads(lines, origins, changes)
        if "heuristic.dangling-lead-in" not in self.disabled_rules:
            changes += drop_dangling(lines, origins, self.name)
        out = doc.evolve(lines, origins, changes) if changes else doc
        # once anything went, the model looks again at what is left (see _settle)
        return self._settle(out, memo) if memo is not None and out is not doc else out

    def _model_verdicts(self, doc: Doc, memo: _ModelMemo | None = None) -> dict[int, Why]:
        """Reasons for the lines the line model scores at or above the threshold (and the
        lines between two such, at ``BETWEEN_SHARE`` of it). The model needs context: a
        document of fewer than ``_MODEL_MIN_LINES`` non-blank lines, and a line of fewer
        than four letters or digits, are never judged by it."""
        if self.model is None:
            return {}
        memo = _ModelMemo() if memo is None else memo
        judged = memo.candidate
        candidates = []
        for i, line in enumerate(doc.lines):
            ok = judged.get(line)
            if ok is None:
                ok = judged[line] = _model_candidate(line)
            if ok:
                candidates.append(i)
        if sum(1 for line in doc.lines if line.strip()) < _MODEL_MIN_LINES or not candidates:
            return {}
        model = load_model(self.model)
        threshold = model.threshold(self.strictness)
        scores = model.score_doc(
            doc.lines, doc.source, only=candidates, memo=memo.scores, min_score=threshold
        )
        name = model.name if model.name == BUNDLED else "custom"
        flagged = {
            i: Why("promo", f"model.{name}", "+".join(s.top), round(s.score, 3))
            for i, s in scores.items()
            if s.score >= threshold
        }
        if flagged:  # the lines between two flagged ones, scored against a lower bound
            matcher = compiled_rules(self.pack_refs(doc), self.disabled_rules, doc.source)

            def trimmed(j: int) -> bool:  # a rule cuts a span of the line and keeps the rest
                return self._judge(doc.lines[j], matcher, False)[1] is not None

            low = threshold * BETWEEN_SHARE
            unflagged = dict.fromkeys((i for i in candidates if i not in flagged), low)
            placed = between_flagged(doc.lines, unflagged, flagged.keys(), low, trimmed)
            got = model.score_doc(
                doc.lines, doc.source, only=placed, memo=memo.scores, min_score=low
            )
            for i, s in got.items():
                top = "+".join(("between_flagged", *s.top))
                flagged[i] = Why("promo", f"model.{name}", top, round(s.score, 3))
        if MODEL_GUARDS and flagged:
            for i in model_spared(doc.lines, flagged.keys()):
                del flagged[i]
        return flagged

    def _settle(self, doc: Doc, memo: _ModelMemo) -> Doc:
        """Drop what the model flags once the lines it flagged before are gone, until it
        flags nothing: a line's context (its neighbours, its place from the end) changes
        when promo around it goes, and clean(clean(x)) must equal clean(x)."""
        for _ in range(_MODEL_PASSES):
            flagged = self._model_verdicts(doc, memo)
            if not flagged:
                break
            lines, origins, changes = [], [], []
            for i, (line, origin) in enumerate(zip(doc.lines, doc.origins, strict=True)):
                if i in flagged:
                    changes.append(Change(self.name, origin, line, None, *flagged[i][:4]))
                else:
                    lines.append(line)
                    origins.append(origin)
            doc = doc.evolve(lines, origins, changes)
        return doc

    def _judge(
        self, line: str, matcher: RuleMatcher, in_list: bool, titled: bool = False
    ) -> tuple[Why | None, str | None]:
        """(reason, text after) for one line; (None, None) keeps it as it is. ``in_list``:
        the line is under a heading that opens a list of links; ``titled``: that list
        has taken a title already."""
        off = self.disabled_rules
        if line[:1] in CAPS_LABEL_FIRST and "heuristic.caps-label" not in off:
            label = caps_label_reason(line)
            if label is not None:
                return label, None
        if line[:1] in "S0123456789" and "heuristic.gallery-residue" not in off:
            blob = _GALLERY_RESIDUE.match(line)
            if blob:
                form = "sketch" if blob.group(1) else "see_gallery"
                return Why("promo", "heuristic.gallery-residue", form), None
        if line[:6] in ("CLOSE ", "Photos") and "heuristic.gallery-residue" not in off:
            player = video_close_reason(line)
            if player is not None:
                return player, None
        zoom = widget_label(line) if line[:1] in "IEt" else None
        if zoom:  # a gallery widget's label left on a caption: it goes, the caption stays
            return zoom
        folded = line.casefold()
        parts = folded.split()  # as many as line.split(): folding keeps spaces, adds none
        words = len(parts)
        found = whole = edges = True
        if words <= matcher.always_max_words:
            folded = ""
        elif FAST_RULE_GATE:  # one pass: a literal at all; may a rule, a sentence match?
            found, whole, edges = matcher.survey(line, folded, parts, _EDGES)
        else:
            found = matcher.has_literal(folded)
        if folded and not found:
            # A paragraph holding no rule's literal: no rule, no promo sentence. Only a
            # link-list item, an all-caps line or a glued label can still be promo.
            if in_list and _is_list_title(line, titled):
                return Why("promo", "heuristic.link-list", "after_heading"), None
            if not line.lstrip()[:3].isupper():  # the common case: reporting
                return None, None
            if self.allcaps_headlines:
                reason = allcaps_headline_reason(line, self.min_headline_words)
                if reason is not None:
                    return reason, None
            glued = _GLUED_AD.match(line)
            if glued:
                return Why("promo_span", "label", glued.group()), line[glued.end() :]
            return self._unglue(line)
        rule = matcher.match(line, words=words, folded=folded or None) if whole else None
        if rule is not None:
            return _rule_why(rule), None
        if self.allcaps_headlines:
            reason = allcaps_headline_reason(line, self.min_headline_words)
            if reason is not None:
                return reason, None
        if in_list and _is_list_title(line, titled):
            return Why("promo", "heuristic.link-list", "after_heading"), None
        if words <= _CTA_MAX_WORDS and "heuristic.call-to-action" not in self.disabled_rules:
            reason = call_to_action_reason(line, self.strictness)
            if reason is not None:
                return reason, None
        return self._spans(line, matcher, words, folded, edges)

    def _spans(
        self, line: str, matcher: RuleMatcher, words: int, folded: str, edges: bool = True
    ) -> tuple[Why | None, str | None]:
        """Remove a glued ad label or a promo sentence fused onto a paragraph's edge."""
        glued = _GLUED_AD.match(line)
        if glued:
            return Why("promo_span", "label", glued.group()), line[glued.end() :]
        if words < _SPAN_MIN_WORDS:
            return None, None  # too short to be a paragraph with a fused promo sentence
        if not edges:
            return self._unglue(line)  # the gate: no promo-sentence rule fits either edge
        if not matcher.mentions(folded or line.casefold(), SENTENCE_FAMILIES):
            return self._unglue(line)  # no promo sentence can be in it
        first = _FIRST_SENTENCE.match(line)
        if first:
            rule = _sentence_rule(matcher, first.group(1))
            if rule is not None:
                return _rule_why(rule, "promo_span", "start"), line[first.end() :]
        last = _LAST_SENTENCE.search(line, _last_sentence_from(line))
        if last:
            rule = _sentence_rule(matcher, last.group(1))
            if rule is not None:
                return _rule_why(rule, "promo_span", "end"), line[: last.start()].rstrip()
        return self._unglue(line)

    @staticmethod
    def _unglue(line: str) -> tuple[Why | None, str | None]:
        unglued = strip_glued_label(line)
        if unglued is not None:  # "NEWThe minister said …": the label goes, the rest stays
            label = line[: len(line) - len(unglued)].strip()
            return Why("promo_span", "label", label), unglued
        return None, None


#: Ask the rules' selective gate (``literal_gate``, one pass over a long line's key) and
#: skip the rules, or the edge sentences, it proves cannot match; False tries them all
#: (the slow oracle; the same output).
FAST_RULE_GATE = True
# Where the gate looks for edge sentences: the first lies in the line's first characters,
# the last in its last _SPAN_WINDOW and, in the key, right after a mark and a space.
_EDGES = (group_width(_FIRST_SENTENCE, 1), _SPAN_WINDOW, re.compile('[.!?"”’] '))


#: Start the last-sentence search after the last sentence end before the line's tail;
#: False starts it at the window's start (the slow oracle; the same match).
FAST_LAST_SENTENCE = True


def _last_sentence_from(line: str) -> int:
    """Where to start looking for the last sentence: the window's start, or later.

    ``_LAST_SENTENCE``'s sentence holds no ``[.!?]`` that a word character does not
    follow, except in its tail (``[.!?]?["'”’]?\\s*$``: the last two characters before
    trailing spaces). So no match starts at or before such a mark standing earlier, and
    searching from just after the last one finds the same match as searching from the
    window's start, without retrying each earlier sentence to the end of the line.

    Examples:
        >>> _last_sentence_from("One. Two three four five six. Seven eight nine ten.")
        29
    """
    start = max(0, len(line) - _SPAN_WINDOW)
    if not FAST_LAST_SENTENCE:
        return start
    limit = len(line.rstrip()) - 2
    while limit > start:
        mark = max(line.rfind(".", start, limit), line.rfind("!", start, limit))
        mark = max(mark, line.rfind("?", start, limit))
        if mark < 0:
            break
        after = line[mark + 1 : mark + 2]
        if not (after.isalnum() or after == "_"):
            return mark + 1
        limit = mark
    return start


def _sentence_rule(matcher: RuleMatcher, sentence: str) -> Rule | None:
    """The rule that names ``sentence`` as a promo *sentence*, or None.

    Only rules of sentence-like families count, and not whole-line labels: "Read More"
    or "(Getty Images)" at the end of a paragraph are not promo sentences.
    """
    if len(sentence.split()) < 2 or _QUOTE_MARKS.search(sentence) or _ATTRIBUTION.search(sentence):
        return None  # quoted or attributed: someone said it, so it is reporting
    return matcher.match(sentence, sentences=True)


#: Keep an all-caps line that the case heuristic took for another story's headline when its
#: words are the story's own (``filters.subheads``); ``False`` judges by case alone.
SUBHEADS = True

#: Put back what a guarded rule removed where the whole page says otherwise: a page full
#: of bracketed lines, a tagged headline on the page's first line (``filters.promo_guards``);
#: ``False`` keeps every rule's removal.
GUARDS = True

#: Keep what the line model flags where the page shows it is reporting: list entries, a
#: sentence's end after a colon, tune-in lines, study citations (``filters.model_guards``);
#: ``False`` drops every line the model flags.
MODEL_GUARDS = True

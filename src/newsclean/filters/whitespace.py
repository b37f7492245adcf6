"""Whitespace tidy: trim lines, one blank line between paragraphs, none at the ends."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Change, Doc
from ..options import Options, flag

#: TidyWhitespace's options, declared once.
OPTIONS = Options(
    "TidyWhitespace",
    (flag("strip_indent", "Also remove leading spaces and tabs from each line."),),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class TidyWhitespace:
    """Trim each line and fold runs of blank lines to one; drop blank lines at the ends.

    It never adds a line: text whose paragraphs are separated by single line breaks
    keeps them. ``strip_indent`` also removes leading spaces and tabs, which scrapers
    leave from the page's markup.

    Examples:
        >>> from newsclean.model import Doc
        >>> TidyWhitespace()(Doc.from_text("\\n a \\n\\n\\n\\tb\\t\\n")).lines
        ('a', '', 'b')
    """

    name: str = "tidy_whitespace"
    strip_indent: bool = OPTIONS.by_field()["strip_indent"].default

    def __post_init__(self) -> None:
        OPTIONS.validate_fields(self)

    def __call__(self, doc: Doc) -> Doc:
        lines: list[str] = []
        origins: list[int] = []
        changes: list[Change] = []
        pending_blank: tuple[str, int] | None = None
        for line, origin in zip(doc.lines, doc.origins, strict=True):
            tidy = line.strip() if self.strip_indent else line.rstrip()
            if not tidy:
                if not lines or pending_blank is not None:
                    # a blank at the start, or a second blank in a row
                    changes.append(Change(self.name, origin, line, None, "blank", detail="extra"))
                else:
                    pending_blank = (line, origin)
                continue
            if pending_blank is not None:
                blank, blank_origin = pending_blank
                if blank:
                    changes.append(
                        Change(self.name, blank_origin, blank, "", "blank", detail="spaces")
                    )
                lines.append("")
                origins.append(blank_origin)
                pending_blank = None
            if tidy != line:
                changes.append(Change(self.name, origin, line, tidy, "trim"))
            lines.append(tidy)
            origins.append(origin)
        if pending_blank is not None:  # a blank at the end
            blank, blank_origin = pending_blank
            changes.append(Change(self.name, blank_origin, blank, None, "blank", detail="extra"))
        if not changes:
            return doc
        return doc.evolve(lines, origins, changes)

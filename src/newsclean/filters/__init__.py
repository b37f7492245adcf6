"""The filter families: one module each."""

from .captions import CollapseRepeatedCaptions
from .encoding import FixEncoding
from .promo import DropPromoLines
from .whitespace import TidyWhitespace

__all__ = ["CollapseRepeatedCaptions", "DropPromoLines", "FixEncoding", "TidyWhitespace"]

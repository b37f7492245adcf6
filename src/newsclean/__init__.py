"""newsclean: turn raw scraped news article text into clean article text."""

from . import log as log  # the "newsclean" logger, with a NullHandler, on import
from ._version import __version__
from .api import clean, clean_and_explain
from .batch import RecordResult, clean_many, clean_records, clean_records_results
from .config import CleanConfig
from .errors import ConfigError, NewscleanError, RuleError
from .filters import CollapseRepeatedCaptions, DropPromoLines, FixEncoding, TidyWhitespace
from .model import Change, Cleaned, Doc
from .pipeline import Filter, LineEdit, LineFunction, Pipeline
from .runinfo import RunSummary

__all__ = [
    "Change",
    "CleanConfig",
    "Cleaned",
    "CollapseRepeatedCaptions",
    "ConfigError",
    "Doc",
    "DropPromoLines",
    "Filter",
    "FixEncoding",
    "LineEdit",
    "LineFunction",
    "NewscleanError",
    "Pipeline",
    "RecordResult",
    "RuleError",
    "RunSummary",
    "TidyWhitespace",
    "__version__",
    "clean",
    "clean_and_explain",
    "clean_many",
    "clean_records",
    "clean_records_results",
]

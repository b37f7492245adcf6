"""The one-call API: clean() and clean_and_explain(), with input checks and config merge."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .config import CleanConfig
from .model import Cleaned, check_text
from .pipeline import Pipeline


@lru_cache(maxsize=64)
def _pipeline_for(config: CleanConfig) -> Pipeline:
    # Building a pipeline compiles nothing per document; caching it only saves the
    # option checks when clean() is called in a loop with the same options.
    return Pipeline.from_config(config)


def resolve_pipeline(config: CleanConfig | None, options: dict[str, Any]) -> Pipeline:
    """The pipeline for a ``config`` and keyword ``options`` (options win), checked once:
    what every entry point that takes ``config=`` and ``**options`` builds."""
    if config is not None and not isinstance(config, CleanConfig):
        raise TypeError(f"config must be a CleanConfig, not {type(config).__name__}")
    if options:
        config = CleanConfig.from_options(config, **options)
    return _pipeline_for(config or CleanConfig())


def clean(
    text: str,
    *,
    source: str | None = None,
    config: CleanConfig | None = None,
    **options: Any,
) -> str:
    """Clean one article's text with the default pipeline.

    ``options`` are ``CleanConfig`` fields; they override ``config``. ``source`` (the
    article's URL, domain or outlet name) is a hint for ``outlets="auto"``.

    Examples:
        >>> clean("NEWYou can now listen to Fox News articles!\\n\\nNATO met on Friday.")
        'NATO met on Friday.'
        >>> clean("“Quoted,” he said.", uncurl_quotes=True)
        '"Quoted," he said.'
    """
    pipeline = resolve_pipeline(config, options)
    return pipeline.clean(check_text(text, "clean"), source=_check_source(source))


def clean_and_explain(
    text: str,
    *,
    source: str | None = None,
    config: CleanConfig | None = None,
    **options: Any,
) -> Cleaned:
    """Like ``clean``, but return the text with every change behind it.

    Examples:
        >>> result = clean_and_explain("CLICK HERE TO GET THE FOX NEWS APP\\n\\nReal news.")
        >>> result.text
        'Real news.'
        >>> [c.reason for c in result.changes if c.after is None][0]
        'promo:foxnews.app-download'
    """
    pipeline = resolve_pipeline(config, options)
    return pipeline.clean_and_explain(
        check_text(text, "clean_and_explain"), source=_check_source(source)
    )


def _check_source(source: object) -> str | None:
    if source is None or isinstance(source, str):
        return source
    raise TypeError(
        f"source must be a str (a URL, domain or outlet name), not {type(source).__name__}"
    )

"""The one-call API: clean() and clean_and_explain(), with input checks and config merge."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .config import CleanConfig
from .errors import ConfigError
from .model import Cleaned, check_text
from .pipeline import Pipeline


@lru_cache(maxsize=64)
def _pipeline_for(config: CleanConfig) -> Pipeline:
    # Building a pipeline compiles nothing per document; caching it only saves the
    # option checks when clean() is called in a loop with the same options.
    return Pipeline.from_config(config)


def resolve_pipeline(
    config: CleanConfig | None = None,
    options: Mapping[str, Any] | None = None,
    *,
    pipeline: Pipeline | None = None,
) -> Pipeline:
    """The pipeline for a ``config`` and keyword ``options`` (options win), checked once:
    what every entry point that takes ``config=``, ``pipeline=`` and ``**options`` builds.

    A ``pipeline`` is returned as it is; it cannot be combined with ``config`` or options,
    which it would silently ignore (a ``Pipeline`` carries its steps' options).

    Examples:
        >>> resolve_pipeline(None, {"uncurl_quotes": True})("“Q”")
        '"Q"'
        >>> custom = Pipeline.default().without("collapse_captions")
        >>> resolve_pipeline(pipeline=custom) is custom
        True
    """
    if pipeline is not None:
        if not isinstance(pipeline, Pipeline):
            raise TypeError(
                f"pipeline must be a newsclean.Pipeline, not {type(pipeline).__name__}; "
                "wrap steps as Pipeline([...]) or extend Pipeline.default().insert(step)"
            )
        given = [*(["config"] if config is not None else []), *sorted(options or {})]
        if given:
            raise ConfigError(
                f"give pipeline= or cleaning options, not both (got pipeline= and "
                f"{', '.join(given)}): the pipeline carries its own options, so these "
                "would be ignored; build it with them instead, e.g. "
                "Pipeline.default(uncurl_quotes=True).insert(my_filter)"
            )
        return pipeline
    if config is not None and not isinstance(config, CleanConfig):
        raise TypeError(f"config must be a CleanConfig, not {type(config).__name__}")
    if options:
        config = CleanConfig.from_options(config, **options)
    return _pipeline_for(config) if config is not None else _default_pipeline()


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    # clean(text) with no options: neither a CleanConfig nor its checks per call
    return _pipeline_for(CleanConfig())


def clean(
    text: str,
    *,
    source: str | None = None,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> str:
    """Clean one article's text with the default pipeline.

    ``options`` are ``CleanConfig`` fields; they override ``config``. ``pipeline`` (a
    ``Pipeline`` with your own steps) replaces both. ``source`` (the article's URL, domain
    or outlet name) is a hint for ``outlets="auto"``.

    Examples:
        >>> clean("NEWYou can now listen to Fox News articles!\\n\\nNATO met on Friday.")
        'NATO met on Friday.'
        >>> clean("“Quoted,” he said.", uncurl_quotes=True)
        '"Quoted," he said.'
    """
    pipeline = resolve_pipeline(config, options, pipeline=pipeline)
    return pipeline.clean(check_text(text, "clean"), source=_check_source(source))


def clean_and_explain(
    text: str,
    *,
    source: str | None = None,
    config: CleanConfig | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> Cleaned:
    """Like ``clean`` (the same arguments), but return the text with every change behind it.

    Examples:
        >>> result = clean_and_explain("CLICK HERE TO GET THE FOX NEWS APP\\n\\nReal news.")
        >>> result.text
        'Real news.'
        >>> [c.reason for c in result.changes if c.after is None][0]
        'promo:foxnews.app-download'
    """
    pipeline = resolve_pipeline(config, options, pipeline=pipeline)
    return pipeline.clean_and_explain(
        check_text(text, "clean_and_explain"), source=_check_source(source)
    )


def _check_source(source: object) -> str | None:
    if source is None or isinstance(source, str):
        return source
    raise TypeError(
        f"source must be a str (a URL, domain or outlet name), not {type(source).__name__}"
    )

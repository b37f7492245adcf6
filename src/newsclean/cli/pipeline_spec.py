"""``--pipeline MODULE:ATTRIBUTE``: your own ``Pipeline`` on the command line (or as
``pipeline = "MODULE:ATTRIBUTE"`` in the ``--config`` file), imported as ``python -m``
would find it: the current directory first, then ``sys.path``."""

from __future__ import annotations

import importlib
import io
import os
import pickle
import sys
from typing import Any

from ..errors import ConfigError
from ..pipeline import Pipeline

__all__ = ["check_picklable", "load_pipeline"]


def load_pipeline(spec: str, where: str = "--pipeline") -> Pipeline:
    """The ``Pipeline`` that ``spec`` (``module:attribute``, the attribute dotted if need
    be) names: a ``Pipeline``, or a function (or class) that returns one when called
    without arguments. Every way it can fail is a ConfigError naming ``where``.

    Examples:
        >>> load_pipeline("newsclean.pipeline:Pipeline.default").names[0]
        'fix_encoding'
        >>> load_pipeline("newsclean:clean")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsclean.errors.ConfigError: --pipeline 'newsclean:clean': calling clean() failed: ...
    """
    module_name, sep, attribute = spec.partition(":")
    if not (sep and module_name.strip() and attribute.strip()):
        raise ConfigError(
            f"{where} {spec!r}: expected MODULE:ATTRIBUTE, e.g. mypipes:pipeline "
            "(a Pipeline, or a function returning one)"
        )
    module = _import(module_name.strip(), where, spec)
    value: Any = module
    for name in attribute.strip().split("."):
        try:
            value = getattr(value, name)
        except AttributeError:
            raise ConfigError(
                f"{where} {spec!r}: {module_name} has no attribute {attribute!r}"
            ) from None
    if not isinstance(value, Pipeline):
        if not callable(value):
            raise _not_a_pipeline(where, spec, value)
        try:
            value = value()
        except Exception as exc:
            raise ConfigError(
                f"{where} {spec!r}: calling {attribute}() failed: {type(exc).__name__}: {exc}"
            ) from exc
        if not isinstance(value, Pipeline):
            raise _not_a_pipeline(where, spec, value, called=True)
    return value


def _import(name: str, where: str, spec: str) -> Any:
    here = os.getcwd()
    if here not in sys.path and "" not in sys.path:
        # as `python -m` does; kept for the run, so that worker processes find it too
        sys.path.insert(0, here)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (
            name == exc.name or name.startswith(exc.name + ".")
        ):  # the module itself
            raise ConfigError(
                f"{where} {spec!r}: no module named {name!r} in the current directory "
                "or on sys.path (PYTHONPATH)"
            ) from exc
        raise ConfigError(f"{where} {spec!r}: importing {name} failed: {exc}") from exc
    except Exception as exc:
        raise ConfigError(
            f"{where} {spec!r}: importing {name} failed: {type(exc).__name__}: {exc}"
        ) from exc


def _not_a_pipeline(where: str, spec: str, value: object, called: bool = False) -> ConfigError:
    what = f"calling it returned {type(value).__name__}" if called else type(value).__name__
    return ConfigError(
        f"{where} {spec!r}: expected a newsclean Pipeline (or a function returning one), "
        f"got {what}; e.g. pipeline = Pipeline.default().insert(my_filter)"
    )


def check_picklable(pipeline: Pipeline, named: str) -> None:
    """A pipeline that goes to worker processes must pickle: say so before any work."""
    try:
        pickle.Pickler(io.BytesIO()).dump(pipeline)  # as the process pool will
    except Exception as exc:
        raise ConfigError(
            f"{named} cannot be sent to worker processes ({type(exc).__name__}: "
            f"{exc}); define its filters at module level (not lambdas or local functions), "
            "or run with --workers 1"
        ) from exc

"""The library's logger, ``newsclean``: warnings (undecodable input bytes, what a reader
guessed) go there, never to standard error by hand. As a library should, it carries only
a ``NullHandler``: an application shows them by configuring ``logging`` (the command line
shows them on standard error, at the level ``-v`` / ``-q`` set).

Examples:
    >>> import logging
    >>> logger.name, any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    ('newsclean', True)
"""

from __future__ import annotations

import logging

__all__ = ["logger"]

#: The one logger of the package; modules log to it (or to a child, ``newsclean.x``).
logger = logging.getLogger("newsclean")
if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
    logger.addHandler(logging.NullHandler())

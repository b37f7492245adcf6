"""``python -m newsclean.cli``: the command line."""

from . import run

run()

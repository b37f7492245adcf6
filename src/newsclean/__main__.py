"""``python -m newsclean``: the command line."""

from .cli import run

run()

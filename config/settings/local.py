"""Settings for `make run` on a developer's machine: debug on, SQLite unless told otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

"""Settings for the page benchmark: the production settings plus one trivial view to compare with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

"""The core app owns no tables: it holds shared choices, site context and commands."""

"""One module per ``fleetdb`` subcommand; each exposes ``register(subparsers)`` and sets ``func``."""

"""The command line: `python main.py SUBCOMMAND …`, the headless face of the app (a stable contract)."""

"""Exit codes of the command line (a contract) and the bad-input error."""

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """Bad input: printed as one Chinese line on stderr, exit code 2."""

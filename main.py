"""决算公开工作台. No argument (or a unit file): the desktop app; a sub-command: the command line (`python main.py --help`)."""
import os
import sys


def run() -> int:
    for name in ("stdout", "stderr"):    # the windowed Windows build has no console: print into nothing
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    if hasattr(sys.stdout, "reconfigure"):   # output redirected in a GBK code page (no “−”): “?”, not a crash
        sys.stdout.reconfigure(errors="replace")
    try:
        if sys.argv[1:2] == ["--self-test"]:   # verify an installation (packaging, cli/selftest.py)
            from cli.selftest import main as self_test
            return self_test(sys.argv[2:])
        if len(sys.argv) == 1 or _is_unit_file(sys.argv[1:]):   # the desktop app (gui/), on a file if given
            from gui.app import run as run_gui
            return run_gui(sys.argv[1] if len(sys.argv) > 1 else None)
        from cli.commands import main
        code = main(sys.argv[1:])
        sys.stdout.flush()   # here, not at exit: a closed pipe is then caught below
        return code
    except BrokenPipeError:
        from cli.commands import _silence_stdout
        _silence_stdout()
        return 0
    except Exception as exc:  # an error outside a command (a broken installation): one line and a log
        from cli.errors import EXIT_INTERNAL, internal_error_line
        print(internal_error_line(exc), file=sys.stderr)
        return EXIT_INTERNAL


def _is_unit_file(args: list[str]) -> bool:
    """`python main.py FILE`: one argument naming a unit file (not a sub-command or an option)."""
    return len(args) == 1 and not args[0].startswith("-") and (args[0].lower().endswith(".jsgk") or os.path.isfile(args[0]))


if __name__ == "__main__":
    sys.exit(run())

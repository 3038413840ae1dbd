"""决算公开工作台. With a sub-command: the headless command line (`python main.py --help`)."""
import os
import sys


def run() -> int:
    for name in ("stdout", "stderr"):    # the windowed Windows build has no console: print into nothing
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    try:
        if sys.argv[1:2] == ["--self-test"]:   # verify an installation (packaging, cli/selftest.py)
            from cli.selftest import main as self_test
            return self_test(sys.argv[2:])
        from cli.commands import main
        if len(sys.argv) == 1:
            print("桌面界面尚未提供；请使用命令行，例如：python main.py demo 示例.jsgk", file=sys.stderr)
            code = main(["--help"])
        else:
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


if __name__ == "__main__":
    sys.exit(run())

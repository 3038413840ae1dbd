"""决算公开工作台. With a sub-command: the headless command line (`python main.py --help`)."""
import sys


def run() -> int:
    from cli.commands import main
    if len(sys.argv) == 1:
        print("桌面界面尚未提供；请使用命令行，例如：python main.py demo 示例.jsgk", file=sys.stderr)
        return main(["--help"])
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())

"""The ``journeymap`` command line: render, check, analyse, report on, compare and convert map files.

The pieces: parser (every command's arguments and help), commands (what each does), process (signals,
standard output and warnings round every command).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from journeymap.cli.commands import EXIT_ERROR, EXIT_OK, EXIT_WARNINGS, print_problems
from journeymap.cli.process import Terminated, drop_stdout, terminable, warnings_told
from journeymap.errors import InvalidMapError, JourneyMapError, diagnostic

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_WARNINGS", "Terminated", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 warnings, 2 invalid input or usage, 128 + N on signal N)."""
    try:
        with terminable():
            return _main(argv)
    except Terminated as stop:
        return 128 + stop.signum
    except KeyboardInterrupt:  # Ctrl-C while the command's modules are imported or its arguments read, too
        return 130


def _main(argv: Sequence[str] | None) -> int:
    """main, with SIGTERM and SIGHUP raising Terminated."""
    from journeymap.cli.parser import build

    parser = build()
    args = parser.parse_args(argv)
    try:
        with warnings_told():
            code = int(args.run(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not as a traceback at exit
        return code
    except InvalidMapError as error:
        print_problems(error.problems, "error", sys.stderr)
        return EXIT_ERROR
    except JourneyMapError as error:
        print(diagnostic("error", str(error)), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        drop_stdout()
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
        return EXIT_OK
    except OSError as error:  # files go through write_atomic (an OutputError): this is standard output
        drop_stdout()
        where = f"cannot write {error.filename}" if error.filename else "cannot write to standard output"
        print(diagnostic("error", f"{where}: {error.strerror or error}"), file=sys.stderr)
        return EXIT_ERROR
    except UnicodeEncodeError as error:  # text no encoding can write (the readers refuse it; Python can make it)
        drop_stdout()
        print(diagnostic("error", f"cannot write to standard output: the text holds "
                                  f"{ascii(error.object[error.start])}, which {error.encoding} cannot encode"),
              file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # Ctrl-C within the command, inside the SIGTERM handling
        return 130

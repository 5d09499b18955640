"""The command line and exit codes that every test driver (here, in tests/cluster and in
tests/configure) shares with the CMakeLists.txt that makes ctest tests of its cases:

    DRIVER --list                    one name a line; each becomes a ctest test
    DRIVER NAME --OPTION VALUE ...   runs that one and exits 0 (passed), 1 (failed),
                                     2 (no such name) or SKIP_CODE (skipped)

Standard library only: tests/configure runs its driver without jsonschema.
"""

import argparse
import os
import shutil
import sys
import time

SKIP_CODE = 77  # SKIP_RETURN_CODE of every driver's tests in tests/*/CMakeLists.txt


def parse_command_line(names, value_options, chosen="case"):
    """The options of DRIVER [NAME] [--list] [--OPTION VALUE]..., NAME stored as `chosen`;
    value_options maps each --OPTION to its default. Ends the driver after --list (exit 0,
    having printed the names) and when NAME is not one of names (exit 2)."""
    parser = argparse.ArgumentParser()
    parser.add_argument(chosen, nargs="?")
    parser.add_argument("--list", action="store_true")
    for option, default in value_options.items():
        parser.add_argument(option, default=default)
    options = parser.parse_args()
    if options.list:
        print("\n".join(names))
        sys.exit(0)
    name = getattr(options, chosen)
    if name not in names:
        print(f"unknown {chosen} {name}; {chosen}s: {', '.join(names)}", file=sys.stderr)
        sys.exit(2)
    return options


def fresh_directory(path):
    """Empties (or makes) path and returns it: a case's --workdir holds nothing from an earlier run."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def run_and_report(name, run, failures, skips=(), timed=False):
    """Runs run() and prints its outcome (PASSED, FAILED or SKIPPED, with name and why);
    returns the driver's exit code. failures and skips: the exception types that mean each.
    timed adds the seconds it took to PASSED, for drivers whose cases take minutes."""
    start = time.monotonic()
    try:
        run()
    except skips as skip:
        print(f"SKIPPED {name}: {skip}")
        return SKIP_CODE
    except failures as failure:
        print(f"FAILED {name}: {failure}", file=sys.stderr)
        return 1
    print(f"PASSED {name} in {time.monotonic() - start:.1f} s" if timed else f"PASSED {name}")
    return 0

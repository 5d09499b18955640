#!/usr/bin/env python3
"""Run the HTML checker on a page it must reject, and pass only if it rejects it for the reason given.

    expect_rejection.py --reason REGEX -- CHECKER_COMMAND...

Passes when the checker exits with 1 (a check failed) and one of its FAIL lines matches REGEX.
Exit 2 (no browser) or 0 fails this test: a rejection that never looked at the page, or for
another reason, proves nothing about the check under test.
"""
import argparse
import re
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reason", required=True, help="regular expression a FAIL line must match")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the checker's command line")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no checker command after --")
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(result.stdout, end="")
    fail_lines = [line for line in result.stdout.splitlines() if line.startswith("FAIL ")]
    matching = [line for line in fail_lines if re.search(args.reason, line)]
    if result.returncode != 1:
        print(f"expect_rejection: the checker exited with {result.returncode}, expected 1 (a failed check)")
        return 1
    if not matching:
        print(f"expect_rejection: the checker failed, but no FAIL line matches {args.reason!r}")
        return 1
    print(f"expect_rejection: rejected as expected: {matching[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs an acceptance-suite launcher (scripts/acceptance-mpirun.sh, a Slurm job) and checks
what it left: its exit code, the files of --out, the gate's JUnit XML (one test case per
check of the spec plus one report status check per report, the expected number of failures),
the Markdown report's sections and the gate's Prometheus figure.

Usage: check_acceptance_run.py --out DIR --spec SPEC.json --expect-exit N
           [--expect-failures N] [--expect-reports collectives,linkcheck,scaling] -- COMMAND...
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree

ALL_REPORTS = ["collectives", "linkcheck", "scaling"]
RENDERED = ["report.html", "report.md", "commbench.prom", "gate.xml"]
# The Markdown report's section of each kind of report.
SECTIONS = {"collectives": "## Collectives", "linkcheck": "## Links", "scaling": "## Scaling"}


def fail(message):
    print(f"check_acceptance_run: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check_junit(path, spec, reports, expect_failures):
    root = ElementTree.parse(path).getroot()
    suites = root.findall("testsuite")
    if len(suites) != 1:
        fail(f"{path}: {len(suites)} <testsuite> elements, expected 1")
    cases = suites[0].findall("testcase")
    names = [case.get("name") for case in cases]
    # One test case per check of the spec, and a report status check per report given.
    expected_cases = len(spec["checks"]) + len(reports)
    if len(cases) != expected_cases:
        fail(f"{path}: {len(cases)} test cases {names}, expected {expected_cases} "
             f"({len(spec['checks'])} checks + {len(reports)} report status checks)")
    for check in spec["checks"]:
        if "name" in check and check["name"] not in names:
            fail(f"{path}: no test case for the check '{check['name']}' (test cases: {names})")
    for report in reports:
        if not any(name.startswith("report status ") and name.endswith(f"{report}.json") for name in names):
            fail(f"{path}: no report status test case for {report}.json (test cases: {names})")
    failures = sum(1 for case in cases if case.find("failure") is not None)
    declared = int(suites[0].get("failures"))
    if failures != declared:
        fail(f"{path}: failures=\"{declared}\" but {failures} test cases have a <failure>")
    if failures != expect_failures:
        failed = [case.get("name") for case in cases if case.find("failure") is not None]
        fail(f"{path}: {failures} failed test cases {failed}, expected {expect_failures}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--expect-exit", type=int, required=True)
    parser.add_argument("--expect-failures", type=int, default=0)
    parser.add_argument("--expect-reports", default=",".join(ALL_REPORTS))
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        fail("no command to run after --")

    # Results of an earlier run must not pass for this one's.
    shutil.rmtree(args.out, ignore_errors=True)
    started = time.monotonic()
    code = subprocess.run(command).returncode
    print(f"check_acceptance_run: {command[0]} exited {code} after {time.monotonic() - started:.0f} s")
    if code != args.expect_exit:
        fail(f"exit code {code}, expected {args.expect_exit}")

    reports = [name for name in args.expect_reports.split(",") if name]
    expected_files = [f"{name}.json" for name in reports] + (RENDERED if args.expect_exit != 2 else [])
    missing = [name for name in expected_files if not os.path.isfile(os.path.join(args.out, name))]
    if missing:
        present = sorted(os.listdir(args.out)) if os.path.isdir(args.out) else []
        fail(f"{args.out}: missing {missing} (present: {present})")
    unexpected = [name for name in ALL_REPORTS if name not in reports
                  and os.path.exists(os.path.join(args.out, f"{name}.json"))]
    if unexpected:
        fail(f"{args.out}: reports {unexpected} that this run should not have written")
    if args.expect_exit == 2:
        print("check_acceptance_run: PASS (bad input refused)")
        return

    with open(args.spec) as file:
        spec = json.load(file)
    check_junit(os.path.join(args.out, "gate.xml"), spec, reports, args.expect_failures)
    with open(os.path.join(args.out, "report.md")) as file:
        markdown = file.read().splitlines()
    for report in reports:
        if SECTIONS[report] not in markdown:
            fail(f"report.md: no section '{SECTIONS[report]}' for {report}.json")
    with open(os.path.join(args.out, "commbench.prom")) as file:
        prometheus = file.read().splitlines()
    for line in (f"commbench_gate_passed {1 if args.expect_failures == 0 else 0}",
                 f"commbench_gate_checks_failed {args.expect_failures}"):
        if line not in prometheus:
            fail(f"commbench.prom: no line '{line}'")
    print("check_acceptance_run: PASS")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The acceptance suite refuses an --out directory in which a file it writes is one of its
inputs (here the spec, as gate.xml, directly and through a symbolic link): exit 2 before any
step runs, one line naming --spec, the spec unchanged and nothing else written.

Usage: check_suite_keeps_inputs.py SUITE_SCRIPT COMMBENCH SPEC WORKDIR
"""
import os
import shutil
import subprocess
import sys


def fail(message):
    print(f"check_suite_keeps_inputs: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    suite, commbench, spec_source, workdir = sys.argv[1:5]
    with open(spec_source, "rb") as file:
        spec_bytes = file.read()
    for how in ("same file", "symbolic link"):
        shutil.rmtree(workdir, ignore_errors=True)
        out = os.path.join(workdir, "out")
        os.makedirs(out)
        if how == "same file":
            spec = os.path.join(out, "gate.xml")
        else:
            spec = os.path.join(workdir, "spec.json")
            os.symlink(spec, os.path.join(out, "gate.xml"))
        with open(spec, "wb") as file:
            file.write(spec_bytes)
        # A launcher that would leave a mark if any step ran.
        marker = os.path.join(workdir, "launched")
        result = subprocess.run([suite, "--launch", f"sh -c 'touch {marker}' launcher", "--spec", spec, "--bin", commbench,
                                 "--out", out], capture_output=True, text=True)
        lines = result.stderr.strip().splitlines()
        if result.returncode != 2:
            fail(f"{how}: exit {result.returncode}, expected 2; stderr: {result.stderr!r}")
        if len(lines) != 1 or "--spec" not in lines[0] or "gate.xml" not in lines[0]:
            fail(f"{how}: expected one line naming --spec and gate.xml, got {lines!r}")
        with open(spec, "rb") as file:
            if file.read() != spec_bytes:
                fail(f"{how}: the spec was changed")
        if os.path.exists(marker) or sorted(os.listdir(out)) != ["gate.xml"]:
            fail(f"{how}: a step ran or wrote something (out: {sorted(os.listdir(out))})")
    print("check_suite_keeps_inputs: PASS")


if __name__ == "__main__":
    main()

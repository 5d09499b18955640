#!/usr/bin/env python3
"""Render reports with `commbench report` and check the HTML in headless Chromium.

    report_in_browser.py --commbench BIN --html OUT.html --screenshot OUT.png
                         [--expect-chart NAME...] [--chromium PATH --chromedriver PATH] REPORT.json...

Exit status: the checker's (0 pass, 1 a check failed, 2 no browser), or 1 when commbench report
failed or wrote no HTML. The HTML and the screenshot stay where they are written, as artifacts.
"""
import argparse
import pathlib
import subprocess
import sys

CHECKER = pathlib.Path(__file__).resolve().parent / "check_html_in_browser.py"
REPORT_TIMEOUT_S = 120


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commbench", required=True)
    parser.add_argument("--html", type=pathlib.Path, required=True)
    parser.add_argument("--screenshot", type=pathlib.Path, required=True)
    parser.add_argument("--expect-chart", action="append", default=[], metavar="NAME")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("reports", nargs="+", type=pathlib.Path)
    args = parser.parse_args()

    args.html.parent.mkdir(parents=True, exist_ok=True)
    # A stale report from an earlier run must not pass for this run's.
    args.html.unlink(missing_ok=True)
    render = [args.commbench, "report", *map(str, args.reports), "-o", str(args.html)]
    print("$ " + " ".join(render), flush=True)
    try:
        rendered = subprocess.run(render, timeout=REPORT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"report_in_browser: commbench report did not finish within {REPORT_TIMEOUT_S} s")
        return 1
    if rendered.returncode != 0:
        print(f"report_in_browser: commbench report exited with {rendered.returncode}")
        return 1
    if not args.html.is_file():
        print(f"report_in_browser: commbench report exited with 0 but wrote no {args.html}")
        return 1

    check = [sys.executable, str(CHECKER), "--html", str(args.html), "--screenshot", str(args.screenshot),
             "--chromium", args.chromium, "--chromedriver", args.chromedriver]
    for name in args.expect_chart:
        check += ["--expect-chart", name]
    print("$ " + " ".join(check), flush=True)
    return subprocess.run(check).returncode


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""MPI integration tests of the commands that read reports: `commbench report`, `compare` and `gate`.

Each case runs the real binary under mpirun (2 ranks: rank 0 does the work, every rank leaves with
its exit code) on reports of real runs (tests/data/reports/SOURCES.md), on copies of them changed
here, or on a report measured in the case itself, and checks the exit code, what is printed once,
and the files written. Malformed inputs are in bad_inputs.py (groups report_inputs, compare_inputs,
gate_inputs); the HTML in a real browser is in tests/browser.

    report_cases.py --list
    report_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import json
import os
import sys
import xml.etree.ElementTree as ElementTree

from mpi_cases import Failure, case_registry, expect, main as driver_main, summarized  # noqa: F401

CASES, case = case_registry()

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, "..", "data", "reports")
DGX_SPEC = os.path.join(HERE, "..", "..", "docs", "examples", "dgx-h100-acceptance.json")


def real(name):
    return os.path.join(REPORTS, name)


def written_once(h, path):
    """The file exists, and no temporary file of an atomic write is left beside it."""
    expect(os.path.exists(path), f"nothing written at {path}")
    leftovers = [name for name in os.listdir(os.path.dirname(path)) if ".tmp." in name]
    expect(not leftovers, f"temporary files left behind: {leftovers}")
    return open(path, encoding="utf-8").read()


def edited_copy(h, source, name, edit):
    """A copy of the real report source, changed by edit(document), as name in the work directory."""
    document = json.load(open(source))
    edit(document)
    path = h.path(name)
    with open(path, "w") as out:
        json.dump(document, out)
    return path


def write_spec(h, name, checks):
    path = h.path(name)
    with open(path, "w") as out:
        json.dump({"kind": "acceptance", "format_version": 1, "name": name, "checks": checks}, out)
    return path


def row(document, collective, size):
    for result in document["results"]:
        if result["collective"] == collective and result["bytes"] == size:
            return result
    raise Failure(f"no {collective} row of {size} B in the report")


@case
def report_renders_every_format_np2(h):
    """Reports of every kind rendered as HTML (a chart per section, nothing fetched), Markdown (every
    section) and Prometheus text, once, by rank 0."""
    inputs = [real(name) for name in ("collectives-cluster-a.json", "collectives-cluster-b.json", "scaling.json",
                                      "pipeline.json", "gradsync.json", "linkcheck.json", "topology.json")]
    html_path, md_path, prom_path = h.path("r.html"), h.path("r.md"), h.path("r.prom")
    out, _ = h.run_ok(2, ["report"] + inputs + ["-o", html_path])
    expect(out.count("wrote the html report of 7 reports") == 1, f"stdout: {out}")
    html = written_once(h, html_path)
    for chart in ("busbw:allreduce", "latency:allreduce", "model-error:allreduce", "scaling", "pipeline-timeline",
                  "gradsync-buckets", "linkcheck-heatmap"):
        expect(f'data-chart="{chart}"' in html, f"no chart {chart} in the HTML")
    for external in ("http://", "https://", "<script src", "<link "):
        expect(external not in html, f"the HTML refers to something outside it: {external}")
    h.run_ok(2, ["report"] + inputs + ["-o", md_path])
    markdown = written_once(h, md_path)
    for section in ("## Runs", "## Topology", "## Collectives", "## Scaling", "## Pipeline",
                    "## Gradient synchronization", "## Links"):
        expect(section in markdown, f"no section {section} in the Markdown")
    expect("fx-host3" in markdown, "the Markdown does not name the suspect host")
    # Markdown to standard output when no -o is given (a CI job summary).
    out, _ = h.run_ok(2, ["report", real("pipeline.json")])
    expect(out.startswith("# commbench report") and out.count("# commbench report") == 1, f"stdout: {out[:200]}")
    h.run_ok(2, ["report"] + inputs[:1] + ["--spec", DGX_SPEC, "-o", prom_path])
    prometheus = written_once(h, prom_path)
    expect('commbench_busbw_bytes_per_second{' in prometheus and 'collective="allreduce"' in prometheus,
           f"no busbw metric: {prometheus[:400]}")
    # The DGX-H100 spec cannot pass on 4 CPU ranks of a 4 MiB sweep: the verdict says so.
    expect("\ncommbench_gate_passed 0\n" in prometheus, "the gate verdict is not exported as failed")


@case
def report_of_a_fresh_run_np2(h):
    """What this build measures now is rendered: a sweep with --fabric, then its report."""
    run = h.path("run.json")
    h.run_ok(2, ["allreduce", "-b", "8", "-e", "1M", "-f", "4", "-n", "5", "-w", "1", "--fabric", "cpu-cluster",
                 "-J", run])
    html_path = h.path("run.html")
    h.run_ok(2, ["report", run, "-o", html_path])
    html = written_once(h, html_path)
    for chart in ("busbw:allreduce", "latency:allreduce", "model-error:allreduce"):
        expect(f'data-chart="{chart}"' in html, f"no chart {chart}")
    expect('data-chart="scaling"' not in html and 'data-chart="linkcheck-heatmap"' not in html,
           "sections for reports that were not given")


@case
def compare_flags_a_regression_np2(h):
    """A report against itself: nothing flagged, exit 0. A copy whose allreduce busbw at 2 MiB is 10%
    lower: that row flagged, exit 1 on every rank, the JSON says so. 3% lower: not flagged; with
    --threshold 0.02 it is."""
    baseline = real("collectives-cluster-a.json")
    out, _ = h.run_ok(2, ["compare", baseline, baseline])
    expect("REGRESSION" not in out and out.count("0 regressions") == 1, f"self-compare: {out}")

    def slower(factor):
        """Every figure of the row says it: the loader refuses a report whose figures disagree."""
        def edit(document):
            result = row(document, "allreduce", 2097152)
            for key in result["stats_s"]:
                if key != "samples":
                    result["stats_s"][key] /= factor
            result["time_s"] = result["stats_s"]["median"]
            result["alg_bw"] = result["bytes"] / result["time_s"]
            result["bus_bw"] = result["alg_bw"] * result["bus_bw_factor"]
            if "prediction" in result:
                prediction = result["prediction"]
                prediction["relative_error"] = (prediction["time_s"] - result["time_s"]) / result["time_s"]
            summarized(document)
        return edit

    ten = edited_copy(h, baseline, "ten.json", slower(0.90))
    comparison = h.path("comparison.json")
    out, _ = h.run_ok(2, ["compare", baseline, ten, "-J", comparison], expected_code=1)
    flagged = [line for line in out.splitlines() if "REGRESSION" in line]
    expect(len(flagged) == 1 and "allreduce" in flagged[0] and "2097152" in flagged[0], f"flagged: {flagged}")
    document = json.loads(written_once(h, comparison))
    flagged_rows = [r for r in document["rows"] if r["regression"]]
    expect(document["regression"] is True and len(flagged_rows) == 1 and flagged_rows[0]["metric"] == "bus_bw",
           f"the JSON flags {flagged_rows}")
    three = edited_copy(h, baseline, "three.json", slower(0.97))
    out, _ = h.run_ok(2, ["compare", baseline, three])
    expect("REGRESSION" not in out, f"3% flagged at the default 5%: {out}")
    out, _ = h.run_ok(2, ["compare", baseline, three, "--threshold", "0.02"], expected_code=1)
    expect(sum("REGRESSION" in line for line in out.splitlines()) == 1, f"--threshold 0.02: {out}")


@case
def compare_lists_rows_in_one_report_only_np2(h):
    """A candidate without the largest allreduce row: listed as only in the baseline."""
    baseline = real("collectives-cluster-a.json")

    def drop(document):
        document["results"] = [r for r in document["results"]
                               if not (r["collective"] == "allreduce" and r["bytes"] == 2097152)]
        summarized(document)
    candidate = edited_copy(h, baseline, "fewer.json", drop)
    code, out, err, _ = h.run(2, ["compare", baseline, candidate])
    expect(code in (0, 1), f"exit {code}: {err}")
    expect("only in the baseline" in out and "2097152" in out.split("only in the baseline")[1], f"{out}")


@case
def gate_passes_fails_and_writes_junit_np2(h):
    """A spec the CPU reports meet: exit 0, every check PASS, JUnit with no failure. A spec they cannot
    meet, and one whose measurement is missing: exit 1 on every rank, the failing checks named,
    JUnit failures. A partial report never passes."""
    collectives, linkcheck, scaling = real("collectives-cluster-a.json"), real("linkcheck.json"), real("scaling.json")
    achievable = write_spec(h, "ok.json", [
        {"check": "no_wrong_elements"},
        {"check": "busbw", "collective": "allreduce", "min_bytes": "512K", "max_bytes": "2M",
         "busbw_at_least_GBps": 0.01},
    ])
    junit = h.path("gate.xml")
    out, _ = h.run_ok(2, ["gate", "--spec", achievable, collectives, "--junit", junit])
    expect("FAIL" not in out and out.count("gate: PASS") == 1, f"gate output: {out}")
    suite = ElementTree.fromstring(written_once(h, junit))
    cases = suite.findall(".//testcase")
    expect(len(cases) == 3 and not suite.findall(".//failure"), f"JUnit: {len(cases)} cases")

    strict = write_spec(h, "strict.json", [
        {"check": "busbw", "collective": "allreduce", "min_bytes": "512K", "max_bytes": "2M",
         "busbw_at_least_GBps": 1e5},
        {"check": "busbw", "collective": "allreduce", "min_bytes": "1G", "max_bytes": "8G",
         "busbw_at_least_GBps": 1},
        {"check": "linkcheck_no_outliers"},
        {"check": "scaling_efficiency", "gpus": 4, "efficiency_at_least": 0.5},
    ])
    out, _ = h.run_ok(2, ["gate", "--spec", strict, collectives, linkcheck, scaling, "--junit", junit],
                      expected_code=1)
    expect("gate: FAIL" in out and "fx-host3" in out, f"gate output: {out}")
    expect("1 GiB" in out or "1073741824" in out, f"the missing measurement is not named: {out}")
    suite = ElementTree.fromstring(written_once(h, junit))
    expect(len(suite.findall(".//failure")) >= 3, "JUnit lacks the failures")

    def partial(document):
        document["outcome"] = {"status": "partial", "failure_kind": "terminated",
                               "failure": "rank 0 on vm: ended by signal 15 (SIGTERM)"}
    cut = edited_copy(h, collectives, "partial.json", partial)
    out, _ = h.run_ok(2, ["gate", "--spec", achievable, cut], expected_code=1)
    expect("gate: FAIL" in out and "partial" in out, f"a partial report passed: {out}")


SCALE_ROWS = 100000
SCALE_MAX_RSS_MB = 300
SCALE_MAX_SECONDS = 60


def peak_rss_run(h, arguments, expected_code=0):
    """Runs commbench under mpirun with 2 ranks in a child python that reports what its descendants
    used (getrusage(RUSAGE_CHILDREN) counts every waited-for process below it: mpirun, and through
    it each rank): returns (stdout, wall seconds, CPU seconds, peak RSS in MB). The time bound is
    on CPU seconds (user + system, all ranks): wall time on a shared CI host measures the host's
    load as much as commbench."""
    import subprocess
    import time
    from mpi_cases import mpi_environment
    command = [h.mpirun, "-np", "2", "--oversubscribe", h.commbench] + arguments
    probe = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
             "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); sys.exit(done.returncode)")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", probe] + command, capture_output=True, text=True,
                          timeout=10 * SCALE_MAX_SECONDS, env=mpi_environment())
    seconds = time.monotonic() - start
    peak_kib, cpu = done.stderr.strip().splitlines()[-1].split()
    peak_mb, cpu = int(peak_kib) * 1024 / 1e6, float(cpu)  # ru_maxrss is in KiB on Linux
    print(f"$ {' '.join(command)}  -> exit {done.returncode} in {seconds:.1f} s ({cpu:.1f} CPU s), "
          f"peak RSS {peak_mb:.0f} MB")
    if done.returncode != expected_code:
        print(done.stdout)
        print(done.stderr, file=sys.stderr)
        raise Failure(f"exit code {done.returncode}, expected {expected_code}")
    return done.stdout, seconds, cpu, peak_mb


@case
def report_of_100000_rows_np2(h):
    """Scale (issue 21): a collectives report of 10^5 rows (written here by big_report.py, compact,
    85 MB) is read by report (HTML with its charts) and compare within 60 CPU seconds and under
    300 MB of peak memory (before the rows were streamed: 1.2-1.6 GB). A repeated row among them is
    in bad_inputs.py (repeated_row*), on 100 rows: here it would double the test's time."""
    from big_report import write_big_report
    path = h.path("big.json")
    write_big_report(path, SCALE_ROWS)
    html = h.path("big.html")
    for arguments in (["report", path, "--format", "html", "-o", html], ["compare", path, path]):
        out, seconds, cpu, peak_mb = peak_rss_run(h, arguments)
        expect(peak_mb < SCALE_MAX_RSS_MB, f"{arguments[0]} of {SCALE_ROWS} rows peaked at {peak_mb:.0f} MB")
        expect(cpu < SCALE_MAX_SECONDS, f"{arguments[0]} of {SCALE_ROWS} rows took {cpu:.1f} CPU seconds")
    expect("<svg" in written_once(h, html), "the HTML report has no chart")


if __name__ == "__main__":
    sys.exit(driver_main(CASES))

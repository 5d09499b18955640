#!/usr/bin/env python3
"""Fault-injection tests: a stalled rank, a killed rank, a cancelled job, and ranks that
disagree on their command line or build. Each checks the promises of docs/RELIABILITY.md:
no hang beyond the timeout, no silent pass, no lost completed rows, a clear error.

Uses the harness of mpi_cases.py (same command line: --list, then one case).
"""

import json
import os
import signal
import subprocess
import sys
import time

import jsonschema

from mpi_cases import Failure, Skip, case_registry, expect, main, mpi_environment

CASES, case = case_registry()


def run_apps(h, apps, timeout=120):
    """mpirun with one or more app contexts (MPMD): apps is a list of (ranks, arguments)."""
    command = [h.mpirun, "--oversubscribe"]
    for index, (ranks, arguments) in enumerate(apps):
        command += ([":"] if index else []) + ["-np", str(ranks), h.commbench] + arguments
    return h.run_command(command, timeout)


def own_lines(err):
    return [line for line in err.splitlines() if line.startswith("commbench:")]


def rows_of(report):
    return [(row["collective"], row["bytes"], row["placement"], row["status"]) for row in report["results"]]


def read_report_if_complete(h, path):
    """The report as it is on disk now (it is replaced whole, so it is valid or absent)."""
    if not os.path.exists(path):
        return None
    report = json.load(open(path))
    jsonschema.validate(report, h.schema)
    return report


def descendants(pid):
    """Every process below pid, from /proc (only this test's own processes)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def rank_process(mpirun_pid, rank):
    for pid in descendants(mpirun_pid):
        try:
            with open(f"/proc/{pid}/environ", "rb") as environ:
                variables = environ.read().split(b"\0")
            with open(f"/proc/{pid}/comm") as comm:
                name = comm.read().strip()
        except OSError:
            continue
        if name == "commbench" and f"OMPI_COMM_WORLD_RANK={rank}".encode() in variables:
            return pid
    return None


def start_in_background(h, ranks, arguments):
    command = [h.mpirun, "-np", str(ranks), "--oversubscribe", h.commbench] + arguments
    print(f"$ {' '.join(command)} &")
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=mpi_environment())


def wait_for_rows(h, process, path, rows, timeout=120, key="results"):
    """Polls the live report until its list `key` holds at least `rows` rows; returns that report."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        expect(process.poll() is None, f"the run ended (exit {process.returncode}) before {rows} rows were written")
        report = read_report_if_complete(h, path)
        if report and len(report[key]) >= rows:
            return report
        time.sleep(0.05)
    raise Failure(f"the live report did not reach {rows} {key} within {timeout} s")


def stall_is_detected(h, stalled_rank):
    """A rank that stops responding at the 5th case: every rank ends within the timeout plus a
    few seconds, exit 4, and the report keeps the 4 completed rows and marks the 5th timed out."""
    timeout = 3
    common = ["allreduce", "-b", "8", "-e", "1K", "-n", "5", "-w", "1"]
    # The same four cases without a stall: the time they take, launch included.
    code, _, err, baseline = h.run(3, ["allreduce", "-b", "8", "-e", "16", "-n", "5", "-w", "1"])
    expect(code == 0, f"baseline run failed: {err}")
    report_path = h.path(f"stall-{stalled_rank}.json")
    code, out, err, seconds = h.run(3, common + ["--timeout", str(timeout), "--inject-stall", f"{stalled_rank}:5",
                                                 "-J", report_path], timeout=60)
    detection = seconds - baseline
    print(f"stalled rank {stalled_rank}: ended {seconds:.1f} s after launch; the run without the stall took "
          f"{baseline:.1f} s, so detection took about {detection:.1f} s with --timeout {timeout}")
    expect(code == 4, f"exit {code}, expected 4 (timeout)\n{err}")
    expect(timeout - 0.5 <= detection <= timeout + 5, f"detected after about {detection:.1f} s")
    lines = own_lines(err)
    for rank in range(3):
        mine = [line for line in lines if line.startswith(f"commbench: rank {rank} on ")]
        expect(len(mine) == 1, f"rank {rank} should say once what it waited for; lines: {lines}")
        expect("timed out:" in mine[0] and "(--timeout 3.0 s)" in mine[0], mine[0])
        if rank == stalled_rank:
            expect("injected stall" in mine[0], mine[0])
        else:
            expect("allreduce of 32 B with all 3 ranks of its communicator" in mine[0], mine[0])
    report = h.load_report(report_path)
    expect(report["outcome"]["status"] == "partial" and report["outcome"]["failure_kind"] == "timeout",
           f"outcome {report['outcome']}")
    expect(report["outcome"]["failure"].startswith("rank 0 on "), report["outcome"]["failure"])
    expected = [("allreduce", 8, "out-of-place", "ok"), ("allreduce", 8, "in-place", "ok"),
                ("allreduce", 16, "out-of-place", "ok"), ("allreduce", 16, "in-place", "ok"),
                ("allreduce", 32, "out-of-place", "timed_out")]
    expect(rows_of(report) == expected, f"rows {rows_of(report)}")
    expect(report["summary"]["timed_out_cases"] == 1, f"summary {report['summary']}")
    expect(report["config"]["inject_stall"] == {"rank": stalled_rank, "case_number": 5}, "stall not recorded")
    expect("Run ended early (timeout)" in out, "the table does not say the run ended early")


@case
def stalled_rank_is_detected(h):
    stall_is_detected(h, 1)


@case
def stalled_rank_zero_is_detected(h):
    stall_is_detected(h, 0)


@case
def killed_rank_keeps_completed_rows(h):
    """kill -9 of one rank mid-sweep: the others end well within the timeout, and the report,
    valid against the schema, keeps every row completed before the kill, marked partial."""
    report_path = h.path("killed.json")
    process = start_in_background(h, 4, ["all", "-b", "8", "-e", "4M", "-n", "10", "--timeout", "60",
                                         "-J", report_path])
    try:
        before = wait_for_rows(h, process, report_path, 20)
        victim = rank_process(process.pid, 2)
        expect(victim is not None, "rank 2's process was not found")
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        out, err = process.communicate(timeout=60)
        seconds = time.monotonic() - killed_at
    finally:
        if process.poll() is None:
            process.kill()
    print(f"rank 2 killed after {len(before['results'])} rows; mpirun ended {seconds:.1f} s later, exit "
          f"{process.returncode}")
    expect(process.returncode != 0, "a run that lost a rank must not exit 0")
    expect(seconds < 30, f"the other ranks took {seconds:.1f} s to end")
    report = h.load_report(report_path)
    expect(report["outcome"]["status"] == "partial", f"outcome {report['outcome']}")
    expect(report["outcome"]["failure_kind"] in ("terminated", "error", "timeout"), f"outcome {report['outcome']}")
    expect(report["results"][:len(before["results"])] == before["results"],
           "rows completed before the kill changed or went missing")
    expect(all(row["status"] == "ok" for row in before["results"]), "a row before the kill was not ok")


def cancel_and_check_report(h, ranks, arguments, report_path, rows, key):
    """Starts commbench, sends SIGTERM to mpirun (as scancel or Ctrl-C does) once the live report
    holds `rows` entries of `key`, and checks that the run did not exit 0, that the report records
    the termination and names SIGTERM, and that the entries seen before are all still there.
    Returns the final report."""
    process = start_in_background(h, ranks, arguments + ["-J", report_path])
    try:
        before = wait_for_rows(h, process, report_path, rows, key=key)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    expect(process.returncode != 0, "a cancelled run must not exit 0")
    report = h.load_report(report_path)
    expect(report["outcome"]["status"] == "partial" and report["outcome"]["failure_kind"] == "terminated",
           f"outcome {report['outcome']}")
    expect("SIGTERM" in report["outcome"]["failure"], report["outcome"]["failure"])
    expect(report[key][:len(before[key])] == before[key], f"{key} measured before the signal were lost")
    return report


@case
def cancelled_job_keeps_completed_rows(h):
    """SIGTERM to mpirun: the report records the termination and keeps the completed rows."""
    cancel_and_check_report(h, 2, ["all", "-b", "8", "-e", "4M", "-n", "10"], h.path("cancelled.json"), 10,
                            "results")


@case
def cancelled_linkcheck_keeps_finished_rounds(h):
    """SIGTERM to mpirun during linkcheck: the report records the termination and keeps the
    links of every round finished before it."""
    # 4 ranks: 3 rounds of 2 rank pairs, 4 directed links each; 16 MiB x 300 per direction
    # keeps each round busy for seconds.
    report = cancel_and_check_report(h, 4, ["linkcheck", "--bytes", "16M", "-n", "300", "-w", "0"],
                                     h.path("links.json"), 4, "links")
    expect(report["kind"] == "linkcheck", f"kind {report['kind']}")


@case
def unallocatable_size_ends_cleanly(h):
    """A size no host can allocate (64 TiB): exit 3, one line per rank that says what ran out
    (a host buffer), how much and what to change, in words rather than "std::bad_alloc"; every
    rank fails at the same allocation, so they agree and exit 3 without the launcher's
    MPI_ABORT banner; and a report that says so, instead of a crash or a hang (issue 21, item 5)."""
    report_path = h.path("huge.json")
    code, out, err, _ = h.run(2, ["allreduce", "-b", "65536G", "-e", "65536G", "-J", report_path], timeout=120)
    expect(code == 3, f"exit {code}, expected 3\n{err}")
    lines = own_lines(err)
    expect(len(lines) == 2, f"expected one line per rank: {lines}")
    for rank in (0, 1):
        line = next((line for line in lines if line.startswith(f"commbench: error: rank {rank} ")), None)
        expect(line is not None, f"no line of rank {rank}: {lines}")
        for words in ("ran out of memory while allocating a host buffer of 70368744177664 bytes (about 70 TB)",
                      "resident", "available: ask for smaller messages (-e/--maxbytes"):
            expect(words in line, f"'{line}' does not say '{words}'")
    expect(all(line.count("commbench:") == 1 for line in lines), f"interleaved lines: {lines}")
    expect("bad_alloc" not in err and "cannot go on" not in err, err)
    expect("MPI_ABORT was invoked" not in err, f"the launcher's abort banner:\n{err}")
    report = h.load_report(report_path)
    expect(report["outcome"]["status"] == "partial" and report["outcome"]["failure_kind"] == "error",
           f"outcome {report['outcome']}")
    expect("ran out of memory while allocating a host buffer" in report["outcome"]["failure"],
           report["outcome"]["failure"])


@case
def plan_out_of_memory_names_the_workload(h):
    """plan of the documented maximum, 10^6 layers, under an address-space limit (ulimit -v)
    that a small plan fits in: exit 3 with one line that names the workload's layers and what
    to change, not "std::bad_alloc", nor std::terminate while the report's JSON unwinds (exit
    134), nor an abort (issue 21, item 5)."""
    workload = h.path("million.json")
    with open(workload, "w") as file:
        json.dump({"kind": "workload", "format_version": 1, "name": "million", "parameters": 70000000000,
                   "layers_count": 1000000, "gradient_dtype": "bfloat16", "batch": 1024,
                   "compute": {"seconds_per_sample": 0.01}}, file)
    small = h.path("small.json")
    with open(small, "w") as file:
        json.dump({"kind": "workload", "format_version": 1, "name": "small", "parameters": 70000000000,
                   "layers_count": 10, "gradient_dtype": "bfloat16", "batch": 1024,
                   "compute": {"seconds_per_sample": 0.01}}, file)

    def limited(path):
        # 600 MB of address space: MPI and a small plan fit (about 450 MB mapped here); the
        # 10^6 layers' report tree (about 470 MB resident) does not.
        command = ["bash", "-c", 'ulimit -v 600000; exec "$@"', "limited", h.mpirun, "-np", "1", "--oversubscribe",
                   h.commbench, "plan", "--fabric", "dgx-h100", "--workload", path]
        return h.run_command(command, 120)

    code, out, err, _ = limited(small)
    if code != 0:
        raise Skip(f"a small plan does not run under the limit here (exit {code}): {err.strip()[:200]}")
    code, out, err, _ = limited(workload)
    expect(code == 3, f"exit {code}, expected 3\n{err}")
    lines = own_lines(err)
    expect(len(lines) == 1, f"expected one line: {lines}")
    for words in ("commbench: error: rank 0 ran out of memory while ", "workload", "fewer layers", "resident"):
        expect(words in lines[0], f"'{lines[0]}' does not say '{words}'")
    expect("bad_alloc" not in err and "terminate called" not in err and "MPI_ABORT" not in err, err)


def expect_refused(h, apps, *fragments):
    report_path = h.path("refused.json")
    apps = [(ranks, arguments + ["-J", report_path]) for ranks, arguments in apps]
    code, out, err, _ = run_apps(h, apps)
    expect(code == 2, f"exit {code}, expected 2\n{err}")
    lines = own_lines(err)
    expect(len(lines) == 1, f"expected one error line, got {lines}")
    for fragment in fragments:
        expect(fragment in lines[0], f"'{lines[0]}' does not contain '{fragment}'")
    expect(not os.path.exists(report_path), "a report was written")
    expect(not [name for name in os.listdir(h.workdir) if ".tmp." in name], "a temporary file was left")
    expect("#       size" not in out, "something was measured")


@case
def different_flags_are_refused(h):
    expect_refused(h, [(2, ["allreduce", "-b", "8", "-e", "64"]), (2, ["allreduce", "-b", "16", "-e", "64"])],
                   "ranks 2,3 run a different configuration from rank 0", "'allreduce -b 8 -e 64",
                   "rank 2 on ", "'allreduce -b 16 -e 64")


@case
def different_build_is_refused(h):
    expect_refused(h, [(2, ["allreduce", "-b", "8", "-e", "64"]),
                       (1, ["allreduce", "-b", "8", "-e", "64", "--inject-build-label", "other-build"])],
                   "rank 2 runs a different build from rank 0", "[other-build]", "Open MPI")


@case
def command_line_refused_on_one_rank(h):
    expect_refused(h, [(1, ["allreduce", "-d", "float32"]), (1, ["allreduce", "-d", "float17"])],
                   "rank 1 on ", "-d/--datatype: unknown type 'float17'")


if __name__ == "__main__":
    sys.exit(main(CASES))

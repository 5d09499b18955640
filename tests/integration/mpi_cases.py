#!/usr/bin/env python3
"""MPI integration tests for commbench.

Each case launches the real binary through mpirun with several (oversubscribed) ranks,
then reads what it wrote: the exit code, rank 0's table, stderr and the JSON report. The
expectations (sizes, bus-bandwidth factors, counts) are written out here by hand, not
taken from the code under test.

    mpi_cases.py --list
    mpi_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import json
import math
import os
import secrets
import subprocess
import sys
import time

import jsonschema

from driver_command_line import fresh_directory, parse_command_line, run_and_report

# busbw factor for n ranks, from docs/METRICS.md (nccl-tests' definitions).
BUS_FACTOR = {
    "allreduce": lambda n: 2.0 * (n - 1) / n,
    "allgather": lambda n: (n - 1) / n,
    "reducescatter": lambda n: (n - 1) / n,
    "alltoall": lambda n: (n - 1) / n,
    "broadcast": lambda n: 1.0,
    "reduce": lambda n: 1.0,
    "sendrecv": lambda n: 1.0,
}
ELEMENT_SIZE = {"int8": 1, "uint8": 1, "int32": 4, "uint32": 4, "int64": 8, "uint64": 8, "float16": 2, "bfloat16": 2,
                "float8_e4m3": 1, "float8_e5m2": 1, "float32": 4, "float64": 8}
# What `-d all` means with the mpi backend: every dtype but the float8 types (nccl only).
MPI_DTYPES = [dtype for dtype in ELEMENT_SIZE if not dtype.startswith("float8")]
REDUCING = {"allreduce", "reducescatter", "reduce"}
ROOTED = {"broadcast", "reduce"}
ALL_COLLECTIVES = ["allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv"]

def case_registry():
    """A driver's own {name: case function} and the @case decorator that fills it."""
    cases = {}

    def case(function):
        cases[function.__name__] = function
        return function

    return cases, case


CASES, case = case_registry()


class Failure(Exception):
    pass


class Skip(Exception):
    """The case cannot run here (e.g. no GPU): exit 77, which ctest reports as skipped."""


def expect(condition, message):
    if not condition:
        raise Failure(message)


def mpi_environment(extra_env=None):
    """This process's environment, plus what Open MPI needs to run as root."""
    env = dict(os.environ)
    if os.geteuid() == 0:  # Open MPI refuses to run as root unless told twice
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    env.update(extra_env or {})
    return env


class Harness:
    def __init__(self, options):
        self.commbench = options.commbench
        self.mpirun = options.mpirun
        self.schema = json.load(open(options.schema))
        self.workdir = fresh_directory(options.workdir)

    def path(self, name):
        return os.path.join(self.workdir, name)

    def run(self, ranks, arguments, timeout=300, extra_env=None):
        """Runs commbench under mpirun; returns (exit code, stdout, stderr, seconds)."""
        command = [self.mpirun, "-np", str(ranks), "--oversubscribe", self.commbench] + arguments
        return self.run_command(command, timeout, extra_env)

    def run_command(self, command, timeout=300, extra_env=None):
        """Runs a whole mpirun command line; returns (exit code, stdout, stderr, seconds)."""
        start = time.monotonic()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  env=mpi_environment(extra_env))
        except subprocess.TimeoutExpired:
            raise Failure(f"hung: {' '.join(command)} did not finish within {timeout} s")
        seconds = time.monotonic() - start
        print(f"$ {' '.join(command)}  -> exit {done.returncode} in {seconds:.1f} s")
        return done.returncode, done.stdout, done.stderr, seconds

    def run_ok(self, ranks, arguments, expected_code=0, **kwargs):
        code, out, err, _ = self.run(ranks, arguments, **kwargs)
        if code != expected_code:
            print(out)
            print(err, file=sys.stderr)
            raise Failure(f"exit code {code}, expected {expected_code}")
        return out, err

    def load_report(self, path):
        expect(os.path.exists(path), f"no report at {path}")
        report = json.load(open(path))
        jsonschema.validate(report, self.schema)
        leftovers = [name for name in os.listdir(os.path.dirname(path)) if ".tmp." in name]
        expect(not leftovers, f"temporary files left behind: {leftovers}")
        return report


def summarized(document):
    """The collectives report document with its summary recomputed from its rows, as
    summarize_results (reports/model/result.cpp) does it: a test that edits rows keeps the report
    consistent, which the report loader checks (reports/load/report_consistency.hpp)."""
    results, summary = document["results"], document["summary"]
    threshold = summary["avg_bus_bw_min_bytes"]
    if not any(r["status"] == "ok" and r["bytes"] >= threshold for r in results):
        threshold = 0
    averaged = [r["bus_bw"] for r in results if r["status"] == "ok" and r["bytes"] >= threshold]
    total = 0.0
    for bus_bw in averaged:  # in row order, as the C++ sums them
        total += bus_bw
    summary.update(cases=len(results), wrong_total=sum(r["wrong"] for r in results),
                   failed_cases=sum(r["status"] == "failed" for r in results),
                   skipped_cases=sum(r["status"] == "skipped" for r in results),
                   timed_out_cases=sum(r["status"] == "timed_out" for r in results),
                   avg_bus_bw_min_bytes=threshold, avg_bus_bw_rows=len(averaged),
                   avg_bus_bw=total / len(averaged) if averaged else 0.0)
    return document


def geometric_sizes(low, high, factor):
    sizes = []
    size = low
    while size <= high:
        sizes.append(size)
        size *= factor
    return sizes


def expected_bytes(collective, requested, dtype, ranks):
    """The size nccl-tests reports for a requested size (per-rank blocks 16-byte aligned)."""
    element = ELEMENT_SIZE[dtype]
    if collective in ("allgather", "reducescatter", "alltoall"):
        granule = max(1, 16 // element)
        block = (requested // element // ranks) // granule * granule
        return block * ranks * element
    return requested // element * element


def check_rows(report, collectives, sizes, dtypes, ranks, iterations=None, expect_wrong=0, ops=("sum",),
               roots=(0,), placements=("out-of-place", "in-place")):
    """Every expected row is there once, verified, with consistent bandwidth figures."""
    rows = {}
    for row in report["results"]:
        key = (row["collective"], row["bytes"], row["dtype"], row["op"], row["root"], row["placement"])
        expect(key not in rows, f"duplicate row {key}")
        rows[key] = row
    expected_keys = set()
    for collective in collectives:
        for dtype in dtypes:
            for op in (ops if collective in REDUCING else ("none",)):
                for root in (roots if collective in ROOTED else (-1,)):
                    for size in sizes:
                        for placement in placements:
                            expected_keys.add((collective, expected_bytes(collective, size, dtype, ranks), dtype,
                                               op, root, placement))
    missing = expected_keys - set(rows)
    expect(not missing, f"missing rows: {sorted(missing)[:5]} ({len(missing)} in all)")
    unexpected = set(rows) - expected_keys
    expect(not unexpected, f"unexpected rows: {sorted(unexpected)[:5]}")
    for key, row in rows.items():
        where = f"row {key}"
        expect(row["ranks"] == ranks, f"{where}: ranks {row['ranks']}")
        expect(row["wrong"] == expect_wrong, f"{where}: wrong {row['wrong']}, expected {expect_wrong}")
        expect(row["status"] == ("ok" if expect_wrong == 0 else "failed"), f"{where}: status {row['status']}")
        expect(row["count"] == row["bytes"] // ELEMENT_SIZE[row["dtype"]], f"{where}: count")
        if iterations is not None:
            expect(row["iterations"] == iterations, f"{where}: {row['iterations']} iterations")
        stats = row["stats_s"]
        expect(0 < stats["min"] <= stats["median"] <= stats["p95"] <= stats["p99"] <= stats["max"],
               f"{where}: statistics out of order {stats}")
        expect(stats["median_ci95_low"] <= stats["median"] <= stats["median_ci95_high"], f"{where}: CI {stats}")
        expect(row["time_s"] == stats["median"], f"{where}: time_s is not the median")
        expect(math.isclose(row["alg_bw"], row["bytes"] / row["time_s"], rel_tol=1e-9), f"{where}: alg_bw")
        factor = BUS_FACTOR[row["collective"]](ranks)
        expect(math.isclose(row["bus_bw_factor"], factor, rel_tol=1e-12), f"{where}: factor {row['bus_bw_factor']}")
        expect(math.isclose(row["bus_bw"], row["alg_bw"] * factor, rel_tol=1e-9, abs_tol=1e-12), f"{where}: bus_bw")
    return rows


def table_rows(stdout):
    return [line for line in stdout.splitlines() if line.strip() and not line.startswith("#")]


@case
def allreduce_np2(h):
    """The issue's example at 2 ranks: table on rank 0 only, a row per size, exact, report."""
    report_path = h.path("run.json")
    sizes = geometric_sizes(8, 1 << 20, 2)
    out, _ = h.run_ok(2, ["allreduce", "-b", "8", "-e", "1M", "-f", "2", "-J", report_path],
                      extra_env={"NCCL_DEBUG": "WARN", "COMMBENCH_UNRELATED": "x", "NCCL_AUTH_TOKEN": "secret"})
    report = h.load_report(report_path)
    check_rows(report, ["allreduce"], sizes, ["float32"], 2, iterations=20)
    expect(len(table_rows(out)) == len(sizes), f"table has {len(table_rows(out))} rows, expected {len(sizes)}"
           " (one per size, printed once by rank 0)")
    expect("# Out of bounds values : 0 OK" in out, "summary line missing")
    expect("# Avg bus bandwidth" in out, "average bus bandwidth line missing")
    expect(f"# Report written to {report_path}" in out, "report path not printed")
    meta = report["meta"]
    expect(meta["world_size"] == 2 and sum(len(host["ranks"]) for host in meta["hosts"]) == 2, "hosts/ranks")
    expect(meta["argv"][1:3] == ["allreduce", "-b"], f"argv {meta['argv']}")
    expect("Open MPI" in meta["library_version"], f"library version {meta['library_version']}")
    env = meta["environment"]
    expect(env.get("NCCL_DEBUG") == "WARN", "NCCL_DEBUG not recorded")
    expect("COMMBENCH_UNRELATED" not in env and "PATH" not in env and "HOME" not in env, "unrelated variable kept")
    expect("NCCL_AUTH_TOKEN" not in env, "a secret-looking variable was recorded")
    summary = report["summary"]
    expect(summary["wrong_total"] == 0 and summary["failed_cases"] == 0, f"summary {summary}")
    large = [r["bus_bw"] for r in report["results"] if r["bytes"] >= (1 << 20)]
    expect(math.isclose(summary["avg_bus_bw"], sum(large) / len(large), rel_tol=1e-9), "avg_bus_bw")


@case
def all_collectives_np4(h):
    """`all`: every collective, several dtypes, one report, at 4 ranks."""
    report_path = h.path("all.json")
    sizes = geometric_sizes(8, 256 << 10, 4)
    dtypes = ["float32", "bfloat16", "int8", "float64"]
    out, _ = h.run_ok(4, ["all", "-b", "8", "-e", "256K", "-f", "4", "-d", ",".join(dtypes), "-n", "5", "-w", "1",
                          "-r", "1", "-J", report_path])
    report = h.load_report(report_path)
    check_rows(report, ALL_COLLECTIVES, sizes, dtypes, 4, iterations=5, roots=(1,))
    for collective in ALL_COLLECTIVES:
        expect(f"# Collective: {collective}" in out, f"no table heading for {collective}")


@case
def every_dtype_and_op_np4(h):
    """`-d all`: every dtype of the mpi backend (float16/bfloat16 reductions over MPI, uint32, uint64; no
    float8) and every op, checked exactly, at 4 ranks."""
    report_path = h.path("ops.json")
    sizes = geometric_sizes(64, 64 << 10, 32)
    h.run_ok(4, ["all", "-b", "64", "-e", "64K", "-f", "32", "-d", "all", "-o", "all", "-n", "2", "-w", "0",
                 "-c", "2", "-J", report_path])
    report = h.load_report(report_path)
    check_rows(report, ALL_COLLECTIVES, sizes, MPI_DTYPES, 4, iterations=2,
               ops=("sum", "prod", "min", "max", "avg"))


@case
def every_root_np3(h):
    """A rank count that is not a power of two, and every root of broadcast and reduce."""
    report_path = h.path("roots.json")
    sizes = geometric_sizes(1 << 10, 1 << 20, 32)
    h.run_ok(3, ["all", "-b", "1K", "-e", "1M", "-f", "32", "-r", "all", "-o", "sum,max", "-d", "int32,float16",
                 "-n", "3", "-w", "0", "-J", report_path])
    report = h.load_report(report_path)
    check_rows(report, ALL_COLLECTIVES, sizes, ["int32", "float16"], 3, iterations=3, ops=("sum", "max"),
               roots=(0, 1, 2))


@case
def corruption_is_caught(h):
    """One wrong element on one rank is found, counted, reported, and fails the run."""
    for collective in ALL_COLLECTIVES:
        report_path = h.path(f"{collective}.json")
        # The root (for reduce, the only rank whose output is defined) is the corrupted rank;
        # -r is refused by the collectives that have no root.
        root = ["-r", "3"] if collective in ROOTED else []
        out, _ = h.run_ok(4, [collective, "-b", "4K", "-e", "16K", "-f", "2"] + root + ["--inject-corruption", "3",
                              "-n", "2", "-w", "0", "-J", report_path], expected_code=1)
        report = h.load_report(report_path)
        check_rows(report, [collective], [4096, 8192, 16384], ["float32"], 4, expect_wrong=1, roots=(3,))
        expect(report["summary"]["wrong_total"] == 6, f"{collective}: wrong_total {report['summary']['wrong_total']}")
        expect("FAILED" in out, f"{collective}: the summary line does not say FAILED")
        for row in table_rows(out):
            wrong_columns = row.split()[8], row.split()[12]
            expect(wrong_columns == ("1", "1"), f"{collective}: #wrong columns {wrong_columns} in '{row}'")


@case
def secrets_stay_out_of_reports(h):
    """Variables that look like secrets reach neither the report nor rank 0's output.

    Each gets a unique random value, searched for in every byte written. Names with a kept
    prefix (NCCL_, OMPI_, UCX_, CUDA_) are the ones that test the secret-word filter; the
    others test the prefix allowlist. A secret in a kept variable with an innocent name
    (NCCL_DEBUG_FILE=<token>) cannot be recognised, so it is not tried here.
    """
    names = ["GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "CI_JOB_JWT", "MY_API_KEY", "SSH_AUTH_SOCK", "PRIVATE_KEY",
             "NCCL_IB_PASSWORD_X", "OMPI_MCA_fake_credential", "NCCL_API_KEY", "UCX_PRIVATE_KEY", "CUDA_CI_JOB_JWT",
             "NCCL_SSH_AUTH_SOCK", "OMPI_MCA_munge_cookie", "UCX_SESSION_KEY", "NCCL_PASSPHRASE",
             "OMPI_MCA_my_apikey", "NCCL_AUTH_TOKEN", "CUDA_SECRET"]
    planted = {name: "planted-" + secrets.token_hex(16) for name in names}
    # Innocent settings with kept prefixes: they must be recorded, or the test proves nothing.
    innocent = {"NCCL_DEBUG": "WARN", "NCCL_IB_PKEY": "0x8001", "UCX_IB_KEYS": "2"}
    report_path = h.path("secrets.json")
    out, err = h.run_ok(2, ["allreduce", "-b", "8", "-e", "64", "-n", "2", "-w", "0", "-J", report_path],
                        extra_env={**planted, **innocent})
    report = h.load_report(report_path)
    expect(all(report["meta"]["environment"].get(name) == value for name, value in innocent.items()),
           f"innocent settings not recorded: {report['meta']['environment']}")
    written = {"the report": open(report_path, encoding="utf-8").read(), "stdout": out, "stderr": err}
    for name, value in planted.items():
        for where, text in written.items():
            expect(value not in text, f"the value of {name} appears in {where}")
        expect(name not in report["meta"]["environment"], f"{name} is recorded in the report")


@case
def auto_iterations(h):
    """-n auto stops when the median is known to 1% or the per-case budget is spent."""
    report_path = h.path("auto.json")
    budget = 0.3
    sizes = geometric_sizes(8, 64 << 10, 8)
    h.run_ok(2, ["allreduce", "-b", "8", "-e", "64K", "-f", "8", "-n", "auto", "--auto-budget", str(budget),
                 "-J", report_path])
    report = h.load_report(report_path)
    rows = check_rows(report, ["allreduce"], sizes, ["float32"], 2)
    for key, row in rows.items():
        stats = row["stats_s"]
        expect(stats["samples"] >= 10 and row["iterations"] == stats["samples"], f"{key}: {stats['samples']} samples")
        precise = (stats["median"] - stats["median_ci95_low"] <= 0.01 * stats["median"] and
                   stats["median_ci95_high"] - stats["median"] <= 0.01 * stats["median"])
        spent = stats["mean"] * stats["samples"] >= budget * (1 - 1e-9)
        expect(precise or spent, f"{key}: stopped before precise ({stats}) and before the budget")
    expect(report["config"]["iterations"] == "auto", "config does not record auto")


@case
def back_to_back_timing(h):
    """Back-to-back mode: iterations issued without synchronisation, one total/iterations figure."""
    report_path = h.path("b2b.json")
    sizes = geometric_sizes(1 << 10, 1 << 20, 16)
    h.run_ok(4, ["alltoall", "-b", "1K", "-e", "1M", "-f", "16", "--timing", "back-to-back", "-n", "40",
                 "-J", report_path])
    report = h.load_report(report_path)
    rows = check_rows(report, ["alltoall"], sizes, ["float32"], 4, iterations=40)
    for key, row in rows.items():
        expect(row["timing_mode"] == "back-to-back" and row["stats_s"]["samples"] == 1, f"{key}: {row['stats_s']}")


@case
def memory_is_bounded(h):
    """commbench holds two buffers of the largest message per rank, no more (docs/PERFORMANCE.md).

    Peak RSS also counts the MPI library's own temporaries, which some of Open MPI's
    algorithms allocate (reduce-scatter, allreduce, in-place alltoall, reduce and sendrecv;
    measured in docs/PERFORMANCE.md). The collectives below allocate none in Open MPI, so
    their growth is commbench's own.
    """
    size = 64 << 20
    # (collective, placement, buffers of the largest size that commbench holds)
    runs = [("allgather", "both", 2), ("broadcast", "both", 2), ("sendrecv", "out-of-place", 2),
            ("broadcast", "in-place", 1), ("allgather", "in-place", 1)]
    for collective, placement, buffers in runs:
        small = h.path(f"{collective}-{placement}-small.json")
        large = h.path(f"{collective}-{placement}-large.json")
        common = [collective, "-n", "1", "-w", "0", "-d", "int8", "--placement", placement]
        h.run_ok(2, common + ["-b", "8", "-e", "8", "-J", small])
        h.run_ok(2, common + ["-b", "64M", "-e", "64M", "-J", large])
        baseline = h.load_report(small)["meta"]["peak_rss_bytes"]
        peak = h.load_report(large)["meta"]["peak_rss_bytes"]
        growth = peak - baseline
        print(f"{collective} {placement}: peak RSS {baseline} B at 8 B, {peak} B at 64 MiB: "
              f"{growth / size:.3f} x the message")
        expect(growth >= buffers * size * 0.99, f"{collective}: grew by only {growth} B: are the buffers touched?")
        expect(growth <= buffers * size + (8 << 20),
               f"{collective} {placement}: grew by {growth} B, more than {buffers} x {size} B + 8 MiB")


@case
def single_output_file(h):
    """The report replaces an existing file whole, and only rank 0 writes it."""
    report_path = h.path("replace.json")
    with open(report_path, "w") as stale:
        stale.write("stale")
    h.run_ok(4, ["sendrecv", "-b", "8", "-e", "64", "-f", "2", "-J", report_path])
    report = h.load_report(report_path)
    check_rows(report, ["sendrecv"], [8, 16, 32, 64], ["float32"], 4)
    expect(sorted(os.listdir(h.workdir)) == ["replace.json"], f"files: {os.listdir(h.workdir)}")


def run_with_terminal_stderr(h, arguments, timeout=120):
    """Runs commbench alone (an MPI singleton) with a pseudo-terminal as its stderr, as a user at a
    terminal has; returns (exit code, stdout, what the terminal showed)."""
    import pty
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([h.commbench] + arguments, stdout=subprocess.PIPE, stderr=follower,
                                   env=mpi_environment())
        os.close(follower)
        shown = b""
        deadline = time.monotonic() + timeout
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: every process holding it has exited
                break
            if not chunk:
                break
            shown += chunk
            expect(time.monotonic() < deadline, f"hung: {arguments}")
        out = process.stdout.read().decode()
        code = process.wait(timeout=timeout)
    finally:
        os.close(leader)
    return code, out, shown.decode("utf-8", "replace")


@case
def progress_line_only_on_a_terminal(h):
    """Rank 0's progress line: drawn on a terminal (what runs, case k of n, elapsed, time left) and
    erased before each table row; absent when stderr is a pipe (auto); plain lines under mpirun
    with --progress on; and never in stdout or the report."""
    arguments = ["allreduce", "-b", "8", "-e", "1M", "-f", "4", "-n", "3", "-w", "1", "--placement", "out-of-place"]
    report_path = h.path("progress.json")
    code, out, shown = run_with_terminal_stderr(h, arguments + ["-J", report_path])
    expect(code == 0, f"exit {code}: {shown}")
    expect("commbench: allreduce float32 sum, 8 B: case 1 of 9, 0:00 elapsed" in shown, f"terminal: {shown!r}")
    expect("case 9 of 9" in shown and "left" in shown, f"no later case with an estimate: {shown!r}")
    expect(shown.count("\r\x1b[K") >= 2 * 9, f"the line is not redrawn and erased per case: {shown!r}")
    expect(shown.endswith("\r\x1b[K"), f"the last line is left on the terminal: {shown[-80:]!r}")
    expect("case " not in out, "progress went to stdout")
    expect(len(table_rows(out)) == 9, f"table rows: {out}")
    h.load_report(report_path)
    # stderr a pipe, the default (auto): nothing.
    code, out, err, _ = h.run(2, arguments)
    expect(code == 0 and "case 1 of" not in err and "\r" not in err, f"auto with a pipe: {err!r}")
    # Forced on under mpirun (whose ranks write into pipes): whole lines, from rank 0 alone.
    code, out, err, _ = h.run(2, arguments + ["--progress", "on"])
    lines = [line for line in err.splitlines() if "case 1 of 9" in line]
    expect(code == 0 and len(lines) == 1 and "\r" not in err, f"--progress on: {err!r}")
    code, out, err, _ = h.run(2, arguments + ["--progress", "off"])
    expect(code == 0 and "case 1 of" not in err, f"--progress off: {err!r}")


def main(cases=CASES):
    options = parse_command_line(cases, {"--commbench": None, "--mpirun": "mpirun", "--schema": None,
                                         "--workdir": None})
    return run_and_report(options.case, lambda: cases[options.case](Harness(options)),
                          failures=(Failure, jsonschema.ValidationError), skips=Skip)


if __name__ == "__main__":
    sys.exit(main())

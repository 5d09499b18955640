#!/usr/bin/env python3
"""Malformed command lines, each run under real mpirun with 2 ranks.

Every row must be refused the way README.md ("Exit codes") promises:
  - every rank exits with code 2 (each rank is wrapped so that its own code is seen, not
    only the one mpirun passes on);
  - exactly one line on stderr starts with "commbench:", and it holds the row's expected
    substrings (the flag, and what the flag accepts);
  - no crash (signal, uncaught exception, sanitizer report) and no hang;
  - nothing measured (stdout is empty) and nothing written: -J points into a scratch
    directory that is still empty afterwards, and a row's fixture files are unchanged.

    bad_inputs.py --list
    bad_inputs.py GROUP --commbench PATH --mpirun PATH --workdir DIR

The rows are data; a short comment per group says what the group probes. A row's
arguments are str or bytes (bytes reach the program as they are, e.g. invalid UTF-8).
"""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time

from driver_command_line import parse_command_line
from mpi_cases import mpi_environment

RANKS = 2
TIMEOUT_S = 60
REPORT = "{report}"  # replaced by a path in the empty scratch directory
FIXTURES = "{fixtures}"  # replaced by the row's fixture directory (outside scratch)

# Each rank runs through this wrapper so that both ranks' exit codes can be checked. When
# COMMBENCH_RANK_DIRS is set, rank r starts in $COMMBENCH_RANK_DIRS/r (ranks on different
# hosts see different file systems; this is how one machine shows that).
RANK_WRAPPER = ('if [ -n "$COMMBENCH_RANK_DIRS" ]; then cd "$COMMBENCH_RANK_DIRS/$OMPI_COMM_WORLD_RANK" || exit 99; fi; '
                '"$0" "$@"; code=$?; echo "rank $OMPI_COMM_WORLD_RANK exit $code" >&2; exit $code')

CRASH_MARKERS = ["terminate called", "Segmentation", "Aborted", "core dumped", "Sanitizer", "runtime error:",
                 "exited on signal", "MPI_ABORT", "internal error", "Traceback"]

COMMANDS = ["allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv", "all", "pipeline"]
SIZE_ACCEPTED = "K, M or G"
WHOLE = "a whole number"
U64_MAX = "18446744073709551615"  # 2^64 - 1
LARGEST_SIZE = "at most 1048576G"  # the largest message size accepted (collectives/backend/checked_size.hpp)


class Row:
    def __init__(self, name, arguments, expected, setup=None, rank_dirs=None):
        self.name = name
        self.arguments = arguments
        self.expected = expected  # substrings of the one "commbench:" line
        self.setup = setup  # setup(fixtures_dir, options): makes files the row points at
        self.rank_dirs = rank_dirs  # {rank: [subdirectories]}: a per-rank working directory


def make_fifo(fixtures, options):
    os.mkfifo(os.path.join(fixtures, "fifo"))


def make_directory(fixtures, options):
    os.mkdir(os.path.join(fixtures, "out.json"))


# A valid two-tier fabric (docs/FABRIC.md), which the fabric_files rows break one field at a
# time.
GOOD_FABRIC = """{
  "kind": "fabric", "format_version": 1, "name": "two-tier",
  "tiers": [
    {"name": "nvlink", "members": 8, "link_bandwidth": "25 GB/s", "latency": "1 us",
     "links_per_member": 18, "ranks_per_nic": 1, "in_switch_reduction": false},
    {"name": "infiniband", "members": 4, "link_bandwidth": "400 Gb/s", "latency": "5 us",
     "links_per_member": 8, "ranks_per_nic": 1, "in_switch_reduction": false}
  ]
}"""


# GOOD_FABRIC as a format version 2 GPU fabric (docs/FABRIC.md, "GPU fabrics"), which the NCCL
# model reads; the gpu_fabric rows break it one field at a time.
GOOD_GPU_FABRIC = GOOD_FABRIC.replace('"format_version": 1', '"format_version": 2').replace(
    '"name": "two-tier",', '"name": "two-tier", "gpu": {"generation": "hopper"},').replace(
    '"in_switch_reduction": false},', '"in_switch_reduction": false, "kind": "nvlink", "nvswitch": true},').replace(
    '"in_switch_reduction": false}\n', '"in_switch_reduction": false, "kind": "network"}\n')

# One tier: no tier holds nodes.
ONE_TIER_FABRIC = """{
  "kind": "fabric", "format_version": 1, "name": "one-tier",
  "tiers": [
    {"name": "shared-memory", "members": 8, "link_bandwidth": "25 GB/s", "latency": "1 us",
     "links_per_member": 1, "ranks_per_nic": 1, "in_switch_reduction": false}
  ]
}"""

# A GPU fabric (format version 2) whose node tier does not say what it is: the NCCL model cannot
# tell NVLink from PCIe.
GPU_FABRIC_WITHOUT_NODE_KIND = """{
  "kind": "fabric", "format_version": 2, "name": "gpu-no-kind",
  "gpu": {"model": "H100", "generation": "hopper"},
  "tiers": [
    {"name": "nvlink", "members": 8, "link_bandwidth": "25 GB/s", "latency": "1 us",
     "links_per_member": 18, "ranks_per_nic": 1, "in_switch_reduction": false},
    {"name": "infiniband", "members": 2, "link_bandwidth": "400 Gb/s", "latency": "5 us",
     "links_per_member": 8, "ranks_per_nic": 1, "in_switch_reduction": false, "kind": "network"}
  ]
}"""


def fabric_file(text):
    """setup: writes fabric.json with text in the row's fixture directory."""
    def setup(fixtures, options):
        with open(os.path.join(fixtures, "fabric.json"), "w") as file:
            file.write(text)
    return setup


def broken_fabric(old, new):
    assert old in GOOD_FABRIC
    return fabric_file(GOOD_FABRIC.replace(old, new, 1))


def input_file(name, text):
    """setup: writes the file name with text in the row's fixture directory."""
    def setup(fixtures, options):
        with open(os.path.join(fixtures, name), "w") as file:
            file.write(text)
    return setup


def workload_file(compute, batch=4):
    """setup: w.json, a one-layer workload named edge with the given compute object."""
    return input_file("w.json", '{"kind": "workload", "format_version": 1, "name": "edge", "parameters": 1000, '
                                f'"batch": {batch}, "compute": {compute}}}')


def measured_report(name, arguments, expected_code):
    """setup: a real report, written by commbench under mpirun with 2 ranks (so that it is exactly what this
    build writes), as fixtures/name."""
    def setup(fixtures, options):
        command = [options.mpirun, "-np", "2", "--oversubscribe", options.commbench] + arguments + \
                  ["-J", os.path.join(fixtures, name)]
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, env=mpi_environment())
        if done.returncode != expected_code:
            raise Failure(f"setup {' '.join(command)}: exit {done.returncode}, expected {expected_code}\n"
                          f"{done.stderr.decode('utf-8', 'backslashreplace')}")
    return setup


# Reports of real runs (tests/data/reports/SOURCES.md), read by report, compare and gate.
REAL_REPORTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "reports")
COLLECTIVES = os.path.join(REAL_REPORTS, "collectives-cluster-a.json")
LINKCHECK = os.path.join(REAL_REPORTS, "linkcheck.json")
TOPOLOGY = os.path.join(REAL_REPORTS, "topology.json")
DGX_SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "examples",
                        "dgx-h100-acceptance.json")
REPORT_ACCEPTED = "commbench JSON report"


def edited_report(name, source, pointer, value):
    """setup: fixtures/name, a copy of the real report source with the field at the JSON pointer set to
    value (or removed when value is REMOVE)."""
    def setup(fixtures, options):
        import json
        document = json.load(open(source))
        parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.strip("/").split("/")]
        node = document
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        last = int(parts[-1]) if isinstance(node, list) else parts[-1]
        if value is REMOVE:
            del node[last]
        else:
            node[last] = value
        with open(os.path.join(fixtures, name), "w") as out:
            json.dump(document, out)
    return setup


REMOVE = object()


def repeated_row_report(name, rows=100, first=3, second=99):
    """setup: fixtures/name, a consistent collectives report of rows rows (big_report.py) whose row second
    repeats row first: the same case twice (issue 21: compare listed it as only in the baseline)."""
    def setup(fixtures, options):
        from big_report import write_big_report
        write_big_report(os.path.join(fixtures, name), rows, duplicate=(first, second))
    return setup


def key_twice_report(name):
    """setup: fixtures/name, the real collectives report whose first row says "status" twice, "failed"
    then "ok" (issue 21: the last one won, and the row counted as ok)."""
    def setup(fixtures, options):
        text = open(COLLECTIVES).read()
        at = text.index('"status": "ok"', text.index('"results"'))
        text = text[:at] + '"status": "failed", ' + text[at:]
        with open(os.path.join(fixtures, name), "w") as out:
            out.write(text)
    return setup


REPEATED_ROW = ["r.json", "/results/99: repeats the case of /results/3", "at most once in a report"]
KEY_TWICE = ["r.json", "key \"status\" appears twice in the object at /results/0"]


FIT_ACCEPTED = "collectives report"


# A valid workload file (docs/WORKLOADS.md), which the input_files and outputs_over_inputs rows
# give as --workload.
GOOD_WORKLOAD = ('{"kind": "workload", "format_version": 1, "name": "w", "parameters": 1000000, "batch": 8, '
                 '"gradient_dtype": "float32", "compute": {"seconds_per_sample": 0.001}}')


def make_socket(fixtures, options):
    import socket
    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listening.bind(os.path.join(fixtures, "socket"))
    listening.close()  # the socket file stays


def sparse_file(name, size):
    """setup: fixtures/name, a file of size bytes that takes no space (only its size is read)."""
    def setup(fixtures, options):
        with open(os.path.join(fixtures, name), "wb") as file:
            file.truncate(size)
    return setup


def with_links(*steps):
    """setup: the steps in order; a step ("symlink" or "hardlink", target, link) links in fixtures,
    any other is a setup function."""
    def setup(fixtures, options):
        for step in steps:
            if callable(step):
                step(fixtures, options)
            elif step[0] == "symlink":
                os.symlink(os.path.join(fixtures, step[1]), os.path.join(fixtures, step[2]))
            else:
                os.link(os.path.join(fixtures, step[1]), os.path.join(fixtures, step[2]))
    return setup


def copied(name, source):
    """setup: fixtures/name, a copy of source."""
    def setup(fixtures, options):
        shutil.copyfile(source, os.path.join(fixtures, name))
    return setup


def padded_with_unknown_key(name, text, size):
    """setup: fixtures/name, text (a JSON object) with a first key "zeros" holding an array of zeros that makes
    the file size bytes: refused at the key, its value never built."""
    def setup(fixtures, options):
        head = '{"zeros": ['
        tail = '0], ' + text.lstrip()[1:]
        count = (size - len(head) - len(tail)) // 2
        with open(os.path.join(fixtures, name), "w") as file:
            file.write(head + "0," * count + tail)
    return setup


GROUPS = {
    # Words that are not commands, flags that do not exist, arguments out of place.
    "commands": [
        Row("no_command", [], ["command", "allreduce", "sendrecv"]),
        Row("misspelt_command", ["allredcue"], ["allredcue", "allreduce"]),
        Row("upper_case_command", ["ALLREDUCE"], ["ALLREDUCE", "allreduce"]),
        Row("two_commands", ["all", "allreduce"], ["allreduce", "--help"]),
        Row("extra_word", ["sendrecv", "extra_word"], ["extra_word", "--help"]),
        Row("unknown_long_flag", ["allreduce", "--frobnicate"], ["--frobnicate", "--help"]),
        Row("unknown_short_flag", ["broadcast", "-Z", "1"], ["-Z", "--help"]),
        Row("flag_before_command", ["-b", "8", "allreduce"], ["'-b'", "before the command", "allreduce"]),
        Row("nccl_tests_flag_style", ["alltoall", "-g", "1"], ["-g", "--help"]),
    ],
    # Sizes (-b, -e, -i, --avg-min-bytes): garbage, unknown suffixes, signs, zero, overflow,
    # fractions, empty text, and a range that runs backwards.
    "sizes": [
        Row("garbage_min", ["allgather", "-b", "12Q"], ["-b/--minbytes", "'12Q'", SIZE_ACCEPTED]),
        Row("word_max", ["allgather", "-e", "lots"], ["-e/--maxbytes", "'lots'", SIZE_ACCEPTED]),
        Row("iec_suffix", ["all", "-b", "8KiB"], ["-b/--minbytes", "'8KiB'", SIZE_ACCEPTED]),
        Row("terabytes", ["reducescatter", "-e", "1T"], ["-e/--maxbytes", "'1T'", SIZE_ACCEPTED]),
        Row("negative_min", ["reducescatter", "-b", "-8"], ["-b/--minbytes", "-8", SIZE_ACCEPTED]),
        Row("zero_min", ["reducescatter", "-b", "0"], ["-b/--minbytes", ">= 1"]),
        Row("overflowing_suffix", ["broadcast", "-e", "99999999999G"], ["-e/--maxbytes", "99999999999G", SIZE_ACCEPTED]),
        Row("overflowing_number", ["broadcast", "-e", "18446744073709551616"],
            ["-e/--maxbytes", "18446744073709551616", SIZE_ACCEPTED]),
        Row("fraction", ["reduce", "-b", "1.5K"], ["-b/--minbytes", "'1.5K'", SIZE_ACCEPTED]),
        Row("exponent", ["reduce", "-e", "1e6"], ["-e/--maxbytes", "'1e6'", SIZE_ACCEPTED]),
        Row("empty_min", ["reduce", "-b", ""], ["-b/--minbytes", "''", SIZE_ACCEPTED]),
        Row("suffix_only", ["alltoall", "-e", "M"], ["-e/--maxbytes", "'M'", SIZE_ACCEPTED]),
        Row("min_above_max", ["alltoall", "-b", "1M", "-e", "1K"], ["-b/--minbytes", "minbytes <= maxbytes"]),
        Row("zero_step_bytes", ["sendrecv", "-i", "0"], ["-i/--stepbytes", ">= 1"]),
        Row("garbage_step_bytes", ["sendrecv", "-i", "4X"], ["-i/--stepbytes", SIZE_ACCEPTED]),
        Row("garbage_avg_min_bytes", ["allreduce", "--avg-min-bytes", "big"], ["--avg-min-bytes", SIZE_ACCEPTED]),
    ],
    # Whole-number flags (-n, -w, -c, -f): signs, zero where not allowed, values past 64
    # bits, scientific notation, fractions, empty text.
    "whole_numbers": [
        Row("iters_zero", ["allreduce", "-n", "0"], ["-n/--iters", ">= 1", "auto"]),
        Row("iters_negative", ["allgather", "-n", "-1"], ["-n/--iters", "-1", "auto"]),
        Row("iters_scientific", ["reducescatter", "-n", "1e3"], ["-n/--iters", "1e3", "auto"]),
        Row("iters_empty", ["broadcast", "-n", ""], ["-n/--iters", "''", "auto"]),
        Row("iters_overflowing", ["reduce", "-n", "99999999999999999999"], ["-n/--iters", "99999999999999999999", WHOLE]),
        Row("iters_with_suffix", ["alltoall", "-n", "5K"], ["-n/--iters", "'5K'", WHOLE]),
        Row("warmup_negative", ["sendrecv", "-w", "-1"], ["-w/--warmup_iters", "-1", ">= 0"]),
        Row("warmup_fraction", ["all", "-w", "2.5"], ["-w/--warmup_iters", "2.5", ">= 0"]),
        Row("warmup_empty", ["allreduce", "-w", ""], ["-w/--warmup_iters", "''", ">= 0"]),
        Row("check_negative", ["allgather", "-c", "-5"], ["-c/--check", "-5", ">= 0"]),
        Row("check_scientific", ["reducescatter", "-c", "1e3"], ["-c/--check", "1e3", ">= 0"]),
        Row("factor_one", ["allreduce", "-f", "1"], ["-f/--stepfactor", ">= 2"]),
        Row("factor_zero", ["broadcast", "-f", "0"], ["-f/--stepfactor", ">= 2"]),
        Row("factor_fraction", ["reduce", "-f", "1.5"], ["-f/--stepfactor", "1.5", ">= 2"]),
        Row("factor_overflowing", ["alltoall", "-f", "18446744073709551616"], ["-f/--stepfactor", ">= 2"]),
    ],
    # Real-number flags (--auto-budget, --auto-precision): not-a-number, infinity, signs,
    # zero, out of range, text, empty.
    "real_numbers": [
        Row("budget_nan", ["allreduce", "-n", "auto", "--auto-budget", "nan"], ["--auto-budget", "'nan'", "> 0"]),
        Row("budget_inf", ["allgather", "--auto-budget", "inf"], ["--auto-budget", "'inf'", "> 0"]),
        Row("budget_negative", ["sendrecv", "--auto-budget", "-1"], ["--auto-budget", "-1", "> 0"]),
        Row("budget_zero", ["reduce", "--auto-budget", "0"], ["--auto-budget", "'0'", "> 0"]),
        Row("budget_text", ["all", "--auto-budget", "soon"], ["--auto-budget", "'soon'", "> 0"]),
        Row("budget_overflowing", ["broadcast", "--auto-budget", "1e400"], ["--auto-budget", "1e400", "> 0"]),
        Row("precision_nan", ["reducescatter", "--auto-precision", "NaN"], ["--auto-precision", "'NaN'", "<= 1"]),
        Row("precision_inf", ["alltoall", "--auto-precision", "-inf"], ["--auto-precision", "-inf", "<= 1"]),
        Row("precision_zero", ["allreduce", "--auto-precision", "0"], ["--auto-precision", "'0'", "<= 1"]),
        Row("precision_above_one", ["allgather", "--auto-precision", "2"], ["--auto-precision", "'2'", "<= 1"]),
        Row("precision_empty", ["sendrecv", "--auto-precision", ""], ["--auto-precision", "''", "<= 1"]),
        Row("precision_percent", ["reduce", "--auto-precision", "1%"], ["--auto-precision", "'1%'", "<= 1"]),
    ],
    # --timeout: zero, negative, not a number, beyond a week, hexadecimal and padded text
    # (strtod would read both), a unit suffix.
    "timeouts": [
        Row("timeout_zero", ["allreduce", "--timeout", "0"], ["--timeout", "'0'", "<= 604800"]),
        Row("timeout_negative", ["allgather", "--timeout", "-5"], ["--timeout", "'-5'", "<= 604800"]),
        Row("timeout_nan", ["broadcast", "--timeout", "nan"], ["--timeout", "'nan'", "<= 604800"]),
        Row("timeout_inf", ["reduce", "--timeout", "inf"], ["--timeout", "'inf'", "<= 604800"]),
        Row("timeout_beyond_a_week", ["alltoall", "--timeout", "604801"], ["--timeout", "'604801'", "<= 604800"]),
        Row("timeout_hexadecimal", ["sendrecv", "--timeout", "0x10"], ["--timeout", "'0x10'", "<= 604800"]),
        Row("timeout_padded", ["reducescatter", "--timeout", " 2"], ["--timeout", "' 2'", "<= 604800"]),
        Row("timeout_with_unit", ["all", "--timeout", "5s"], ["--timeout", "'5s'", "<= 604800"]),
        Row("timeout_missing", ["allreduce", "--timeout"], ["--timeout", "missing"]),
    ],
    # Lists (-d, -o): unknown names, empty text, empty items, "all" inside a list, the same
    # name twice (it would measure every case twice).
    "lists": [
        Row("unknown_dtype", ["allreduce", "-d", "float17"], ["-d/--datatype", "float17", "bfloat16"]),
        Row("empty_dtype", ["allgather", "-d", ""], ["-d/--datatype", "bfloat16"]),
        Row("only_commas_dtype", ["broadcast", "-d", ",,"], ["-d/--datatype", "bfloat16"]),
        Row("trailing_comma_dtype", ["alltoall", "-d", "float32,"], ["-d/--datatype", "bfloat16"]),
        Row("all_inside_dtype_list", ["sendrecv", "-d", "all,int8"], ["-d/--datatype", "bfloat16"]),
        Row("repeated_dtype", ["all", "-d", "int8,int8"], ["-d/--datatype", "int8", "twice"]),
        Row("unknown_op", ["allreduce", "-o", "mean"], ["-o/--op", "mean", "avg"]),
        Row("empty_op", ["reducescatter", "-o", ""], ["-o/--op", "avg"]),
        Row("only_commas_op", ["reduce", "-o", ",,"], ["-o/--op", "avg"]),
        Row("upper_case_op", ["reduce", "-o", "SUM"], ["-o/--op", "SUM", "avg"]),
        Row("repeated_op", ["allreduce", "-o", "sum,max,sum"], ["-o/--op", "sum", "twice"]),
    ],
    # Roots (-r): beyond the communicator, negative, text, past int, empty.
    "roots": [
        Row("root_out_of_range", ["broadcast", "-r", "9"], ["-r/--root", "0 to 1"]),
        Row("root_equal_to_size", ["reduce", "-r", "2"], ["-r/--root", "0 to 1"]),
        Row("root_negative", ["reduce", "-r", "-1"], ["-r/--root", "all"]),
        Row("root_text", ["broadcast", "-r", "first"], ["-r/--root", "first", "all"]),
        Row("root_past_int", ["all", "-r", "4294967296"], ["-r/--root", "all"]),
        Row("root_empty", ["reduce", "-r", ""], ["-r/--root", "all"]),
        Row("root_list", ["broadcast", "-r", "0,1"], ["-r/--root", "0,1", "all"]),
    ],
    # Enumerations (--timing, --placement, --backend): unknown words, empty text, case.
    "enums": [
        Row("timing_unknown", ["allreduce", "--timing", "sometimes"], ["--timing", "sometimes", "back-to-back"]),
        Row("timing_empty", ["allgather", "--timing", ""], ["--timing", "per-iteration"]),
        Row("placement_unknown", ["reducescatter", "--placement", "sideways"], ["--placement", "sideways", "in-place"]),
        Row("placement_upper_case", ["sendrecv", "--placement", "BOTH"], ["--placement", "BOTH", "both"]),
        Row("backend_unknown", ["allreduce", "--backend", "gloo"], ["--backend", "gloo", "mpi"]),
        Row("backend_empty", ["all", "--backend", ""], ["--backend", "mpi"]),
        Row("progress_unknown", ["allreduce", "--progress", "maybe"], ["--progress", "'maybe'", "auto, on, off"]),
    ],
    # A flag with its value missing (the last word, or followed by another flag).
    # GPU options (--device, -G, --nccl-register, float8) that need the NCCL backend. Each
    # holds in builds with and without it ("nccl" appears in both messages).
    "gpu_options": [
        Row("device_unknown", ["allreduce", "--device", "tpu"], ["--device", "tpu", "host"]),
        Row("device_empty", ["allreduce", "--device", ""], ["--device", "host"]),
        Row("nccl_on_host_memory", ["allreduce", "--backend", "nccl", "--device", "host"], ["nccl"]),
        Row("graph_without_nccl", ["allreduce", "-G"], ["-G/--cuda-graph", "--backend nccl"]),
        Row("graph_with_mpi_on_gpu", ["all", "--device", "cuda", "--cuda-graph"], ["--cuda-graph", "nccl"]),
        Row("register_without_nccl", ["allreduce", "--nccl-register"], ["--nccl-register", "--backend nccl"]),
        Row("float8_over_mpi", ["allreduce", "-d", "float8_e4m3"], ["-d/--datatype", "float8_e4m3", "--backend nccl"]),
        Row("float8_in_list_over_mpi", ["allgather", "-d", "int8,float8_e5m2"], ["float8_e5m2", "--backend nccl"]),
    ],
    # linkcheck's own flags.
    "linkcheck_options": [
        Row("bytes_zero", ["linkcheck", "--bytes", "0"], ["--bytes", "at least 1 byte"]),
        Row("bytes_garbage", ["linkcheck", "--bytes", "lots"], ["--bytes", "'lots'", SIZE_ACCEPTED]),
        Row("latency_bytes_zero", ["linkcheck", "--latency-bytes", "0"], ["--latency-bytes", "at least 1 byte"]),
        Row("outlier_fraction_one", ["linkcheck", "--outlier-fraction", "1"], ["--outlier-fraction", "< 1"]),
        Row("outlier_fraction_negative", ["linkcheck", "--outlier-fraction", "-0.5"], ["--outlier-fraction", "> 0"]),
        Row("outlier_fraction_text", ["linkcheck", "--outlier-fraction", "most"], ["--outlier-fraction", "'most'"]),
        Row("latency_factor_one", ["linkcheck", "--latency-factor", "1"], ["--latency-factor", "> 1"]),
        Row("iterations_auto", ["linkcheck", "-n", "auto"], ["-n/--iters", "'auto'", WHOLE]),
        Row("iterations_zero", ["linkcheck", "-n", "0"], ["-n/--iters", WHOLE]),
        Row("sweep_flag", ["linkcheck", "-d", "float32"], ["-d", "--help"]),
        Row("topology_takes_no_sizes", ["topology", "-b", "8"], ["-b", "--help"]),
    ],
    # pipeline's flags (2 ranks): stages, micro-batches, times, sizes, schedules, sweeps.
    "pipeline_options": [
        Row("stages_not_dividing", ["pipeline", "--stages", "3"], ["--stages", "does not divide", "2 ranks"]),
        Row("stages_one", ["pipeline", "--stages", "1"], ["--stages", ">= 2"]),
        Row("microbatches_zero", ["pipeline", "--microbatches", "0"], ["--microbatches", ">= 1"]),
        Row("forward_negative", ["pipeline", "--fwd-ms", "-1"], ["--fwd-ms", "'-1'", ">= 0"]),
        Row("backward_nan", ["pipeline", "--bwd-ms", "nan"], ["--bwd-ms", "'nan'", ">= 0"]),
        Row("both_times_zero", ["pipeline", "--fwd-ms", "0", "--bwd-ms", "0"], ["--fwd-ms", "--bwd-ms"]),
        Row("activation_too_large", ["pipeline", "--activation-bytes", "4096G"], ["--activation-bytes", "available"]),
        Row("activation_zero", ["pipeline", "--activation-bytes", "0"], ["--activation-bytes", "at least 1 byte"]),
        Row("unknown_schedule", ["pipeline", "--schedule", "zb-h1"], ["--schedule", "gpipe, 1f1b, interleaved"]),
        Row("interleaved_not_multiple", ["pipeline", "--schedule", "interleaved", "--microbatches", "3"],
            ["--microbatches", "multiple of --stages 2"]),
        Row("chunks_zero", ["pipeline", "--schedule", "interleaved", "--chunks", "0"], ["--chunks", ">= 1"]),
        Row("chunks_without_interleaved", ["pipeline", "--chunks", "2"], ["--chunks", "interleaved"]),
        Row("unknown_placement", ["pipeline", "--placement", "random"], ["--placement", "consecutive, across-hosts"]),
        Row("sweep_backwards", ["pipeline", "--sweep-microbatches", "16:2"], ["--sweep-microbatches", "backwards"]),
        Row("sweep_no_colon", ["pipeline", "--sweep-microbatches", "16"], ["--sweep-microbatches", "A:B"]),
        Row("two_sweeps", ["pipeline", "--sweep-microbatches", "2:4", "--sweep-activation-bytes", "1K:4K"],
            ["--sweep-microbatches", "--sweep-activation-bytes", "not both"]),
    ],
    # fabric's flags: presets, node counts, sizes.
    "fabric_options": [
        Row("unknown_preset", ["fabric", "--preset", "dgx-h900"], ["--preset", "dgx-h900", "dgx-h100", "cpu-cluster"]),
        Row("unknown_preset_with_switch", ["fabric", "--preset", "dgx-h900:nvls=off"],
            ["--preset", "dgx-h900:nvls=off", "dgx-h100", "nvls=on|off"]),
        Row("preset_switch_not_on_or_off", ["fabric", "--preset", "dgx-h100:nvls=maybe"],
            ["--preset", "dgx-h100:nvls=maybe", "neither on nor off", "nvls=on|off, collnet=on|off"]),
        Row("preset_switch_without_a_tier", ["fabric", "--preset", "pcie-gen5-8gpu-2x400gbe:nvls=off"],
            ["--preset", "no NVLink tier", "pcie-gen5-8gpu-2x400gbe"]),
        Row("preset_and_file", ["fabric", "--preset", "dgx-h100", "--fabric", "x.json"],
            ["--preset", "--fabric", "not both"]),
        Row("nodes_without_fabric", ["fabric", "--nodes", "4"], ["--nodes", "--preset"]),
        Row("nodes_zero", ["fabric", "--preset", "dgx-h100", "--nodes", "0"], ["--nodes", WHOLE, ">= 1"]),
        Row("nodes_text", ["fabric", "--preset", "dgx-a100", "--nodes", "many"], ["--nodes", "'many'"]),
        Row("sizes_backwards", ["fabric", "-b", "1M", "-e", "8"], ["-b/--minbytes", "-e/--maxbytes"]),
        Row("preset_last", ["fabric", "--preset"], ["--preset", "value is missing", "dgx-h100"]),
        # --accept-poor-fit lets a measured tier beyond the fit bound be written: with a preset or
        # a file nothing is fitted, and the flag takes no value.
        Row("accept_poor_fit_with_preset", ["fabric", "--preset", "dgx-h100", "--accept-poor-fit", "-J", REPORT],
            ["--accept-poor-fit", "--preset", "when measuring"]),
        Row("accept_poor_fit_with_file", ["fabric", "--fabric", FIXTURES + "/fabric.json", "--accept-poor-fit"],
            ["--accept-poor-fit", "--fabric", "when measuring"], setup=fabric_file(GOOD_FABRIC)),
        Row("accept_poor_fit_value", ["fabric", "--accept-poor-fit=maybe"], ["--accept-poor-fit", "maybe"]),
    ],
    # Fabric files that must not load: the message names the file and the field.
    "fabric_files": [
        Row("missing_file", ["fabric", "--fabric", FIXTURES + "/none.json", "-J", REPORT], ["none.json"]),
        Row("directory", ["fabric", "--fabric", FIXTURES + "/out.json", "-J", REPORT], ["out.json"],
            setup=make_directory),
        Row("bad_json", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT], ["fabric.json", "JSON"],
            setup=fabric_file('{"kind": "fabric", "tiers": [')),
        Row("missing_field", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/0", "latency"], setup=broken_fabric('"latency": "1 us",', "")),
        Row("negative_bandwidth", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/1/link_bandwidth", "-400"], setup=broken_fabric('"400 Gb/s"', '"-400 Gb/s"')),
        Row("zero_members", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/0/members", "1"], setup=broken_fabric('"members": 8', '"members": 0')),
        Row("unknown_unit", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/0/link_bandwidth", "furlongs", "GB/s"],
            setup=broken_fabric('"25 GB/s"', '"25 furlongs/s"')),
        Row("unknown_key", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "bandwith"], setup=broken_fabric('"link_bandwidth"', '"bandwith"')),
        # Format version 2: the fields the NCCL model needs.
        Row("gpu_field_in_version_1", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/gpu", "format_version 2"],
            setup=broken_fabric('"name": "two-tier",', '"name": "two-tier", "gpu": {"generation": "hopper"},')),
        Row("gpu_fabric_without_node_kind", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/0/kind", "missing", "nvlink"],
            setup=fabric_file(GOOD_GPU_FABRIC.replace('"kind": "nvlink", "nvswitch": true', '"nvswitch": false', 1)
                              .replace(', "nvswitch": false', ''))),
        Row("unknown_generation", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/gpu/generation", "kepler", "hopper"],
            setup=fabric_file(GOOD_GPU_FABRIC.replace('"hopper"', '"kepler"'))),
        Row("unknown_tier_kind", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/1/kind", "ib", "network"],
            setup=fabric_file(GOOD_GPU_FABRIC.replace('"kind": "network"', '"kind": "ib"'))),
    ],
    # --algo, --fabric and --shortfall of a sweep (docs/MODELS.md).
    "model_options": [
        Row("unknown_algorithm", ["allreduce", "--algo", "butterfly"], ["--algo", "butterfly", "ring", "rabenseifner"]),
        Row("algorithm_of_another_collective", ["broadcast", "--algo", "ring"],
            ["--algo", "broadcast", "'ring'", "native, binomial"]),
        Row("algorithm_twice", ["allreduce", "--algo", "ring,native,ring"], ["--algo", "twice", "ring"]),
        Row("empty_algorithm", ["allreduce", "--algo", "ring,"], ["--algo", "empty", "native"]),
        Row("algorithm_of_no_collective", ["alltoall", "--algo", "binomial"], ["--algo", "alltoall", "binomial"]),
        Row("missing_fabric", ["allreduce", "--fabric", FIXTURES + "/none.json", "-J", REPORT],
            ["--fabric", "none.json", "neither", "dgx-h100"]),
        Row("bad_fabric_file", ["allreduce", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["--fabric", "fabric.json", "/tiers/0/members"], setup=broken_fabric('"members": 8', '"members": 0')),
        Row("shortfall_zero", ["allreduce", "--fabric", "dgx-h100", "--shortfall", "0"], ["--shortfall", "> 0"]),
        Row("shortfall_above_one", ["allreduce", "--fabric", "dgx-h100", "--shortfall", "1.5"], ["--shortfall", "<= 1"]),
        Row("shortfall_without_fabric", ["allreduce", "--shortfall", "0.5"], ["--shortfall", "--fabric"]),
        # Switches after a fabric's name (docs/FABRIC.md, "Switches").
        Row("switch_not_on_or_off", ["allreduce", "--fabric", "dgx-h100:nvls=maybe"],
            ["--fabric", "nvls=maybe", "neither on nor off", "nvls=on|off"]),
        Row("unknown_switch", ["allreduce", "--fabric", "dgx-h100:sharp=on"],
            ["--fabric", "unknown switch 'sharp'", "collnet=on|off"]),
        Row("switch_without_tier", ["allreduce", "--fabric", "cpu-cluster:nvls=off"],
            ["--fabric", "no NVLink tier", "cpu-cluster"]),
        Row("switch_of_unknown_fabric", ["allreduce", "--fabric", "dgx-h900:nvls=off"],
            ["--fabric", "dgx-h900:nvls=off", "neither", "dgx-h100"]),
    ],
    # `commbench fit FILE`: files it cannot fit (each named, with what is accepted), and its flags.
    "fit_inputs": [
        Row("no_file", ["fit"], ["fit", "missing", "FILE"]),
        Row("empty_name", ["fit", ""], ["fit", "empty"]),
        Row("missing_file", ["fit", FIXTURES + "/none.json", "-J", REPORT], ["none.json", "cannot read", FIT_ACCEPTED]),
        Row("directory", ["fit", FIXTURES + "/out.json", "-J", REPORT], ["out.json", "directory", FIT_ACCEPTED],
            setup=make_directory),
        Row("empty_file", ["fit", FIXTURES + "/r.json", "-J", REPORT], ["r.json", "empty", FIT_ACCEPTED],
            setup=input_file("r.json", "")),
        Row("not_json", ["fit", FIXTURES + "/r.json", "-J", REPORT], ["r.json", "JSON", FIT_ACCEPTED],
            setup=input_file("r.json", '{"kind": "collectives", "results": [')),
        Row("no_kind", ["fit", FIXTURES + "/r.json", "-J", REPORT], ["r.json", "/kind", "missing"],
            setup=input_file("r.json", '{"results": []}')),
        Row("topology_report", ["fit", FIXTURES + "/topo.json", "-J", REPORT], ["topo.json", "topology", FIT_ACCEPTED],
            setup=input_file("topo.json", '{"schema_version": 1, "kind": "topology", "hosts": []}')),
        Row("linkcheck_report", ["fit", FIXTURES + "/links.json", "-J", REPORT], ["links.json", "linkcheck", FIT_ACCEPTED],
            setup=input_file("links.json", '{"schema_version": 1, "kind": "linkcheck", "links": []}')),
        Row("unknown_kind", ["fit", FIXTURES + "/r.json", "-J", REPORT], ["r.json", "training", "fabric"],
            setup=input_file("r.json", '{"kind": "training"}')),
        Row("broken_report", ["fit", FIXTURES + "/r.json", "-J", REPORT], ["r.json", "/schema_version"],
            setup=input_file("r.json", '{"kind": "collectives", "results": []}')),
        # --fabric names the GPU fabric a report of NCCL runs calibrates (docs/MODELS.md).
        Row("fabric_with_an_mpi_report", ["fit", COLLECTIVES, "--fabric", "dgx-h100", "-J", REPORT],
            ["collectives-cluster-a.json", "--fabric", "NCCL", "--backend nccl"]),
        Row("unknown_fit_fabric", ["fit", COLLECTIVES, "--fabric", "dgx-h900", "-J", REPORT],
            ["--fabric", "dgx-h900", "neither", "dgx-h100"]),
        Row("no_ok_rows", ["fit", FIXTURES + "/failed.json", "-J", REPORT], ["failed.json", "no ok rows", "ok rows"],
            setup=measured_report("failed.json", ["sendrecv", "-b", "8", "-e", "64", "-n", "1", "-w", "0",
                                                  "--inject-corruption", "0"], 1)),
        Row("nothing_fitted", ["fit", FIXTURES + "/two.json", "-J", REPORT],
            ["two.json", "nothing could be fitted", "sendrecv native on 2 ranks", "3 distinct message sizes"],
            setup=measured_report("two.json", ["sendrecv", "-b", "8", "-e", "16", "-n", "2", "-w", "0"], 0)),
        Row("fabric_without_measurements", ["fit", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "no measurements", "commbench fabric -J"], setup=fabric_file(GOOD_FABRIC)),
        Row("broken_fabric", ["fit", FIXTURES + "/fabric.json", "-J", REPORT], ["fabric.json", "/tiers/0", "latency"],
            setup=broken_fabric('"latency": "1 us",', "")),
        # -J that cannot be written is refused before the file is even read.
        Row("unwritable_output", ["fit", FIXTURES + "/none.json", "-J", "/proc/x.json"], ["-J/--json", "/proc"]),
        Row("output_directory_missing", ["fit", FIXTURES + "/none.json", "-J", FIXTURES + "/missing/f.json"],
            ["-J/--json", "missing", "existing"]),
        Row("bootstrap_text", ["fit", "r.json", "--bootstrap", "lots"], ["--bootstrap", "'lots'", WHOLE]),
        Row("bootstrap_too_many", ["fit", "r.json", "--bootstrap", "9999999"], ["--bootstrap", "1000000"]),
        Row("seed_negative", ["fit", "r.json", "--seed", "-1"], ["--seed", WHOLE]),
        Row("sweep_flag", ["fit", "r.json", "-b", "8"], ["-b", "--help"]),
        Row("two_files", ["fit", "a.json", "b.json"], ["b.json", "--help"]),
    ],
    # `commbench gradsync`: strategies, presets, workload files, bucket sizes, compute times,
    # and a workload whose gradients cannot fit in memory.
    "gradsync_options": [
        Row("no_workload", ["gradsync", "-J", REPORT], ["--workload", "missing", "resnet50", "llama2-70b"]),
        Row("unknown_preset", ["gradsync", "--workload", "llama9-7b", "-J", REPORT],
            ["llama9-7b", "resnet50", "bert-large", "file"]),
        Row("unknown_strategy", ["gradsync", "--workload", "resnet50", "--strategy", "zero4", "-J", REPORT],
            ["--strategy", "zero4", "ddp, zero1, zero2, zero3, fsdp"]),
        Row("bucket_zero", ["gradsync", "--workload", "resnet50", "--bucket-mb", "0", "-J", REPORT],
            ["--bucket-mb", "'0'", "> 0"]),
        Row("bucket_text", ["gradsync", "--workload", "resnet50", "--bucket-mb", "big", "-J", REPORT],
            ["--bucket-mb", "'big'", "> 0"]),
        Row("sweep_backwards", ["gradsync", "--workload", "resnet50", "--sweep-bucket", "64:1", "-J", REPORT],
            ["--sweep-bucket", "MIN is larger than MAX", "1:256"]),
        Row("sweep_not_a_range", ["gradsync", "--workload", "resnet50", "--sweep-bucket", "16", "-J", REPORT],
            ["--sweep-bucket", "MIN:MAX"]),
        Row("bucket_and_sweep", ["gradsync", "--workload", "resnet50", "--bucket-mb", "4", "--sweep-bucket", "1:8",
                                 "-J", REPORT], ["--bucket-mb", "--sweep-bucket", "one of them"]),
        Row("negative_backward", ["gradsync", "--workload", "resnet50", "--bwd-ms", "-3", "-J", REPORT],
            ["--bwd-ms", "'-3'", ">= 0"]),
        Row("integer_gradients", ["gradsync", "--workload", "resnet50", "--grad-dtype", "int32", "-J", REPORT],
            ["--grad-dtype", "int32", "bfloat16"]),
        Row("bad_workload_file", ["gradsync", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", "batch"], setup=input_file("w.json", '{"kind": "workload", "format_version": 1, "name": "w", '
                                                           '"parameters": 1000, "batch": -4, '
                                                           '"compute": {"seconds_per_sample": 0.1}}')),
        Row("does_not_fit", ["gradsync", "--workload", FIXTURES + "/huge.json", "-J", REPORT],
            ["huge", "GB", "available", "fit"],
            setup=input_file("huge.json", '{"kind": "workload", "format_version": 1, "name": "huge", '
                                          '"parameters": 100000000000000, "layers_count": 1000, "batch": 8, '
                                          '"gradient_dtype": "float32", "bucket_bytes": 4294967296, '
                                          '"compute": {"seconds_per_sample": 0.1}}')),
    ],
    "scaling_options": [
        Row("scaling_no_workload", ["scaling", "-J", REPORT], ["--workload", "missing", "llama2-7b"]),
        Row("scaling_unknown_preset", ["scaling", "--workload", "gpt5", "-J", REPORT], ["gpt5", "resnet50"]),
        Row("both_batches", ["scaling", "--workload", "resnet50", "--global-batch", "64", "--per-gpu-batch", "8",
                             "-J", REPORT], ["--global-batch", "--per-gpu-batch", "one of them"]),
        Row("batch_zero", ["scaling", "--workload", "resnet50", "--global-batch", "0", "-J", REPORT],
            ["--global-batch", "'0'", ">= 1"]),
        Row("overlap_above_one", ["scaling", "--workload", "resnet50", "--overlap", "1.5", "-J", REPORT],
            ["--overlap", "'1.5'", "<= 1"]),
        Row("tensor_parallel_zero", ["scaling", "--workload", "resnet50", "--tp", "0", "-J", REPORT],
            ["--tp", "'0'", "from 1"]),
        Row("threshold_one", ["scaling", "--workload", "resnet50", "--threshold", "1", "-J", REPORT],
            ["--threshold", "'1'", "< 1"]),
        Row("max_gpus_zero", ["scaling", "--workload", "resnet50", "--max-gpus", "0", "-J", REPORT],
            ["--max-gpus", "'0'", "from 1"]),
        Row("one_per_host_on_one_host", ["scaling", "--workload", "resnet50", "--one-per-host", "-J", REPORT],
            ["1 host(s)", "2 data-parallel replicas", "--one-per-host"]),
        Row("replicas_too_large", ["scaling", "--workload", "resnet50", "--tp", "2", "-J", REPORT],
            ["2 rank(s)", "2 data-parallel replicas of 2 GPUs", "at least 4 ranks"]),
        Row("scaling_unknown_algorithm", ["scaling", "--workload", "resnet50", "--algorithm", "bogus", "-J", REPORT],
            ["--algorithm", "'bogus'", "allreduce", "ring"]),
        Row("scaling_bad_workload_file", ["scaling", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", "compute"], setup=input_file("w.json", '{"kind": "workload", "format_version": 1, "name": "w", '
                                                             '"parameters": 1000, "batch": 4}')),
        Row("plan_no_fabric", ["plan", "--workload", "resnet50", "-J", REPORT], ["--fabric", "missing", "dgx-h100"]),
        Row("plan_unknown_fabric", ["plan", "--workload", "resnet50", "--fabric", "dgx-z900", "-J", REPORT],
            ["dgx-z900", "dgx-h100"]),
        Row("plan_unknown_compare_fabric", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100",
                                            "--compare-fabric", "dgx-z900", "-J", REPORT], ["dgx-z900", "dgx-a100"]),
        Row("gpus_backwards", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--gpus", "64:8",
                               "-J", REPORT], ["--gpus", "'64:8'", "A <= B"]),
        Row("gpus_not_a_range", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--gpus", "64",
                                 "-J", REPORT], ["--gpus", "'64'", "MIN:MAX"]),
        Row("gpus_not_whole_replicas", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--tp", "8",
                                        "--gpus", "12:64", "-J", REPORT], ["--gpus", "12", "multiple of 8"]),
        Row("unknown_algorithm", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--algorithm", "bogus",
                                  "-J", REPORT], ["bogus", "ring"]),
        Row("negative_price", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--price-per-gpu-hour", "-2",
                               "-J", REPORT], ["--price-per-gpu-hour", "'-2'", "> 0"]),
    ],
    # `commbench predict`: the collective, the machine (--nodes, --gpus-per-node), what the fabric's
    # model family has (--algo, --protocol), a fabric the model cannot read, sizes and -J.
    "predict_options": [
        Row("unknown_collective", ["predict", "allreduc", "--fabric", "dgx-h100", "-J", REPORT],
            ["predict", "'allreduc'", "allreduce", "sendrecv, all"]),
        Row("no_collective", ["predict", "--fabric", "dgx-h100", "-J", REPORT], ["predict", "collective is missing"]),
        Row("no_fabric", ["predict", "allreduce", "-J", REPORT], ["--fabric", "missing", "dgx-h100"]),
        Row("unknown_fabric", ["predict", "allreduce", "--fabric", "dgx-z900", "-J", REPORT], ["dgx-z900", "dgx-h100"]),
        Row("nodes_zero", ["predict", "allreduce", "--fabric", "dgx-h100", "--nodes", "0", "-J", REPORT],
            ["--nodes", "'0'", ">= 1"]),
        Row("nodes_not_a_number", ["predict", "allreduce", "--fabric", "dgx-h100", "--nodes", "two", "-J", REPORT],
            ["--nodes", "'two'", WHOLE]),
        Row("nodes_of_a_one_tier_fabric", ["predict", "allreduce", "--fabric", FIXTURES + "/fabric.json", "--nodes", "2",
                                           "-J", REPORT], ["--nodes", "one tier", "--gpus-per-node"],
            setup=fabric_file(ONE_TIER_FABRIC)),
        Row("gpus_per_node_zero", ["predict", "allreduce", "--fabric", "dgx-h100", "--gpus-per-node", "0",
                                   "-J", REPORT], ["--gpus-per-node", "'0'", ">= 1"]),
        Row("gpus_per_node_above_the_node", ["predict", "allreduce", "--fabric", "dgx-h100", "--gpus-per-node", "9",
                                             "-J", REPORT], ["--gpus-per-node", "9", "dgx-h100", "1 to 8"]),
        Row("unknown_algorithm", ["predict", "allreduce", "--fabric", "dgx-h100", "--algo", "bogus", "-J", REPORT],
            ["--algo", "'bogus'", "native, ring, tree, nvls", "all"]),
        Row("algorithm_the_collective_lacks", ["predict", "broadcast", "--fabric", "dgx-h100", "--algo", "nvls",
                                               "-J", REPORT], ["--algo", "broadcast", "'nvls'", "native, ring, all"]),
        Row("algorithm_of_the_other_family", ["predict", "allreduce", "--fabric", "dgx-h100", "--algo",
                                              "rabenseifner", "-J", REPORT],
            ["--algo", "'rabenseifner'", "nccl model family", "native, ring"]),
        Row("gpu_algorithm_on_a_cpu_fabric", ["predict", "allreduce", "--fabric", "cpu-cluster", "--algo", "nvls",
                                              "-J", REPORT], ["--algo", "'nvls'", "mpi model family", "rabenseifner"]),
        Row("unknown_protocol", ["predict", "allreduce", "--fabric", "dgx-h100", "--protocol", "ll256", "-J", REPORT],
            ["--protocol", "'ll256'", "ll, ll128, simple, all"]),
        Row("protocol_the_algorithm_lacks", ["predict", "allreduce", "--fabric", "dgx-h100", "--algo", "nvls",
                                             "--protocol", "ll", "-J", REPORT], ["--protocol", "nvls", "'ll'", "simple"]),
        Row("protocol_on_a_cpu_fabric", ["predict", "allreduce", "--fabric", "cpu-cluster", "--protocol", "ll",
                                         "-J", REPORT], ["--protocol", "'ll'", "GPU fabric"]),
        Row("gpu_fabric_whose_node_tier_has_no_kind", ["predict", "allreduce", "--fabric", FIXTURES + "/fabric.json",
                                                       "-J", REPORT], ["--fabric", "/tiers/0/kind", "nvlink"],
            setup=fabric_file(GPU_FABRIC_WITHOUT_NODE_KIND)),
        Row("min_above_max", ["predict", "allreduce", "--fabric", "dgx-h100", "-b", "1G", "-e", "1M", "-J", REPORT],
            ["-b/--minbytes", "larger than", "-e/--maxbytes"]),
        Row("step_bytes_too_fine", ["predict", "all", "--fabric", "dgx-h100", "-i", "8", "-e", "16G", "-J", REPORT],
            ["-i/--stepbytes", "100000 sizes"]),
        Row("unwritable_report", ["predict", "allreduce", "--fabric", "dgx-h100", "-J", "/proc/x.json"],
            ["-J/--json", "/proc"]),
        Row("report_path_is_a_directory", ["predict", "allreduce", "--fabric", "dgx-h100", "-J", FIXTURES + "/out.json"],
            ["-J/--json", "directory"], setup=make_directory),
    ],
    "missing_values": [
        Row("minbytes_last", ["allreduce", "-b"], ["-b/--minbytes", "value is missing", "K, M, G"]),
        Row("datatype_last", ["all", "-d"], ["-d/--datatype", "value is missing", "bfloat16"]),
        Row("timing_last", ["sendrecv", "--timing"], ["--timing", "value is missing", "back-to-back"]),
        Row("json_last", ["reduce", "-J"], ["-J/--json", "value is missing", "JSON report"]),
    ],
    # Bytes that are not text: invalid UTF-8, control characters and a line break inside a
    # value (the error must stay one printable line).
    "binary_values": [
        Row("invalid_utf8_dtype", ["allreduce", "-d", b"\xff\xfe\x80"], ["-d/--datatype", "bfloat16"]),
        Row("invalid_utf8_size", ["broadcast", "-b", b"8\xc3\x28"], ["-b/--minbytes", SIZE_ACCEPTED]),
        Row("invalid_utf8_command", [b"all\xffreduce"], ["command", "allreduce"]),
        Row("newline_in_op", ["reduce", "-o", "sum\nmax"], ["-o/--op", "avg"]),
        Row("escape_sequence_in_timing", ["alltoall", "--timing", "\x1b[31mred\x1b[0m"], ["--timing", "back-to-back"]),
        Row("carriage_return_in_root", ["broadcast", "-r", "1\r"], ["-r/--root", "all"]),
    ],
    # `commbench report`: formats, outputs, and reports that cannot be read. Nothing is written.
    "report_inputs": [
        Row("no_report", ["report"], ["report", "no report given", "REPORT.json"]),
        Row("empty_name", ["report", ""], ["report", "empty"]),
        Row("unknown_format", ["report", COLLECTIVES, "--format", "pdf", "-o", REPORT],
            ["--format", "'pdf'", "html, markdown, prometheus"]),
        Row("unknown_ending", ["report", COLLECTIVES, "-o", FIXTURES + "/r.txt"], ["-o/--output", "r.txt", ".html"]),
        Row("spec_without_prometheus", ["report", COLLECTIVES, "--spec", DGX_SPEC, "--format", "html", "-o", REPORT],
            ["--spec", "prometheus"]),
        Row("missing_report", ["report", FIXTURES + "/none.json", "--format", "html", "-o", REPORT],
            ["none.json", "cannot read", REPORT_ACCEPTED]),
        Row("directory", ["report", FIXTURES + "/out.json", "--format", "html", "-o", REPORT],
            ["out.json", "directory"], setup=make_directory),
        Row("empty_file", ["report", FIXTURES + "/r.json", "--format", "html", "-o", REPORT], ["r.json", "empty"],
            setup=input_file("r.json", "")),
        Row("truncated", ["report", FIXTURES + "/r.json", "--format", "markdown", "-o", REPORT], ["r.json", "JSON"],
            setup=input_file("r.json", '{"kind": "collectives", "results": [')),
        Row("top_level_array", ["report", FIXTURES + "/r.json", "--format", "html", "-o", REPORT],
            ["r.json", "array", "object"], setup=input_file("r.json", "[1, 2]")),
        Row("unknown_kind", ["report", FIXTURES + "/r.json", "--format", "html", "-o", REPORT],
            ["r.json", "training", "linkcheck"], setup=input_file("r.json", '{"schema_version": 1, "kind": "training"}')),
        Row("newer_schema", ["report", FIXTURES + "/links.json", "--format", "html", "-o", REPORT],
            ["links.json", "newer commbench", "schema_version 2", "schema_version 1"],
            setup=edited_report("links.json", LINKCHECK, "/schema_version", 2)),
        Row("schema_violation", ["report", FIXTURES + "/run.json", "--format", "html", "-o", REPORT],
            ["run.json", "/results/3/bytes", "-1", "minimum"],
            setup=edited_report("run.json", COLLECTIVES, "/results/3/bytes", -1)),
        Row("missing_field", ["report", FIXTURES + "/run.json", "--format", "prometheus", "-o", REPORT],
            ["run.json", "/results/0/stats_s"], setup=edited_report("run.json", COLLECTIVES, "/results/0/stats_s", REMOVE)),
        # One bad report among good ones: nothing is rendered.
        Row("one_bad_among_good", ["report", COLLECTIVES, FIXTURES + "/r.json", "--format", "html", "-o", REPORT],
            ["r.json", "JSON"], setup=input_file("r.json", "{")),
        Row("unwritable_output", ["report", COLLECTIVES, "-o", "/proc/x.html"], ["-o/--output", "/proc"]),
        Row("output_is_directory", ["report", COLLECTIVES, "--format", "html", "-o", FIXTURES + "/out.json"],
            ["-o/--output", "directory"], setup=make_directory),
        Row("sweep_flag", ["report", COLLECTIVES, "-b", "8"], ["-b", "--help"]),
        Row("repeated_row", ["report", FIXTURES + "/r.json", "--format", "html", "-o", REPORT], REPEATED_ROW,
            setup=repeated_row_report("r.json")),
        Row("key_twice_in_row", ["report", FIXTURES + "/r.json", "--format", "markdown", "-o", REPORT], KEY_TWICE,
            setup=key_twice_report("r.json")),
    ],
    # `commbench compare`: two reports of one kind, and its thresholds.
    "compare_inputs": [
        Row("one_report", ["compare", COLLECTIVES], ["compare", "two reports, 1 given"]),
        Row("three_reports", ["compare", COLLECTIVES, COLLECTIVES, COLLECTIVES], ["compare", "two reports, 3 given"]),
        Row("different_kinds", ["compare", COLLECTIVES, LINKCHECK], ["cannot compare", "collectives", "linkcheck"]),
        Row("topology_reports", ["compare", TOPOLOGY, TOPOLOGY], ["cannot compare", "topology"]),
        Row("threshold_percent", ["compare", COLLECTIVES, COLLECTIVES, "--threshold", "5%"], ["--threshold", "'5%'"]),
        Row("threshold_one", ["compare", COLLECTIVES, COLLECTIVES, "--threshold", "1"], ["--threshold", "< 1"]),
        Row("threshold_negative", ["compare", COLLECTIVES, COLLECTIVES, "--threshold", "-0.1"], ["--threshold"]),
        Row("min_bytes_text", ["compare", COLLECTIVES, COLLECTIVES, "--min-bytes", "lots"], ["--min-bytes", "'lots'"]),
        Row("latency_threshold_zero", ["compare", COLLECTIVES, COLLECTIVES, "--latency-threshold", "0"],
            ["--latency-threshold", "'0'"]),
        Row("broken_candidate", ["compare", COLLECTIVES, FIXTURES + "/run.json", "-J", REPORT],
            ["run.json", "/results/0/status"], setup=edited_report("run.json", COLLECTIVES, "/results/0/status", "fine")),
        Row("newer_baseline", ["compare", FIXTURES + "/run.json", COLLECTIVES, "-J", REPORT],
            ["run.json", "newer commbench"], setup=edited_report("run.json", COLLECTIVES, "/schema_version", 7)),
        Row("unwritable_json", ["compare", COLLECTIVES, COLLECTIVES, "-J", "/proc/x.json"], ["-J/--json", "/proc"]),
        # The row: a repeated row in the baseline was listed as only in the baseline, exit 0.
        Row("repeated_row_in_baseline", ["compare", FIXTURES + "/r.json", COLLECTIVES, "-J", REPORT], REPEATED_ROW,
            setup=repeated_row_report("r.json")),
        Row("key_twice_in_candidate_row", ["compare", COLLECTIVES, FIXTURES + "/r.json", "-J", REPORT], KEY_TWICE,
            setup=key_twice_report("r.json")),
    ],
    # `commbench gate`: the spec, the reports and --junit.
    "gate_inputs": [
        Row("no_spec", ["gate", COLLECTIVES], ["--spec", "missing", "docs/GATE.md"]),
        Row("no_report", ["gate", "--spec", DGX_SPEC], ["gate", "no report given"]),
        Row("missing_spec", ["gate", "--spec", FIXTURES + "/none.json", COLLECTIVES], ["none.json", "cannot read"]),
        Row("spec_not_json", ["gate", "--spec", FIXTURES + "/s.json", COLLECTIVES], ["s.json", "JSON"],
            setup=input_file("s.json", '{"kind": "acceptance", "checks": [')),
        Row("report_as_spec", ["gate", "--spec", COLLECTIVES, COLLECTIVES], ["/kind", "acceptance"]),
        Row("unknown_check", ["gate", "--spec", FIXTURES + "/s.json", COLLECTIVES], ["s.json", "/checks/0", "fastness"],
            setup=input_file("s.json", '{"kind": "acceptance", "format_version": 1, "name": "x", '
                                       '"checks": [{"check": "fastness"}]}')),
        Row("misspelt_field", ["gate", "--spec", FIXTURES + "/s.json", COLLECTIVES],
            ["s.json", "/checks/0/busbw_at_least_gbps"],
            setup=input_file("s.json", '{"kind": "acceptance", "format_version": 1, "name": "x", "checks": '
                                       '[{"check": "busbw", "collective": "allreduce", "busbw_at_least_gbps": 1}]}')),
        Row("bad_report", ["gate", "--spec", DGX_SPEC, FIXTURES + "/r.json", "--junit", REPORT], ["r.json", "JSON"],
            setup=input_file("r.json", "not json")),
        Row("unwritable_junit", ["gate", "--spec", DGX_SPEC, COLLECTIVES, "--junit", "/proc/x.xml"],
            ["--junit", "/proc"]),
        Row("empty_junit", ["gate", "--spec", DGX_SPEC, COLLECTIVES, "--junit", ""], ["--junit", "empty"]),
        Row("repeated_row", ["gate", "--spec", DGX_SPEC, FIXTURES + "/r.json", "--junit", REPORT], REPEATED_ROW,
            setup=repeated_row_report("r.json")),
        Row("key_twice_in_row", ["gate", "--spec", DGX_SPEC, FIXTURES + "/r.json", "--junit", REPORT], KEY_TWICE,
            setup=key_twice_report("r.json")),
    ],
    # A key given twice in one object of any input file is refused, not read as its last value
    # (one row per file type and command family); an unknown key is refused at the key, before
    # its value is read, so that a large one costs nothing.
    "strict_json": [
        Row("fabric_members_twice", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", 'key "members" appears twice in the object at /tiers/0', "at most once"],
            setup=broken_fabric('"members": 8', '"members": 8, "members": 1024')),
        Row("sweep_fabric_members_twice", ["allreduce", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["--fabric", "fabric.json", 'key "members" appears twice in the object at /tiers/0'],
            setup=broken_fabric('"members": 8', '"members": 8, "members": 1024')),
        Row("plan_fabric_members_twice", ["plan", "--workload", "resnet50", "--fabric", FIXTURES + "/fabric.json",
                                          "-J", REPORT],
            ["fabric.json", 'key "members" appears twice in the object at /tiers/0'],
            setup=broken_fabric('"members": 8', '"members": 8, "members": 1024')),
        Row("fit_fabric_members_twice", ["fit", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", 'key "members" appears twice in the object at /tiers/0'],
            setup=broken_fabric('"members": 8', '"members": 8, "members": 1024')),
        Row("gradsync_workload_batch_twice", ["gradsync", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", 'key "batch" appears twice in the object at /'],
            setup=input_file("w.json", GOOD_WORKLOAD.replace('"batch": 8', '"batch": 8, "batch": 4096'))),
        Row("plan_workload_batch_twice", ["plan", "--workload", FIXTURES + "/w.json", "--fabric", "dgx-h100",
                                          "-J", REPORT],
            ["w.json", 'key "batch" appears twice in the object at /'],
            setup=input_file("w.json", GOOD_WORKLOAD.replace('"batch": 8', '"batch": 8, "batch": 4096'))),
        # The gate must not pass with the second list's one check.
        Row("gate_spec_checks_twice", ["gate", "--spec", FIXTURES + "/s.json", COLLECTIVES, "--junit", REPORT],
            ["s.json", 'key "checks" appears twice in the object at /'],
            setup=input_file("s.json", open(DGX_SPEC).read().rstrip().rstrip("}") +
                             ', "checks": [{"check": "no_wrong_elements"}]}')),
        # 12 MB of zeros under an unknown key (the 16 MiB limit allows them): refused at the key.
        Row("fabric_unknown_key_holding_12_mb", ["fabric", "--fabric", FIXTURES + "/big.json", "-J", REPORT],
            ["big.json", "/zeros: unknown field", "the fields kind"],
            setup=padded_with_unknown_key("big.json", GOOD_FABRIC, 12 * 1000 * 1000)),
    ],
    # Report paths (-J) that cannot be written: refused before anything is measured.
    "report_paths": [
        Row("empty_path", ["allreduce", "-J", ""], ["-J/--json", "empty", "writable"]),
        Row("existing_directory", ["allgather", "-J", FIXTURES + "/out.json"], ["-J/--json", "directory", "file path"],
            setup=make_directory),
        Row("missing_directory", ["reducescatter", "-J", FIXTURES + "/missing/run.json"],
            ["-J/--json", "missing", "existing"]),
        Row("under_a_regular_file", ["broadcast", "-J", "/etc/hostname/x.json"],
            ["-J/--json", "/etc/hostname", "not a directory"]),
        Row("in_proc", ["reduce", "-J", "/proc/x.json"], ["-J/--json", "/proc", "writable"]),
        Row("in_sys", ["alltoall", "-J", "/sys/x.json"], ["-J/--json", "/sys", "writable"]),
        Row("a_fifo", ["sendrecv", "-J", FIXTURES + "/fifo"], ["-J/--json", "fifo", "regular file"], setup=make_fifo),
        Row("name_too_long", ["all", "-J", FIXTURES + "/" + "x" * 300 + ".json"], ["-J/--json", "writable"]),
        # Rank 0 writes the report, so rank 0's view decides, and every rank must follow it
        # (ranks on other hosts may see the directory; rank 1 does here).
        Row("directory_only_on_rank_1", ["allreduce", "-J", "sub/run.json"], ["-J/--json", "'sub'", "existing"],
            rank_dirs={0: [], 1: ["sub"]}),
    ],
    # Sizes and counts at the edge of 64 bits (issue 20): each once crashed (a buffer size that
    # wrapped to a few bytes, a sweep list that grew until memory ran out) or hung (a bucket
    # size that cut the gradients into millions of collectives). Every size flag is refused
    # above the largest message size, 1048576G (1 PiB), before anything is allocated.
    "huge_sizes": [
        Row("all_at_two_to_the_64", ["all", "-b", U64_MAX, "-e", U64_MAX], ["-b/--minbytes", U64_MAX, LARGEST_SIZE]),
        Row("sendrecv_near_two_to_the_64", ["sendrecv", "-b", "18446744073709551600", "-e", "18446744073709551600"],
            ["-b/--minbytes", "18446744073709551600", LARGEST_SIZE]),
        Row("max_just_above_the_bound", ["allreduce", "-e", "1048577G"], ["-e/--maxbytes", "1048577G", LARGEST_SIZE]),
        Row("step_bytes_at_two_to_the_64", ["allgather", "-i", U64_MAX], ["-i/--stepbytes", LARGEST_SIZE]),
        Row("step_bytes_making_a_billion_sizes", ["broadcast", "-b", "1", "-e", "1G", "-i", "1"],
            ["-i/--stepbytes", "100000 sizes"]),
        Row("avg_min_bytes_above_the_bound", ["reducescatter", "--avg-min-bytes", "2097152G"],
            ["--avg-min-bytes", LARGEST_SIZE]),
        Row("iterations_at_two_to_the_64", ["alltoall", "-n", U64_MAX], ["-n/--iters", "1000000"]),
        Row("fabric_at_two_to_the_64", ["fabric", "-b", U64_MAX, "-e", U64_MAX, "-J", REPORT],
            ["-b/--minbytes", LARGEST_SIZE]),
        Row("linkcheck_latency_bytes", ["linkcheck", "--latency-bytes", U64_MAX, "-J", REPORT],
            ["--latency-bytes", LARGEST_SIZE]),
        Row("linkcheck_bytes", ["linkcheck", "--bytes", U64_MAX, "-J", REPORT], ["--bytes", LARGEST_SIZE]),
        Row("pipeline_activation_bytes", ["pipeline", "--activation-bytes", U64_MAX], ["--activation-bytes", LARGEST_SIZE]),
        Row("pipeline_sweep_to_two_to_the_64", ["pipeline", "--sweep-activation-bytes", "1:" + U64_MAX],
            ["--sweep-activation-bytes", LARGEST_SIZE]),
        Row("predict_at_two_to_the_64", ["predict", "allreduce", "--fabric", "dgx-h100", "-e", U64_MAX, "-J", REPORT],
            ["-e/--maxbytes", LARGEST_SIZE]),
        Row("gradsync_bucket_of_no_bytes", ["gradsync", "--workload", "resnet50", "--bucket-mb", "1e-300", "-J", REPORT],
            ["--bucket-mb", "100000 collectives", "at least 1 KiB"]),
        Row("plan_bucket_of_no_bytes", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--bucket-mb",
                                        "1e-300", "-J", REPORT], ["--bucket-mb", "100000 collectives", "at least 1 KiB"]),
    ],
    # Reports whose figures contradict one another (reports/load/report_consistency.hpp): refused by the
    # field, so that no reading command acts on them. One contradiction per class, each through
    # another reading command.
    "inconsistent_reports": [
        # The row: bus_bw 1e15 B/s beside a time_s that gives a few MB/s passed the gate.
        Row("bus_bw_1e15_through_gate", ["gate", "--spec", DGX_SPEC, FIXTURES + "/run.json", "--junit", REPORT],
            ["run.json", "/results/3/bus_bw", "1000000000000000", "alg_bw x bus_bw_factor", "16190405.9"],
            setup=edited_report("run.json", COLLECTIVES, "/results/3/bus_bw", 1e15)),
        Row("alg_bw_off_through_compare", ["compare", COLLECTIVES, FIXTURES + "/run.json", "-J", REPORT],
            ["run.json", "/results/3/alg_bw", "bytes / time_s", "10793603.9"],
            setup=edited_report("run.json", COLLECTIVES, "/results/3/alg_bw", 11000000.0)),
        Row("wrong_factor_through_report", ["report", FIXTURES + "/run.json", "--format", "html", "-o", REPORT],
            ["run.json", "/results/3/bus_bw_factor", "allreduce's bus-bandwidth factor for 4 ranks", "1.5"],
            setup=edited_report("run.json", COLLECTIVES, "/results/3/bus_bw_factor", 0.75)),
        Row("min_above_median_through_fit", ["fit", FIXTURES + "/run.json", "-J", REPORT],
            ["run.json", "/results/3/stats_s/min", "above median", "min <= median"],
            setup=edited_report("run.json", COLLECTIVES, "/results/3/stats_s/min", 1.0)),
        Row("count_not_bytes_over_dtype_through_gate",
            ["gate", "--spec", DGX_SPEC, FIXTURES + "/run.json", "--junit", REPORT],
            ["run.json", "/results/3/count", "float32", "bytes 512", "count = bytes / 4"],
            setup=edited_report("run.json", COLLECTIVES, "/results/3/count", 100)),
        # The summary's wrong elements decide the exit code; the rows have none.
        Row("summary_wrong_total_through_compare", ["compare", FIXTURES + "/run.json", COLLECTIVES, "-J", REPORT],
            ["run.json", "/summary/wrong_total", "sum of wrong elements", "accepted: 0"],
            setup=edited_report("run.json", COLLECTIVES, "/summary/wrong_total", 3)),
        Row("linkcheck_verdict_through_report", ["report", FIXTURES + "/links.json", "--format", "markdown", "-o", REPORT],
            ["links.json", "/links/0/bandwidth_outlier", "outlier_fraction", "accepted: true"],
            setup=edited_report("links.json", LINKCHECK, "/links/0/bandwidth_outlier", False)),
    ],
    # Files that cannot be read whole (reports/format/bounded_file.hpp): a FIFO, a character device, a
    # socket and a directory are refused at once, not read (a FIFO would hang, /dev/zero would
    # fill the memory); a file larger than its kind's limit; JSON nested too deep; a count past
    # its bound.
    "input_files": [
        Row("fit_fifo", ["fit", FIXTURES + "/fifo"], ["fifo", "a FIFO", "not a regular file"], setup=make_fifo),
        Row("fit_dev_zero", ["fit", "/dev/zero"], ["/dev/zero", "a character device", "not a regular file"]),
        Row("workload_fifo", ["gradsync", "--workload", FIXTURES + "/fifo", "-J", REPORT],
            ["fifo", "a FIFO", "workload"], setup=make_fifo),
        Row("report_socket", ["report", FIXTURES + "/socket"], ["socket", "a socket", REPORT_ACCEPTED],
            setup=make_socket),
        Row("fabric_directory", ["allreduce", "--fabric", FIXTURES + "/out.json"],
            ["--fabric", "out.json", "a directory", "fabric"], setup=make_directory),
        Row("spec_dev_zero", ["gate", "--spec", "/dev/zero", COLLECTIVES], ["/dev/zero", "a character device"]),
        Row("fabric_too_large", ["fabric", "--fabric", FIXTURES + "/big.json"],
            ["big.json", "16777217 bytes", "at most 16 MiB (16777216 bytes)"],
            setup=sparse_file("big.json", 16 * 1024 * 1024 + 1)),
        Row("fit_input_too_large", ["fit", FIXTURES + "/big.json"],
            ["big.json", "268435457 bytes", "at most 256 MiB (268435456 bytes)"],
            setup=sparse_file("big.json", 256 * 1024 * 1024 + 1)),
        Row("workload_too_deep", ["gradsync", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", "nested deeper than 64"], setup=input_file("w.json", "[" * 100 + "]" * 100)),
        Row("fabric_tiers_past_bound", ["fabric", "--fabric", FIXTURES + "/fabric.json"],
            ["fabric.json", "/tiers", "17 tiers", "1 to 16 tiers"],
            setup=fabric_file(GOOD_FABRIC.replace('"tiers": [', '"tiers": [' + "".join(
                '{"name": "t%d", "members": 1, "link_bandwidth": "1 GB/s", "latency": "1 us", "links_per_member": 1, '
                '"ranks_per_nic": 1, "in_switch_reduction": false}, ' % i for i in range(15)), 1))),
    ],
    # An output that is one of the run's inputs, directly or through a link, is refused before
    # anything runs, the input left as it was (the fixtures are compared byte for byte).
    "outputs_over_inputs": [
        Row("json_is_workload", ["plan", "--fabric", "dgx-h100", "--workload", FIXTURES + "/w.json",
                                 "-J", FIXTURES + "/w.json"],
            ["-J/--json", "--workload", "w.json", "the same file"], setup=input_file("w.json", GOOD_WORKLOAD)),
        Row("json_is_fabric_through_symlink", ["allreduce", "--fabric", FIXTURES + "/fabric.json",
                                               "-J", FIXTURES + "/link.json"],
            ["-J/--json", "link.json", "--fabric", "fabric.json"],
            setup=with_links(fabric_file(GOOD_FABRIC), ("symlink", "fabric.json", "link.json"))),
        Row("json_is_fit_input_through_hard_link", ["fit", FIXTURES + "/r.json", "-J", FIXTURES + "/hard.json"],
            ["-J/--json", "hard.json", "the file to fit", "r.json"],
            setup=with_links(copied("r.json", COLLECTIVES), ("hardlink", "r.json", "hard.json"))),
        Row("json_is_compare_fabric", ["plan", "--fabric", "dgx-h100", "--workload", "resnet50",
                                       "--compare-fabric", FIXTURES + "/fabric.json", "-J", FIXTURES + "/fabric.json"],
            ["-J/--json", "--compare-fabric"], setup=fabric_file(GOOD_FABRIC)),
        Row("output_is_report_input",
            ["report", FIXTURES + "/r.json", "--format", "markdown", "-o", FIXTURES + "/r.json"],
            ["-o/--output", "the report input", "r.json"], setup=copied("r.json", COLLECTIVES)),
        Row("junit_is_spec", ["gate", "--spec", FIXTURES + "/spec.json", COLLECTIVES, "--junit", FIXTURES + "/spec.json"],
            ["--junit", "--spec", "spec.json"], setup=copied("spec.json", DGX_SPEC)),
    ],
    # Figures no machine or model has (topology/workload/workload.hpp, topology/fabric_files/fabric_json.hpp,
    # collectives/backend/emulated_compute_limit.hpp): refused before anything runs, naming the field or
    # flag and its range; and a placement the hosts cannot hold.
    "implausible_figures": [
        # 10^6 s per sample, 46 days a step: hung.
        Row("workload_compute_of_days", ["gradsync", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", "/compute/seconds_per_sample", "1000000.0", "86400"],
            setup=workload_file('{"seconds_per_sample": 1e6}')),
        # Overflowed to infinity: ran, exit 0.
        Row("workload_compute_overflows", ["plan", "--workload", FIXTURES + "/w.json", "--fabric", "dgx-h100",
                                           "-J", REPORT],
            ["w.json", "/compute", "overflows", "86400"],
            setup=workload_file('{"peak_flops": 1e9, "mfu": 1e-300, "flops_per_token": 1e18}')),
        Row("workload_tiny_peak_flops", ["scaling", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", "/compute/peak_flops", "1e-300", "1e+09"],
            setup=workload_file('{"peak_flops": 1e-300, "mfu": 0.5}')),
        Row("workload_compute_rounds_to_zero", ["gradsync", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["w.json", "/compute/seconds_per_sample", "1e-09"],
            setup=workload_file('{"seconds_per_sample": 4.9e-324}')),
        # Every figure in range, but their product is not.
        Row("workload_product_out_of_range", ["plan", "--workload", FIXTURES + "/w.json", "--fabric", "dgx-h100",
                                              "-J", REPORT],
            ["w.json", "/compute", "one sample on one GPU", "is more than 86400"],
            setup=workload_file('{"peak_flops": 1e9, "mfu": 0.5, "flops_per_token": 1e18}')),
        # A sample an hour, 1000 a step on 2 ranks: 500 hours to emulate per step.
        Row("workload_step_beyond_an_hour", ["gradsync", "--workload", FIXTURES + "/w.json", "-J", REPORT],
            ["workload edge", "/compute", "for 2 data-parallel ranks", "3600 s", "--fwd-ms"],
            setup=workload_file('{"seconds_per_sample": 3600}', batch=1000)),
        # 7e9 parameters in 1-byte buckets: once 16 GB of plan, then std::bad_alloc after 24 s.
        Row("workload_buckets_beyond_count", ["plan", "--workload", FIXTURES + "/w.json", "--fabric", "dgx-h100",
                                              "-J", REPORT],
            ["w.json", "/bucket_bytes", "buckets of 1 B", "more than 100000 collectives", "at least"],
            setup=input_file("w.json", '{"kind": "workload", "format_version": 1, "name": "edge", '
                                       '"parameters": 7000000000, "layers_count": 32, "batch": 1024, '
                                       '"bucket_bytes": 1, "compute": {"seconds_per_sample": 0.1}}')),
        Row("gradsync_passes_beyond_an_hour", ["gradsync", "--workload", "resnet50", "--fwd-ms", "3000000",
                                               "--bwd-ms", "3000000", "-J", REPORT],
            ["--fwd-ms and --bwd-ms", "3000 s", "3600 s"]),
        Row("pipeline_step_beyond_an_hour", ["pipeline", "--microbatches", "65536", "--fwd-ms", "60000",
                                             "--bwd-ms", "60000"], ["--microbatches", "65536", "3600 s"]),
        Row("pipeline_across_hosts_on_one_host", ["pipeline", "--placement", "across-hosts"],
            ["--placement across-hosts", "at least 2 hosts", "1 host", "consecutive"]),
        Row("fabric_bandwidth_too_high", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/0/link_bandwidth", "more than 100 TB/s"],
            setup=broken_fabric('"25 GB/s"', '"2000 TB/s"')),
        Row("fabric_bandwidth_too_low", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/1/link_bandwidth", "less than 1 kB/s"],
            setup=broken_fabric('"400 Gb/s"', '"4.9e-324 Gb/s"')),
        Row("fabric_latency_too_long", ["allreduce", "--fabric", FIXTURES + "/fabric.json"],
            ["fabric.json", "/tiers/0/latency", "more than 10 s"], setup=broken_fabric('"1 us"', '"1e6 s"')),
        Row("gpu_fabric_achievable_bandwidth", ["predict", "allreduce", "--fabric", FIXTURES + "/fabric.json",
                                                "-J", REPORT],
            ["fabric.json", "/tiers/1/achievable_link_bandwidth", "more than 100 TB/s"],
            setup=fabric_file(GOOD_GPU_FABRIC.replace('"kind": "network"',
                                                      '"kind": "network", "achievable_link_bandwidth": 1e308'))),
        # A denormal calibration efficiency made every transfer infinite: plan wrote a report of
        # nulls that report refused (issue 21, item 6). Refused where it is read, exit 2.
        Row("plan_calibration_efficiency_denormal", ["plan", "--workload", "resnet50", "--fabric",
                                                     FIXTURES + "/fabric.json", "-J", REPORT],
            ["fabric.json", "/tiers/1/calibration/bandwidth_efficiency/value", "1e-310 is outside 0.001 to 1000"],
            setup=fabric_file(GOOD_GPU_FABRIC.replace('"kind": "network"', '"kind": "network", "calibration": {'
                '"latency_scale": {"value": 1, "ci95_low": 1, "ci95_high": 1}, "bandwidth_efficiency": '
                '{"value": 1e-310, "ci95_low": 1e-310, "ci95_high": 1e-310}, "points": 5, '
                '"median_relative_error": 0.01}'))),
    ],
    # Flags that cannot both hold, or that the command accepts but would ignore as asked
    # (issue 21): one line naming both flags. An empty value is not the flag's absence.
    # Unexpected arguments are named in the order given.
    "conflicting_flags": [
        Row("step_factor_and_step_bytes", ["allreduce", "-b", "8", "-e", "64", "-f", "4", "-i", "8", "-J", REPORT],
            ["-f/--stepfactor", "-i/--stepbytes", "not both"]),
        Row("empty_step_bytes", ["sendrecv", "-i", ""], ["-i/--stepbytes", "''", SIZE_ACCEPTED]),
        Row("empty_fabric_of_a_sweep", ["allreduce", "--fabric", "", "-J", REPORT], ["--fabric", "empty", "dgx-h100"]),
        Row("empty_fabric_of_gradsync", ["gradsync", "--workload", "resnet50", "--fabric", ""], ["--fabric", "empty"]),
        Row("empty_fabric_of_pipeline", ["pipeline", "--fabric", ""], ["--fabric", "empty"]),
        Row("empty_fabric_of_scaling", ["scaling", "--workload", "resnet50", "--fabric", ""], ["--fabric", "empty"]),
        Row("empty_fabric_of_fit", ["fit", "r.json", "--fabric", ""], ["--fabric", "empty"]),
        Row("empty_preset_of_fabric", ["fabric", "--preset", "", "-J", REPORT], ["--preset", "empty", "dgx-h100"]),
        Row("empty_file_of_fabric", ["fabric", "--fabric", "", "-J", REPORT], ["--fabric", "empty", "fabric file"]),
        Row("empty_microbatch_sweep", ["pipeline", "--sweep-microbatches", ""], ["--sweep-microbatches", "A:B"]),
        Row("empty_activation_sweep", ["pipeline", "--sweep-activation-bytes", ""], ["--sweep-activation-bytes", "A:B"]),
        Row("preset_with_sizes", ["fabric", "--preset", "dgx-h100", "-b", "8", "-e", "64", "-J", REPORT],
            ["-b/--minbytes", "--preset", "when measuring"]),
        Row("preset_with_step_factor", ["fabric", "--preset", "dgx-a100", "-f", "4"],
            ["-f/--stepfactor", "--preset", "when measuring"]),
        Row("fabric_file_with_iterations", ["fabric", "--fabric", FIXTURES + "/fabric.json", "-n", "5", "-J", REPORT],
            ["-n/--iters", "--fabric", "when measuring"], setup=fabric_file(GOOD_FABRIC)),
        Row("auto_budget_with_fixed_iterations", ["allreduce", "-n", "5", "--auto-budget", "2"],
            ["--auto-budget", "-n/--iters 5", "-n auto"]),
        Row("op_of_a_collective_that_does_not_reduce", ["allgather", "-o", "max"], ["-o/--op", "allgather", "reduce"]),
        Row("root_of_a_collective_without_one", ["allreduce", "-r", "1"], ["-r/--root", "allreduce", "no root"]),
        Row("microbatches_and_their_sweep", ["pipeline", "--microbatches", "8", "--sweep-microbatches", "2:8"],
            ["--microbatches", "--sweep-microbatches", "not both"]),
        Row("activation_bytes_and_their_sweep", ["pipeline", "--activation-bytes", "1M", "--sweep-activation-bytes",
                                                 "1K:4K"], ["--activation-bytes", "--sweep-activation-bytes", "not both"]),
        Row("seed_without_bootstrap", ["fit", "r.json", "--bootstrap", "0", "--seed", "3"], ["--seed", "--bootstrap 0"]),
        Row("markdown_into_html", ["report", COLLECTIVES, "--format", "markdown", "-o", FIXTURES + "/r.html"],
            ["--format markdown", "-o/--output", "r.html", "html", "--force-format"]),
        Row("prometheus_into_markdown", ["report", COLLECTIVES, "--format", "prometheus", "-o", FIXTURES + "/r.md"],
            ["--format prometheus", "r.md", "markdown", ".prom"]),
        Row("force_format_without_format", ["report", COLLECTIVES, "--force-format", "-o", FIXTURES + "/r.html"],
            ["--force-format", "--format"]),
        Row("unexpected_arguments_after_dashes", ["allreduce", "-b", "8", "--", "-e", "64"], ["not expected: -e 64"]),
        Row("unexpected_words_in_order", ["sendrecv", "x", "y", "z"], ["not expected: x y z"]),
    ],
    # Numeric edges (issue 21): every count, iteration, size-step and time flag has a range,
    # named in the message; nothing wraps, runs for ever or is planned beyond its bound.
    "numeric_edges": [
        Row("warmup_at_two_to_the_64", ["sendrecv", "-n", "1", "-w", U64_MAX, "-J", REPORT],
            ["-w/--warmup_iters", U64_MAX, ">= 0 and <= 1000000"]),
        Row("check_at_two_to_the_64", ["sendrecv", "-n", "1", "-c", U64_MAX], ["-c/--check", ">= 0 and <= 1000000"]),
        Row("iterations_at_two_to_the_64_with_report", ["allreduce", "-n", U64_MAX, "-J", REPORT],
            ["-n/--iters", "<= 1000000"]),
        Row("linkcheck_iterations_at_two_to_the_64", ["linkcheck", "-n", U64_MAX, "-J", REPORT],
            ["-n/--iters", ">= 1 and <= 1000000"]),
        Row("linkcheck_warmup_at_two_to_the_64", ["linkcheck", "-w", U64_MAX, "-J", REPORT],
            ["-w/--warmup_iters", "<= 1000000"]),
        Row("timeout_of_a_nanosecond", ["allreduce", "--timeout", "1e-9", "-J", REPORT],
            ["--timeout", "'1e-9'", ">= 0.1 and <= 604800"]),
        Row("step_factor_above_its_bound", ["allreduce", "-f", "1048577"], ["-f/--stepfactor", ">= 2 and <= 1048576"]),
        Row("sweep_of_134_million_sizes", ["allreduce", "-b", "1", "-e", "128M", "-i", "1", "-J", REPORT],
            ["-i/--stepbytes", "100000 sizes"]),
        Row("sweep_of_too_many_cases", ["all", "-b", "1", "-e", "99999", "-i", "1", "-d", "all", "-o", "all", "-J", REPORT],
            ["cases", "1000000", "-d", "-o", "--algo"]),
        Row("roots_times_sizes_beyond_the_bound", ["broadcast", "-r", "all", "-b", "1", "-e", "99999", "-i", "1",
                                                   "--algo", "all", "-d", "all"], ["cases on 2 ranks", "1000000"]),
        Row("predict_rows_beyond_the_bound", ["predict", "all", "--fabric", "dgx-h100", "-b", "10K", "-e", "1000000K",
                                              "-i", "10K", "--algo", "all", "--protocol", "all", "-J", REPORT],
            ["predict plans 3700000 rows", "1000000", "--algo", "--protocol"]),
        Row("nodes_above_the_bound", ["fabric", "--preset", "dgx-h100", "--nodes", "16777217"],
            ["--nodes", ">= 1 and <= 16777216"]),
        Row("gpus_per_node_at_two_to_the_64", ["predict", "allreduce", "--fabric", "dgx-h100", "--gpus-per-node", U64_MAX],
            ["--gpus-per-node", "<= 16777216"]),
        Row("chunks_above_the_bound", ["pipeline", "--schedule", "interleaved", "--chunks", "65537"],
            ["--chunks", ">= 1 and <= 65536"]),
        Row("bootstrap_at_two_to_the_64", ["fit", "r.json", "--bootstrap", U64_MAX], ["--bootstrap", "<= 1000000"]),
        Row("global_batch_past_64_bits", ["plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--global-batch",
                                          "18446744073709551616"], ["--global-batch", "<= 18446744073709551615"]),
    ],
}


class Failure(Exception):
    pass


def text(argument):
    return argument.decode("utf-8", "backslashreplace") if isinstance(argument, bytes) else argument


def full_arguments(row, report, fixtures):
    arguments = [a.replace(REPORT, report).replace(FIXTURES, fixtures) if isinstance(a, str) else a
                 for a in row.arguments]
    if "-J" in arguments or not arguments or text(arguments[0]) not in COMMANDS:
        return arguments
    # -J right after the command, so that a row's last word stays last (missing values).
    return arguments[:1] + ["-J", report] + arguments[1:]


def snapshot(directory):
    """Names, types, sizes and modification times of everything under directory, and the
    content's digest of each regular file up to 1 MiB (a file overwritten with text of the
    same size would pass the sizes; a FIFO or a socket is not read)."""
    found = {}
    for root, directories, files in os.walk(directory):
        for name in directories + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            digest = None
            if stat.S_ISREG(info.st_mode) and info.st_size <= 1 << 20:  # not the sparse files of the size rows
                with open(path, "rb") as file:
                    digest = hashlib.sha256(file.read()).hexdigest()
            found[os.path.relpath(path, directory)] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns,
                                                       digest)
    return found


def check_row(options, row):
    where = os.path.join(options.workdir, row.name)
    shutil.rmtree(where, ignore_errors=True)
    scratch, fixtures = os.path.join(where, "scratch"), os.path.join(where, "fixtures")
    os.makedirs(scratch)
    os.makedirs(fixtures)
    if row.setup:
        row.setup(fixtures, options)
    fixtures_before = snapshot(fixtures)
    env = mpi_environment()
    env.pop("COMMBENCH_RANK_DIRS", None)
    if row.rank_dirs:
        rank_root = os.path.join(where, "ranks")
        for rank, subdirectories in row.rank_dirs.items():
            for subdirectory in [""] + subdirectories:
                os.makedirs(os.path.join(rank_root, str(rank), subdirectory), exist_ok=True)
        env["COMMBENCH_RANK_DIRS"] = rank_root
    arguments = full_arguments(row, os.path.join(scratch, "report.json"), fixtures)
    # By default mpirun kills the other ranks once one exits with a non-zero code, and then
    # their own codes cannot be seen. Without that, mpirun itself exits 0, so the ranks' own
    # codes are what is checked (with the default, mpirun passes on the first non-zero one).
    command = [options.mpirun, "-np", str(RANKS), "--oversubscribe", "--mca", "orte_abort_on_non_zero_status", "0"]
    if row.rank_dirs:
        command += ["-x", "COMMBENCH_RANK_DIRS"]
    command += ["sh", "-c", RANK_WRAPPER, os.path.abspath(options.commbench)] + arguments
    start = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired:
        raise Failure(f"hung: no exit within {TIMEOUT_S} s")
    seconds = time.monotonic() - start
    out = done.stdout.decode("utf-8", "backslashreplace")
    err = done.stderr.decode("utf-8", "backslashreplace")
    print(f"{row.name}: {[text(a) for a in arguments]} -> exit {done.returncode} in {seconds:.1f} s")

    def expect(condition, message):
        if not condition:
            raise Failure(f"{message}\n--- stdout ---\n{out}\n--- stderr ---\n{err}")

    for marker in CRASH_MARKERS:
        expect(marker not in err and marker not in out, f"crash marker '{marker}'")
    codes = {}
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "rank" and parts[2] == "exit":
            codes[parts[1]] = parts[3]
    expect(codes == {str(rank): "2" for rank in range(RANKS)}, f"rank exit codes {codes}, expected 2 on every rank")
    own = [line for line in err.splitlines() if line.startswith("commbench:")]
    own_bytes = [line for line in done.stderr.splitlines() if line.startswith(b"commbench:")]
    try:
        [line.decode("utf-8") for line in own_bytes]
    except UnicodeDecodeError:
        expect(False, f"the message is not valid UTF-8: {own_bytes}")
    expect(len(own) == 1, f"expected one 'commbench:' line, got {len(own)}: {own}")
    missing = [part for part in row.expected if part not in own[0]]
    expect(not missing, f"'{own[0]}' lacks {missing}")
    expect(all(c.isprintable() for c in own[0]), f"unprintable characters in {own[0]!r}")
    expect(out.strip() == "", "something was printed on stdout (measured?)")
    expect(not os.listdir(scratch), f"files left in the scratch directory: {os.listdir(scratch)}")
    expect(snapshot(fixtures) == fixtures_before, f"fixtures changed: {snapshot(fixtures)}")
    shutil.rmtree(where, ignore_errors=True)


def main():
    # --schema: given to every driver; no report is ever written here.
    options = parse_command_line(GROUPS, {"--commbench": None, "--mpirun": "mpirun", "--workdir": None,
                                          "--schema": None}, chosen="group")
    failures = 0
    for row in GROUPS[options.group]:
        try:
            check_row(options, row)
        except Failure as failure:
            failures += 1
            print(f"FAILED {options.group}.{row.name}: {failure}", file=sys.stderr)
    rows = len(GROUPS[options.group])
    print(f"{'FAILED' if failures else 'PASSED'} {options.group}: {rows - failures} of {rows} rows refused correctly")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

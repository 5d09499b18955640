#!/usr/bin/env python3
"""The NCCL backend and GPU memory, through the real binary under mpirun.

Cases whose name starts with "gpu_" need a GPU: where none is visible (or the build has no
NCCL backend) they exit 77, which ctest reports as skipped, never as passed. The other
cases run everywhere and check what happens without a GPU or without a CUDA-aware MPI.

    gpu_cases.py --list
    gpu_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import os
import shutil
import subprocess
import sys

from mpi_cases import Failure, Skip, case_registry, expect, main
from bad_inputs import CRASH_MARKERS, RANK_WRAPPER

CASES, case = case_registry()


def probe(h):
    """'gpu', 'no-gpu' or 'no-nccl': what one rank of --backend nccl finds here."""
    code, _, err, _ = h.run(1, ["allreduce", "--backend", "nccl", "-b", "8", "-e", "8", "-n", "1", "-w", "0"],
                            timeout=300)
    if code == 0:
        return "gpu"
    if "not available in this build" in err:
        return "no-nccl"
    expect(code == 2 and "no CUDA device is visible" in err, f"unexpected probe outcome: exit {code}: {err}")
    return "no-gpu"


def gpu_count():
    """GPUs one host shows (nvidia-smi -L), at least 1, at most 8 ranks for the tests."""
    try:
        listed = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60).stdout
        count = sum(1 for line in listed.splitlines() if line.startswith("GPU "))
    except (OSError, subprocess.TimeoutExpired):
        count = 1
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        count = min(count, len([part for part in visible.split(",") if part.strip()]))
    return max(1, min(count, 8))


def need_gpu(h):
    found = probe(h)
    if found != "gpu":
        raise Skip(f"needs a GPU and the NCCL backend ({found})")
    return gpu_count()


def run_each_rank(h, ranks, arguments, timeout=120):
    """mpirun with every rank wrapped so that each rank's own exit code is seen."""
    # Without orte_abort_on_non_zero_status 0, mpirun kills the other ranks once one exits
    # non-zero, and their own codes cannot be seen (as in bad_inputs.py).
    command = [h.mpirun, "-np", str(ranks), "--oversubscribe", "--mca", "orte_abort_on_non_zero_status", "0",
               "sh", "-c", RANK_WRAPPER, h.commbench] + arguments
    code, out, err, seconds = h.run_command(command, timeout)
    codes = [int(line.rsplit(" ", 1)[1]) for line in err.splitlines() if line.startswith("rank ") and " exit " in line]
    own = [line for line in err.splitlines() if line.startswith("commbench:")]
    for marker in CRASH_MARKERS:
        expect(marker not in err, f"crash marker {marker!r} on stderr: {err}")
    return code, codes, own, out, seconds


def expect_refused_everywhere(h, ranks, arguments, substrings):
    report = h.path("refused.json")
    code, codes, own, out, _ = run_each_rank(h, ranks, arguments + ["-J", report])
    expect(codes == [2] * ranks, f"rank exit codes {codes}, expected 2 on all {ranks}")
    expect(len(own) == 1, f"expected one commbench: line, got {own}")
    for text in substrings:
        expect(text in own[0], f"{text!r} missing from {own[0]!r}")
    expect(out == "", f"something was measured: {out}")
    expect(os.listdir(h.workdir) == [], f"files written: {os.listdir(h.workdir)}")


@case
def nccl_without_gpu_is_refused(h):
    """No GPU at run time: exit 2 on every rank, one line, no report, no hang (item 8)."""
    found = probe(h)
    if found != "no-gpu":
        raise Skip(f"needs a machine without a visible GPU, with the NCCL backend built ({found})")
    shutil.rmtree(h.workdir)
    os.makedirs(h.workdir)
    expect_refused_everywhere(h, 2, ["all", "--backend", "nccl"],
                              ["--backend nccl", "no CUDA device is visible", "--backend mpi"])
    # Also with -G and buffer registration, and with CUDA_VISIBLE_DEVICES hiding every GPU.
    expect_refused_everywhere(h, 2, ["allreduce", "--backend", "nccl", "-G", "--nccl-register"],
                              ["no CUDA device is visible"])


@case
def mpi_device_cuda_needs_cuda_aware_mpi(h):
    """--backend mpi --device cuda: refused with a clear line where MPI has no CUDA support
    (item 9); where it has, refused for want of a GPU, or measured on the GPU."""
    code, _, err, _ = h.run(1, ["allreduce", "--device", "cuda", "-b", "8", "-e", "8", "-n", "1"])
    if "not available in this build" in err:
        raise Skip("the build has no CUDA support")
    if "reports no CUDA support" in err or "cannot be asked whether it supports CUDA" in err:
        shutil.rmtree(h.workdir)
        os.makedirs(h.workdir)
        expect_refused_everywhere(h, 2, ["allreduce", "--device", "cuda"],
                                  ["--device cuda", "CUDA support", "--backend nccl"])
        return
    if "no CUDA device is visible" in err:
        expect(code == 2, f"exit {code}, expected 2")
        return
    expect(code == 0, f"a CUDA-aware MPI with a GPU should measure: exit {code}: {err}")


def nccl_report(h, ranks, arguments, expected_code=0):
    path = h.path("run.json")
    h.run_ok(ranks, arguments + ["--backend", "nccl", "-J", path], expected_code=expected_code)
    report = h.load_report(path)
    expect(report["meta"]["backend"] == "nccl", "backend is not nccl")
    expect(report["meta"]["library_version"].startswith("NCCL "), "library_version does not name NCCL")
    devices = report["meta"].get("devices")
    expect(devices is not None, "meta.devices missing")
    expect(len(devices["gpus"]) == ranks, f"{len(devices['gpus'])} GPUs recorded for {ranks} ranks")
    for gpu in devices["gpus"]:
        expect(gpu["uuid"].startswith("GPU-") and gpu["pci_bus_id"] and gpu["name"], f"incomplete GPU entry {gpu}")
    uuids = {gpu["uuid"] for gpu in devices["gpus"]}
    expect(len(uuids) == ranks, f"ranks share GPUs: {devices['gpus']}")
    return report


def rows_ok(report):
    for row in report["results"]:
        expect(row["status"] in ("ok", "skipped"), f"row not ok: {row}")
        expect(row["wrong"] == 0, f"wrong elements: {row}")


@case
def gpu_all_collectives(h):
    ranks = need_gpu(h)
    report = nccl_report(h, ranks, ["all", "-b", "8", "-e", "16M", "-d", "float32,bfloat16,int8"])
    rows_ok(report)
    expect(all(row["status"] == "ok" for row in report["results"]), "a row was skipped")


@case
def gpu_every_dtype_and_op(h):
    ranks = need_gpu(h)
    report = nccl_report(h, ranks, ["all", "-b", "1K", "-e", "64K", "-d", "all", "-o", "all"])
    rows_ok(report)
    dtypes = {row["dtype"] for row in report["results"]}
    expect({"float8_e4m3", "float8_e5m2", "uint32", "uint64"} <= dtypes, f"dtypes measured: {sorted(dtypes)}")


@case
def gpu_cuda_graph_and_registration(h):
    ranks = need_gpu(h)
    for timing in ("per-iteration", "back-to-back"):
        report = nccl_report(h, ranks, ["all", "-b", "8", "-e", "4M", "-G", "--nccl-register", "--timing", timing])
        rows_ok(report)
        expect(report["config"]["cuda_graph"] and report["config"]["nccl_register"], "flags not recorded")


@case
def gpu_corruption_is_caught(h):
    ranks = need_gpu(h)
    report = nccl_report(h, ranks, ["all", "-b", "1K", "-e", "1K", "--inject-corruption", "0"], expected_code=1)
    for row in report["results"]:
        expect(row["wrong"] == 1, f"device-side verification missed the injected fault: {row}")


@case
def gpu_stall_times_out(h):
    ranks = need_gpu(h)
    path = h.path("stall.json")
    code, _, err, seconds = h.run(ranks, ["allreduce", "--backend", "nccl", "-b", "8", "-e", "1M", "--timeout", "5",
                                          "--inject-stall", "0:3", "-J", path], timeout=120)
    expect(code == 4, f"exit {code}, expected 4 (timeout): {err}")
    report = h.load_report(path)
    expect(report["outcome"]["status"] == "partial", "report not marked partial")
    expect(any(row["status"] == "timed_out" for row in report["results"]), "timed-out case not recorded")


@case
def gpu_too_many_ranks_per_gpu(h):
    ranks = need_gpu(h) + 1
    code, out, err, _ = h.run(ranks, ["allreduce", "--backend", "nccl", "-b", "8", "-e", "8"])
    expect(code == 2, f"exit {code}, expected 2")
    expect("ranks" in err and "GPU" in err, f"message does not name ranks and GPUs: {err}")


if __name__ == "__main__":
    sys.exit(main(CASES))

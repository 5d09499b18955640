#!/usr/bin/env python3
"""Turns collected_raw.json (published NCCL measurements, each with its source and quote) into
nccl_cases.json, the table tests/unit/published_nccl_cases_test.cpp holds the NCCL model to.

Every decision is a rule of this file, made from what the source says about its system, never
from how well the model fits it:
  - which fabric describes the system (a preset, or a file in fabrics/ citing the source);
  - which algorithm, protocol and NVLS/CollNet switches the run used (from its NCCL_* settings);
  - the launch: one process per GPU, one process driving all GPUs (nccl-tests -g N), or
    PyTorch's torch.distributed (both add launch overhead the model does not include);
  - the role: calibration (the single-node table the form of the pipeline fill was chosen on, and
    the network calibrations below) or validation;
  - and, for a case the model cannot express, the reason (it is listed, never dropped).

    python3 curate.py            # rewrites nccl_cases.json next to this file
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SIXTEEN_GIB = 16 * 1024 ** 3

# The table the pipeline fill's form was chosen on (docs/MODELS.md, "Where the model refines
# NCCL's estimate"; the fill itself is NCCL's constants, nothing is fitted). Its cases are shown
# with their errors but are not evidence for the model.
CALIBRATION_SOURCE = "aws-samples/awsome-distributed-training/blob/main/micro-benchmarks/nccl-tests/aws-batch"

# Networks whose per-message latency under NCCL has no published figure (cloud VMs, EFA): the
# model is calibrated to them the way a user calibrates it to a cluster (`commbench fit`), on the
# first source below, and every other source of the same platform is predicted with that
# calibration. (source fragment, platform): the calibrating source of each platform.
NETWORK_CALIBRATIONS = [
    ("JingchaoZhang", "Azure NDm A100 v4 network"),
    ("awsome-distributed-training/blob/main/micro-benchmarks/nccl-tests/README.md|p4de", "AWS p4de network (EFA)"),
    ("awsome-distributed-training/blob/main/micro-benchmarks/nccl-tests/README.md|p5", "AWS p5 network (EFA)"),
    ("nccl/issues/1244", "H20 cluster network"),
]
# Sources of a platform that are predicted with its calibration.
NETWORK_VALIDATIONS = [
    ("mscclpp", "Azure NDm A100 v4 network"),
]


def matches(fragment, case):
    source_part, _, gpu_part = fragment.partition("|")
    return source_part in case["source"] and (not gpu_part or gpu_part in case["gpu"])


def system_of(case):
    """(fabric, launch, exclusion or None) for a case, from its source and hardware."""
    src, gpu = case["source"], case["gpu"]
    launch = "process-per-gpu"
    if "-g 8" in (case["notes"] or "") or "single process" in (case["notes"] or "").lower() \
            or "Single PROCESS" in (case["notes"] or "") or "(single process" in (case["notes"] or ""):
        launch = "single-process"
    if (case.get("tool") or "").startswith("torch"):
        launch = "torch"
    if "stas00/ml-engineering" in src:
        if "A100" in gpu:
            return "dgx-a100", "single-process", None  # the book's command: all_reduce_perf -g 8
        if "p5en" in gpu:
            if "nvlstree" in (case["env"] or "").lower():
                return None, launch, ("NVLS Tree under the AWS OFI plugin on p5en, which sets NCCL's NVLS Tree chunk "
                                      "size for the platform (NCCL_NVLSTREE_MAX_CHUNKSIZE=524288, aws-ofi-nccl "
                                      "src/platform-aws.cpp) with its tuner plugin active: NCCL's per-channel NVLS "
                                      "Tree ceiling, which the model uses, was not set for it")
            return "fabrics/aws-p5en.json", launch, None
        if "B200" in gpu:
            if case["nodes"] == 4 or "Inter-node speed" in src:
                return "dgx-b200", launch, ("the AWS OFI tuner plugin chose the algorithms (NCCL_TUNER_PLUGIN=ofi), "
                                            "not NCCL's tuner, and the source does not say which ran")
            return "dgx-b200", launch, None
        if "H100" in gpu:
            return "dgx-h100", launch, None
        return "hgx-h200", launch, None
    if "awsome-distributed-training" in src:
        if "p4de" in gpu:
            return "fabrics/aws-p4de.json", launch, None
        if case.get("nccl_version") == "2.18.5":
            return "aws-p5", launch, ("an excerpt of an older run (NCCL 2.18.5, AWS OFI plugin 1.7.3) that the same "
                                      "source supersedes with a later table on the same instances")
        return "aws-p5", launch, None
    if "JingchaoZhang" in src:
        return "fabrics/azure-ndm-a100-v4.json", launch, None
    if "create-a3mega" in src:
        return None, launch, ("the source names neither the NICs nor the NCCL settings (${HOST_VARS}), and "
                              "GPUDirect-TCPXO's per-message latency has no published figure")
    if "li-plus/playground" in src:
        return "dgx-a100", "single-process", None
    if "AI-benchmarking-guide" in src:
        # The guide's harness (Benchmarks/NVIDIA/NCCLBandwidth.py) runs
        # NCCL_ALGO=NVLS all_reduce_perf -g <GPUs>: one process drives every GPU.
        if "A100" in gpu:
            return "fabrics/azure-ndm-a100-v4.json", "single-process", None
        return ("hgx-h200" if "H200" in gpu else "dgx-h100"), "single-process", None
    if "mscclpp" in src:
        if case["collective"] == "allgather" and case["nodes"] == 1 and (case["busbw_GBps"] or 0) > 240:
            return None, launch, ("its bus bandwidth (253.6 GB/s) is above NCCL's own figure for the links, 12 NVLink3 "
                                  "links x 20 GB/s = 240 GB/s (src/graph/topo.h, SM80_NVLINK_BW), which the model "
                                  "takes as their capacity")
        if case["gpus_per_node"] == 1:
            return None, launch, ("two nodes of one GPU each, run with the topology file of a full 8-GPU node "
                                  "(NCCL_TOPO_FILE=/mnt/ndv4-topo.xml): which NICs the one rank of a node drives is "
                                  "not shown, so no fabric can be written for it")
        return "fabrics/azure-ndm-a100-v4.json", launch, None
    if "oci-hpc-oke" in src:
        return "fabrics/oci-bm-gpu-b4-8.json", launch, None
    if "vpbenchmarking" in src:
        if case["nodes"] == 1:
            return "dgx-h100", "single-process", None
        return None, launch, ("the source gives the network two ways (3.2 Tb/s of InfiniBand, and 3 active "
                              "400 Gb/s ports per node), so no fabric can be written for it")
    if "nccl/issues/812" in src:
        return "dgx-a100", launch, None
    if "nccl-tests/issues/212" in src or "nccl-tests/issues/290" in src or "nccl-tests/issues/326" in src:
        if "per-nic" in (case["notes"] or "").lower():
            return None, launch, "a per-NIC figure, not the busbw of a collective"
        return "dgx-h100", launch, None
    if "nccl-tests/issues/319" in src:
        return "dgx-h100", launch, None
    if "nccl-tests/issues/272" in src:
        return "hgx-h200", launch, None
    if "nccl/issues/1455" in src:
        return "dgx-h100", "single-process", None
    if "nccl/issues/1221" in src:
        return None, launch, ("reported by its poster as below what the system should give; the thread does not "
                              "establish that the system was healthy")
    if "nccl-tests/issues/309" in src:
        return None, launch, "virtual machines run with settings a maintainer advised removing (nccl-tests issue 319)"
    if "nccl/issues/1244" in src:
        return "dgx-h100", launch, None  # H20: Hopper with 18 NVLink links, one NDR NIC per GPU
    if "nccl-tests/issues/119" in src:
        return "fabrics/a100-4x-hdr.json", launch, None
    if "nccl/issues/1229" in src:
        return None, launch, "the source states neither the network nor the message size"
    if "nccl-tests/issues/267" in src:
        return None, launch, "a bound on what the poster should see per NIC, not a measurement"
    if "nccl/issues/1374" in src:
        return "fabrics/hgx-h800.json", launch, None
    if "coreweave" in src:
        return None, launch, ("the source is not consistent about the rank count (it names 64 GPUs, and its "
                              "busbw / algbw implies about 96 ranks)")
    return None, launch, "no fabric written for this system"


def run_settings(case):
    """(algorithm, protocol, switches) from the run's NCCL_* settings and the source's words."""
    env = case["env"] or ""
    nvls = case["nvls"] or ""
    algorithm, switches = "", []
    lowered = env.lower()
    if "nccl_algo=ring" in lowered or "allreduce:ring" in lowered:
        algorithm = "ring"
    elif "nccl_algo=nvlstree" in lowered or "allreduce:nvlstree" in lowered:
        algorithm = "nvls-tree"
    elif "nccl_algo=nvls" in lowered:
        algorithm = "nvls"
    if "NCCL_NVLS_ENABLE=0" in env:
        switches.append("nvls=off")
    # Where the source names the algorithm NCCL (or a tuner plugin) ran, the case is predicted
    # with it.
    if "AI-benchmarking-guide" in case["source"] and "A100" not in case["gpu"]:
        algorithm = "nvls"  # NCCL_ALGO=NVLS in the guide's harness (A100 has no NVLS)
    if not algorithm and "picked Ring" in nvls:
        algorithm = "ring"
    if not algorithm and "picked NVLS" in nvls:
        algorithm = "nvls"
    if not algorithm and "Ring per book" in nvls:
        algorithm = "ring"
    if not algorithm and "Ring selected per book" in nvls:
        algorithm = "ring"
    return algorithm, "", ",".join(switches)


def outliers(cases):
    """Rows whose time exceeds both neighbours' in their own table by more than 30%: noise in the
    published measurement (a data rule, applied before any prediction)."""
    noisy = set()
    tables = {}
    for case in cases:
        if case["time_us"] and case["bytes"]:
            key = (case["source"], case["gpu"], case["nodes"], case["collective"], case["env"])
            tables.setdefault(key, []).append(case)
    for rows in tables.values():
        rows.sort(key=lambda row: row["bytes"])
        for before, row, after in zip(rows, rows[1:], rows[2:]):
            if row["time_us"] > 1.3 * before["time_us"] and row["time_us"] > 1.3 * after["time_us"]:
                noisy.add(row["id"])
    return noisy


def main():
    raw = json.load(open(os.path.join(HERE, "collected_raw.json")))
    noisy = outliers(raw["cases"])
    curated = []
    for case in raw["cases"]:
        fabric, launch, excluded = system_of(case)
        algorithm, protocol, switches = run_settings(case)
        if not excluded and case["collective"] in ("alltoall", "sendrecv"):
            launch = "point-to-point"
        entry = {
            "id": case["id"],
            "source": case["source"],
            "hardware": case["gpu"],
            "network": case["network"],
            "nodes": case["nodes"],
            "gpus_per_node": case["gpus_per_node"],
            "collective": case["collective"],
            "bytes": case["bytes"],
            "size_stated": case["bytes"] is not None,
            "time_us": case["time_us"],
            "busbw_GBps": case["busbw_GBps"],
            "busbw_range_GBps": case["busbw_range_GBps"],
            "fabric": fabric,
            "switches": switches,
            "algorithm": algorithm,
            "protocol": protocol,
            "launch": launch,
            "role": "calibration" if CALIBRATION_SOURCE in case["source"] else "validation",
            "calibration_group": "",
            "quote": case["quote"],
        }
        multi_node = (case["nodes"] or 1) > 1
        for fragment, platform in NETWORK_CALIBRATIONS:
            if matches(fragment, case) and multi_node:
                entry["calibration_group"], entry["role"] = platform, "calibration"
        for fragment, platform in NETWORK_VALIDATIONS:
            if matches(fragment, case) and multi_node:
                entry["calibration_group"] = platform
        if entry["bytes"] is None:
            entry["bytes"] = SIXTEEN_GIB  # a peak or a stated expectation: held at 16 GiB
        if entry["nodes"] is None and not excluded:
            # Maintainers' multi-node statements: more than two nodes, where rings run at the
            # network's bandwidth (two nodes would add the tree's NVLink shortcut).
            entry["nodes"] = 4
        if entry["gpus_per_node"] is None:
            entry["gpus_per_node"] = 8
        if case["id"] in noisy and not excluded:
            excluded = "an outlier in its own table: its time is over 1.3 x both neighbouring sizes'"
        if entry["time_us"] is None and entry["busbw_GBps"] is None and entry["busbw_range_GBps"] is None:
            excluded = excluded or "the source gives no time or bandwidth for this row"
        if excluded:
            entry["excluded"] = excluded
        curated.append(entry)
    document = {
        "description": "Published NCCL measurements the NCCL model is held to (tests/data/published/README.md). "
                       "Generated by curate.py from collected_raw.json; do not edit by hand.",
        "cases": curated,
    }
    with open(os.path.join(HERE, "nccl_cases.json"), "w") as out:
        json.dump(document, out, indent=1, ensure_ascii=False)
        out.write("\n")
    kept = sum(1 for entry in curated if "excluded" not in entry)
    print(f"{len(curated)} cases, {kept} expressible, {len(curated) - kept} listed with the reason they are not")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""MPI integration tests of `commbench scaling` (measured on sub-communicators, then
extrapolated) and `commbench plan` (the cost model alone): docs/MODELS.md "Scaling",
docs/REPORT_SCHEMA.md.

Each case runs the real binary under mpirun with local ranks, checks the report against
docs/report.schema.json and the figures against each other. Timings on a shared machine are
noisy, so no case depends on one figure being larger than another; they check what the
analysis does with whatever was measured.

    scaling_cases.py --list
    scaling_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import json

from mpi_cases import Failure, case_registry, expect, main as driver_main  # noqa: F401

CASES, case = case_registry()


def write_workload(h, name, **fields):
    """A small workload file (docs/WORKLOADS.md): 8 layers of 64Ki float32 parameters."""
    workload = {"kind": "workload", "format_version": 1, "name": name, "parameters": 8 * 65536,
                "layers_count": 8, "gradient_dtype": "float32", "batch": 64,
                "compute": {"seconds_per_sample": 0.0001}, "bucket_bytes": 512 * 1024}
    workload.update(fields)
    path = h.path(name + ".json")
    with open(path, "w") as file:
        json.dump(workload, file)
    return path


def close(a, b, relative=1e-9):
    return abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)


def check_point_arithmetic(point, first):
    """What every point must satisfy, whatever was measured."""
    expect(close(point["step_s"], point["compute_s"] + point["exposed_s"]),
           f"{point['gpus']} GPUs: step {point['step_s']} != compute {point['compute_s']} + exposed {point['exposed_s']}")
    total = sum(c["count"] * c["seconds"] for c in point["collectives"])
    expect(close(point["communication_s"], total, 1e-6),
           f"{point['gpus']} GPUs: communication {point['communication_s']} != sum of collectives {total}")
    expect(point["exposed_s"] <= point["communication_s"] * (1 + 1e-9),
           f"{point['gpus']} GPUs: exposed {point['exposed_s']} above communication {point['communication_s']}")
    expect(close(point["samples_per_s"], point["samples_per_step"] / point["step_s"]), "samples/s")
    speedup = point["samples_per_s"] / first["samples_per_s"]
    expect(close(point["speedup"], speedup), f"speedup {point['speedup']} != {speedup}")


def read_back(h, path):
    """What plan and scaling write, report and compare read back (issue 21, item 6: a plan
    once wrote nulls that report refused): the report rendered, and compared with itself."""
    h.run_ok(1, ["report", path, "--format", "markdown", "-o", path + ".md"])
    h.run_ok(1, ["compare", path, path])


def scaling(h, ranks, arguments, name="scaling.json", expected_code=0):
    path = h.path(name)
    out, err = h.run_ok(ranks, ["scaling", "-J", path, "-n", "5", "-w", "1"] + arguments, expected_code=expected_code)
    report = h.load_report(path)
    read_back(h, path)
    return report, out


@case
def measured_path_produces_a_verdict_np4(h):
    """Four local ranks: the step's allreduces measured on 2 and 4 ranks, verified, the
    fabric measured to extrapolate with, and the three verdicts stated for both series."""
    workload = write_workload(h, "small")
    report, out = scaling(h, 4, ["--workload", workload, "--max-gpus", "64"])
    expect(report["command"] == "scaling" and report["placement"] == "fill-hosts", "command and placement")
    expect(report["outcome"]["status"] == "complete", f"outcome {report['outcome']}")
    measured = report["measured"]
    expect([p["gpus"] for p in measured["points"]] == [2, 4], f"measured counts {[p['gpus'] for p in measured['points']]}")
    for point in measured["points"]:
        expect(point["collectives"] and all(c["collective"] == "allreduce" and c["wrong"] == 0 and c["seconds"] > 0
                                            for c in point["collectives"]), f"collectives {point['collectives']}")
        # 2 MiB of gradients: a first bucket of 1 MiB, then 512 KiB buckets.
        expect(sum(c["count"] * c["bytes"] for c in point["collectives"]) == 8 * 65536 * 4, "bytes per step")
        check_point_arithmetic(point, measured["points"][0])
    expect([v["criterion"] for v in measured["verdicts"]] ==
           ["step_time_stops_falling", "marginal_gain_below_threshold", "exposed_exceeds_compute"], "criteria")
    expect(all(v["statement"] for v in measured["verdicts"]), "a verdict without a statement")
    expect(report["wrong_total"] == 0, f"{report['wrong_total']} wrong elements")
    model = report["predicted"][0]
    expect(model["fabric"] == "measured-by-this-run", f"model fabric {model['fabric']}")
    expect([p["gpus"] for p in model["points"]] == [2, 4, 8, 16, 32, 64], "model counts")
    expect(all(p["dominant_term"] for p in model["points"]), "model points without a dominant term")
    expect(all(p["dominant_term"] for p in measured["points"]), "measured points without the model's term")
    # Communication this large against 0.1 ms per sample: the model must find the break-even.
    expect(any(v["gpus"] is not None for v in model["verdicts"]), f"no model verdict reached: {model['verdicts']}")
    for verdict in measured["verdicts"] + model["verdicts"]:
        expect(verdict["statement"] in out, f"verdict not printed: {verdict['statement']}")
    expect("No --fabric: measuring" in out, "the fabric measurement is not announced")


@case
def given_fabric_extrapolates_without_measuring_it_np2(h):
    """--fabric: the model's series is on that fabric, and the run does not measure one."""
    report, out = scaling(h, 2, ["--workload", write_workload(h, "small"), "--fabric", "dgx-h100",
                                 "--max-gpus", "32", "--price-per-gpu-hour", "2"])
    expect("Tier intra-host" not in out, "measured a fabric although one was given")
    model = report["predicted"][0]
    expect(model["fabric"] == "dgx-h100" and report["measured"]["fabric"] == "dgx-h100", "fabric names")
    expect([p["gpus"] for p in model["points"]] == [2, 4, 8, 16, 32], "model counts")
    for point in model["points"] + report["measured"]["points"]:
        expect(close(point["cost_per_step"], 2 * point["gpus"] * point["step_s"] / 3600), "cost per step")
    # 16 GPUs cross two DGX nodes: the model says the network dominates there.
    sixteen = next(p for p in model["points"] if p["gpus"] == 16)
    expect(sixteen["dominant_term"] in ("latency", "bandwidth across nodes (infiniband)"),
           f"16 GPUs on dgx-h100: {sixteen['dominant_term']}")


@case
def sharded_strategy_measures_reduce_scatter_and_all_gather_np2(h):
    """fsdp: the reduce-scatters and all-gathers of the step are measured, verified."""
    report, _ = scaling(h, 2, ["--workload", write_workload(h, "small"), "--strategy", "fsdp", "--fabric", "dgx-h100",
                               "--max-gpus", "8"])
    kinds = {c["collective"] for c in report["measured"]["points"][0]["collectives"]}
    expect(kinds == {"reducescatter", "allgather"}, f"collectives {kinds}")
    expect(report["wrong_total"] == 0, "wrong elements")


@case
def tensor_parallel_groups_every_other_rank_np4(h):
    """--tp 2 on 4 ranks: one count, 2 replicas of 2 GPUs; each GPU holds half the gradients."""
    report, _ = scaling(h, 4, ["--workload", write_workload(h, "small"), "--tp", "2", "--fabric", "dgx-h100",
                               "--max-gpus", "16"])
    points = report["measured"]["points"]
    expect([(p["gpus"], p["data_parallel"]) for p in points] == [(4, 2)], f"points {points}")
    expect(sum(c["count"] * c["bytes"] for c in points[0]["collectives"]) == 8 * 65536 * 4 // 2, "half the bytes")
    expect(any("tensor x pipeline parallel = 2" in note for note in report["notes"]), "no note on model parallelism")


def plan(h, arguments, name="plan.json"):
    path = h.path(name)
    out, _ = h.run_ok(1, ["plan", "-J", path] + arguments)
    report = h.load_report(path)
    read_back(h, path)
    return report, out


@case
def plan_is_deterministic(h):
    """The same plan twice gives the same figures, to the last bit, and says how long it took."""
    arguments = ["--fabric", "dgx-h100", "--workload", "llama2-7b", "--gpus", "8:16384"]
    first, out = plan(h, arguments, "first.json")
    second, _ = plan(h, arguments, "second.json")
    expect(first["predicted"] == second["predicted"], "two plans differ")
    expect(first["measured"] is None and first["command"] == "plan", "a plan measures nothing")
    points = first["predicted"][0]["points"]
    expect([p["gpus"] for p in points] == [8 * 2 ** k for k in range(12)], "counts")
    for point in points:
        check_point_arithmetic(point, points[0])
    expect(first["predicted"][0]["lowest_step_gpus"] is not None, "no lowest step searched")
    expect("# Analysed in" in out, "the analysis time is not printed")


@case
def compute_that_dwarfs_communication_never_breaks_even(h):
    """A step of an hour of compute per sample: no verdict is reached up to 16384 GPUs, and
    the report and table say so."""
    workload = write_workload(h, "slow", compute={"seconds_per_sample": 3600.0}, batch=1 << 20)
    report, out = plan(h, ["--fabric", "dgx-h100", "--workload", workload])
    verdicts = report["predicted"][0]["verdicts"]
    expect(all(v["gpus"] is None for v in verdicts), f"verdicts reached: {verdicts}")
    expect("no break-even within the range" in out and "does not stop falling within the range" in out,
           "the table does not say the break-even is beyond the range")
    expect(report["predicted"][0]["lowest_step_gpus"] == 16384, "the lowest step is not at the top of the range")


@case
def compared_fabrics_say_which_moves_the_break_even(h):
    """--compare-fabric: both series, and per verdict which fabric moves it further."""
    report, out = plan(h, ["--fabric", "dgx-h100", "--compare-fabric", "ethernet-100g", "--workload", "llama2-7b"])
    expect([s["fabric"] for s in report["predicted"]] == ["dgx-h100", "ethernet-100g"], "fabrics")
    gain = next(c for c in report["comparison"] if c["criterion"] == "marginal_gain_below_threshold")
    # 100 Gb/s Ethernet against 8 x 400 Gb/s InfiniBand per node: the DGX goes further.
    expect(gain["gpus"] is None or (gain["other_gpus"] is not None and gain["gpus"] > gain["other_gpus"]),
           f"comparison {gain}")
    expect("dgx-h100 moves it" in gain["statement"], gain["statement"])
    expect(gain["statement"] in out, "comparison not printed")


if __name__ == "__main__":
    import sys
    sys.exit(driver_main(CASES))

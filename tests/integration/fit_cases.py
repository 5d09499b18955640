#!/usr/bin/env python3
"""MPI integration tests of `commbench fit`: real reports and a real measured fabric, fitted.

Each case measures with the real binary under mpirun (2 local ranks), fits what it wrote,
and checks the exit code, the table of fits, and the fitted fabric: that `commbench fabric
--fabric` loads it, and what its tiers, sources and fits say. Malformed inputs are in
bad_inputs.py (group fit_inputs).

    fit_cases.py --list
    fit_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import json
import os
import sys

from mpi_cases import Failure, case_registry, expect, main as driver_main, summarized  # noqa: F401

CASES, case = case_registry()


def load(path):
    expect(os.path.exists(path), f"nothing written at {path}")
    document = json.load(open(path))
    leftovers = [name for name in os.listdir(os.path.dirname(path)) if ".tmp." in name]
    expect(not leftovers, f"temporary files left behind: {leftovers}")
    return document


def value(quantity):
    """A fabric quantity's value in SI: a plain number, or the object form without a unit."""
    if isinstance(quantity, dict):
        expect("unit" not in quantity, f"a fitted figure written with a unit: {quantity}")
        return quantity["value"]
    return quantity


def fit_rows(out):
    """The table's rows of fits, {(collective, algorithm): line}: the first block of the output, up to
    the blank line before the fitted fabric's summary."""
    rows = {}
    for line in out.split("\n\n")[0].splitlines():
        if line.startswith("#"):
            continue
        words = line.split()
        key = (words[0], words[1] if words[1] != "tier" else "tier " + words[2])
        expect(key not in rows, f"{key} printed twice: rank 0 alone prints")
        rows[key] = line
    return rows


def measure_and_fit(h, collective, report_name, sweep, fit_ranks, fit_options=()):
    """Measures collective on 2 ranks with the sweep's options into report_name, then fits that report
    under fit_ranks ranks into f.json: (the report, the fitted file, fit's output, its fit_rows)."""
    report = h.path(report_name)
    h.run_ok(2, [collective, *sweep, "-J", report])
    fitted = h.path("f.json")
    out, _ = h.run_ok(fit_ranks, ["fit", report, "-J", fitted, *fit_options])
    return report, fitted, out, fit_rows(out)


# The sweep of the cases that fit one collective: sizes from 8 B to 4 MiB, 10 iterations after 2.
ONE_COLLECTIVE_SWEEP = ["-b", "8", "-e", "4M", "-n", "10", "-w", "2"]


def check_fitted_fabric(h, path, name, tier_names, fit_count, interval="95% bootstrap interval"):
    """The fitted fabric loads back through `commbench fabric --fabric`, with positive figures
    that say they come from the fit, and the fits kept."""
    fabric = load(path)
    expect(fabric["kind"] == "fabric" and fabric["name"] == name, f"kind/name {fabric['kind']} {fabric['name']}")
    expect([tier["name"] for tier in fabric["tiers"]] == tier_names, f"tiers {fabric['tiers']}")
    for tier in fabric["tiers"]:
        bandwidth, latency = tier["link_bandwidth"], tier["latency"]
        expect(value(bandwidth) > 0 and value(latency) >= 0, f"tier {tier['name']}: {bandwidth} {latency}")
        for figure in (bandwidth, latency):
            expect(isinstance(figure, dict) and figure["source"].startswith("commbench fit: ") and
                   interval in figure["source"] and figure.get("uncertainty", 0) >= 0,
                   f"tier {tier['name']}: figure {figure}")
    # The fits the fabric keeps (FabricFit, written by topology/fabric_json): one per fit printed.
    fits = fabric.get("fits", [])
    expect(len(fits) == fit_count, f"the fabric keeps {len(fits)} fits, {fit_count} were printed")
    out, _ = h.run_ok(1, ["fabric", "--fabric", path])
    for tier_name in tier_names:
        expect(tier_name in out, f"the reloaded fabric does not describe tier {tier_name}")
    return fabric


@case
def sendrecv_report_np2(h):
    """A sendrecv report fitted as point-to-point: the fitted tier's latency and bandwidth come from it."""
    _, fitted, out, rows = measure_and_fit(h, "sendrecv", "r.json", ONE_COLLECTIVE_SWEEP, 1)
    expect(list(rows) == [("sendrecv", "native")], f"fits {list(rows)}")
    expect("point-to-point t = alpha + n beta" in rows[("sendrecv", "native")], "the row does not say its form")
    expect(f"# Fitted fabric written to {fitted}" in out, "the written file is not named")
    fabric = check_fitted_fabric(h, fitted, "fitted-r", ["fitted"], len(rows))
    tier = fabric["tiers"][0]
    members = tier["members"]["value"] if isinstance(tier["members"], dict) else tier["members"]
    expect(members == 2, f"members {tier['members']}")
    expect("sendrecv native on 2 ranks fit" in tier["link_bandwidth"]["source"], f"source {tier['link_bandwidth']}")
    expect("reduction_bandwidth" not in fabric, "a reduction bandwidth without a gamma")
    expect([(fit["collective"], fit["algorithm"], fit["ranks"]) for fit in fabric["fits"]] ==
           [("sendrecv", "native", 2)], f"fits {fabric['fits']}")


@case
def allgather_report_np2(h):
    """An allgather report of the library's own algorithm: fitted in the Hockney form, and under mpirun
    with 2 ranks the fit is printed once and every rank exits 0."""
    _, fitted, out, rows = measure_and_fit(h, "allgather", "g.json", ONE_COLLECTIVE_SWEEP, 2)
    expect(list(rows) == [("allgather", "native")], f"fits {list(rows)}")
    expect("Hockney form" in rows[("allgather", "native")], "the native row does not say it is the Hockney form")
    expect(out.count("# Fitted fabric written to") == 1, "written more than once, or not said")
    fabric = check_fitted_fabric(h, fitted, "fitted-g", ["fitted"], len(rows))
    expect("allgather native on 2 ranks fit" in fabric["tiers"][0]["latency"]["source"], "tier source")


@case
def every_collective_report_np2(h):
    """`all`: one fit per collective; the reducing ones say gamma is in beta (native algorithm); the tier
    comes from sendrecv; the same seed gives the same file, another seed other intervals."""
    report, fitted, out, rows = measure_and_fit(h, "all", "all.json", ["-b", "8", "-e", "1M", "-n", "5", "-w", "1"], 1,
                                                ["--bootstrap", "300"])
    expected = ["allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv"]
    not_fitted = [line[len("# Not fitted: "):].split()[0] for line in out.splitlines()
                  if line.startswith("# Not fitted: ")]
    expect(sorted([collective for collective, _ in rows] + not_fitted) == sorted(expected),
           f"fits {list(rows)}, not fitted {not_fitted}: every collective once")
    expect("sendrecv" in [collective for collective, _ in rows], f"sendrecv not fitted: {not_fitted}")
    for collective in ("allreduce", "reducescatter", "reduce"):
        line = rows.get((collective, "native"))
        expect(line is None or "gamma is included in beta" in line, f"{collective}: {line}")
    fabric = check_fitted_fabric(h, fitted, "fitted-all", ["fitted"], len(rows))
    expect("sendrecv native on 2 ranks fit" in fabric["tiers"][0]["latency"]["source"], "the tier is not sendrecv's")
    first = open(fitted).read()
    h.run_ok(1, ["fit", report, "-J", fitted, "--bootstrap", "300"])
    expect(open(fitted).read() == first, "the same seed gave another fitted fabric")
    h.run_ok(1, ["fit", report, "-J", fitted, "--bootstrap", "300", "--seed", "2"])
    expect(open(fitted).read() != first, "another seed gave the same intervals")


@case
def measured_fabric_np2(h):
    """A fabric measured by `commbench fabric`: its tier fitted again as commbench fabric fits it,
    so to the same figures, now with intervals, the rest kept; a tier written beyond the fit
    bound (--accept-poor-fit, on a busy machine) is refused by fit as by fabric."""
    measured = h.path("fab.json")
    h.run_ok(2, ["fabric", "-b", "8", "-e", "8M", "-f", "4", "-n", "10", "-w", "2", "--accept-poor-fit",
                 "-J", measured])
    before = load(measured)
    old = before["tiers"][0]
    fitted = h.path("f.json")
    if "kept although the line misses" in old["latency"]["source"]:
        code, out, err, _ = h.run(1, ["fit", measured, "-J", fitted])
        expect(code == 2 and "nothing could be fitted: tier intra-host: the line misses the" in err,
               f"exit {code}: {out} {err}")
        expect(not os.path.exists(fitted), "a fabric was written with nothing fitted")
        return
    out, _ = h.run_ok(1, ["fit", measured, "-J", fitted])
    rows = fit_rows(out)
    expect(list(rows) == [("point-to-point", "tier intra-host")], f"fits {list(rows)}")
    fabric = check_fitted_fabric(h, fitted, "fitted-fab", ["intra-host"], len(rows),
                                 interval="95% interval (Sen's for the slope, the median's for alpha)")
    tier = fabric["tiers"][0]
    for field in ("members", "links_per_member", "ranks_per_nic", "in_switch_reduction"):
        expect(tier[field] == old[field], f"{field}: {tier[field]} is not the measured fabric's {old[field]}")
    for quantity in ("link_bandwidth", "latency"):
        expect(abs(value(tier[quantity]) / old[quantity]["value"] - 1) < 1e-12,
               f"{quantity}: fit gave {tier[quantity]}, fabric wrote {old[quantity]}")
    expect(fabric["measurements"] == before["measurements"], "the measurements were not kept")
    expect("intra-host's 11 measurements" in tier["latency"]["source"], f"source {tier['latency']}")
    fit = fabric["fits"][0]
    expect(fit["collective"] == "point-to-point" and fit["tier"] == "intra-host" and fit["ranks"] == 2, f"fit {fit}")
    expect("slope over 524288 B to 8388608 B (3 points)" in fit["note"], f"note {fit['note']}")


@case
def nccl_report_calibrates_the_model_np2(h):
    """A report of NCCL's native allreduce on 2 DGX H100 nodes: fit calibrates the NCCL model's network
    tier, with intervals, and writes the fabric that predict then reads (docs/MODELS.md, "Calibrating
    the NCCL model"). No GPU measures it here, so the report is a real run's file whose rows are made
    NCCL runs on 16 ranks, timed as the model times them on a network with known factors (latency x 1.5,
    80% of the bandwidth), 3% up and down in turn: the case checks that fit's whole path gives the
    factors back and that predict uses them."""
    truth = h.path("truth.json")
    h.run_ok(1, ["fabric", "--preset", "dgx-h100", "--nodes", "2", "-J", truth])
    fabric = load(truth)
    network = fabric["tiers"][1]
    network["calibration"] = {"latency_scale": {"value": 1.5, "ci95_low": 1.5, "ci95_high": 1.5},
                              "bandwidth_efficiency": {"value": 0.8, "ci95_low": 0.8, "ci95_high": 0.8},
                              "points": 1, "median_relative_error": 0, "note": "the truth of this case"}
    json.dump(fabric, open(truth, "w"))
    predicted = h.path("truth-prediction.json")
    h.run_ok(1, ["predict", "allreduce", "--fabric", truth, "--nodes", "2", "-b", "8", "-e", "1G", "-f", "4",
                 "-J", predicted])
    truth_rows = [row for row in load(predicted)["rows"] if row["requested"] == "native"]
    expect(len(truth_rows) >= 12, f"{len(truth_rows)} predicted sizes")

    measured = h.path("measured.json")
    h.run_ok(2, ["allreduce", "-b", "8", "-e", "64", "-n", "2", "-w", "0", "-J", measured])
    report = load(measured)
    template = report["results"][0]
    rows = []
    for i, row in enumerate(truth_rows):
        made = json.loads(json.dumps(template))
        time_s = row["time_s"] * (1.03 if i % 2 else 0.97)
        made.update(backend="nccl", algorithm="native", ranks=16, bytes=row["bytes"], count=row["count"],
                    time_s=time_s, alg_bw=row["bytes"] / time_s, bus_bw_factor=15 / 8,
                    bus_bw=row["bytes"] / time_s * (15 / 8))
        made["stats_s"] = {key: time_s for key in made["stats_s"]} | {"samples": made["stats_s"]["samples"], "stdev": 0}
        made.pop("prediction", None)
        rows.append(made)
    report["results"] = rows
    report["meta"]["backend"] = report["config"]["backend"] = "nccl"
    json.dump(summarized(report), open(measured, "w"))

    calibrated = h.path("calibrated.json")
    out, _ = h.run_ok(1, ["fit", measured, "--fabric", "dgx-h100", "-J", calibrated, "--bootstrap", "200"])
    expect("# NCCL model calibrated to" in out, f"no calibration printed: {out}")
    line = next((line for line in out.splitlines() if line.strip().startswith("tier infiniband:")), None)
    expect(line is not None, f"the network tier's calibration is not printed: {out}")
    fitted = load(calibrated)["tiers"][1]["calibration"]
    scale, efficiency = fitted["latency_scale"], fitted["bandwidth_efficiency"]
    expect(abs(scale["value"] - 1.5) < 0.1 and abs(efficiency["value"] - 0.8) < 0.04,
           f"factors {scale} {efficiency}, made with 1.5 and 0.8")
    expect(scale["ci95_low"] <= scale["value"] <= scale["ci95_high"] and scale["ci95_low"] < scale["ci95_high"],
           f"latency scale interval {scale}")
    expect(efficiency["ci95_low"] < efficiency["ci95_high"], f"efficiency interval {efficiency}")
    expect(fitted["points"] == len(truth_rows), f"{fitted['points']} sizes fitted of {len(truth_rows)}")
    expect("calibrated: latency x" in out, "the written fabric's summary does not show the calibration")

    # predict reads the calibrated fabric: its times follow the truth's, the uncalibrated preset's do not.
    largest = str(truth_rows[-1]["bytes"])
    again = h.path("calibrated-prediction.json")
    h.run_ok(1, ["predict", "allreduce", "--fabric", calibrated, "--nodes", "2", "-b", largest, "-e", largest,
                 "-J", again])
    plain = h.path("plain-prediction.json")
    h.run_ok(1, ["predict", "allreduce", "--fabric", "dgx-h100", "--nodes", "2", "-b", largest, "-e", largest,
                 "-J", plain])
    want = truth_rows[-1]["time_s"]
    got = [row for row in load(again)["rows"] if row["requested"] == "native"][-1]["time_s"]
    uncalibrated = [row for row in load(plain)["rows"] if row["requested"] == "native"][-1]["time_s"]
    expect(abs(got / want - 1) < 0.05, f"{largest} B predicted {got} s from the calibrated fabric, {want} s made")
    expect(abs(uncalibrated / want - 1) > 0.15, f"the uncalibrated preset already gives {uncalibrated} s")


if __name__ == "__main__":
    sys.exit(driver_main(CASES))

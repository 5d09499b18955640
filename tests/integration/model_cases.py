#!/usr/bin/env python3
"""MPI integration tests of the explicit algorithms (--algo) and the cost models (--fabric).

Each case runs the real binary under mpirun with local (oversubscribed) ranks and checks the
JSON it wrote against docs/report.schema.json and expectations written here by hand: which
algorithms each collective has, the ring all-reduce formula (docs/MODELS.md), and how the
model section summarises the rows.

    model_cases.py --list
    model_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import math
import statistics

from mpi_cases import (ALL_COLLECTIVES, BUS_FACTOR, Failure, case_registry, expect, geometric_sizes,  # noqa: F401
                       main as driver_main, table_rows)

CASES, case = case_registry()

# The algorithms `--algo all` runs for each collective (docs/MODELS.md), native first.
ALGORITHMS = {
    "allreduce": ["native", "ring", "recursive-doubling", "rabenseifner", "hierarchical"],
    "allgather": ["native", "ring"],
    "reducescatter": ["native", "ring"],
    "broadcast": ["native", "binomial"],
    "reduce": ["native", "binomial"],
    "alltoall": ["native"],
    "sendrecv": ["native"],
}


def check_every_algorithm_is_exact(h, ranks):
    path = h.path("algorithms.json")
    out, _ = h.run_ok(ranks, ["all", "--algo", "all", "-b", "8", "-e", "64K", "-f", "8", "-d", "int32,float16",
                              "-o", "sum,max,avg", "-r", "all", "-n", "2", "-w", "1", "-J", path])
    report = h.load_report(path)
    expect(report["config"]["algorithms"][0] == "native", f"algorithms {report['config']['algorithms']}")
    seen = {}
    for row in report["results"]:
        where = f"{row['collective']} {row['algorithm']} {row['dtype']} {row['op']} root {row['root']} " \
                f"{row['bytes']} B {row['placement']}"
        expect(row["status"] == "ok", f"{where}: {row['status']} {row['reason']}")
        expect(row["wrong"] == 0 and row["check_iterations"] == 1, f"{where}: {row['wrong']} wrong elements")
        seen.setdefault(row["collective"], set()).add(row["algorithm"])
        if row["collective"] in ("broadcast", "reduce"):
            seen.setdefault(("roots", row["collective"], row["algorithm"]), set()).add(row["root"])
    for collective, algorithms in ALGORITHMS.items():
        expect(seen.get(collective) == set(algorithms), f"{collective}: ran {seen.get(collective)}, "
                                                        f"expected {algorithms}")
        for algorithm in algorithms:
            if algorithm != "native":
                expect(f"# Collective: {collective}, algorithm {algorithm}" in out, f"no heading for {algorithm}")
    for collective in ("broadcast", "reduce"):
        expect(seen[("roots", collective, "binomial")] == set(range(ranks)), f"{collective} binomial roots")


@case
def every_algorithm_is_exact_np3(h):
    """--algo all at 3 ranks (not a power of two): every collective's algorithms, exact."""
    check_every_algorithm_is_exact(h, 3)


@case
def every_algorithm_is_exact_np4(h):
    """--algo all at 4 ranks: every collective's algorithms, every root, exact."""
    check_every_algorithm_is_exact(h, 4)


def quantile(values, q):
    """Linear interpolation between order statistics (as reports/model/model_summary.cpp)."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


# The units a fabric file may keep a figure in (docs/FABRIC.md), to SI base units.
UNIT_SCALE = {"": 1, "s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "B/s": 1, "MB/s": 1e6, "GB/s": 1e9, "TB/s": 1e12,
              "Mb/s": 1e6 / 8, "Gb/s": 1e9 / 8, "Tb/s": 1e12 / 8}


def quantity(figure):
    """A fabric file's figure in SI units: a number, or {"value", "unit"} as the file keeps it."""
    if isinstance(figure, dict):
        return figure["value"] * UNIT_SCALE[figure.get("unit", "")]
    return figure


@case
def predictions_beside_measurements_np4(h):
    """--fabric dgx-h100: every ok row carries a prediction, the ring rows match the formula
    worked out here, and the model section summarises the rows as documented."""
    path = h.path("model.json")
    fraction = 0.5
    out, _ = h.run_ok(4, ["allreduce", "--algo", "native,ring", "-b", "1K", "-e", "1M", "-f", "4", "-n", "3",
                          "-w", "1", "--fabric", "dgx-h100", "--shortfall", str(fraction), "-J", path])
    report = h.load_report(path)
    model = report["model"]
    expect(model["fabric_source"] == "dgx-h100" and model["fabric"]["name"] == "dgx-h100", f"fabric {model['fabric']}")
    expect(model["shortfall_fraction"] == fraction, f"shortfall {model['shortfall_fraction']}")
    # The four ranks fit inside one NVLink domain (8 GPUs): only the NVLink tier counts.
    nvlink = model["fabric"]["tiers"][0]
    alpha = quantity(nvlink["latency"])
    bandwidth = quantity(nvlink["link_bandwidth"]) * nvlink["links_per_member"]
    reduction = model["fabric"].get("reduction_bandwidth")
    gamma = 1 / quantity(reduction) if reduction else 0.0
    p = 4
    groups = {}
    for row in report["results"]:
        prediction = row.get("prediction")
        where = f"{row['algorithm']} {row['bytes']} B {row['placement']}"
        expect(prediction is not None, f"{where}: no prediction")
        expect(math.isclose(prediction["relative_error"], (prediction["time_s"] - row["time_s"]) / row["time_s"],
                            rel_tol=1e-9, abs_tol=1e-12), f"{where}: relative error {prediction}")
        expect(math.isclose(prediction["bus_bw"], row["bytes"] * BUS_FACTOR["allreduce"](p) / prediction["time_s"],
                            rel_tol=1e-9), f"{where}: predicted busbw {prediction}")
        terms = prediction["latency_s"] + prediction["bandwidth_s"] + prediction["reduction_s"]
        expect(math.isclose(terms, prediction["time_s"], rel_tol=1e-9), f"{where}: terms do not add up {prediction}")
        if row["algorithm"] == "ring":
            n = row["bytes"]
            # Ring all-reduce (Patarasuk and Yuan 2009): 2(p-1) steps of alpha, 2(p-1)/p n bytes
            # sent per rank, (p-1)/p n bytes reduced per rank.
            expect(prediction["algorithm"] == "ring" and not prediction["assumed"], f"{where}: {prediction}")
            expect(math.isclose(prediction["latency_s"], 2 * (p - 1) * alpha, rel_tol=1e-9), f"{where}: alpha term")
            expect(math.isclose(prediction["bandwidth_s"], 2 * (p - 1) / p * n / bandwidth, rel_tol=1e-9),
                   f"{where}: bandwidth term {prediction['bandwidth_s']} vs {2 * (p - 1) / p * n / bandwidth}")
            expect(math.isclose(prediction["reduction_s"], (p - 1) / p * n * gamma, rel_tol=1e-9, abs_tol=1e-15),
                   f"{where}: reduction term")
        else:
            expect(prediction["assumed"], f"{where}: a native row's algorithm must be marked assumed")
        groups.setdefault(row["algorithm"], []).append(row)
    expect([g["algorithm"] for g in model["accuracy"]] == ["native", "ring"], f"groups {model['accuracy']}")
    for group in model["accuracy"]:
        rows = groups[group["algorithm"]]
        errors = [abs(row["prediction"]["relative_error"]) for row in rows]
        expect(group["rows"] == len(rows), f"{group['algorithm']}: {group['rows']} rows, expected {len(rows)}")
        expect(math.isclose(group["median_abs_relative_error"], statistics.median(errors), rel_tol=1e-9),
               f"{group['algorithm']}: median")
        expect(math.isclose(group["p90_abs_relative_error"], quantile(errors, 0.9), rel_tol=1e-9),
               f"{group['algorithm']}: p90")
        below = [(row["bytes"], row["placement"]) for row in rows
                 if row["bus_bw"] < fraction * row["prediction"]["bus_bw"]]
        listed = [(s["bytes"], s["placement"]) for s in group["shortfalls"]]
        expect(listed == below, f"{group['algorithm']}: shortfalls {listed}, expected {below}")
    # On 2 shared cores nothing reaches an H100's NVLink: every large row falls short.
    expect(any(s["bytes"] == 1 << 20 for s in model["accuracy"][1]["shortfalls"]), "1 MiB ring row not flagged")
    expect("model  mbusbw   error" in out and "# Model (fabric dgx-h100)" in out, "model columns or summary missing")
    expect(len(table_rows(out)) == 2 * len(geometric_sizes(1024, 1 << 20, 4)), "table rows")


# How far the ring all-reduce may stray from the model fitted from point-to-point figures on
# local ranks, as the median over sizes of 1 MiB and more of |predicted - measured| / measured.
# docs/PERFORMANCE.md records the measured figures this margin was chosen from.
RING_TOLERANCE = 0.35
# Attempts of fit and run: a wrong formula (a factor of 2 in a term, an error of 50% or 100%)
# misses the margin on every attempt, while a neighbour's burst of load on the shared cores
# during one attempt (a median of 54% was seen once in CI, 2% to 5% otherwise) does not
# repeat on all three.
RING_ATTEMPTS = 3


def ring_error_against_fitted_fabric(h, attempt):
    """Fits a fabric from exchanges between two local ranks, runs the ring all-reduce of 1 to
    16 MiB with its predictions, checks each row, and returns the median |error|."""
    fabric_path, report_path = h.path(f"fabric{attempt}.json"), h.path(f"ring{attempt}.json")
    # The bandwidth comes from the largest sizes, out of the caches, as the ring's 1 MiB and up
    # are (docs/MODELS.md, "Fitting a tier's line"). --accept-poor-fit: the claim checked here is
    # the prediction's error, below, whether or not a busy machine scatters the fabric's points
    # beyond the fit bound.
    h.run_ok(2, ["fabric", "-b", "8", "-e", "16M", "-f", "2", "-n", "20", "-w", "3", "--accept-poor-fit",
                 "-J", fabric_path])
    h.run_ok(2, ["allreduce", "--algo", "ring", "-b", "1M", "-e", "16M", "-f", "2", "-n", "20", "-w", "3",
                 "--placement", "out-of-place", "--fabric", fabric_path, "-J", report_path])
    report = h.load_report(report_path)
    errors = []
    for row in report["results"]:
        expect(row["status"] == "ok" and row["wrong"] == 0, f"{row['bytes']} B: {row['status']} {row['reason']}")
        prediction = row["prediction"]
        expect(prediction["algorithm"] == "ring" and prediction["reduction_s"] > 0, f"prediction {prediction}")
        errors.append(abs(prediction["relative_error"]))
        print(f"{row['bytes']:>10} B: measured {row['time_s'] * 1e6:10.1f} us, predicted "
              f"{prediction['time_s'] * 1e6:10.1f} us, error {prediction['relative_error'] * 100:+6.1f}%")
    median = statistics.median(errors)
    expect(math.isclose(report["model"]["accuracy"][0]["median_abs_relative_error"], median, rel_tol=1e-9),
           "the model section's median")
    return median


@case
def model_from_point_to_point_predicts_ring_np2(h):
    """The fabric fitted from exchanges between two local ranks (and their reduction rate)
    predicts the measured ring all-reduce of large messages within RING_TOLERANCE, on one of
    RING_ATTEMPTS attempts."""
    medians = []
    for attempt in range(1, RING_ATTEMPTS + 1):
        medians.append(ring_error_against_fitted_fabric(h, attempt))
        print(f"attempt {attempt}: median |error| {medians[-1] * 100:.1f}%")
        if medians[-1] <= RING_TOLERANCE:
            return
    expect(False, f"median |error| above {RING_TOLERANCE * 100:.0f}% on every attempt: "
                  + ", ".join(f"{m * 100:.1f}%" for m in medians))


if __name__ == "__main__":
    raise SystemExit(driver_main(CASES))

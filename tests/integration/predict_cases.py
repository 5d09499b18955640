#!/usr/bin/env python3
"""Integration tests of `commbench predict` (the collective table from the cost models alone,
docs/MODELS.md) and of what reads its report: `commbench report` draws it, `commbench compare`
holds a measurement against it.

Each case runs the real binary, as a singleton (no mpirun, as a user without a cluster runs it) or
under mpirun, checks the report against docs/report.schema.json and the table against the report.
Malformed command lines are in bad_inputs.py (group predict_options).

    predict_cases.py --list
    predict_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import json
import os
import subprocess
import sys

from mpi_cases import Failure, case_registry, expect, main as driver_main, mpi_environment  # noqa: F401

CASES, case = case_registry()

COLLECTIVES = ["allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv"]
HERE = os.path.dirname(os.path.abspath(__file__))
MEASURED = os.path.join(HERE, "..", "data", "reports", "collectives-cluster-a.json")


def singleton(h, arguments, expected_code=0):
    """commbench without mpirun (an MPI singleton); returns (stdout, stderr)."""
    done = subprocess.run([h.commbench] + arguments, capture_output=True, text=True, timeout=120,
                          env=mpi_environment())
    if done.returncode != expected_code:
        print(done.stdout)
        print(done.stderr, file=sys.stderr)
        raise Failure(f"exit code {done.returncode}, expected {expected_code}: {' '.join(arguments)}")
    return done.stdout, done.stderr


def table_rows(out, collective):
    """The data lines under '# Collective: NAME', split into fields."""
    rows, inside = [], False
    for line in out.splitlines():
        if line.startswith("# Collective: "):
            inside = line == f"# Collective: {collective}"
        elif inside and line and not line.startswith("#"):
            rows.append(line.split())
    return rows


def gbps(value):
    return f"{value / 1e9:.2f}"


def microseconds(value):
    return f"{value * 1e6:.2f}"


@case
def every_collective_on_two_dgx_h100_nodes(h):
    """predict all on dgx-h100 --nodes 2, 8 B to 16 GiB: 16 ranks of the NCCL family, every collective
    with a row per size whose table figures are the report's; the report passes the schema and
    `commbench report` draws each collective's prediction on its busbw chart, named by the file."""
    path = h.path("predicted.json")
    out, err = singleton(h, ["predict", "all", "--fabric", "dgx-h100", "--nodes", "2", "-b", "8", "-e", "16G",
                             "-J", path])
    expect(err == "", f"stderr: {err}")
    expect("# fabric dgx-h100: 2 nodes x 8 GPUs per node = 16 ranks" in out, out[:400])
    expect("# model family nccl:" in out, out[:400])
    report = h.load_report(path)
    config = report["config"]
    expect((config["nodes"], config["gpus_per_node"], config["ranks"], config["family"]) == (2, 8, 16, "nccl"),
           f"config {config}")
    expect([c["collective"] for c in report["collectives"]] == COLLECTIVES, f"collectives {report['collectives']}")
    for collective in COLLECTIVES:
        rows = [r for r in report["rows"] if r["collective"] == collective]
        table = table_rows(out, collective)
        expect(len(rows) == len(table) and len(rows) >= 28, f"{collective}: {len(rows)} rows, {len(table)} lines")
        expect(rows[-1]["bytes"] == 16 << 30, f"{collective}: last size {rows[-1]['bytes']}")
        for row, line in zip(rows, table):
            expect(line[0] == str(row["bytes"]) and line[1] == str(row["count"]) and line[2] == "float32",
                   f"{collective}: {line} vs {row}")
            expect(line[3] == microseconds(row["time_s"]) and line[4] == gbps(row["alg_bw"]) and
                   line[5] == gbps(row["bus_bw"]), f"{collective}: {line} vs {row}")
            expect(row["assumed"] and row["requested"] == "native" and row["ranks"] == 16, f"{row}")
            channels = str(row["channels"]) if row["channels"] > 0 else "-"  # 0 B: nothing moves, no channel
            expect(line[6] == f"{row['algorithm']}/{row['protocol']}" and line[7] == channels,
                   f"{collective}: choice {line[6:]} vs {row}")
            if row["time_s"] > 0:
                expect(abs(row["bus_bw"] - row["alg_bw"] * row["bus_bw_factor"]) <= 1e-9 * row["bus_bw"], f"{row}")
        large = rows[-1]
        expect(large["bus_bw"] > 1e9, f"{collective}: {large['bus_bw']} B/s at {large['bytes']} B")
    allreduce = [r for r in report["rows"] if r["collective"] == "allreduce"]
    expect(allreduce[0]["bus_bw_factor"] == 2 * 15 / 16, f"allreduce bus factor {allreduce[0]['bus_bw_factor']}")

    html = h.path("predicted.html")
    h.run_ok(2, ["report", path, "-o", html])
    page = open(html, encoding="utf-8").read()
    for collective in COLLECTIVES:
        start = page.find(f'data-chart="busbw:{collective}"')
        expect(start >= 0, f"no busbw chart of {collective}")
        figure = page[start:page.find("</figure>", start)]
        expect(">predicted.json</text>" in figure, f"{collective}: the legend does not name predicted.json")
        expect('stroke-dasharray="6 4" points=' in figure, f"{collective}: the prediction is not drawn dashed")
    markdown = h.path("predicted.md")
    h.run_ok(1, ["report", path, "-o", markdown])
    text = open(markdown, encoding="utf-8").read()
    expect("predicted by the nccl model family on fabric dgx-h100" in text, "the Markdown does not say what predicted")


@case
def algo_all_shows_every_algorithm_and_why_some_cannot_run(h):
    """--algo all on two DGX A100: native, then each NCCL algorithm of allreduce side by side; NVLS
    (no NVLink SHARP on A100) and CollNet (no SHARP network) are '-' with the reason once; the
    report's rows and unavailable entries say the same. Under mpirun with 2 ranks: printed once."""
    path = h.path("all.json")
    out, _ = h.run_ok(2, ["predict", "allreduce", "--fabric", "dgx-a100", "--nodes", "2", "--algo", "all",
                          "-b", "1K", "-e", "1G", "-f", "32", "-J", path])
    expect(out.count("# Collective: allreduce") == 1, "printed more than once")
    groups = ["native", "ring", "tree", "nvls", "nvls-tree", "collnet-direct", "collnet-chain"]
    header = [line for line in out.splitlines() if line.startswith("#") and "collnet-chain" in line and
              "unavailable" not in line]
    expect(len(header) == 1 and header[0].split()[1:] == groups, f"group header {header}")
    report = h.load_report(path)
    expect(report["collectives"] == [{"collective": "allreduce", "requested": groups}], f"{report['collectives']}")
    missing = {entry["requested"]: entry for entry in report["unavailable"]}
    expect(set(missing) == {"nvls", "nvls-tree", "collnet-direct", "collnet-chain"}, f"unavailable {sorted(missing)}")
    expect("NVLink SHARP" in missing["nvls"]["reason"] or "NVSwitch" in missing["nvls"]["reason"],
           f"nvls reason: {missing['nvls']['reason']}")
    for name, entry in missing.items():
        expect(out.count(f"#  {name} unavailable: {entry['reason']}") == 1, f"no note for {name}")
    sizes = sorted({r["bytes"] for r in report["rows"]})
    expect(sizes == [1024, 32768, 1 << 20, 32 << 20, 1 << 30], f"sizes {sizes}")
    for line in table_rows(out, "allreduce"):
        # size count type, then time and busbw of seven groups, then the native pick and channels.
        expect(len(line) == 3 + 2 * len(groups) + 2, f"line {line}")
        for index, group in enumerate(groups):
            cells = line[3 + 2 * index:5 + 2 * index]
            expect((cells == ["-", "-"]) == (group in missing), f"{group}: {cells} in {line}")
    for row in report["rows"]:
        expect(row["requested"] in ("native", "ring", "tree"), f"a row for {row['requested']}")
        expect(row["assumed"] == (row["requested"] == "native"), f"{row}")


@case
def measured_run_against_a_prediction(h):
    """A sweep measured on 2 local ranks with the MPI backend, and a prediction on cpu-cluster for the
    same 2 ranks (1 node x 2) over the same sizes: compare matches every measured row with its
    prediction, in either order, and exits 1 exactly when a busbw row is flagged. Held against
    NVLink (dgx-h100, 2 GPUs) the host's shared memory falls short: flagged, exit 1, noted as
    another library's model. A prediction for other ranks matches nothing and says why."""
    run = h.path("run.json")
    h.run_ok(2, ["allreduce", "-b", "1K", "-e", "4M", "-f", "4", "-n", "5", "-w", "1", "--placement", "out-of-place",
                 "-J", run])
    measured = h.load_report(run)
    cpu = h.path("cpu.json")
    singleton(h, ["predict", "allreduce", "--fabric", "cpu-cluster", "--nodes", "1", "--gpus-per-node", "2",
                  "-b", "1K", "-e", "4M", "-f", "4", "-J", cpu])
    comparison = h.path("comparison.json")
    code, out, err, _ = h.run(2, ["compare", run, cpu, "--threshold", "0.99", "-J", comparison])
    expect(code == 0, f"exit {code} with a 99% threshold: {out}\n{err}")
    result = json.load(open(comparison))
    expect(result["kind"] == "measured-vs-predicted" and result["baseline"] == cpu and result["candidate"] == run,
           f"kind and roles: {result['kind']} {result['baseline']} {result['candidate']}")
    expect(result["summary"]["compared"] == len(measured["results"]) and result["summary"]["only_in_candidate"] == 0,
           f"summary {result['summary']}")
    expect("# compare a measurement with a prediction: predicted" in out, out[:300])
    # The same pair the other way round, at the default threshold: the exit code follows the flags.
    code, out, _, _ = h.run(2, ["compare", cpu, run, "-J", comparison])
    again = json.load(open(comparison))
    expect(code == (1 if again["regression"] else 0), f"exit {code}, regression {again['regression']}")
    for row in again["rows"]:
        flagged = row["metric"] == "bus_bw" and row["ratio"] is not None and row["ratio"] < 1 - 0.05
        expect(row["regression"] == flagged, f"row {row}")
    expect(("SHORTFALL" in out) == again["regression"], "the table's flags and the JSON's verdict differ")

    nvlink = h.path("nvlink.json")
    singleton(h, ["predict", "allreduce", "--fabric", "dgx-h100", "--nodes", "1", "--gpus-per-node", "2",
                  "-b", "1K", "-e", "4M", "-f", "4", "-J", nvlink])
    code, out, _, _ = h.run(2, ["compare", run, nvlink])
    expect(code == 1 and "SHORTFALL" in out, f"exit {code} against NVLink: {out}")
    expect("measured with the mpi backend, predicted by the nccl model family" in out, out)

    sixteen = h.path("sixteen.json")
    singleton(h, ["predict", "allreduce", "--fabric", "dgx-h100", "--nodes", "2", "-b", "1K", "-e", "4M", "-f", "4",
                  "-J", sixteen])
    code, out, _, _ = h.run(2, ["compare", run, sixteen])
    expect("the ranks differ: measured 2, predicted 16" in out, out)
    expect("0 metrics compared" in out, out)


@case
def real_report_against_a_fresh_prediction(h):
    """collectives-cluster-a.json (4 ranks on cpu-cluster, tests/data/reports) against this build's
    prediction for the same ranks and sizes: every row matched, and both drawn on one chart."""
    path = h.path("cpu4.json")
    singleton(h, ["predict", "all", "--fabric", "cpu-cluster", "--nodes", "1", "--gpus-per-node", "4",
                  "-b", "8", "-e", "4M", "-f", "4", "-J", path])
    comparison = h.path("comparison.json")
    code, out, _, _ = h.run(1, ["compare", MEASURED, path, "-J", comparison])
    result = json.load(open(comparison))
    expect(code == (1 if result["regression"] else 0), f"exit {code}")
    measured = json.load(open(MEASURED))
    expect(result["summary"]["compared"] + result["summary"]["problems"] == len(measured["results"]),
           f"summary {result['summary']}")
    expect(result["summary"]["only_in_candidate"] == 0 and not any("have no measured row" in n for n in result["notes"]),
           f"notes {result['notes']}")
    html = h.path("both.html")
    h.run_ok(1, ["report", MEASURED, path, "-o", html])
    page = open(html, encoding="utf-8").read()
    start = page.find('data-chart="busbw:allreduce"')
    figure = page[start:page.find("</figure>", start)]
    expect(">collectives-cluster-a.json</text>" in figure and ">cpu4.json</text>" in figure, "legend")


@case
def whole_sweep_takes_under_a_second(h):
    """The 8 B to 16 GiB sweep of every collective, process start included, in under a second (the
    figure of docs/PERFORMANCE.md is measured on a quiet machine; here a loaded CI machine gets 3 s)."""
    import time
    start = time.monotonic()
    out, _ = singleton(h, ["predict", "all", "--fabric", "dgx-h100", "--nodes", "2", "-b", "8", "-e", "16G"])
    seconds = time.monotonic() - start
    expect(seconds < 3, f"{seconds:.2f} s")
    line = [l for l in out.splitlines() if l.startswith("# Predicted ")]
    expect(len(line) == 1, f"no timing line: {out[-300:]}")
    print(f"wall {seconds:.3f} s; {line[0]}")


if __name__ == "__main__":
    sys.exit(driver_main(CASES))

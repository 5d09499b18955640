#!/usr/bin/env python3
"""MPI integration tests of `commbench pipeline` on 4 local (oversubscribed) ranks.

Tolerances (stated here, docs/MODELS.md): the measured step is held to the model within 35%
only when the emulated compute was calibrated within 15% (a loaded 2-core machine stretches
busy waits by several times; the report's calibration says so); otherwise the step must at
least not undercut the model's compute-only step by more than 10%. gpipe and 1f1b share one
predicted bubble, and interleaved's is smaller; the timeline must be causal across ranks
within 10 ms (each rank's clock starts as it leaves one barrier, and a loaded machine
delays some ranks' exits by milliseconds).

    pipeline_cases.py --list
    pipeline_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import sys

from mpi_cases import Failure, case_registry, expect, main as driver_main  # noqa: F401

CASES, case = case_registry()

QUIET = {"OMPI_MCA_mpi_yield_when_idle": "1"}  # ranks waiting in MPI leave the cores to those computing
BASE = ["pipeline", "--activation-bytes", "1K", "--fwd-ms", "2", "--bwd-ms", "4", "-n", "3", "-w", "1"]
CAUSALITY_S = 10e-3


def run_schedule(h, schedule, extra=(), stages=4):
    path = h.path(f"{schedule}.json")
    out, _ = h.run_ok(4, BASE + ["--stages", str(stages), "--microbatches", "8", "--schedule", schedule, "-J", path] + list(extra),
                      extra_env=QUIET)
    report = h.load_report(path)
    expect(report["kind"] == "pipeline" and report["outcome"]["status"] == "complete", f"report {report['outcome']}")
    expect(len(report["runs"]) == 1, f"runs {len(report['runs'])}")
    return report, out


def check_model(report):
    run = report["runs"][0]
    calibrated = all(abs(entry["relative_error"]) <= 0.15 for entry in report["calibration"])
    step, model = run["step"]["median"], run["model"]
    expect(step >= 0.9 * model["compute_only_s"], f"step {step} below the model's compute-only {model['compute_only_s']}")
    if calibrated:
        expect(abs(model["relative_error"]) <= 0.35, f"step {step} vs model {model['step_s']}")
    else:
        print(f"note: calibration off by {[e['relative_error'] for e in report['calibration']]}: tolerance check skipped")


def check_timeline(report):
    stages, chunks = report["stages"], report["chunks"]
    timeline = report["runs"][0]["timeline"]
    passes = {(e["pipeline"], e["operation"], e["microbatch"], e["virtual_stage"]): e for e in timeline
              if e["operation"] in ("forward", "backward")}
    last = stages * chunks - 1
    m = report["runs"][0]["microbatches"]
    expect(len(passes) == 2 * m * stages * chunks * report["pipelines"], f"{len(passes)} passes in the timeline")
    for (pipeline, operation, mb, vs), entry in passes.items():
        expect(entry["start_s"] <= entry["end_s"], f"entry ends before it starts: {entry}")
        source = vs - 1 if operation == "forward" else vs + 1
        if 0 <= source <= last:
            before = passes[(pipeline, operation, mb, source)]
            expect(entry["start_s"] >= before["end_s"] - CAUSALITY_S,
                   f"{operation} of micro-batch {mb} on virtual stage {vs} starts at {entry['start_s']} before its "
                   f"input was computed ({before['end_s']})")
            payload = "activation" if operation == "forward" else "gradient"
            received = [e for e in timeline if e["operation"] == "recv" and e["pipeline"] == pipeline and
                        e["payload"] == payload and e["microbatch"] == mb and e["virtual_stage"] == vs]
            expect(len(received) == 1 and received[0]["end_s"] <= entry["start_s"],
                   f"{operation} {mb} at virtual stage {vs} runs before receiving its {payload}: {received}")


@case
def pipeline_schedules_np4(h):
    """gpipe, 1f1b and interleaved on 4 stages: model, bubble, timeline, placement."""
    reports = {schedule: run_schedule(h, schedule)[0] for schedule in ("gpipe", "1f1b", "interleaved")}
    for schedule, report in reports.items():
        check_model(report)
        check_timeline(report)
        placement = report["placement"]
        expect([(p["stage"], p["rank"]) for p in placement] == [(0, 0), (1, 1), (2, 2), (3, 3)], f"placement {placement}")
        expect(report["placement_note"].startswith("one host"), f"note {report['placement_note']}")
        stage_rows = report["runs"][0]["stages"]
        expect(len(stage_rows) == 4 and all(row["busy_s"] > 0 for row in stage_rows), f"stages {stage_rows}")
    bubble = {schedule: report["runs"][0]["model"]["bubble_fraction"] for schedule, report in reports.items()}
    expect(abs(bubble["gpipe"] - 3 / 11) < 1e-9 and abs(bubble["1f1b"] - 3 / 11) < 1e-9, f"bubbles {bubble}")
    expect(bubble["interleaved"] < bubble["1f1b"], f"interleaved bubble {bubble}")
    measured = {schedule: report["runs"][0]["bubble_fraction"] for schedule, report in reports.items()}
    print(f"measured bubble fractions: {measured}")
    expect(all(0 < value < 1 for value in measured.values()), f"measured bubbles {measured}")


@case
def pipeline_step_matches_the_model_np2(h):
    """Two stages on two ranks (one core each, so the busy waits keep their length): with small
    transfers every schedule's step is within 35% of the model, (m + p - 1)(t_f + t_b) for gpipe
    and 1f1b and the bubble divided by v for interleaved; gpipe and 1f1b idle alike, interleaved
    less (measured, within 0.08 of each other's fraction: the steps are ~100 ms medians). The
    model assumes the compute takes its stated time: when other work on the machine stretches
    the busy waits beyond 15% (the report's calibration), check_model says so and checks less."""
    measured = {}
    calibrated = True
    for schedule in ("gpipe", "1f1b", "interleaved"):
        path = h.path(f"model-{schedule}.json")
        h.run_ok(2, ["pipeline", "--stages", "2", "--microbatches", "8", "--activation-bytes", "1K", "--fwd-ms", "4",
                     "--bwd-ms", "8", "--schedule", schedule, "-n", "5", "-w", "2", "-J", path], extra_env=QUIET)
        report = h.load_report(path)
        check_model(report)
        check_timeline(report)
        calibrated = calibrated and all(abs(entry["relative_error"]) <= 0.15 for entry in report["calibration"])
        measured[schedule] = report["runs"][0]["bubble_fraction"]
    print(f"measured bubble fractions: {measured}")
    if calibrated:
        expect(abs(measured["gpipe"] - measured["1f1b"]) <= 0.08, f"gpipe and 1f1b bubbles differ: {measured}")
        expect(measured["interleaved"] < measured["1f1b"] + 0.02, f"interleaved bubble not below 1f1b: {measured}")


@case
def pipeline_two_pipelines_np4(h):
    """2 stages x 2 pipelines side by side, a fabric (across-hosts needs 2 hosts: refused on one,
    bad_inputs.py implausible_figures)."""
    report, out = run_schedule(h, "1f1b", ["--placement", "consecutive", "--fabric", "cpu-cluster"], stages=2)
    expect(report["pipelines"] == 2, f"pipelines {report['pipelines']}")
    expect(sorted(p["rank"] for p in report["placement"]) == [0, 1, 2, 3], f"placement {report['placement']}")
    model = report["runs"][0]["model"]
    expect(model["transfer_per_hop_s"] > 0 and model["transfer_s"] > 0, f"model {model}")
    check_timeline(report)
    expect("pipeline 1 stage 1" in out, "the placement is not printed")


@case
def pipeline_sweep_np4(h):
    """--sweep-microbatches 2:16: one run per power of two and a recommendation."""
    path = h.path("sweep.json")
    out, _ = h.run_ok(4, BASE + ["--stages", "4", "--schedule", "1f1b", "--sweep-microbatches", "2:16", "-J", path], extra_env=QUIET)
    report = h.load_report(path)
    expect([run["microbatches"] for run in report["runs"]] == [2, 4, 8, 16], f"runs {report['runs']}")
    predicted = [run["model"]["bubble_fraction"] for run in report["runs"]]
    expect(predicted == sorted(predicted, reverse=True), f"predicted bubble does not shrink with m: {predicted}")
    expect(report["recommendation"] and "micro-batch" in report["recommendation"], report["recommendation"])
    expect("# Recommendation:" in out, "no recommendation printed")


@case
def pipeline_large_activations_np4(h):
    """Activations far above MPI's eager limit (4 MiB): every schedule runs to the end. The
    interleaved plans deadlock if a send waits for its receiver, so its sends are started
    without waiting (Backend::start_send); the others pair each send with a receive."""
    for schedule, stages in (("gpipe", 2), ("1f1b", 4), ("interleaved", 2), ("interleaved", 4)):
        path = h.path(f"large-{schedule}-{stages}.json")
        h.run_ok(4, ["pipeline", "--activation-bytes", "4M", "--fwd-ms", "1", "--bwd-ms", "2", "-n", "2", "-w", "1",
                     "--stages", str(stages), "--microbatches", "8", "--schedule", schedule, "--timeout", "60",
                     "-J", path], extra_env=QUIET, timeout=120)
        report = h.load_report(path)
        expect(report["outcome"]["status"] == "complete", f"{schedule} S={stages}: {report['outcome']}")
        check_timeline(report)


if __name__ == "__main__":
    sys.exit(driver_main(CASES))

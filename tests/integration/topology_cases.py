#!/usr/bin/env python3
"""MPI integration tests of the commands about the machine: topology, fabric, linkcheck.

Each case runs the real binary under mpirun with local (oversubscribed) ranks and checks
the exit code, rank 0's output and the JSON it wrote, against docs/report.schema.json and
expectations written here. On this one machine every rank is on one host; the tests
across hosts are tests/cluster/cluster_cases.py.

    topology_cases.py --list
    topology_cases.py CASE --commbench PATH --mpirun PATH --schema PATH --workdir DIR
"""

import json
import os
import subprocess
import sys

import jsonschema

from mpi_cases import Failure, case_registry, expect, main as driver_main  # noqa: F401

CASES, case = case_registry()


def load(path, schema_document=None):
    expect(os.path.exists(path), f"nothing written at {path}")
    document = json.load(open(path))
    if schema_document is not None:
        jsonschema.validate(document, schema_document)
    leftovers = [name for name in os.listdir(os.path.dirname(path)) if ".tmp." in name]
    expect(not leftovers, f"temporary files left behind: {leftovers}")
    return document


@case
def topology_np4(h):
    """Discovery on this machine (no GPU, no InfiniBand): one host, 4 ranks, absences stated."""
    path = h.path("topology.json")
    out, _ = h.run_ok(4, ["topology", "-J", path])
    topology = load(path, h.schema)
    expect(topology["kind"] == "topology", f"kind {topology['kind']}")
    hosts = topology["hosts"]
    expect(len(hosts) == 1, f"{len(hosts)} hosts on one machine")
    host = hosts[0]
    expect(topology["meta"]["hosts"][0]["ranks"] == [0, 1, 2, 3], f"ranks {topology['meta']['hosts']}")
    cpu = host["cpu"]
    expect(cpu["cores"] >= 1 and cpu["hardware_threads"] >= cpu["cores"] and cpu["model"], f"cpu {cpu}")
    expect(len(cpu["numa_nodes"]) >= 1, f"numa nodes {cpu['numa_nodes']}")
    expect(host["gpus"]["state"] == "absent" and host["gpus"]["reason"] and host["gpus"]["devices"] == [],
           f"gpus {host['gpus']}")
    expect(host["gpu_links"]["state"] == "absent" and host["gpu_links"]["reason"], f"gpu links {host['gpu_links']}")
    infiniband = host["network"]["infiniband"]
    expect(infiniband["state"] == "absent" and infiniband["reason"], f"infiniband {infiniband}")
    interfaces = host["network"]["interfaces"]["devices"]
    loopback = [device for device in interfaces if device["name"] == "lo"]
    expect(len(loopback) == 1 and loopback[0]["virtual"], f"loopback among {interfaces}")
    # The loopback has no speed: unknown (null, with the reason), never an invented figure.
    expect(loopback[0]["speed_bytes_per_second"] is None and loopback[0]["unknown"]["speed"], f"lo {loopback[0]}")
    ranks = topology["ranks"]
    expect([rank["rank"] for rank in ranks] == [0, 1, 2, 3], f"ranks {ranks}")
    expect([rank["local_rank"] for rank in ranks] == [0, 1, 2, 3], "local ranks")
    expect(all(rank["host_name"] == host["name"] for rank in ranks), "ranks on another host")
    expect(all(rank["cpu_binding"]["cpus"] for rank in ranks), "a rank without its CPU binding")
    # Rank 0 alone prints the summary: one host heading, absences stated.
    expect(out.count("GPUs: absent (") == 1 and out.count("InfiniBand: absent (") == 1,
           "the summary does not state, once, what is absent")
    expect(f"host {host['name']} (" in out, "the summary does not name the host")


@case
def linkcheck_np4(h):
    """4 local ranks: every ordered pair of ranks measured once, in 3 rounds of 2 disjoint pairs."""
    path = h.path("links.json")
    code, out, err, _ = h.run(4, ["linkcheck", "--bytes", "256K", "-n", "5", "-w", "1", "-J", path])
    # Oversubscribed ranks on 2 cores are noisy: a flagged link (exit 1) is possible here.
    expect(code in (0, 1), f"exit code {code}: {err}")
    report = load(path, h.schema)
    expect(report["outcome"]["status"] == "complete", f"outcome {report['outcome']}")
    links = report["links"]
    pairs = [(link["from_ranks"][0], link["to_ranks"][0]) for link in links]
    expected = [(a, b) for a in range(4) for b in range(4) if a != b]
    expect(sorted(pairs) == expected, f"links {sorted(pairs)}, expected every ordered pair {expected}")
    expect(all(link["scope"] == "intra-host" for link in links), "a link between hosts on one host")
    rounds = {}
    for link in links:
        rounds.setdefault(link["round"], set()).update({link["from_ranks"][0], link["to_ranks"][0]})
    expect(sorted(rounds) == [0, 1, 2], f"rounds {sorted(rounds)}")
    expect(all(len(ranks) == 4 for ranks in rounds.values()), "a round without every rank exactly once")
    for link in links:
        expect(link["bandwidth"] > 0 and link["latency_s"] > 0, f"link {link}")
    expect((code == 1) == bool(report["outliers"] or report["suspects"]), "exit code disagrees with the outliers")
    expect(out.count("Outliers:") == 1, "rank 0's conclusion missing or printed more than once")


@case
def fabric_measured_np2(h):
    """Two local ranks: the intra-host tier fitted per regime with uncertainties; the file loads
    back. Without --accept-poor-fit the fit is written or refused as promised, whichever this
    machine's times give: a busy machine's shared-memory times can scatter beyond the bound."""
    path = h.path("fabric.json")
    arguments = ["fabric", "-b", "8", "-e", "8M", "-f", "4", "-n", "10", "-w", "2", "-J", path]
    code, out, err, _ = h.run(2, arguments)
    refusals = [line for line in err.splitlines() if line.startswith("commbench:")]
    if code == 0:
        expect(not refusals and os.path.exists(path), f"exit 0 with {refusals}, file written {os.path.exists(path)}")
        os.remove(path)
    else:
        # A tier beyond the bound: one line naming it, the regime and the way out; nothing written.
        expect(code == 1, f"exit code {code}: {err}")
        expect(len(refusals) == 1 and "tier intra-host not written: the line misses the" in refusals[0] and
               "beyond the bound of 25.0%" in refusals[0] and "--accept-poor-fit" in refusals[0], f"{refusals}")
        expect(not os.path.exists(path), "a refused tier was written")
    out, _ = h.run_ok(2, arguments + ["--accept-poor-fit"])
    fabric = load(path)
    expect(fabric["kind"] == "fabric", f"kind {fabric['kind']}")
    expect([tier["name"] for tier in fabric["tiers"]] == ["intra-host"], f"tiers {fabric['tiers']}")
    tier = fabric["tiers"][0]
    members = tier["members"]["value"] if isinstance(tier["members"], dict) else tier["members"]
    expect(members == 2, f"members {tier['members']}")
    for quantity in ("link_bandwidth", "latency"):
        figure = tier[quantity]
        expect(isinstance(figure, dict) and figure["value"] > 0 and figure["uncertainty"] >= 0 and
               "measured by commbench fabric" in figure["source"], f"{quantity}: {figure}")
    # Which sizes decided which parameter: the three smallest and the three largest (-f 4).
    source = tier["link_bandwidth"]["source"]
    expect("alpha = the median of t - n/B over 8 B to 128 B (3 points)" in source and
           "slope over 524288 B to 8388608 B (3 points)" in source, f"source {source}")
    sizes = sorted({point["bytes"] for point in fabric["measurements"]})
    expect(sizes == [8 * 4 ** k for k in range(11) if 8 * 4 ** k <= 8 << 20], f"measured sizes {sizes}")
    expect("+-" in out, "the fit's uncertainty is not printed")
    # What `commbench fabric` writes, `commbench fabric --fabric` reads back.
    out, _ = h.run_ok(1, ["fabric", "--fabric", path])
    expect("intra-host" in out, "the reloaded fabric is not described")


@case
def fabric_preset_dgx_h100(h):
    """`fabric --preset dgx-h100 --nodes 16`: printed once, written with 16 nodes of 8 GPUs."""
    path = h.path("dgx.json")
    out, _ = h.run_ok(2, ["fabric", "--preset", "dgx-h100", "--nodes", "16", "-J", path])
    fabric = load(path)
    members = [tier["members"]["value"] if isinstance(tier["members"], dict) else tier["members"]
               for tier in fabric["tiers"]]
    expect(members == [8, 16], f"members per tier {members}")
    expect(out.count("128") >= 1, "the summary does not give the 128 ranks")
    expect(out.count("# Fabric written to") == 1, "written more than once, or not said")
    # Without -J the fabric's JSON is printed after the summary.
    out, _ = h.run_ok(1, ["fabric", "--preset", "cpu-cluster"])
    expect('"kind": "fabric"' in out, "no JSON printed without -J")


@case
def one_rank_is_refused(h):
    """Measuring a fabric or checking links needs two ranks: one rank gets exit 2, one line, no file."""
    for command in ("fabric", "linkcheck"):
        code, out, err, _ = h.run(1, [command, "-J", h.path("none.json")])
        expect(code == 2, f"{command}: exit code {code}")
        lines = [line for line in err.splitlines() if line.startswith("commbench:")]
        expect(len(lines) == 1 and "at least 2 ranks" in lines[0], f"{command}: stderr {err}")
        expect(not os.path.exists(h.path("none.json")), f"{command}: a file was written")


if __name__ == "__main__":
    sys.exit(driver_main(CASES))

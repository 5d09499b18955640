#!/usr/bin/env python3
"""A large collectives report that the strict loader accepts, for the scale test
(report_cases.py, report_of_100000_rows_np2) and the benchmark in docs/PERFORMANCE.md
(scripts/benchmark-reports.sh).

    big_report.py ROWS OUT.json [--indent] [--duplicate I,J]

The rows are those of a real report (tests/data/reports/collectives-cluster-a.json, 67 rows
with predictions), replicated with other sizes and element types so that every row is a
distinct case (the key compare matches on) and every figure agrees with the others as the
loader checks (reports/load/report_consistency.cpp): count = bytes / the dtype's size,
alg_bw = bytes / time_s, bus_bw = alg_bw x factor, the prediction's bus_bw from its time, and
the summary what the rows add up to. Compact JSON by default (fast to write and read);
--indent writes it the way commbench does (2 spaces, as json.dumps(indent=2)). --duplicate I,J
makes row J a copy of row I (for the duplicate-row refusal).
"""

import json
import os
import sys

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "reports",
                      "collectives-cluster-a.json")
DTYPE_SIZES = [("float32", 4), ("float64", 8), ("int32", 4), ("float16", 2), ("bfloat16", 2), ("int64", 8)]
VARYING = ["dtype", "bytes", "count", "alg_bw", "bus_bw"]


def row_specs(base, rows, duplicate):
    """(base row index, dtype, element size, bytes) of each row: distinct cases."""
    specs, seen, step = [], set(), 0
    while len(specs) < rows:
        dtype, size = DTYPE_SIZES[step % len(DTYPE_SIZES)]
        extra = 8 * (step // len(DTYPE_SIZES))  # a multiple of every element size
        step += 1
        for index, row in enumerate(base):
            if len(specs) == rows:
                break
            nbytes = row["bytes"] + extra
            key = (row["collective"], row["algorithm"], dtype, row["op"], row["root"], row["placement"], nbytes,
                   row["ranks"])
            if key not in seen:
                seen.add(key)
                specs.append((index, dtype, size, nbytes))
    if duplicate is not None:
        specs[duplicate[1]] = specs[duplicate[0]]
    return specs


def figures(row, size, nbytes):
    """The varying fields of a row of nbytes, from its base row."""
    alg_bw = nbytes / row["time_s"] if row["time_s"] > 0 else 0.0
    values = {"bytes": nbytes, "count": nbytes // size, "alg_bw": alg_bw, "bus_bw": alg_bw * row["bus_bw_factor"]}
    p = row.get("prediction")
    if p and p["time_s"] > 0:
        values["prediction_bus_bw"] = nbytes * row["bus_bw_factor"] / p["time_s"]
    return values


def summary(document, base, specs):
    """The summary the rows add up to (bus_bw summed in row order, as the loader sums)."""
    minimum = document["config"]["avg_min_bytes"]
    result = {"cases": len(specs), "failed_cases": 0, "skipped_cases": 0, "timed_out_cases": 0, "wrong_total": 0}
    total, large = 0.0, 0
    for index, dtype, size, nbytes in specs:
        row = base[index]
        result["wrong_total"] += row["wrong"]
        for status in ("failed", "skipped", "timed_out"):
            result[status + "_cases"] += row["status"] == status
        if row["status"] == "ok" and nbytes >= minimum:
            total += figures(row, size, nbytes)["bus_bw"]
            large += 1
    if not large:  # no ok row reaches the threshold: every ok row is averaged (result.cpp)
        minimum = 0
        for index, dtype, size, nbytes in specs:
            if base[index]["status"] == "ok":
                total += figures(base[index], size, nbytes)["bus_bw"]
                large += 1
    result["avg_bus_bw_min_bytes"] = minimum
    result["avg_bus_bw_rows"] = large
    result["avg_bus_bw"] = total / large if large else 0.0
    return result


def indented_text(document, base, specs):
    results = []
    for index, dtype, size, nbytes in specs:
        r = dict(base[index], dtype=dtype)
        values = figures(base[index], size, nbytes)
        for k in ("bytes", "count", "alg_bw", "bus_bw"):
            r[k] = values[k]
        if "prediction_bus_bw" in values:
            r["prediction"] = dict(r["prediction"], bus_bw=values["prediction_bus_bw"])
        results.append(r)
    return json.dumps(dict(document, results=results), indent=2)


def compact_text(document, base, specs):
    """Compact JSON, written fast: each base row is serialised once as a template with markers where
    the varying fields go, and only those are formatted per row (json.dumps of 10^5 whole rows takes
    several times longer)."""
    before, after = json.dumps(dict(document, results=["@@rows@@"]), separators=(",", ":")).split('"@@rows@@"')
    templates = []
    for row in base:
        marked = dict(row, **{k: f"@@{k}@@" for k in VARYING})
        if row.get("prediction") and row["prediction"]["time_s"] > 0:
            marked["prediction"] = dict(row["prediction"], bus_bw="@@prediction_bus_bw@@")
        text = json.dumps(marked, separators=(",", ":"))
        order = sorted((text.index(f'"@@{k}@@"'), k) for k in VARYING + ["prediction_bus_bw"] if f'"@@{k}@@"' in text)
        pieces, at = [], 0
        for position, k in order:
            pieces.append(text[at:position])
            at = position + len(f'"@@{k}@@"')
        pieces.append(text[at:])
        templates.append((pieces, [k for _, k in order]))
    parts = []
    for index, dtype, size, nbytes in specs:
        pieces, order = templates[index]
        values = figures(base[index], size, nbytes)
        values["dtype"] = f'"{dtype}"'
        out = [pieces[0]]
        for i, k in enumerate(order):
            value = values[k]
            out.append(value if isinstance(value, str) else repr(value))
            out.append(pieces[i + 1])
        parts.append("".join(out))
    return before + ",".join(parts) + after


def big_report_text(rows, indent=False, duplicate=None, source=SOURCE):
    with open(source) as file:
        document = json.load(file)
    base = document["results"]
    specs = row_specs(base, rows, duplicate)
    document["summary"] = summary(document, base, specs)
    return indented_text(document, base, specs) if indent else compact_text(document, base, specs)


def big_collectives_report(rows, duplicate=None):
    return json.loads(big_report_text(rows, duplicate=duplicate))


def write_big_report(path, rows, indent=False, duplicate=None):
    text = big_report_text(rows, indent, duplicate)
    with open(path, "w") as out:  # one write: json.dump writes piece by piece, far slower
        out.write(text)


def main():
    arguments = sys.argv[1:]
    indent = "--indent" in arguments
    duplicate = None
    if "--duplicate" in arguments:
        at = arguments.index("--duplicate")
        duplicate = tuple(int(i) for i in arguments[at + 1].split(","))
        del arguments[at:at + 2]
    arguments = [a for a in arguments if a != "--indent"]
    if len(arguments) != 2:
        sys.exit(__doc__)
    write_big_report(arguments[1], int(arguments[0]), indent, duplicate)


if __name__ == "__main__":
    main()

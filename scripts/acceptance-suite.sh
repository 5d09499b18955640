#!/usr/bin/env bash
# The acceptance suite in one job: the collectives, linkcheck and the scaling analysis
# measured on the cluster, the HTML and Markdown reports and the Prometheus metrics rendered,
# and the acceptance gate applied (JUnit XML for CI). The launcher wrappers call it:
# scripts/acceptance-mpirun.sh (mpirun) and scripts/acceptance-slurm.sbatch (Slurm).
#
# Exit code, fail closed (nothing passes by omission):
#   0  every measurement and every rendering step succeeded and every check of the gate passed
#   1  a check failed, or a measurement or a rendering step failed (wrong elements, a flagged
#      link, a timeout, a rank killed, a launcher that could not start the ranks): the job is
#      not accepted even when the spec has no check that looks at what failed
#   2  bad input: this script's options, a spec the gate refuses, a measurement that refused
#      its command line; it wins over 1, because then the cluster was not judged as asked
# A measurement that ends early still leaves its report, marked partial, and the gate's
# report status check fails it; one that left no report fails the checks that needed it.
set -uo pipefail

usage() {
  cat <<USAGE
Usage: $(basename "$0") --launch "LAUNCHER" --spec SPEC.json [options]

  --launch "CMD"      how to start the ranks, e.g. "mpirun -np 16 -npernode 8" or "srun";
                      parsed as shell words, so quote a path with spaces inside it
  --launch-one "CMD"  how to start the one-rank steps (report, gate); default: run directly
  --spec FILE         acceptance spec (docs/GATE.md)
  --out DIR           where the reports go (default: acceptance-YYYYmmdd-HHMMSS); every
                      node must see it at the same path when rank 0 runs on another node
  --bin FILE          the commbench binary (default: build/bin/commbench)
  --backend NAME      mpi or nccl (default: mpi)
  --max-bytes SIZE    largest collective size (default: 8G with nccl, 32M with mpi)
  --iters N           timed iterations per collective case (default: 100, enough samples
                      for a p99)
  --fabric F          fabric file or preset for the model's predictions (needed by
                      busbw checks given as a fraction of the model)
  --workload W        workload of the scaling analysis (default: llama2-70b)
  --global-batch N    its global batch (default: 1024)
  --linkcheck-args "ARGS"  more options for linkcheck, shell words, e.g.
                      "--bytes 64M --outlier-fraction 0.7"
  --no-linkcheck      leave linkcheck out (one host)
  --no-scaling        leave the scaling analysis out
USAGE
}

# Every option with a value: one missing at the end of the line is bad input (exit 2), not
# an "unbound variable" from set -u.
require_value() {
  if [ "$2" -lt 2 ]; then
    echo "acceptance-suite: $1 needs a value (see --help)" >&2
    exit 2
  fi
}

launch="" launch_one="" spec="" out="" bin="build/bin/commbench" backend="mpi" max_bytes="" fabric=""
workload="llama2-70b" global_batch="1024" linkcheck=1 scaling=1 iters=100 linkcheck_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --launch|--launch-one|--spec|--out|--bin|--backend|--max-bytes|--iters|--fabric|--workload|\
    --global-batch|--linkcheck-args)
      require_value "$1" $#
      case "$1" in
        --launch) launch=$2 ;;
        --launch-one) launch_one=$2 ;;
        --spec) spec=$2 ;;
        --out) out=$2 ;;
        --bin) bin=$2 ;;
        --backend) backend=$2 ;;
        --max-bytes) max_bytes=$2 ;;
        --iters) iters=$2 ;;
        --fabric) fabric=$2 ;;
        --workload) workload=$2 ;;
        --global-batch) global_batch=$2 ;;
        --linkcheck-args) linkcheck_args=$2 ;;
      esac
      shift 2 ;;
    --no-linkcheck) linkcheck=0; shift ;;
    --no-scaling) scaling=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "acceptance-suite: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$launch" ] || [ -z "$spec" ]; then
  echo "acceptance-suite: --launch and --spec are required (see --help)" >&2
  exit 2
fi
if [ ! -f "$spec" ]; then echo "acceptance-suite: --spec: '$spec' is not a file" >&2; exit 2; fi
# A bare name is looked up in PATH, as the launcher would.
case "$bin" in */*) ;; *) bin=$(command -v "$bin" || echo "$bin") ;; esac
if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
  echo "acceptance-suite: --bin: '$bin' is not an executable (build first)" >&2
  exit 2
fi

# The launchers are command lines given as one string: split them into words as the shell
# would (quotes kept), so that a hostfile or a binary under a path with spaces still works.
launch_cmd=() launch_one_cmd=() linkcheck_extra=()
if ! eval "launch_cmd=($launch) launch_one_cmd=($launch_one) linkcheck_extra=($linkcheck_args)"; then
  echo "acceptance-suite: --launch, --launch-one or --linkcheck-args is not a valid shell command line" >&2
  exit 2
fi

if [ -z "$max_bytes" ]; then
  if [ "$backend" = nccl ]; then max_bytes=8G; else max_bytes=32M; fi
fi
[ -n "$out" ] || out="acceptance-$(date +%Y%m%d-%H%M%S)"
mkdir -p -- "$out" || exit 2
# Absolute paths: ranks on other nodes may start in another directory.
out=$(cd -- "$out" && pwd) || exit 2
bin=$(cd -- "$(dirname -- "$bin")" && pwd)/$(basename -- "$bin")
spec=$(cd -- "$(dirname -- "$spec")" && pwd)/$(basename -- "$spec")

# No file the suite writes into --out may be one of its inputs, directly or through a link
# (test -ef: the same device and inode), or the steps would overwrite it; a file not there
# yet cannot be one. A fabric or workload that names a preset is no file and is skipped.
inputs=(--spec "$spec" --bin "$bin")
[ -n "$fabric" ] && inputs+=(--fabric "$fabric" --fabric "${fabric%:*}")
inputs+=(--workload "$workload")
for output in collectives.json linkcheck.json scaling.json report.html report.md commbench.prom gate.xml; do
  for ((i = 0; i < ${#inputs[@]}; i += 2)); do
    input=${inputs[i + 1]}
    if [ -e "$out/$output" ] && [ -e "$input" ] && [ "$out/$output" -ef "$input" ]; then
      echo "acceptance-suite: --out: '$out/$output', which the suite writes, is the same file as ${inputs[i]}" \
        "'$input' (accepted: an --out directory whose files are none of the inputs)" >&2
      exit 2
    fi
  done
done

bad_input=0  # a step refused its input (exit 2)
failed=0     # a measurement or a rendering step failed otherwise

# Remembers how a step ended: 2 is bad input; anything else but 0 (wrong elements, a flagged
# link, a timeout, a signal, a launcher that could not start) is a failure.
note_exit() {
  local name=$1 code=$2 started=$3
  echo "== $name: exit $code after $((SECONDS - started)) s" >&2
  if [ "$code" -eq 2 ]; then
    bad_input=1
  elif [ "$code" -ne 0 ]; then
    failed=1
  fi
}

# Runs one measurement on every rank. ${a[@]+"${a[@]}"} expands an empty array to nothing
# under set -u also in bash before 4.4 (still the system shell of some clusters).
measure() {
  local name=$1 started=$SECONDS
  shift
  # Quoted (%q) so that the line can be pasted into a shell to run the step again.
  local line
  line=$(printf '%q ' ${launch_cmd[@]+"${launch_cmd[@]}"} "$bin" "$@")
  echo "== $name: ${line% }" >&2
  ${launch_cmd[@]+"${launch_cmd[@]}"} "$bin" "$@"
  note_exit "$name" $? "$started"
}

# Renders one output on a single rank.
render() {
  local name=$1 started=$SECONDS
  shift
  ${launch_one_cmd[@]+"${launch_one_cmd[@]}"} "$bin" "$@"
  note_exit "$name" $? "$started"
}

model=()
[ -n "$fabric" ] && model=(--fabric "$fabric")
measure collectives all -b 8 -e "$max_bytes" -f 2 -n "$iters" --backend "$backend" ${model[@]+"${model[@]}"} \
  -J "$out/collectives.json"
if [ "$linkcheck" -eq 1 ]; then
  measure linkcheck linkcheck ${linkcheck_extra[@]+"${linkcheck_extra[@]}"} -J "$out/linkcheck.json"
fi
if [ "$scaling" -eq 1 ]; then
  measure scaling scaling --backend "$backend" --workload "$workload" --global-batch "$global_batch" \
    ${model[@]+"${model[@]}"} -J "$out/scaling.json"
fi

reports=()
for name in collectives linkcheck scaling; do
  [ -f "$out/$name.json" ] && reports+=("$out/$name.json")
done
if [ ${#reports[@]} -eq 0 ]; then
  echo "acceptance-suite: no measurement left a report in $out" >&2
  [ "$bad_input" -eq 1 ] && exit 2
  exit 1
fi

for output in report.html report.md; do
  render "$output" report "${reports[@]}" -o "$out/$output"
done
render commbench.prom report "${reports[@]}" --spec "$spec" -o "$out/commbench.prom"
${launch_one_cmd[@]+"${launch_one_cmd[@]}"} "$bin" gate --spec "$spec" "${reports[@]}" --junit "$out/gate.xml"
gate=$?
echo "== gate: exit $gate; reports, charts and gate.xml in $out" >&2

if [ "$gate" -eq 2 ] || [ "$bad_input" -eq 1 ]; then exit 2; fi
if [ "$gate" -ne 0 ] || [ "$failed" -eq 1 ]; then
  [ "$gate" -eq 0 ] && echo "acceptance-suite: the gate passed, but a step above failed: not accepted" >&2
  exit 1
fi
exit 0

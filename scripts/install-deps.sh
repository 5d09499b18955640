#!/usr/bin/env bash
# Installs what commbench needs to build and test, from Debian/Ubuntu packages, and only
# what is missing: quiet and quick when everything is already there. Safe to run again.
set -euo pipefail

packages=(
  cmake g++ make
  ccache                       # compiler cache: a rebuild from scratch recompiles only what changed
                               # (cmake/CommbenchCompilerCache.cmake says why it is safe)
  openmpi-bin libopenmpi-dev   # MPI: the launcher and the library commbench links
  nlohmann-json3-dev           # JSON reports
  libcli11-dev                 # command line
  libhwloc-dev pkg-config      # topology discovery: CPUs, NUMA nodes, bindings
  libgtest-dev                 # unit tests
  python3 python3-jsonschema   # integration tests: report checks against docs/report.schema.json
  iproute2 util-linux procps   # emulated cluster tests: ip netns, tc tbf, unshare/nsenter, pgrep
  clang libclang-rt-14-dev     # the sanitizer build: unit tests and fuzzing (libFuzzer) of the loaders
  chromium chromium-driver     # browser test of the HTML report (tests/browser)
  fonts-liberation             # its text in the screenshot: without it Chromium falls back to whatever is there
  slurmctld slurmd slurm-client  # Slurm template test on a one-node Slurm (tests/scripts/slurm_acceptance.sh)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and no root rights to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

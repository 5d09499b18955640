#!/usr/bin/env python3
"""Configure-time tests for COMMBENCH_WITH_NCCL (cmake/CommbenchDependencies.cmake).

Each case runs the real project's configure step (cmake -S SOURCE -B DIR, tests off to keep
it fast) in a fresh directory and checks the outcome: whether it succeeded, what it said,
what build_config.hpp defines and what the cache holds. The expected messages are written
out here by hand, not taken from the CMake code under test.

How a dependency is made missing on a machine that has it:
- CMAKE_DISABLE_FIND_PACKAGE_<Package>=TRUE, CMake's documented switch that makes
  find_package(<Package>) find nothing: the project sees exactly what it sees where the
  package is not installed, wherever this machine keeps it.
- auto_none_installed also makes FindNCCL's own search come back empty: CMAKE_IGNORE_PATH
  (which, unlike CMAKE_IGNORE_PREFIX_PATH, also filters HINTS) lists the directories under
  the CUDA roots FindNCCL knows, NCCL_HOME and CUDAToolkit_ROOT point at an empty directory,
  and nvcc is taken off PATH. Where CUDA or NCCL sit in a system directory that cannot be
  hidden that way, the case is skipped.

auto_found and nccl_home_first need to know what this machine has: with
/usr/local/cuda/include/nccl.h and /usr/local/cuda/bin/nvcc, auto_found expects the NCCL
backend (with the version read from that nccl.h); with neither nvcc nor nccl.h anywhere it
expects "NCCL backend not built"; anything in between (a partial or scattered install) is
skipped (exit 77), as is nccl_home_first without CUDA.

    configure_cases.py --list
    configure_cases.py CASE --source DIR --workdir DIR [--cmake PATH] [--cxx-compiler PATH]
"""

import glob
import os
import re
import subprocess
import sys

# The command line every test driver shares (standard library only, like this driver).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from driver_command_line import fresh_directory, parse_command_line, run_and_report  # noqa: E402

CUDA_ROOT = "/usr/local/cuda"
NCCL_HINT = "set NCCL_HOME to the directory holding include/nccl.h and lib/libnccl.so"
CUDA_HINT = "set CUDAToolkit_ROOT to its directory"

CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class Configured:
    """One configure run: its exit status, its output and what it generated."""

    def __init__(self, build_dir, returncode, output):
        self.build_dir = build_dir
        self.returncode = returncode
        self.output = output

    def build_config(self):
        with open(os.path.join(self.build_dir, "generated", "build_config.hpp")) as file:
            return file.read()

    def cache(self):
        with open(os.path.join(self.build_dir, "CMakeCache.txt")) as file:
            return file.read()

    def expect_succeeded(self):
        expect(self.returncode == 0, f"configure failed (exit {self.returncode}):\n{self.output}")

    def expect_failed(self):
        expect(self.returncode != 0, f"configure succeeded but should have failed:\n{self.output}")

    def expect_said(self, text):
        # CMake wraps long FATAL_ERROR messages; join the lines before looking.
        flat = " ".join(self.output.split())
        expect(" ".join(text.split()) in flat, f"output does not say '{text}':\n{self.output}")

    def expect_have_nccl(self, value):
        line = f"#define COMMBENCH_HAVE_NCCL {value}"
        expect(re.search(rf"^{re.escape(line)}$", self.build_config(), re.M),
               f"build_config.hpp lacks '{line}':\n{self.build_config()}")


class Harness:
    def __init__(self, options):
        self.options = options
        self.workdir = fresh_directory(os.path.abspath(options.workdir))

    def empty_dir(self, name):
        path = os.path.join(self.workdir, name)
        os.makedirs(path, exist_ok=True)
        return path

    def configure(self, *definitions, env=None):
        build_dir = os.path.join(self.workdir, "build")
        command = [self.options.cmake, "-S", self.options.source, "-B", build_dir, "-DCOMMBENCH_BUILD_TESTS=OFF"]
        if self.options.cxx_compiler:
            command.append(f"-DCMAKE_CXX_COMPILER={self.options.cxx_compiler}")
        command += [f"-D{definition}" for definition in definitions]
        result = subprocess.run(command, env=env if env is not None else dict(os.environ), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=120)
        with open(os.path.join(self.workdir, "configure.log"), "w") as log:
            log.write(" ".join(command) + "\n" + result.stdout)
        return Configured(build_dir, result.returncode, result.stdout)


def nccl_version(header):
    with open(header) as file:
        text = file.read()
    parts = [re.search(rf"^#define NCCL_{part} (\d+)", text, re.M) for part in ("MAJOR", "MINOR", "PATCH")]
    if not all(parts):
        raise Skip(f"cannot read the NCCL version from {header}")
    return ".".join(match.group(1) for match in parts)


def nvcc_on_path(path):
    return [d for d in path.split(os.pathsep) if d and os.access(os.path.join(d, "nvcc"), os.X_OK)]


def cuda_and_nccl_in_cuda_root():
    return os.path.isfile(f"{CUDA_ROOT}/include/nccl.h") and os.access(f"{CUDA_ROOT}/bin/nvcc", os.X_OK)


@case
def off(h):
    run = h.configure("COMMBENCH_WITH_NCCL=OFF")
    run.expect_succeeded()
    run.expect_said("commbench: NCCL backend disabled (COMMBENCH_WITH_NCCL=OFF)")
    run.expect_have_nccl(0)
    # OFF never looks: no search for NCCL or the CUDA Toolkit left anything in the cache.
    looked = re.findall(r"^(NCCL_\w+|CUDAToolkit_\w+|CUDA_CUDART|CMAKE_CUDA_\w+)[:=]", run.cache(), re.M)
    expect(not looked, f"OFF looked for CUDA/NCCL: the cache holds {sorted(set(looked))}")


@case
def off_lower_case(h):
    # The option is read case-insensitively, as cmake's own booleans are.
    run = h.configure("COMMBENCH_WITH_NCCL=off")
    run.expect_succeeded()
    run.expect_said("NCCL backend disabled")
    run.expect_have_nccl(0)


@case
def on_without_nccl(h):
    run = h.configure("COMMBENCH_WITH_NCCL=ON", "CMAKE_DISABLE_FIND_PACKAGE_NCCL=TRUE")
    run.expect_failed()
    run.expect_said("COMMBENCH_WITH_NCCL=ON but")
    run.expect_said(f"NCCL ({NCCL_HINT}) could not be found")
    run.expect_said("use COMMBENCH_WITH_NCCL=AUTO or OFF to build the MPI backend only")


@case
def on_without_cuda(h):
    run = h.configure("COMMBENCH_WITH_NCCL=ON", "CMAKE_DISABLE_FIND_PACKAGE_CUDAToolkit=TRUE")
    run.expect_failed()
    run.expect_said("COMMBENCH_WITH_NCCL=ON but the CUDA Toolkit")
    run.expect_said(CUDA_HINT)
    run.expect_said("could not be found")


@case
def auto_found(h):
    if cuda_and_nccl_in_cuda_root():
        version = nccl_version(f"{CUDA_ROOT}/include/nccl.h")
        run = h.configure("COMMBENCH_WITH_NCCL=AUTO")
        run.expect_succeeded()
        run.expect_said(f"commbench: building the NCCL backend: NCCL {version} (")
        run.expect_have_nccl(1)
        return
    system_headers = [p for p in (f"{CUDA_ROOT}/include/nccl.h", "/usr/include/nccl.h") if os.path.exists(p)]
    nvcc = nvcc_on_path(os.environ.get("PATH", "")) + nvcc_on_path(f"{CUDA_ROOT}/bin")
    if system_headers or nvcc:
        raise Skip(f"a partial CUDA/NCCL install (nccl.h: {system_headers}, nvcc: {nvcc}); "
                   f"this case expects both under {CUDA_ROOT} or neither anywhere")
    run = h.configure("COMMBENCH_WITH_NCCL=AUTO")
    run.expect_succeeded()
    run.expect_said("commbench: NCCL backend not built:")
    run.expect_have_nccl(0)


@case
def auto_without_nccl(h):
    run = h.configure("COMMBENCH_WITH_NCCL=AUTO", "CMAKE_DISABLE_FIND_PACKAGE_NCCL=TRUE")
    run.expect_succeeded()
    run.expect_said("commbench: NCCL backend not built:")
    run.expect_said(f"NCCL ({NCCL_HINT}) not found; building the MPI backend only")
    run.expect_have_nccl(0)


@case
def auto_without_cuda(h):
    run = h.configure("COMMBENCH_WITH_NCCL=AUTO", "CMAKE_DISABLE_FIND_PACKAGE_CUDAToolkit=TRUE")
    run.expect_succeeded()
    run.expect_said("commbench: NCCL backend not built: the CUDA Toolkit")
    run.expect_said(CUDA_HINT)
    run.expect_have_nccl(0)


@case
def auto_none_installed(h):
    # A machine without CUDA or NCCL, made by hiding them: FindNCCL really searches and finds
    # nothing, rather than being switched off.
    roots = {CUDA_ROOT, os.path.realpath(CUDA_ROOT), *glob.glob(f"{CUDA_ROOT}-*")}
    roots |= {os.environ[name] for name in ("CUDA_HOME", "CUDA_PATH", "NCCL_HOME", "CUDAToolkit_ROOT")
              if os.environ.get(name)}
    hidden = set()
    for root in roots:
        for sub in ("bin", "include", "lib", "lib64", "lib/x86_64-linux-gnu"):
            hidden.add(os.path.join(root, sub))
        hidden |= set(glob.glob(os.path.join(root, "targets", "*", "include")))
        hidden |= set(glob.glob(os.path.join(root, "targets", "*", "lib")))
    env = {name: value for name, value in os.environ.items()
           if name not in ("CUDA_HOME", "CUDA_PATH", "NCCL_HOME", "CUDAToolkit_ROOT", "CUDACXX")}
    # A directory of wrappers (e.g. /usr/local/bin/nvcc running the toolkit's) is hidden too,
    # from PATH and from find_program; /usr/bin cannot be, since MPI and the compiler live there.
    path_dirs = [d for d in env.get("PATH", "").split(os.pathsep) if d]
    hidden |= {d for d in path_dirs + ["/usr/local/bin"] if nvcc_on_path(d) and d != "/usr/bin"}
    env["PATH"] = os.pathsep.join(d for d in path_dirs if d not in hidden)
    in_system = [p for p in ("/usr/bin/nvcc", "/usr/include/nccl.h", "/usr/local/include/nccl.h")
                 if os.path.exists(p)]
    in_system += glob.glob("/usr/lib/*/libnccl.so*") + glob.glob("/usr/lib/libnccl.so*")
    if in_system:
        raise Skip(f"CUDA or NCCL sits in system directories that cannot be hidden: {in_system}")
    nowhere = h.empty_dir("nowhere")
    run = h.configure("COMMBENCH_WITH_NCCL=AUTO", f"NCCL_HOME={nowhere}", f"CUDAToolkit_ROOT={nowhere}",
                      "CMAKE_IGNORE_PATH=" + ";".join(sorted(hidden)), env=env)
    run.expect_succeeded()
    run.expect_said("commbench: NCCL backend not built: the CUDA Toolkit")
    run.expect_said(f"and NCCL ({NCCL_HINT}) not found")
    run.expect_have_nccl(0)
    expect(re.search(r"^NCCL_INCLUDE_DIR:PATH=NCCL_INCLUDE_DIR-NOTFOUND$", run.cache(), re.M),
           "FindNCCL found an nccl.h although every place it searches was hidden")


@case
def nccl_home_first(h):
    # NCCL_HOME comes before CUDA's own directories, and the version is read from its nccl.h.
    if not nvcc_on_path(os.environ.get("PATH", "") + os.pathsep + f"{CUDA_ROOT}/bin"):
        raise Skip("needs the CUDA Toolkit, which this machine lacks")
    home = h.empty_dir("nccl_home")
    os.makedirs(os.path.join(home, "include"))
    os.makedirs(os.path.join(home, "lib"))
    with open(os.path.join(home, "include", "nccl.h"), "w") as header:
        header.write("#define NCCL_MAJOR 9\n#define NCCL_MINOR 8\n#define NCCL_PATCH 7\n")
    library = os.path.join(home, "lib", "libnccl.so")
    open(library, "w").close()  # configure only finds it; nothing links against it here
    run = h.configure("COMMBENCH_WITH_NCCL=ON", f"NCCL_HOME={home}")
    run.expect_succeeded()
    run.expect_said(f"commbench: building the NCCL backend: NCCL 9.8.7 ({library})")
    run.expect_have_nccl(1)


@case
def invalid_value(h):
    run = h.configure("COMMBENCH_WITH_NCCL=MAYBE")
    run.expect_failed()
    run.expect_said("COMMBENCH_WITH_NCCL=MAYBE: accepted values are AUTO, ON, OFF")


def main(cases=CASES):
    options = parse_command_line(cases, {"--source": None, "--workdir": None, "--cmake": "cmake",
                                         "--cxx-compiler": None})
    return run_and_report(options.case, lambda: cases[options.case](Harness(options)), failures=Failure, skips=Skip)


if __name__ == "__main__":
    sys.exit(main())

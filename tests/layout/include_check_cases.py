#!/usr/bin/env python3
"""The build's include check (cmake/check_module_includes.cmake) refuses what it should.

Runs the check as the build does (cmake -DMODULE=... -DALLOWED=... -DFILES=... -DTOP=...
-P cmake/check_module_includes.cmake) on small files written here, each including headers
of the real source tree, and checks its verdict:
- refused: a file of reports/format (which declares nothing) that includes a header of
  topology/cost: a non-zero exit, and a message naming the file, the include and the module;
- refused: one undeclared include among declared ones, in the second of two files;
- accepted: topology/fabric_files including topology/cost and topology/fabric, which it
  declares, its own folder's header, and headers outside the modules (<vector>,
  build_config.hpp, a path that is no folder of the tree).

    include_check_cases.py --source DIR --cmake PATH --workdir DIR
"""

import argparse
import os
import subprocess
import sys


def run_check(args, module, allowed, files):
    command = [args.cmake, f"-DMODULE={module}", f"-DALLOWED={'|'.join(allowed)}",
               f"-DFILES={'|'.join(files)}", f"-DTOP={args.source}",
               "-P", os.path.join(args.source, "cmake", "check_module_includes.cmake")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def write(workdir, name, includes):
    """A source file of these includes: a bare header is written as `#include HEADER`, a line
    that starts with a space or '#' as it is."""
    path = os.path.join(workdir, name)
    with open(path, "w", encoding="utf-8") as stream:
        for include in includes:
            stream.write(include if include[0] in " #" else f"#include {include}")
            stream.write("\n")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    failures = []

    def expect(case, refused, status, output, words):
        if refused and status == 0:
            failures.append(f"{case}: the check accepted it (exit 0); output:\n{output}")
        elif not refused and status != 0:
            failures.append(f"{case}: the check refused it (exit {status}); output:\n{output}")
        for word in words:
            if word not in output:
                failures.append(f"{case}: the output does not name '{word}'; output:\n{output}")

    undeclared = write(args.workdir, "undeclared_include.cpp",
                       ['"reports/format/number_text.hpp"', '"topology/cost/cost_model.hpp"'])
    # ALLOWED as the build passes it for a module with no DEPENDS and no NCCL_DEPENDS: "|".
    status, output = run_check(args, "reports/format", ["", ""], [undeclared])
    expect("undeclared", True, status, output,
           ["undeclared_include.cpp", "topology/cost/cost_model.hpp", "reports/format",
            "declares: nothing"])
    if "Policy CMP" in output:
        failures.append(f"undeclared: the check warns about a CMake policy; output:\n{output}")

    clean = write(args.workdir, "declared_only.cpp", ['"topology/fabric/fabric.hpp"'])
    second = write(args.workdir, "one_undeclared.hpp",
                   ['"topology/fabric/fabric.hpp"', '  #  include "reports/model/result.hpp"'])
    status, output = run_check(args, "topology/cost", ["reports/format", "topology/fabric"],
                               [clean, second])
    expect("one_undeclared", True, status, output,
           ["one_undeclared.hpp", "reports/model/result.hpp"])
    if "declared_only.cpp" in output:
        failures.append(f"one_undeclared: the output names declared_only.cpp, whose includes are "
                        f"declared; output:\n{output}")

    declared = write(args.workdir, "declared.cpp",
                     ['"topology/cost/cost_model.hpp"', '"topology/fabric/fabric.hpp"',
                      '"topology/fabric_files/fabric_presets.hpp"', "<vector>",
                      '"build_config.hpp"', '"no_such_folder/header.hpp"'])
    status, output = run_check(args, "topology/fabric_files",
                               ["reports/format", "topology/cost", "topology/fabric"], [declared])
    expect("declared", False, status, output, [])

    for failure in failures:
        print(failure)
    if failures:
        return 1
    print("the include check refuses undeclared includes, naming file and include, and accepts "
          "declared ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())

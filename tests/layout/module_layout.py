#!/usr/bin/env python3
"""Holds the module layout (docs/ARCHITECTURE.md, "Modules") to what the READMEs say.

A module is a folder under bench/, collectives/, topology/ or reports/ whose CMakeLists.txt
calls commbench_module(...) (cmake/CommbenchModules.cmake). Every module folder has a
README.md of at most 30 lines with one line that says what it may depend on:

    May depend on: collectives/backend, reports/format
    May depend on: nothing
    May depend on (NCCL builds only): collectives/cuda, collectives/nccl   (optional)

Entries are module folders, comma-separated; `bench/commands/*` stands for every module folder
directly under bench/commands, as `${COMMBENCH_COMMAND_MODULES}` does in a CMakeLists.txt
(bench/CMakeLists.txt finds the command folders). The first line allows what DEPENDS may name; NCCL_DEPENDS may
name what either line allows.

Problems found, one line each, naming the folder:
- a folder under the four top folders that holds sources but is not a module;
- a module folder without README.md, or with one over 30 lines;
- a README without the `May depend on:` line (or with two), or naming a folder that is not a
  module;
- a module whose CMakeLists.txt declares (DEPENDS, NCCL_DEPENDS) a module its README does not
  allow;
- a top folder (bench/, ...) whose README.md does not name each of its module folders;
- docs/ARCHITECTURE.md without a link to each module's README.

    module_layout.py SOURCE_DIR      exit 0 when the layout holds, 1 with the problems
"""

import fnmatch
import os
import re
import sys

TOP_FOLDERS = ("bench", "collectives", "topology", "reports")
SOURCE_SUFFIXES = (".cpp", ".hpp", ".cu", ".cuh")
KEYWORDS = ("SOURCES", "DEPENDS", "NCCL_DEPENDS", "LIBRARIES")
MAX_README_LINES = 30
# The variable bench/CMakeLists.txt sets to every command's module folder.
COMMAND_MODULES_VARIABLE = "${COMMBENCH_COMMAND_MODULES}"
DEPENDS_LINE = re.compile(r"^May depend on: (.*)$")
NCCL_DEPENDS_LINE = re.compile(r"^May depend on \(NCCL builds only\): (.*)$")


def module_declaration(cmake_text):
    """The arguments of commbench_module(...) by keyword, or None when there is no call."""
    text = re.sub(r"#[^\n]*", "", cmake_text)
    start = re.search(r"\bcommbench_module\s*\(", text)
    if not start:
        return None
    depth, end = 1, start.end()
    while end < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        end += 1
    declared = {keyword: [] for keyword in KEYWORDS}
    keyword = None
    for word in text[start.end():end - 1].split():
        if word in KEYWORDS:
            keyword = word
        elif keyword:
            declared[keyword].append(word)
    return declared


def find_modules(top):
    """Every module folder (relative, '/'-separated) with its declaration; and the folders
    that hold sources without being modules."""
    modules, strays = {}, []
    for base in TOP_FOLDERS:
        for folder, dirs, files in os.walk(os.path.join(top, base)):
            dirs.sort()
            relative = os.path.relpath(folder, top).replace(os.sep, "/")
            declared = None
            if "CMakeLists.txt" in files:
                with open(os.path.join(folder, "CMakeLists.txt"), encoding="utf-8") as stream:
                    declared = module_declaration(stream.read())
            if declared is not None:
                modules[relative] = declared
            elif any(name.endswith(SOURCE_SUFFIXES) for name in files):
                strays.append(relative)
    commands = sorted(name for name in modules if re.fullmatch(r"bench/commands/[^/]+", name))
    for declared in modules.values():
        for keyword in ("DEPENDS", "NCCL_DEPENDS"):
            names = declared[keyword]
            if COMMAND_MODULES_VARIABLE in names:
                names.remove(COMMAND_MODULES_VARIABLE)
                names.extend(commands)
    return modules, strays


def allowed_entries(module, line, modules, problems):
    """The module folders one `May depend on` line allows."""
    entries = [entry.strip() for entry in line.split(",")]
    if entries == ["nothing"]:
        return set()
    allowed = set()
    for entry in entries:
        matched = {name for name in modules if fnmatch.fnmatchcase(name, entry)
                   and (not entry.endswith("/*") or "/" not in name[len(entry) - 1:])}
        if not entry or not matched:
            problems.append(f"{module}: README.md allows '{entry}', which is not a module folder "
                            f"(write module folders, comma-separated, or 'nothing')")
        allowed |= matched
    return allowed


def check_module(top, module, declared, modules, problems):
    path = os.path.join(top, module, "README.md")
    if not os.path.isfile(path):
        problems.append(f"{module}: no README.md (what the module is, 'May depend on: ...', "
                        f"its entry points)")
        return
    with open(path, encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    if len(lines) > MAX_README_LINES:
        problems.append(f"{module}: README.md has {len(lines)} lines, more than {MAX_README_LINES}")
    depends = [m.group(1) for m in map(DEPENDS_LINE.match, lines) if m]
    nccl_depends = [m.group(1) for m in map(NCCL_DEPENDS_LINE.match, lines) if m]
    if len(depends) != 1:
        problems.append(f"{module}: README.md has {len(depends)} lines 'May depend on: ...' "
                        f"where it needs exactly one")
        return
    if len(nccl_depends) > 1:
        problems.append(f"{module}: README.md has {len(nccl_depends)} lines "
                        f"'May depend on (NCCL builds only): ...' where it may have one")
    allowed = allowed_entries(module, depends[0], modules, problems)
    allowed_with_nccl = set(allowed)
    for line in nccl_depends:
        allowed_with_nccl |= allowed_entries(module, line, modules, problems)
    for dependency in declared["DEPENDS"]:
        if dependency not in allowed:
            problems.append(f"{module}: CMakeLists.txt DEPENDS {dependency}, which README.md does "
                            f"not allow (May depend on: {depends[0]})")
    for dependency in declared["NCCL_DEPENDS"]:
        if dependency not in allowed_with_nccl:
            problems.append(f"{module}: CMakeLists.txt NCCL_DEPENDS {dependency}, which README.md "
                            f"does not allow")


def check_maps(top, modules, problems):
    """The top folders' READMEs and docs/ARCHITECTURE.md name every module."""
    for base in TOP_FOLDERS:
        path = os.path.join(top, base, "README.md")
        if not os.path.isfile(path):
            problems.append(f"{base}: no README.md mapping its module folders")
            continue
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        for module in sorted(name for name in modules if name.startswith(base + "/")):
            if f"{module[len(base) + 1:]}/README.md" not in text:
                problems.append(f"{base}: README.md does not link {module[len(base) + 1:]}/README.md")
    path = os.path.join(top, "docs", "ARCHITECTURE.md")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        for module in sorted(modules):
            if f"../{module}/README.md" not in text:
                problems.append(f"docs/ARCHITECTURE.md: no link to ../{module}/README.md")
        check_dependency_table(text, modules, problems)


def table_dependencies(cell):
    """The modules a row of ARCHITECTURE.md's dependency table names, in its short form:
    groups split by ';', each 'top/a, b, c' (b and c under the same top folder), NCCL-only ones
    in '(+ x, y in NCCL builds)'; 'nothing' for none."""
    names = set()
    for group in cell.split(";"):
        top = None
        for item in re.split(r"[,(]", group.replace("in NCCL builds)", "")):
            item = item.strip().lstrip("+").strip()
            if not item or item == "nothing":
                continue
            if "/" in item:
                top = item.split("/")[0]
                names.add(item)
            elif top:
                names.add(f"{top}/{item}")
    return names


def check_dependency_table(text, modules, problems):
    """Each row of the table that lists a module's dependencies by name lists exactly what its
    CMakeLists.txt declares, so that the map stays true to the build."""
    for row in re.finditer(r"^\| \[([a-z_/]+)\]\(\.\./\1/README\.md\)[^|]*\| ([^|]+) \|$", text, re.M):
        module, cell = row.group(1), row.group(2)
        if module not in modules:
            continue
        declared = set(modules[module]["DEPENDS"]) | set(modules[module]["NCCL_DEPENDS"])
        listed = table_dependencies(cell)
        if not (listed or cell.strip() == "nothing") or not listed <= set(modules):
            continue  # a row in words (the commands, app, tools): its READMEs hold the list
        if listed != declared:
            problems.append(f"docs/ARCHITECTURE.md: the row of {module} lists "
                            f"{', '.join(sorted(listed)) or 'nothing'}, but its CMakeLists.txt declares "
                            f"{', '.join(sorted(declared)) or 'nothing'}")


def check_layout(top):
    problems = []
    modules, strays = find_modules(top)
    for folder in strays:
        problems.append(f"{folder}: holds sources but its CMakeLists.txt does not call "
                        f"commbench_module (cmake/CommbenchModules.cmake)")
    for module in sorted(modules):
        check_module(top, module, modules[module], modules, problems)
    check_maps(top, modules, problems)
    return modules, problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    modules, problems = check_layout(argv[1])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the module layout (docs/ARCHITECTURE.md, 'Modules')")
        return 1
    print(f"{len(modules)} modules, each with a README.md that allows what it declares")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

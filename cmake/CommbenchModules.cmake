# A folder is a module (docs/ARCHITECTURE.md): each folder of sources under bench/,
# collectives/, topology/ and reports/ is one library target, named after its path
# (topology/cost -> commbench_topology_cost), that links exactly the modules it declares.
# The build checks the declaration against every quoted include of the folder's files
# (cmake/check_module_includes.cmake): an include of a module that is not declared fails
# the build, so the layering the folders' READMEs describe is the one the code has.
#
# commbench_module([SOURCES <files...>] [DEPENDS <modules...>] [NCCL_DEPENDS <modules...>]
#                  [LIBRARIES <targets...>])
#   SOURCES       the library's sources; without any, the module is an interface target
#                 (a folder of executables, such as bench/tools)
#   DEPENDS       modules it may include and links, by folder: topology/fabric
#   NCCL_DEPENDS  modules it may include only under #if COMMBENCH_HAVE_NCCL, linked when the
#                 NCCL backend is built (collectives/cuda, collectives/nccl)
#   LIBRARIES     targets from outside the project (nlohmann_json::nlohmann_json, MPI::MPI_CXX)

# The target of the module in folder `module` (relative to the top): bench/run -> commbench_bench_run.
function(commbench_module_target out module)
  string(REPLACE "/" "_" name "commbench_${module}")
  set(${out} ${name} PARENT_SCOPE)
endfunction()

function(commbench_module)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "SOURCES;DEPENDS;NCCL_DEPENDS;LIBRARIES")
  file(RELATIVE_PATH module "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  commbench_module_target(target "${module}")

  set(dependencies ${arg_DEPENDS})
  if(COMMBENCH_HAVE_NCCL)
    list(APPEND dependencies ${arg_NCCL_DEPENDS})
  endif()
  set(dependency_targets "")
  foreach(dependency IN LISTS dependencies)
    commbench_module_target(dependency_target "${dependency}")
    list(APPEND dependency_targets ${dependency_target})
  endforeach()

  if(arg_SOURCES)
    add_library(${target} STATIC ${arg_SOURCES})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  # Includes name the module from the top: #include "topology/cost/cost_model.hpp".
  target_include_directories(${target} ${scope} "${PROJECT_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/generated")
  target_link_libraries(${target} ${scope} ${dependency_targets} ${arg_LIBRARIES})

  # Where the rest of the build and tests/layout read what each module declared.
  set_property(GLOBAL APPEND PROPERTY COMMBENCH_MODULES "${module}")
  set_property(GLOBAL PROPERTY "COMMBENCH_MODULE_DEPENDS_${module}" ${arg_DEPENDS} ${arg_NCCL_DEPENDS})

  # The include check, re-run whenever a file of the folder changes.
  file(GLOB files CONFIGURE_DEPENDS
       "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp" "${CMAKE_CURRENT_SOURCE_DIR}/*.hpp"
       "${CMAKE_CURRENT_SOURCE_DIR}/*.cu" "${CMAKE_CURRENT_SOURCE_DIR}/*.cuh")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/module_includes_checked")
  string(REPLACE ";" "|" allowed_text "${arg_DEPENDS};${arg_NCCL_DEPENDS}")
  string(REPLACE ";" "|" files_text "${files}")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND "${CMAKE_COMMAND}" "-DMODULE=${module}" "-DALLOWED=${allowed_text}" "-DFILES=${files_text}"
            "-DTOP=${PROJECT_SOURCE_DIR}" -P "${PROJECT_SOURCE_DIR}/cmake/check_module_includes.cmake"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/check_module_includes.cmake"
    COMMENT "Checking the includes of module ${module}"
    VERBATIM)
  add_custom_target(${target}_includes ALL DEPENDS "${stamp}")
  add_dependencies(${target} ${target}_includes)
endfunction()

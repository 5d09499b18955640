# Compiler cache: when ccache is installed (scripts/install-deps.sh installs it), every C++
# and CUDA compile goes through it, so that a build tree made again from scratch (a fresh
# clone in CI, the sanitizer build after a clean) recompiles only what changed.
#
# The cache can only give back what the same compiler made from the same input: ccache is a
# launcher in front of the compiler and hashes the compiler, every flag and every included
# file; no flag is added or removed for its sake, and no sloppiness is configured. The one
# thing it rewrites is paths: with base_dir set to the source directory it passes absolute
# paths inside the source directory to the compiler as paths relative to the build directory,
# so that a clone elsewhere (another CI workspace) finds the same cache entries. What changes
# is only how those paths are spelt in __FILE__ and in debug information, never the code.
# Objects built with -g still hash the build directory (ccache's hash_dir, left on), so a
# debugger or a sanitizer's stack trace never points into another clone.
#
# COMMBENCH_CCACHE=OFF builds without it; a launcher given on the command line
# (-DCMAKE_CXX_COMPILER_LAUNCHER=...) is kept as it is.
option(COMMBENCH_CCACHE "Compile through ccache when it is installed" ON)

if(COMMBENCH_CCACHE)
  find_program(COMMBENCH_CCACHE_PROGRAM ccache)
  mark_as_advanced(COMMBENCH_CCACHE_PROGRAM)
  if(COMMBENCH_CCACHE_PROGRAM)
    # ccache 4.7 (Debian bookworm) takes its settings from the environment only.
    set(_commbench_ccache ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${CMAKE_SOURCE_DIR} ${COMMBENCH_CCACHE_PROGRAM})
    foreach(_lang CXX CUDA)
      if(NOT CMAKE_${_lang}_COMPILER_LAUNCHER)
        set(CMAKE_${_lang}_COMPILER_LAUNCHER ${_commbench_ccache})
      endif()
    endforeach()
    message(STATUS "commbench: compiling through ${COMMBENCH_CCACHE_PROGRAM} (COMMBENCH_CCACHE=OFF to build without)")
  endif()
endif()

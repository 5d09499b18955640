# Sanitizer and fuzzer builds. Both change how every object is compiled, so they are
# applied to the whole build tree (all libraries, tests and binaries), never to one target:
# an instrumented library calling an uninstrumented one hides the very bugs we look for.
#
# COMMBENCH_SANITIZE: a -fsanitize= list such as "address,undefined". Findings are fatal
#   (-fno-sanitize-recover=all), so a test that triggers one fails instead of printing a
#   warning nobody reads; frame pointers keep the reported stacks complete.
# COMMBENCH_BUILD_FUZZERS: builds tests/fuzz as libFuzzer binaries. libFuzzer ships with
#   Clang only, so another compiler is refused here rather than failing at link time. The
#   unit tests may share the instrumented tree: scripts/build.sh --sanitize builds them with
#   the fuzzers in build-sanitize/, so that nothing is compiled twice.
set(COMMBENCH_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined (empty: none)")
option(COMMBENCH_BUILD_FUZZERS "Build the libFuzzer targets in tests/fuzz (needs Clang)" OFF)

if(COMMBENCH_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "COMMBENCH_BUILD_FUZZERS=ON needs Clang (libFuzzer), but the C++ compiler is "
                        "${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}); configure a fresh build directory "
                        "with CC=clang CXX=clang++ (Debian: clang and libclang-rt-14-dev)")
  endif()
  # Fuzzing without the sanitizers only finds crashes; with them it finds the memory and
  # undefined-behaviour bugs that do not crash yet.
  if(NOT COMMBENCH_SANITIZE)
    set(COMMBENCH_SANITIZE "address,undefined")
  endif()
  # Coverage instrumentation for every object; only the fuzzer executables link libFuzzer's
  # main (tests/fuzz/CMakeLists.txt adds -fsanitize=fuzzer there).
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=fuzzer-no-link>)
endif()

if(COMMBENCH_SANITIZE)
  message(STATUS "commbench: sanitizers ${COMMBENCH_SANITIZE} on every target")
  # C++ only: nvcc does not take these flags. The sanitizer build of scripts/build.sh
  # --sanitize leaves the NCCL backend out anyway (COMMBENCH_WITH_NCCL=OFF).
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${COMMBENCH_SANITIZE};-fno-sanitize-recover=all;-fno-omit-frame-pointer>")
  add_link_options(-fsanitize=${COMMBENCH_SANITIZE} -fno-sanitize-recover=all)
endif()

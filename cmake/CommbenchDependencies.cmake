# Every external dependency is looked up here, once. Nothing is vendored or downloaded:
# scripts/install-deps.sh installs the Debian packages these calls find.
find_package(MPI REQUIRED COMPONENTS CXX)
find_package(nlohmann_json 3.10 REQUIRED)
# The report loader names a bad field by its JSON path, which nlohmann computes only with
# JSON_DIAGNOSTICS. The macro changes basic_json's layout, so every translation unit must
# see the same value: it is set on the imported target that all users link, not on ours.
set_property(TARGET nlohmann_json::nlohmann_json APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS JSON_DIAGNOSTICS=1)
# With JSON_DIAGNOSTICS, GCC 12's -Warray-bounds warns (falsely) inside nlohmann's inlined
# std::map code wherever a json object is built. Silenced only there and only for GCC >= 12;
# the AddressSanitizer build checks real bounds at run time.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
  set_property(TARGET nlohmann_json::nlohmann_json APPEND PROPERTY INTERFACE_COMPILE_OPTIONS -Wno-array-bounds)
endif()
find_package(CLI11 2.0 REQUIRED)
find_package(Threads REQUIRED)
if(COMMBENCH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# NCCL is optional. OFF never looks; AUTO and ON look (cmake/FindNCCL.cmake) and report.
# This release has no NCCL backend yet, so a found NCCL is reported but not linked, and
# ON is refused with a message saying so rather than silently building without it.
string(TOUPPER "${COMMBENCH_WITH_NCCL}" COMMBENCH_WITH_NCCL)
if(NOT COMMBENCH_WITH_NCCL MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "COMMBENCH_WITH_NCCL=${COMMBENCH_WITH_NCCL}: accepted values are AUTO, ON, OFF")
endif()
set(COMMBENCH_HAVE_NCCL 0)
if(COMMBENCH_WITH_NCCL STREQUAL "OFF")
  message(STATUS "commbench: NCCL backend disabled (COMMBENCH_WITH_NCCL=OFF)")
else()
  find_package(NCCL)
  if(COMMBENCH_WITH_NCCL STREQUAL "ON")
    if(NOT NCCL_FOUND)
      message(FATAL_ERROR "COMMBENCH_WITH_NCCL=ON but NCCL was not found "
                          "(set NCCL_HOME to the directory holding include/nccl.h and lib/libnccl.so)")
    endif()
    message(FATAL_ERROR "COMMBENCH_WITH_NCCL=ON: NCCL ${NCCL_VERSION} was found at ${NCCL_INCLUDE_DIR}, "
                        "but this release of commbench has no NCCL backend yet; use AUTO or OFF")
  elseif(NCCL_FOUND)
    message(STATUS "commbench: NCCL ${NCCL_VERSION} found at ${NCCL_INCLUDE_DIR}; "
                   "the NCCL backend is not part of this release, building the MPI backend only")
  else()
    message(STATUS "commbench: NCCL not found; building the MPI backend only")
  endif()
endif()

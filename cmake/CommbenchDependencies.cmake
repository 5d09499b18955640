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
# hwloc (Debian libhwloc-dev) describes CPUs, cores, NUMA nodes and process bindings for
# `commbench topology`; it ships a pkg-config file, not a CMake package.
find_package(PkgConfig REQUIRED)
pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc)
if(COMMBENCH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# The NCCL backend (and GPU memory for the MPI backend, --device cuda) needs both the CUDA
# Toolkit and NCCL. OFF never looks; AUTO builds it when both are found and says which is
# missing otherwise; ON refuses to configure without both. Compiling it needs no GPU.
string(TOUPPER "${COMMBENCH_WITH_NCCL}" COMMBENCH_WITH_NCCL)
if(NOT COMMBENCH_WITH_NCCL MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "COMMBENCH_WITH_NCCL=${COMMBENCH_WITH_NCCL}: accepted values are AUTO, ON, OFF")
endif()
set(COMMBENCH_HAVE_NCCL 0)
if(COMMBENCH_WITH_NCCL STREQUAL "OFF")
  message(STATUS "commbench: NCCL backend disabled (COMMBENCH_WITH_NCCL=OFF); building the MPI backend only")
else()
  find_package(CUDAToolkit QUIET)
  find_package(NCCL QUIET)
  set(_nccl_missing "")
  if(NOT CUDAToolkit_FOUND)
    list(APPEND _nccl_missing "the CUDA Toolkit (set CUDAToolkit_ROOT to its directory, e.g. /usr/local/cuda)")
  elseif(NOT CUDAToolkit_NVCC_EXECUTABLE)
    list(APPEND _nccl_missing "nvcc, the CUDA compiler (not found in ${CUDAToolkit_BIN_DIR})")
  endif()
  if(NOT NCCL_FOUND)
    list(APPEND _nccl_missing "NCCL (set NCCL_HOME to the directory holding include/nccl.h and lib/libnccl.so)")
  endif()
  string(REPLACE ";" " and " _nccl_missing_text "${_nccl_missing}")
  if(_nccl_missing)
    if(COMMBENCH_WITH_NCCL STREQUAL "ON")
      message(FATAL_ERROR "COMMBENCH_WITH_NCCL=ON but ${_nccl_missing_text} could not be found; "
                          "use COMMBENCH_WITH_NCCL=AUTO or OFF to build the MPI backend only")
    endif()
    message(STATUS "commbench: NCCL backend not built: ${_nccl_missing_text} not found; building the MPI backend only")
  else()
    if(NOT CMAKE_CUDA_COMPILER)
      set(CMAKE_CUDA_COMPILER "${CUDAToolkit_NVCC_EXECUTABLE}")
    endif()
    if(NOT CMAKE_CUDA_ARCHITECTURES)
      # A100 and H100/H200 as machine code, plus PTX that newer GPUs compile at load time.
      # On a GPU machine, -DCMAKE_CUDA_ARCHITECTURES=native builds for exactly its GPU.
      set(CMAKE_CUDA_ARCHITECTURES 80-real 90)
    endif()
    enable_language(CUDA)
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    set(COMMBENCH_HAVE_NCCL 1)
    message(STATUS "commbench: building the NCCL backend: NCCL ${NCCL_VERSION} (${NCCL_LIBRARY}), "
                   "CUDA ${CUDAToolkit_VERSION} (${CUDAToolkit_NVCC_EXECUTABLE}), "
                   "GPU architectures ${CMAKE_CUDA_ARCHITECTURES}")
  endif()
endif()

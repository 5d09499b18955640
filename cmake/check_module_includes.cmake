# Run at build time by commbench_module (cmake/CommbenchModules.cmake) with
#   -DMODULE=<folder> -DALLOWED=<a|b|...> -DFILES=<f1|f2|...> -DTOP=<source dir>
# Fails, naming the file and the include, when a file of MODULE includes a header of another
# module that MODULE does not declare. Includes of headers outside the modules (the standard
# library, MPI, generated headers) are not this check's business.
cmake_minimum_required(VERSION 3.20)
string(REPLACE "|" ";" allowed "${ALLOWED}")
# commbench_module passes DEPENDS|NCCL_DEPENDS, so either side may be empty.
list(REMOVE_ITEM allowed "")
string(REPLACE "|" ";" files "${FILES}")
set(problems "")
foreach(file IN LISTS files)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+/[^\"]+\"")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" header "${line}")
    get_filename_component(folder "${header}" DIRECTORY)
    if(folder STREQUAL MODULE OR NOT IS_DIRECTORY "${TOP}/${folder}" OR NOT folder MATCHES "^(bench|collectives|topology|reports)/")
      continue()
    endif()
    list(FIND allowed "${folder}" found)
    if(found EQUAL -1)
      file(RELATIVE_PATH where "${TOP}" "${file}")
      string(APPEND problems "  ${where} includes ${header}, but module ${MODULE} does not declare ${folder}\n")
    endif()
  endforeach()
endforeach()
if(problems)
  string(REPLACE ";" ", " allowed_text "${allowed}")
  if(NOT allowed)
    set(allowed_text "nothing")
  endif()
  message(FATAL_ERROR "module ${MODULE} breaks its layering (it declares: ${allowed_text}; "
                      "see ${MODULE}/README.md and its CMakeLists.txt):\n${problems}")
endif()

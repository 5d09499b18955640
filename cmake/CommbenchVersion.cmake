# The git revision goes into the report. It is read at build time (not only at configure
# time) so that a report never names a revision older than the binary that wrote it.
set(COMMBENCH_REVISION_HEADER "${CMAKE_BINARY_DIR}/generated/git_revision.hpp")
add_custom_target(commbench_git_revision
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${COMMBENCH_REVISION_HEADER}
          -P ${CMAKE_SOURCE_DIR}/cmake/write_git_revision.cmake
  BYPRODUCTS ${COMMBENCH_REVISION_HEADER}
  COMMENT "Reading the git revision")

#pragma once
// MPI datatypes and reduction operators for every Dtype. MPI has no float16 or bfloat16,
// so those travel as 2-byte user-defined datatypes and reduce through user-defined ops
// that compute in float and round back to nearest even (host_arithmetic.hpp) (exact for the values commbench
// verifies with). MPI has no 8-bit float either, and float8 data never lives in host memory:
// datatype() and op() throw std::invalid_argument for the float8 types, saying they need
// --backend nccl. The handles are freed in the destructor, which must run before
// MPI_Finalize: every MpiBackend shares one instance.
#include <mpi.h>

#include <array>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {

class MpiTypes {
 public:
  MpiTypes();
  ~MpiTypes();
  MpiTypes(const MpiTypes&) = delete;
  MpiTypes& operator=(const MpiTypes&) = delete;

  MPI_Datatype datatype(Dtype dtype) const;
  // The MPI operator for op on dtype. avg has no MPI operator: it maps to sum, and the
  // backend divides by the rank count afterwards.
  MPI_Op op(ReduceOp op, Dtype dtype) const;

 private:
  MPI_Datatype float16_ = MPI_DATATYPE_NULL;
  MPI_Datatype bfloat16_ = MPI_DATATYPE_NULL;
  // Indexed by ReduceOp sum, prod, min, max.
  std::array<MPI_Op, 4> float16_ops_{};
  std::array<MPI_Op, 4> bfloat16_ops_{};
};

}  // namespace commbench

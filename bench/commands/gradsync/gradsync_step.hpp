#pragma once
// Runs a training step's program (topology/training/gradsync_program.hpp) on a Backend for real:
// emulated compute, and each collective started and waited for where the program says,
// with MPI progress driven during compute. Also runs its parts alone, which is how the
// gradient-sync benchmark measures compute and communication separately, and checks each
// collective's output exactly as the collective benchmark does.
#include <cstdint>
#include <memory>
#include <vector>

#include "collectives/backend/backend.hpp"
#include "collectives/backend/buffer.hpp"
#include "collectives/dtype/dtype.hpp"
#include "topology/training/gradsync_program.hpp"

namespace commbench {

// Seconds of one step's forward and backward compute, run alone.
struct ComputeTimes {
  double forward_s = 0;
  double backward_s = 0;
};

class GradsyncStep {
 public:
  // Allocates the step's buffers on backend: the full buffer of the program's regions and
  // the shard buffer of the reduce-scatter outputs and all-gather inputs (1/ranks of it).
  GradsyncStep(Backend& backend, const StepProgram& program, Dtype dtype);

  // Bytes of the buffers a program needs on each rank.
  static std::uint64_t buffer_bytes(const StepProgram& program, Dtype dtype, int ranks);

  // One whole step; returns each message's seconds from start to completion. On return
  // every operation of the step has completed.
  std::vector<double> run();
  // The step's compute alone, waited for.
  ComputeTimes run_compute_only();
  // Message k alone: started, then waited for; returns its seconds.
  double run_message_alone(std::size_t k);
  // Message k once on inputs built for an exact check (data_pattern.hpp); returns this
  // rank's count of wrong output elements.
  std::uint64_t check_message(std::size_t k);

 private:
  std::unique_ptr<PendingOperation> start(std::size_t k);
  void* region(std::size_t k) const;
  void* shard(std::size_t k) const;

  Backend& backend_;
  const StepProgram& program_;
  Dtype dtype_;
  std::unique_ptr<Buffer> full_;
  std::unique_ptr<Buffer> shards_;
};

}  // namespace commbench

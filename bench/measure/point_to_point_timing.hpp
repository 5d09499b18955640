#pragma once
// Timed point-to-point transfers between two ranks, for linkcheck and the fabric measurement.
// Both ranks call with each other as peer; the rank that starts times every iteration on
// the host clock and gets the samples, the other gets none. Warm-up iterations come first
// and are not timed.
#include <cstdint>
#include <vector>

#include "collectives/backend/backend.hpp"
#include "collectives/backend/buffer.hpp"

namespace commbench {

struct PointToPointRun {
  std::size_t bytes = 0;  // message size; buffer holds at least this many bytes
  std::uint64_t warmup_iterations = 0;
  std::uint64_t iterations = 1;
};

// One-way time of a message of run.bytes as half the round trip: the starter sends, the peer
// receives and sends the same size back (osu_latency's method).
std::vector<double> ping_pong_one_way_times(Backend& backend, int peer, bool starts, Buffer& buffer,
                                            const PointToPointRun& run);

// The time one message of run.bytes takes from the starter to the peer, up to a 1-byte
// acknowledgement from the peer: one direction of a link, with one small message's latency
// on top (negligible at the sizes bandwidth is measured with).
std::vector<double> one_direction_times(Backend& backend, int peer, bool starts, Buffer& buffer,
                                        const PointToPointRun& run);

// The time both ranks take to send a message of run.bytes to each other at once (Backend::
// exchange, MPI_Sendrecv), as every step of the cost models' algorithms does: each direction
// of the link carries a message while the other direction carries one too. buffer holds at
// least 2 x run.bytes (what is sent, then where the peer's message lands).
std::vector<double> exchange_times(Backend& backend, int peer, bool starts, Buffer& buffer,
                                   const PointToPointRun& run);

}  // namespace commbench

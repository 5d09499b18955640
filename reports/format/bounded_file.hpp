#pragma once
// The one way commbench reads an input file whole (fabric, workload and acceptance spec
// files, reports, fit inputs): only a regular file, and at most a stated number of bytes, so
// that a FIFO cannot hang a run, /dev/zero or a huge file cannot exhaust memory, and a
// directory or device is named as such at once. docs/RELIABILITY.md states the limits.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace commbench {

// The largest fabric, workload or acceptance spec file read. The largest real ones are a few
// KiB (a fabric with measurements, a workload with a layer per parameter tensor: about 1,000
// layers, 40 KiB); 16 MiB leaves a factor of 400 over any of them.
inline constexpr std::uint64_t kMaxDescriptionFileBytes = 16ULL << 20;

// The largest report read by report, compare and gate. The largest commbench writes in real
// use is a linkcheck of a big cluster: 1,000 hosts make 999,000 links, 433 MiB as written
// (indented JSON); 1 GiB admits about 1,500 hosts. Reading a collectives report or a
// prediction costs at most about 2 bytes of memory per byte of file (the text, then the rows'
// data model: the rows are streamed); a report of another kind, read whole, about 13
// (docs/RELIABILITY.md has the figures).
inline constexpr std::uint64_t kMaxReportFileBytes = 1ULL << 30;

// The largest file commbench fit reads: a collectives report or a measured fabric. A sweep of
// every collective, dtype, op and placement over 8 B..8 GiB with -r all on 8 ranks and every
// explicit algorithm holds about 120,000 rows, 1.2 KiB each as written: 140 MiB.
inline constexpr std::uint64_t kMaxFitInputBytes = 256ULL << 20;

// Why a file was not read. what() is the problem without the file's name ("is a FIFO");
// accepted() is what to say is accepted, empty where the reader's own description of the file
// fits (a file that cannot be opened, or is not a regular file: "a readable fabric file").
class BoundedFileError : public std::runtime_error {
 public:
  BoundedFileError(const std::string& problem, std::string accepted)
      : std::runtime_error(problem), accepted_(std::move(accepted)) {}
  const std::string& accepted() const { return accepted_; }

 private:
  std::string accepted_;
};

// The whole content of the regular file at path, of at most max_bytes bytes. The file is
// opened without blocking (a FIFO with no writer would block the open) and judged by what was
// opened (fstat of the descriptor, so a rename in between cannot swap it); at most
// max_bytes + 1 bytes are read, since the file may grow after fstat. Throws BoundedFileError.
std::string read_bounded_file(const std::string& path, std::uint64_t max_bytes);

// "16 MiB (16777216 bytes)": a limit in messages.
std::string byte_limit_text(std::uint64_t bytes);

}  // namespace commbench

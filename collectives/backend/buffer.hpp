#pragma once
// Memory a backend's collectives read and write. Host memory for the MPI backend; a
// device backend provides memory the host cannot touch and copies through upload/download.
#include <cstddef>
#include <memory>

namespace commbench {

class Buffer {
 public:
  virtual ~Buffer() = default;
  virtual void* data() = 0;
  virtual std::size_t bytes() const = 0;
  // True when data() may be read and written by host code directly (no staging copy).
  virtual bool host_accessible() const = 0;
  virtual void upload(const void* source, std::size_t bytes, std::size_t offset) = 0;
  virtual void download(void* destination, std::size_t bytes, std::size_t offset) const = 0;
};

// Page-aligned host memory, touched once at allocation so that first-touch page faults
// never land inside a timed iteration.
class HostBuffer final : public Buffer {
 public:
  explicit HostBuffer(std::size_t bytes);
  void* data() override { return data_.get(); }
  std::size_t bytes() const override { return bytes_; }
  bool host_accessible() const override { return true; }
  void upload(const void* source, std::size_t bytes, std::size_t offset) override;
  void download(void* destination, std::size_t bytes, std::size_t offset) const override;

 private:
  struct FreeDeleter {
    void operator()(void* pointer) const;
  };
  std::size_t bytes_;
  std::unique_ptr<void, FreeDeleter> data_;
};

}  // namespace commbench

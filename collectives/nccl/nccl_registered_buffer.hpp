#pragma once
// A device buffer registered with an NCCL communicator (ncclCommRegister), so that NCCL can
// use it directly (NVLink SHARP, zero-copy network transfers) instead of staging through its
// own buffers: --nccl-register. Deregistered before the memory is freed.
#include <memory>

#include "collectives/backend/buffer.hpp"
#include "collectives/nccl/nccl_communicator.hpp"

namespace commbench {

class NcclRegisteredBuffer final : public Buffer {
 public:
  NcclRegisteredBuffer(std::unique_ptr<Buffer> memory, std::shared_ptr<NcclCommunicator> communicator);
  ~NcclRegisteredBuffer() override;
  void* data() override { return memory_->data(); }
  std::size_t bytes() const override { return memory_->bytes(); }
  bool host_accessible() const override { return memory_->host_accessible(); }
  void upload(const void* source, std::size_t bytes, std::size_t offset) override {
    memory_->upload(source, bytes, offset);
  }
  void download(void* destination, std::size_t bytes, std::size_t offset) const override {
    memory_->download(destination, bytes, offset);
  }

 private:
  std::unique_ptr<Buffer> memory_;
  std::shared_ptr<NcclCommunicator> communicator_;
  void* handle_ = nullptr;
};

}  // namespace commbench

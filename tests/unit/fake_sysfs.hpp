#pragma once
// Builds a fake sysfs tree in a TemporaryDirectory for discovery tests: files with
// contents, and the symbolic links sysfs uses for classes and bus devices.
#include <filesystem>
#include <fstream>
#include <string>

#include "temporary_directory.hpp"

namespace commbench {

class FakeSysfs {
 public:
  const std::filesystem::path& root() const { return directory_.path(); }

  // Writes <root>/<relative> with the given content (sysfs attributes end in a newline).
  void write(const std::string& relative, const std::string& content) const {
    const std::filesystem::path path = root() / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << content;
  }

  void make_directory(const std::string& relative) const { std::filesystem::create_directories(root() / relative); }

  // <root>/<relative_link> -> <root>/<relative_target>, as /sys/class and /sys/bus entries are.
  void link(const std::string& relative_link, const std::string& relative_target) const {
    const std::filesystem::path link = root() / relative_link;
    std::filesystem::create_directories(link.parent_path());
    std::filesystem::create_directories(root() / relative_target);
    std::filesystem::create_directory_symlink(root() / relative_target, link);
  }

 private:
  TemporaryDirectory directory_;
};

}  // namespace commbench

#include "reports/console/prediction_table.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string centred(const std::string& text, std::size_t width) {
  if (text.size() >= width) return text;
  const std::size_t left = (width - text.size()) / 2;
  return std::string(left, ' ') + text + std::string(width - text.size() - left, ' ');
}

// The measured table's formats (table_printer.cpp): microseconds and GB/s to two decimals.
// A leading blank keeps columns apart when a time outgrows its column (seconds and more).
std::string microseconds(double seconds) { return " " + formatted_number("%.2f", seconds * 1e6); }
std::string gigabytes_per_second(double bytes_per_second) {
  return " " + formatted_number("%.2f", bytes_per_second / 1e9);
}

constexpr std::size_t kTimeWidth = 10;
constexpr std::size_t kBandwidthWidth = 8;
constexpr std::size_t kChoiceWidth = 22;  // "collnet-direct/simple" and a blank
constexpr std::size_t kChannelsWidth = 9;

// The line without trailing blanks, ended.
std::string trimmed(std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

// The rows of one size and collective, by column group.
using SizeRows = std::map<std::string, const PredictionRow*>;

std::string size_columns(const PredictionRow& row) {
  // The leading space keeps a column gap before a type name longer than the column.
  return pad_left(std::to_string(row.bytes), 12) + pad_left(std::to_string(row.count), 14) + pad_left(" " + row.dtype, 10);
}

std::string choice_columns(const PredictionRow* row) {
  if (row == nullptr) return "  " + pad_right("-", kChoiceWidth) + pad_left("-", kChannelsWidth);
  return "  " + pad_right(prediction_choice_text(*row), kChoiceWidth) +
         pad_left(row->channels > 0 ? std::to_string(row->channels) : "-", kChannelsWidth);
}

std::string family_text(const std::string& family) {
  if (family == "nccl") {
    return "nccl: NCCL's algorithms, protocols and channels as its tuner models them; native = the pick its tuner "
           "makes, assumed (NCCL does not say what it ran)";
  }
  return family + ": MPI-style algorithms; native = the fastest modelled algorithm, assumed (the library does not say "
                  "what it ran)";
}

std::string plural(std::uint64_t count, const std::string& word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

std::string machine_text(const PredictionConfig& config) {
  const std::string member = config.family == "nccl" ? "GPU" : "rank";
  return plural(config.nodes, "node") + " x " + plural(config.gpus_per_node, member) + " per node = " +
         plural(static_cast<std::uint64_t>(config.ranks), "rank");
}

// One column group's width: time and busbw, or wider when its name is.
std::size_t group_width(const std::string& group) { return std::max(kTimeWidth + kBandwidthWidth, group.size() + 2); }

// The sizes of a collective in row order, each with its rows by group.
std::vector<std::pair<std::uint64_t, SizeRows>> rows_by_size(const PredictionReport& report,
                                                            const std::string& collective) {
  std::vector<std::pair<std::uint64_t, SizeRows>> sizes;
  for (const PredictionRow& row : report.rows) {
    if (row.collective != collective) continue;
    if (sizes.empty() || sizes.back().first != row.bytes) sizes.push_back({row.bytes, {}});
    sizes.back().second.emplace(row.requested, &row);
  }
  return sizes;
}

// The whole nccl-tests row of a single column group: time, algbw, busbw, choice, channels.
std::string single_group_text(const PredictionReport& report, const std::string& collective, const std::string& group) {
  std::string text = "#       size         count      type      time   algbw   busbw  " + pad_right("choice", kChoiceWidth) +
                     pad_left("channels", kChannelsWidth) + "\n";
  text += trimmed("#        (B)    (elements)                (us)  (GB/s)  (GB/s)  " +
                  (group.rfind(kNativeRequest, 0) == 0 ? std::string("(assumed)") : "(of " + group + ")"));
  for (const auto& [bytes, rows] : rows_by_size(report, collective)) {
    const auto found = rows.find(group);
    if (found == rows.end()) continue;
    const PredictionRow& row = *found->second;
    text += size_columns(row) + pad_left(microseconds(row.time_s), kTimeWidth) +
            pad_left(gigabytes_per_second(row.alg_bw), kBandwidthWidth) +
            pad_left(gigabytes_per_second(row.bus_bw), kBandwidthWidth) + choice_columns(&row) + "\n";
  }
  return text;
}

// Several column groups side by side: time and busbw of each, then the native pick when it is one.
std::string group_table_text(const PredictionReport& report, const std::string& collective,
                             const std::vector<std::string>& groups) {
  const bool native = std::find(groups.begin(), groups.end(), kNativeRequest) != groups.end();
  std::string labels = "#" + std::string(35, ' ');
  std::string names = "#       size         count      type";
  std::string units = "#        (B)    (elements)          ";
  for (const std::string& group : groups) {
    const std::size_t width = group_width(group);
    labels += centred(group, width);
    names += pad_left("time", width - kBandwidthWidth) + pad_left("busbw", kBandwidthWidth);
    units += pad_left("(us)", width - kBandwidthWidth) + pad_left("(GB/s)", kBandwidthWidth);
  }
  if (native) {
    names += "  " + pad_right("native choice", kChoiceWidth) + pad_left("channels", kChannelsWidth);
    units += "  " + pad_right("(assumed)", kChoiceWidth);
  }
  std::string text = trimmed(labels) + trimmed(names) + trimmed(units);
  for (const auto& [bytes, rows] : rows_by_size(report, collective)) {
    std::string line = size_columns(*rows.begin()->second);
    for (const std::string& group : groups) {
      const std::size_t width = group_width(group);
      const auto found = rows.find(group);
      if (found == rows.end()) {
        line += pad_left("-", width - kBandwidthWidth) + pad_left("-", kBandwidthWidth);
      } else {
        line += pad_left(microseconds(found->second->time_s), width - kBandwidthWidth) +
                pad_left(gigabytes_per_second(found->second->bus_bw), kBandwidthWidth);
      }
    }
    if (native) {
      const auto found = rows.find(kNativeRequest);
      line += choice_columns(found == rows.end() ? nullptr : found->second);
    }
    text += line + "\n";
  }
  return text;
}

// "at every size", or the sizes it applies to when not all.
std::string sizes_text(const UnavailablePrediction& missing, std::size_t all_sizes) {
  if (missing.bytes.size() >= all_sizes || missing.bytes.empty()) return "";
  const auto [low, high] = std::minmax_element(missing.bytes.begin(), missing.bytes.end());
  return " (" + plural(missing.bytes.size(), "size") + ", " + std::to_string(*low) + " B to " + std::to_string(*high) +
         " B)";
}

}  // namespace

std::string prediction_table_text(const PredictionReport& report) {
  const PredictionConfig& config = report.config;
  std::string text = "# commbench predict: the cost model alone, nothing measured\n";
  text += "# fabric " + config.fabric + ": " + machine_text(config) + "\n";
  text += "# model family " + family_text(config.family) + "\n";
  for (const PredictedCollective& predicted : report.collectives) {
    const std::string& collective = predicted.collective;
    text += "#\n# Collective: " + collective + "\n";
    if (predicted.requested.size() == 1) {
      text += single_group_text(report, collective, predicted.requested.front());
    } else {
      text += group_table_text(report, collective, predicted.requested);
    }
    std::set<std::uint64_t> sizes;
    for (const PredictionRow& row : report.rows) {
      if (row.collective == collective) sizes.insert(row.bytes);
    }
    for (const UnavailablePrediction& missing : report.unavailable) {
      if (missing.collective != collective) continue;
      for (std::uint64_t bytes : missing.bytes) sizes.insert(bytes);
    }
    for (const UnavailablePrediction& missing : report.unavailable) {
      if (missing.collective != collective) continue;
      text += "#  " + missing.requested + " unavailable" + sizes_text(missing, sizes.size()) + ": " + missing.reason + "\n";
    }
  }
  for (const std::string& note : report.notes) text += "# note: " + note + "\n";
  return text + "#\n";
}

}  // namespace commbench

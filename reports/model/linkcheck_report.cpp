#include "reports/model/linkcheck_report.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "reports/format/json_fields.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

namespace {

// hosts x hosts, row = sender; value(link) for each inter-host link, null elsewhere.
template <typename Value>
json host_matrix(const LinkcheckReport& report, Value value) {
  const std::size_t hosts = report.meta.hosts.size();
  json matrix = json::array();
  for (std::size_t row = 0; row < hosts; ++row) matrix.push_back(json(std::vector<json>(hosts, nullptr)));
  for (const LinkMeasurement& link : report.links) {
    if (link.scope != "inter-host") continue;
    matrix.at(link.from_host).at(link.to_host) = value(link);
  }
  return matrix;
}

}  // namespace

// The report's keys after its header that are members of the same name (docs/REPORT_SCHEMA.md),
// every one required when read, in this order; "links" is read with its hosts checked, and the
// matrices are written from the links, never read.
constexpr auto kLinkcheckSettingsFields = [](auto& report, auto visit) {
  visit("outcome", report.outcome);
  visit("meta", report.meta);
  visit("config", report.config);
  visit("bandwidth_bytes", report.bandwidth_bytes);
  visit("latency_bytes", report.latency_bytes);
  visit("outlier_fraction", report.outlier_fraction);
  visit("latency_factor", report.latency_factor);
  visit("median_inter_host_bandwidth", report.median_inter_host_bandwidth);
  visit("median_inter_host_latency_s", report.median_inter_host_latency_s);
  visit("median_intra_host_bandwidth", report.median_intra_host_bandwidth);
  visit("median_intra_host_latency_s", report.median_intra_host_latency_s);
};
constexpr auto kLinkcheckFindingsFields = [](auto& report, auto visit) {
  visit("hosts", report.hosts);
  visit("outliers", report.outliers);
  visit("suspects", report.suspects);
};

void to_json(json& j, const LinkcheckReport& r) {
  j = report_header("linkcheck", kLinkcheckSchemaVersion);
  write_fields(j, r, kLinkcheckSettingsFields);
  j["links"] = r.links;
  j["bandwidth_matrix"] = host_matrix(r, [](const LinkMeasurement& link) { return link.bandwidth; });
  j["latency_matrix_s"] = host_matrix(r, [](const LinkMeasurement& link) { return link.latency_s; });
  write_fields(j, r, kLinkcheckFindingsFields);
}

void from_json(const json& j, LinkcheckReport& r) {
  expect_report_kind(j, "linkcheck", kLinkcheckSchemaVersion);
  read_fields(j, r, kLinkcheckSettingsFields);
  j.at("links").get_to(r.links);
  // A link names its hosts by their index in meta.hosts; the matrices written back are indexed
  // by them, so a host the report does not have is refused here, in one line.
  const std::size_t hosts = r.meta.hosts.size();
  for (std::size_t i = 0; i < r.links.size(); ++i) {
    const LinkMeasurement& link = r.links[i];
    for (const auto& [field, host] : {std::pair{"from_host", link.from_host}, std::pair{"to_host", link.to_host}}) {
      if (host < 0 || static_cast<std::size_t>(host) >= hosts) {
        throw std::invalid_argument("/links/" + std::to_string(i) + "/" + field + ": host " + std::to_string(host) +
                                    " is not in meta.hosts (accepted: an index from 0 to " +
                                    (hosts == 0 ? std::string("none: meta.hosts is empty") : std::to_string(hosts - 1)) +
                                    ")");
      }
    }
  }
  read_fields(j, r, kLinkcheckFindingsFields);
}

}  // namespace commbench

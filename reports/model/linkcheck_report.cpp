#include "reports/model/linkcheck_report.hpp"

#include <stdexcept>
#include <string>
#include <utility>

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

void to_json(json& j, const LinkcheckReport& r) {
  j = json{{"schema_version", kLinkcheckSchemaVersion},
           {"kind", "linkcheck"},
           {"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"bandwidth_bytes", r.bandwidth_bytes},
           {"latency_bytes", r.latency_bytes},
           {"outlier_fraction", r.outlier_fraction},
           {"latency_factor", r.latency_factor},
           {"median_inter_host_bandwidth", r.median_inter_host_bandwidth},
           {"median_inter_host_latency_s", r.median_inter_host_latency_s},
           {"median_intra_host_bandwidth", r.median_intra_host_bandwidth},
           {"median_intra_host_latency_s", r.median_intra_host_latency_s},
           {"links", r.links},
           {"bandwidth_matrix", host_matrix(r, [](const LinkMeasurement& link) { return link.bandwidth; })},
           {"latency_matrix_s", host_matrix(r, [](const LinkMeasurement& link) { return link.latency_s; })},
           {"hosts", r.hosts},
           {"outliers", r.outliers},
           {"suspects", r.suspects}};
}

void from_json(const json& j, LinkcheckReport& r) {
  expect_report_kind(j, "linkcheck", kLinkcheckSchemaVersion);
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  j.at("bandwidth_bytes").get_to(r.bandwidth_bytes);
  j.at("latency_bytes").get_to(r.latency_bytes);
  j.at("outlier_fraction").get_to(r.outlier_fraction);
  j.at("latency_factor").get_to(r.latency_factor);
  j.at("median_inter_host_bandwidth").get_to(r.median_inter_host_bandwidth);
  j.at("median_inter_host_latency_s").get_to(r.median_inter_host_latency_s);
  j.at("median_intra_host_bandwidth").get_to(r.median_intra_host_bandwidth);
  j.at("median_intra_host_latency_s").get_to(r.median_intra_host_latency_s);
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
  j.at("hosts").get_to(r.hosts);
  j.at("outliers").get_to(r.outliers);
  j.at("suspects").get_to(r.suspects);
}

}  // namespace commbench

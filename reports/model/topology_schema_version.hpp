#pragma once
// The version of a topology report's shape (commbench topology -J), beside the other kinds'
// (kReportSchemaVersion in json_report.hpp, kLinkcheckSchemaVersion in linkcheck_report.hpp,
// ...): the report loader needs it to tell a newer report from a broken one, and a topology
// report has no data model header of its own.

namespace commbench {

// Bump on any incompatible change to the topology report's shape; readers check it.
inline constexpr int kTopologySchemaVersion = 1;

}  // namespace commbench

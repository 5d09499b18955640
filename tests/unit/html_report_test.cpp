// reports/render/html_report.hpp: the HTML page of `commbench report`. Each kind of report alone gives
// its own section and charts and nothing else; several reports share a chart; every chart is a
// <figure class="chart" data-chart="NAME"> with NAME in the scheme browser tests rely on; the page
// loads nothing (no URL, script, image, font or external style) and escapes what reports say.
#include "reports/render/html_report.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "report_fixtures.hpp"
#include "text_search.hpp"

namespace commbench {
namespace {

struct Figure {
  std::string name;
  std::string report;  // data-report, empty when absent
  std::string body;    // from <figure to </figure>
};

std::vector<Figure> figures_of(const std::string& html) {
  std::vector<Figure> figures;
  const std::regex open(R"re(<figure class="chart" data-chart="([^"]*)"(?: data-report="([^"]*)")?>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), open); it != std::sregex_iterator(); ++it) {
    const std::size_t start = static_cast<std::size_t>(it->position(0));
    const std::size_t end = html.find("</figure>", start);
    figures.push_back({(*it)[1].str(), (*it)[2].str(), html.substr(start, end - start)});
  }
  return figures;
}

std::multiset<std::string> names_of(const std::vector<Figure>& figures) {
  std::multiset<std::string> names;
  for (const Figure& figure : figures) names.insert(figure.name);
  return names;
}

std::set<std::string> section_ids(const std::string& html) {
  std::set<std::string> ids;
  const std::regex section(R"re(<section id="([^"]*)">)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), section); it != std::sregex_iterator(); ++it) {
    ids.insert((*it)[1].str());
  }
  return ids;
}

const std::vector<std::string> kCollectives = {"allreduce", "allgather", "reducescatter", "broadcast",
                                               "reduce",    "alltoall",  "sendrecv"};

std::multiset<std::string> collective_chart_names() {
  std::multiset<std::string> names;
  for (const std::string& collective : kCollectives) {
    for (const char* chart : {"busbw:", "latency:", "model-error:"}) names.insert(chart + collective);
  }
  return names;
}

// A prediction has no model of its own beside it: no error chart.
std::multiset<std::string> predicted_chart_names() {
  std::multiset<std::string> names;
  for (const std::string& collective : kCollectives) {
    for (const char* chart : {"busbw:", "latency:"}) names.insert(chart + collective);
  }
  return names;
}

TEST(HtmlReport, EachKindAloneGivesOnlyItsSectionAndCharts) {
  struct Case {
    std::string fixture;
    std::set<std::string> sections;
    std::multiset<std::string> charts;
  };
  const std::vector<Case> cases = {
      {"collectives-cluster-a.json", {"runs", "collectives"}, collective_chart_names()},
      {"scaling.json", {"runs", "scaling"}, {"scaling"}},
      {"plan.json", {"runs", "scaling"}, {"scaling"}},
      {"pipeline.json", {"runs", "pipeline"}, {"pipeline-timeline"}},
      {"gradsync.json", {"runs", "gradsync"}, {"gradsync-buckets"}},
      {"linkcheck.json", {"runs", "linkcheck"}, {"linkcheck-heatmap"}},
      {"topology.json", {"runs", "topology"}, {}},
      {"prediction.json", {"runs", "collectives"}, predicted_chart_names()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    const std::string html = render_html_report({load_report_fixture(c.fixture)});
    EXPECT_EQ(section_ids(html), c.sections);
    EXPECT_EQ(names_of(figures_of(html)), c.charts);
  }
}

TEST(HtmlReport, PerReportChartsNameTheirReport) {
  const std::vector<LoadedReport> reports = {load_report_fixture("pipeline.json", "runs/a/pipeline.json"),
                                             load_report_fixture("pipeline.json", "runs/b/pipeline.json"),
                                             load_report_fixture("linkcheck.json", "cluster a & b/linkcheck.json")};
  const std::vector<Figure> figures = figures_of(render_html_report(reports));
  ASSERT_EQ(figures.size(), 3u);
  EXPECT_EQ(figures[0].name, "pipeline-timeline");
  EXPECT_EQ(figures[0].report, "runs/a/pipeline.json");
  EXPECT_EQ(figures[1].report, "runs/b/pipeline.json");
  EXPECT_EQ(figures[2].name, "linkcheck-heatmap");
  EXPECT_EQ(figures[2].report, "cluster a &amp; b/linkcheck.json");
  // Same file name twice: the legends and titles use the whole paths.
  EXPECT_NE(figures[0].body.find("runs/a/pipeline.json: timeline of one step"), std::string::npos);
}

TEST(HtmlReport, EveryChartNameFollowsTheScheme) {
  const std::string html = render_html_report(load_report_fixtures(
      {"collectives-cluster-a.json", "collectives-cluster-b.json", "topology.json", "scaling.json", "plan.json",
       "pipeline.json", "gradsync.json", "linkcheck.json"}));
  const std::regex shared(R"((busbw|latency|model-error):[a-z0-9_]+|scaling|gradsync-buckets)");
  const std::regex per_report("pipeline-timeline|linkcheck-heatmap");
  const std::vector<Figure> figures = figures_of(html);
  EXPECT_EQ(figures.size(), 3 * kCollectives.size() + 4);
  std::set<std::string> shared_names;
  for (const Figure& figure : figures) {
    SCOPED_TRACE(figure.name);
    if (std::regex_match(figure.name, per_report)) {
      EXPECT_FALSE(figure.report.empty());
    } else {
      EXPECT_TRUE(std::regex_match(figure.name, shared));
      EXPECT_TRUE(figure.report.empty());
      EXPECT_TRUE(shared_names.insert(figure.name).second) << "one chart of each name: reports share it";
    }
    EXPECT_EQ(occurrences(figure.body, "<svg "), 1u);
    EXPECT_EQ(occurrences(figure.body, "</svg>"), 1u);
    EXPECT_NE(figure.body.find("<title>"), std::string::npos) << "an accessible name";
    EXPECT_NE(figure.body.find("<figcaption>"), std::string::npos);
  }
  EXPECT_EQ(occurrences(html, "<figure"), figures.size()) << "every figure is a chart of the scheme";
  EXPECT_EQ(occurrences(html, "<section"), occurrences(html, "</section>"));
}

TEST(HtmlReport, TwoCollectivesReportsShareEachChartOneSeriesEach) {
  const std::vector<Figure> figures =
      figures_of(render_html_report(load_report_fixtures({"collectives-cluster-a.json", "collectives-cluster-b.json"})));
  EXPECT_EQ(names_of(figures), collective_chart_names());
  const Figure& busbw = figures.front();
  ASSERT_EQ(busbw.name, "busbw:allreduce");
  // Each report measured and modelled: four lines, each named in the legend.
  EXPECT_EQ(occurrences(busbw.body, "<polyline"), 4u);
  EXPECT_EQ(occurrences(busbw.body, "stroke-dasharray=\"6 4\" points="), 2u) << "the models dashed";
  for (const char* legend : {">collectives-cluster-a.json</text>", ">collectives-cluster-b.json</text>",
                             ">collectives-cluster-a.json model</text>", ">collectives-cluster-b.json model</text>"}) {
    EXPECT_NE(busbw.body.find(legend), std::string::npos) << legend;
  }
  // Each half-peak size is marked on the chart and stated in its caption.
  EXPECT_EQ(occurrences(busbw.body, ": half-peak "), 2u);
  EXPECT_NE(busbw.body.find("Half-peak size"), std::string::npos);
}

TEST(HtmlReport, APredictionIsADashedSeriesOnItsCollectivesChartsNamedByItsFile) {
  const std::vector<Figure> figures =
      figures_of(render_html_report(load_report_fixtures({"collectives-cluster-a.json", "prediction.json"})));
  EXPECT_EQ(names_of(figures), collective_chart_names());
  const Figure& busbw = figures.front();
  ASSERT_EQ(busbw.name, "busbw:allreduce");
  // The run, its model, and the prediction: the last two dashed.
  EXPECT_EQ(occurrences(busbw.body, "<polyline"), 3u);
  EXPECT_EQ(occurrences(busbw.body, "stroke-dasharray=\"6 4\" points="), 2u);
  for (const char* legend : {">collectives-cluster-a.json</text>", ">collectives-cluster-a.json model</text>",
                             ">prediction.json</text>"}) {
    EXPECT_NE(busbw.body.find(legend), std::string::npos) << legend;
  }
}

TEST(HtmlReport, WithoutPredictionsThereIsNoModelErrorChartNorModelSeries) {
  LoadedReport report = load_report_fixture("collectives-cluster-a.json");
  RunReport& run = std::get<RunReport>(report.content);
  for (Result& row : run.results) row.prediction.reset();
  run.model.reset();
  const std::string html = render_html_report({report});
  const std::multiset<std::string> names = names_of(figures_of(html));
  EXPECT_EQ(names.count("model-error:allreduce"), 0u);
  EXPECT_EQ(names.count("busbw:allreduce"), 1u);
  EXPECT_EQ(html.find(" model</text>"), std::string::npos);
}

TEST(HtmlReport, ThePageLoadsNothing) {
  const std::string html = render_html_report(load_report_fixtures(
      {"collectives-cluster-a.json", "collectives-cluster-b.json", "topology.json", "scaling.json", "pipeline.json",
       "gradsync.json", "linkcheck.json"}));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  for (const char* forbidden : {"http://", "https://", "<script", " src=", "<link", "<img", "@import", "url(", "xlink"}) {
    EXPECT_EQ(html.find(forbidden), std::string::npos) << forbidden;
  }
  // Links are in-page anchors, each to a section that is there.
  const std::set<std::string> ids = section_ids(html);
  const std::regex href(R"re(href="([^"]*)")re");
  std::size_t links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it, ++links) {
    const std::string target = (*it)[1].str();
    ASSERT_EQ(target.front(), '#') << target;
    EXPECT_EQ(ids.count(target.substr(1)), 1u) << target;
  }
  EXPECT_EQ(links, ids.size());
}

TEST(HtmlReport, WhatReportsSayIsEscaped) {
  LoadedReport report = load_report_fixture("linkcheck.json", "<script>alert(1)</script>.json");
  LinkcheckReport& linkcheck = std::get<LinkcheckReport>(report.content);
  linkcheck.meta.hosts[0].name = "evil<img src=x>";
  linkcheck.outliers.push_back("a \"quoted\" & <b>bold</b> line");
  const std::string html = render_html_report({report});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;.json"), std::string::npos);
  EXPECT_NE(html.find("evil&lt;img src=x&gt;"), std::string::npos);
}

TEST(HtmlReport, OutliersAndSuspectsAreMarkedInTheTextToo) {
  const std::string html = render_html_report({load_report_fixture("linkcheck.json")});
  EXPECT_NE(html.find("<strong class=\"warning\">\u26a0 suspect host fx-host3: its median bandwidth"), std::string::npos);
  EXPECT_NE(html.find("<strong class=\"warning\">\u26a0 outlier: fx-host2 -&gt; fx-host3: bandwidth"), std::string::npos);
  EXPECT_NE(html.find("<strong class=\"warning\">\u26a0 28.3 outlier</strong>"), std::string::npos) << "the matrix cell";
}

TEST(HtmlReport, SameReportsSameBytes) {
  const std::vector<LoadedReport> reports = load_report_fixtures({"collectives-cluster-a.json", "scaling.json", "gradsync.json"});
  EXPECT_EQ(render_html_report(reports), render_html_report(reports));
}

}  // namespace
}  // namespace commbench

// reports/render/svg_chart.hpp: charts are well-formed SVG whatever the input (tags balanced, every
// text escaped, never NaN or infinity), byte-size log axes are labelled in binary units,
// markers, legends, dashed model series, heat-map outliers and timeline bars are drawn, and the
// same input gives the same bytes.
#include "reports/format/escaped_text.hpp"
#include "reports/render/svg_chart.hpp"
#include "text_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace commbench {
namespace {

// The checks an XML parser would make that matter here: every element closed in order, one
// root <svg>, attribute values quoted, every '&' an entity, no '<' in text.
void expect_well_formed(const std::string& svg) {
  std::vector<std::string> open;
  std::size_t roots = 0;
  std::size_t at = 0;
  while ((at = svg.find('<', at)) != std::string::npos) {
    const std::size_t end = svg.find('>', at);
    ASSERT_NE(end, std::string::npos) << "unclosed tag at " << at;
    const std::string tag = svg.substr(at + 1, end - at - 1);
    ASSERT_FALSE(tag.empty());
    ASSERT_EQ(tag.find('<'), std::string::npos) << "'<' inside tag: " << tag;
    if (tag.front() == '/') {
      ASSERT_FALSE(open.empty()) << "closing " << tag << " with nothing open";
      EXPECT_EQ(open.back(), tag.substr(1)) << "closing tag out of order";
      open.pop_back();
    } else {
      const std::string name = tag.substr(0, tag.find_first_of(" /"));
      ASSERT_TRUE(std::all_of(name.begin(), name.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
          << "bad element name in <" << tag << ">";
      EXPECT_EQ(occurrences(tag, "\"") % 2, 0u) << "unbalanced quotes in <" << tag << ">";
      if (open.empty()) {
        ++roots;
        EXPECT_EQ(name, "svg");
      }
      if (tag.back() != '/') open.push_back(name);
    }
    at = end + 1;
  }
  EXPECT_TRUE(open.empty()) << "unclosed element " << (open.empty() ? "" : open.back());
  EXPECT_EQ(roots, 1u);
  for (std::size_t amp = svg.find('&'); amp != std::string::npos; amp = svg.find('&', amp + 1)) {
    const std::string entity = svg.substr(amp, 6);
    EXPECT_TRUE(entity.rfind("&amp;", 0) == 0 || entity.rfind("&lt;", 0) == 0 || entity.rfind("&gt;", 0) == 0 ||
                entity.rfind("&quot;", 0) == 0 || entity.rfind("&#39;", 0) == 0)
        << "bare '&' at " << amp;
  }
}

void expect_finite(const std::string& svg) {
  std::string lower = svg;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  EXPECT_EQ(lower.find("nan"), std::string::npos) << svg;
  EXPECT_EQ(lower.find("inf"), std::string::npos) << svg;
}

// Powers of two from 2^first to 2^last bytes, every step_exponent, with value(bytes).
std::vector<ChartPoint> sweep(int first, int last, int step_exponent, double (*value)(double)) {
  std::vector<ChartPoint> points;
  for (int e = first; e <= last; e += step_exponent) points.push_back({std::ldexp(1.0, e), value(std::ldexp(1.0, e))});
  return points;
}

LineChart bandwidth_chart(std::vector<ChartSeries> series) {
  return {"busbw", {"message size", AxisScale::log2, ValueKind::bytes, false},
          {"bus bandwidth", AxisScale::linear, ValueKind::bytes_per_second, true}, std::move(series), {}};
}

double rising(double bytes) { return 1e9 * bytes / (bytes + 65536); }

TEST(SvgChart, ByteSizeAxisIsLog2WithBinaryUnitLabels) {
  const std::string svg = line_chart_svg(bandwidth_chart({{"run", sweep(0, 20, 2, rising), 0}}));
  expect_well_formed(svg);
  expect_finite(svg);
  for (const char* label : {">1 B<", ">4 B<", ">256 B<", ">1 KiB<", ">4 KiB<", ">64 KiB<", ">1 MiB<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(svg.find(">1024 B<"), std::string::npos);
  EXPECT_EQ(svg.find(">2 B<"), std::string::npos) << "more than 12 ticks: every other power";
  EXPECT_NE(svg.find("bus bandwidth (GB/s)"), std::string::npos) << "one unit for the linear axis, in its title";
}

TEST(SvgChart, AnNcclStyleSweepIsLabelledFromItsFirstSizeToBeyondItsLast) {
  // -b 8 -e 4M -f 4 stops at 2 MiB; -f 2 reaches 4 MiB: 20 exponents, every other one labelled.
  const std::string svg = line_chart_svg(bandwidth_chart({{"run", sweep(3, 22, 1, rising), 0}}));
  EXPECT_NE(svg.find(">8 B<"), std::string::npos);
  EXPECT_NE(svg.find(">2 MiB<"), std::string::npos);
  EXPECT_NE(svg.find(">8 MiB<"), std::string::npos) << "the axis ends on a tick past the last size";
}

TEST(SvgChart, EveryPlaceablePointIsDrawnWithItsValuesInItsTooltip) {
  const std::string svg = line_chart_svg(bandwidth_chart({{"run", {{8, 1e6}, {1024, 2.5e9}}, 0}}));
  EXPECT_EQ(occurrences(svg, "<circle"), 2u + 1u) << "and the legend's sample";
  EXPECT_EQ(occurrences(svg, "<polyline"), 1u);
  EXPECT_NE(svg.find("<title>run: 1 KiB, 2.5 GB/s</title>"), std::string::npos);
}

TEST(SvgChart, NamesAndTitlesAreEscaped) {
  LineChart chart = bandwidth_chart({{"a<b & \"c\"", {{8, 1}, {16, 2}}, 0}});
  chart.title = "x < y & z";
  chart.markers.push_back({12, "half <peak> & more", 0});
  const std::string svg = line_chart_svg(chart);
  expect_well_formed(svg);
  EXPECT_NE(svg.find("a&lt;b &amp; &quot;c&quot;"), std::string::npos);
  EXPECT_NE(svg.find("half &lt;peak&gt; &amp; more"), std::string::npos);
  EXPECT_NE(svg.find("<title>x &lt; y &amp; z</title>"), std::string::npos) << "the accessible name";
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
}

TEST(SvgChart, TheChartHasAnAccessibleNameAndNoNamespaceUrl) {
  const std::string svg = line_chart_svg(bandwidth_chart({{"run", {{8, 1}}, 0}}));
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"busbw\""), std::string::npos);
  EXPECT_LT(svg.find("<title>busbw</title>"), svg.find("<rect")) << "the title is the svg's first child";
  EXPECT_EQ(svg.find("http"), std::string::npos) << "inline in HTML5 an SVG needs no xmlns, and a report has no URL";
}

TEST(SvgChart, AMarkerIsAVerticalLineWithItsLabel) {
  LineChart chart = bandwidth_chart({{"run", sweep(3, 21, 2, rising), 0}});
  chart.markers.push_back({65536, "half-peak 64 KiB", 1});
  const std::string svg = line_chart_svg(chart);
  expect_well_formed(svg);
  EXPECT_NE(svg.find(">half-peak 64 KiB</text>"), std::string::npos);
  // Dotted, in the marker's colour, across the plot.
  EXPECT_NE(svg.find("stroke=\"" + chart_colour(1) + "\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\""),
            std::string::npos);
}

TEST(SvgChart, MarkersAtTheSamePlaceGetLabelRowsOfTheirOwn) {
  LineChart chart = bandwidth_chart({{"run", sweep(3, 21, 2, rising), 0}});
  const std::string one_marker = line_chart_svg(chart);
  chart.markers = {{1024, "first label", 0}, {1024, "second label", 1}};
  const std::string svg = line_chart_svg(chart);
  // Two label rows: both labels at different heights, the plot moved down by one row each.
  const auto y_of = [&svg](const std::string& label) {
    const std::size_t text = svg.rfind("<text", svg.find(label));
    const std::size_t y = svg.find(" y=\"", text) + 4;
    return std::stod(svg.substr(y, svg.find('"', y) - y));
  };
  EXPECT_NE(y_of(">first label<"), y_of(">second label<"));
}

TEST(SvgChart, ADashedSeriesIsAModelWithHollowPointsAndItsOwnLegendEntry) {
  const std::string svg = line_chart_svg(bandwidth_chart(
      {{"measured", {{8, 1}, {16, 2}}, 0, LineStyle::solid}, {"model", {{8, 2}, {16, 3}}, 0, LineStyle::dashed}}));
  EXPECT_EQ(occurrences(svg, "<polyline"), 2u);
  EXPECT_EQ(occurrences(svg, "stroke-dasharray=\"6 4\""), 2u) << "the model's line and its legend sample";
  EXPECT_NE(svg.find("fill=\"#ffffff\" stroke=\"" + chart_colour(0) + "\""), std::string::npos) << "hollow points";
  EXPECT_NE(svg.find(">measured</text>"), std::string::npos);
  EXPECT_NE(svg.find(">model</text>"), std::string::npos);
}

TEST(SvgChart, ZeroAndNegativeValuesAreSkippedOnALogAxis) {
  LineChart chart = bandwidth_chart({{"run", {{0, 5}, {-8, 5}, {8, 5}, {16, 6}}, 0}});
  chart.y.scale = AxisScale::log10;
  chart.series.push_back({"zero", {{32, 0}, {64, -1}}, 1});
  const std::string svg = line_chart_svg(chart);
  expect_well_formed(svg);
  expect_finite(svg);
  EXPECT_EQ(occurrences(svg, "<circle"), 2u + 2u) << "two placeable points and two legend samples";
  EXPECT_EQ(occurrences(svg, "<polyline"), 1u) << "the series with no placeable point draws no line";
}

TEST(SvgChart, DegenerateInputStillMakesAFiniteChart) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<LineChart> charts = {
      bandwidth_chart({}),                                                // no series
      bandwidth_chart({{"empty", {}, 0}}),                                // an empty series
      bandwidth_chart({{"one", {{1024, 3e9}}, 0}}),                       // one point
      bandwidth_chart({{"flat", {{8, 2e9}, {16, 2e9}, {32, 2e9}}, 0}}),   // all equal
      bandwidth_chart({{"zeros", {{8, 0}, {16, 0}}, 0}}),                 // all zero on a linear axis
      bandwidth_chart({{"bad", {{nan, 1}, {8, nan}, {inf, 2}, {16, -inf}}, 0}}),
  };
  for (const LineChart& chart : charts) {
    const std::string svg = line_chart_svg(chart);
    SCOPED_TRACE(chart.series.empty() ? "no series" : chart.series.front().name);
    expect_well_formed(svg);
    expect_finite(svg);
  }
  EXPECT_NE(line_chart_svg(charts[0]).find("no data to draw"), std::string::npos);
  LineChart flat_without_zero = charts[3];
  flat_without_zero.y.include_zero = false;
  expect_finite(line_chart_svg(flat_without_zero));
  // Values far from zero and close together: round ticks at an offset where k + 1 == k.
  LineChart far_from_zero = bandwidth_chart({{"far", {{8, 1e17}, {16, 1e17 + 64}}, 0}});
  far_from_zero.y.include_zero = false;
  expect_finite(line_chart_svg(far_from_zero));
  LineChart one_on_log = charts[2];
  one_on_log.y.scale = AxisScale::log10;
  expect_finite(line_chart_svg(one_on_log));
}

TEST(SvgChart, SameInputSameBytes) {
  LineChart chart = bandwidth_chart({{"run", sweep(3, 21, 2, rising), 0}, {"model", sweep(3, 21, 2, rising), 0, LineStyle::dashed}});
  chart.markers.push_back({5000, "half-peak", 0});
  EXPECT_EQ(line_chart_svg(chart), line_chart_svg(chart));
}

TEST(SvgChart, NegativeValuesOnALinearAxisGetAZeroLine) {
  LineChart chart = bandwidth_chart({{"error", {{8, -0.9}, {16, -0.5}, {32, 0.2}}, 0}});
  chart.y = {"relative error", AxisScale::linear, ValueKind::fraction, true};
  const std::string svg = line_chart_svg(chart);
  expect_finite(svg);
  EXPECT_NE(svg.find("relative error (%)"), std::string::npos);
  EXPECT_NE(svg.find(">-100</text>"), std::string::npos);
  EXPECT_NE(svg.find("stroke=\"#aaaaaa\""), std::string::npos) << "the zero line stands out from the grid";
}

HeatMap three_hosts() {
  HeatMap map;
  map.title = "bandwidth";
  map.row_title = "sender";
  map.column_title = "receiver";
  map.rows = {{"h1", false}, {"h2", false}, {"h3 <&>", true}};
  map.columns = map.rows;
  const auto measured = [](double bandwidth) { return HeatMapCell{bandwidth, false, ""}; };
  const HeatMapCell none{std::nullopt, false, ""};
  map.cells = {{none, measured(1.2e8), measured(3.3e7)},
               {measured(1.2e8), none, {2.8e7, true, "latency 2.6 ms"}},
               {measured(4.4e7), measured(3.4e7), none}};
  map.value_title = "bandwidth";
  map.outlier_legend = "outlier link";
  map.flagged_legend = "suspect host";
  return map;
}

TEST(SvgHeatMap, OutliersAreOutlinedAndMarkedAndFlaggedLabelsStandOut) {
  const std::string svg = heat_map_svg(three_hosts());
  expect_well_formed(svg);
  expect_finite(svg);
  // One outlined cell and the legend's sample, each with a "!" badge.
  EXPECT_EQ(occurrences(svg, "stroke=\"#d00000\" stroke-width=\"3\""), 2u);
  EXPECT_EQ(occurrences(svg, ">!</text>"), 2u);
  EXPECT_NE(svg.find("h2 -&gt; h3 &lt;&amp;&gt;: 28 MB/s (outlier); latency 2.6 ms"), std::string::npos);
  EXPECT_EQ(occurrences(svg, ">h3 &lt;&amp;&gt; (!)</text>"), 2u) << "the flagged host as row and column";
  EXPECT_EQ(occurrences(svg, ">n/a</text>"), 3u + 1u) << "the diagonal and the legend";
  EXPECT_NE(svg.find("bandwidth (MB/s):"), std::string::npos);
  EXPECT_NE(svg.find(">outlier link</text>"), std::string::npos);
  EXPECT_NE(svg.find(">suspect host</text>"), std::string::npos);
}

TEST(SvgHeatMap, TheDarkestCellIsTheLargestValue) {
  const std::string svg = heat_map_svg(three_hosts());
  EXPECT_EQ(occurrences(svg, "fill=\"#0c2c84\""), 2u + 1u) << "both 120 MB/s cells and the legend's top swatch";
  EXPECT_EQ(occurrences(svg, "fill=\"#ffffd9\""), 1u + 1u) << "the 28 MB/s cell and the legend's bottom swatch";
}

TEST(SvgHeatMap, EmptyOrUniformMapsStayFinite) {
  HeatMap empty;
  empty.title = "nothing";
  expect_well_formed(heat_map_svg(empty));
  expect_finite(heat_map_svg(empty));
  HeatMap uniform = three_hosts();
  for (auto& row : uniform.cells) {
    for (auto& cell : row) cell.value = 5e7;
  }
  uniform.cells.pop_back();  // a missing row counts as not measured
  const std::string svg = heat_map_svg(uniform);
  expect_well_formed(svg);
  expect_finite(svg);
  EXPECT_EQ(occurrences(svg, ">n/a</text>"), 3u + 1u);
}

TEST(SvgTimeline, BarsAreColouredByActivityInTheirLanes) {
  Timeline timeline;
  timeline.title = "one step";
  timeline.lanes = {"stage 0", "stage 1"};
  timeline.bars = {{0, 0.000, 0.002, TimelineActivity::forward, "forward 0"},
                   {0, 0.002, 0.003, TimelineActivity::transfer, "send 0"},
                   {1, 0.003, 0.005, TimelineActivity::forward, "forward 0 <stage 1>"},
                   {1, 0.005, 0.009, TimelineActivity::backward, "backward 0"},
                   {7, 0.000, 0.001, TimelineActivity::forward, "no such lane"}};
  const std::string svg = timeline_svg(timeline);
  expect_well_formed(svg);
  expect_finite(svg);
  EXPECT_NE(svg.find(">stage 0</text>"), std::string::npos);
  EXPECT_NE(svg.find(">stage 1</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>forward 0 &lt;stage 1&gt;</title>"), std::string::npos);
  EXPECT_EQ(svg.find("no such lane"), std::string::npos);
  EXPECT_EQ(occurrences(svg, "fill=\"" + chart_colour(0) + "\""), 2u + 1u) << "two forward bars and the legend";
  EXPECT_EQ(occurrences(svg, "fill=\"" + chart_colour(1) + "\""), 1u + 1u);
  EXPECT_EQ(occurrences(svg, "fill=\"" + chart_colour(2) + "\""), 1u + 1u);
  for (const char* legend : {">forward<", ">backward<", ">send / recv (transfer)<", ">idle (bubble)<"}) {
    EXPECT_NE(svg.find(legend), std::string::npos) << legend;
  }
  EXPECT_NE(svg.find("time from the step&#39;s start (ms)"), std::string::npos);
}

TEST(SvgTimeline, AnEmptyTimelineStaysFinite) {
  Timeline timeline;
  timeline.title = "nothing";
  expect_well_formed(timeline_svg(timeline));
  expect_finite(timeline_svg(timeline));
}

TEST(ValueText, SizesInBinaryUnitsAndRatesInDecimalOnes) {
  EXPECT_EQ(byte_size_text(8), "8 B");
  EXPECT_EQ(byte_size_text(1000), "1000 B");
  EXPECT_EQ(byte_size_text(1024), "1 KiB");
  EXPECT_EQ(byte_size_text(1536), "1.5 KiB");
  EXPECT_EQ(byte_size_text(4 * 1048576.0), "4 MiB");
  EXPECT_EQ(byte_size_text(37.43 * 1024), "37.4 KiB");
  EXPECT_EQ(byte_size_text(0), "0 B");
  EXPECT_EQ(value_text(ValueKind::bytes_per_second, 2.81e9), "2.81 GB/s");
  EXPECT_EQ(value_text(ValueKind::bytes_per_second, 119.6e6), "120 MB/s");
  EXPECT_EQ(value_text(ValueKind::seconds, 4.12e-4), "412 us");
  EXPECT_EQ(value_text(ValueKind::seconds, 0.0025), "2.5 ms");
  EXPECT_EQ(value_text(ValueKind::fraction, -0.125), "-12.5%");
  EXPECT_EQ(value_text(ValueKind::count, 4096), "4096");
  EXPECT_EQ(html_text("a\n<b>&'\""), "a\\x0a&lt;b&gt;&amp;&#39;&quot;");
}

}  // namespace
}  // namespace commbench

#include "json/comparison_json.h"

#include <cmath>

namespace retold {

namespace {
double Round4(double x) { return std::round(x * 10000.0) / 10000.0; }
}  // namespace

nlohmann::json ComparisonToJson(const Comparison& c, bool rows) {
  nlohmann::json j;
  j["verdict"] = std::string(VerdictName(c.verdict));
  j["score"] = Round4(c.score);
  j["coverage"] = {{"a", Round4(c.coverage_a)}, {"b", Round4(c.coverage_b)}};
  nlohmann::json passages = nlohmann::json::array();
  for (const Passage& p : c.passages) {
    nlohmann::json j = {{"a", {p.a.begin, p.a.end}},
                        {"b", {p.b.begin, p.b.end}},
                        {"similarity", Round4(p.similarity)}};
    if (rows) {
      nlohmann::json list = nlohmann::json::array();
      for (const AlignedSentences& r : p.rows) {
        list.push_back({{"a", {r.a.begin, r.a.end}},
                        {"b", {r.b.begin, r.b.end}},
                        {"similarity", Round4(r.similarity)}});
      }
      j["rows"] = std::move(list);
    }
    passages.push_back(std::move(j));
  }
  j["passages"] = std::move(passages);
  // "a", "b" or null; dedup replaces the side by the id.
  j["source"] = c.source == Side::kUnknown ? nlohmann::json(nullptr)
                                           : nlohmann::json(c.source == Side::kA ? "a" : "b");
  j["source_reason"] = StringOrNull(c.source_reason);
  return j;
}

nlohmann::json StringOrNull(std::string_view s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(s));
}

std::string DumpLine(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace retold

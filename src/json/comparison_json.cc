#include "json/comparison_json.h"

#include <simdjson.h>

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
  j["lang_a"] = StringOrNull(c.lang_a);
  j["lang_b"] = StringOrNull(c.lang_b);
  j["translated"] = c.translated;
  return j;
}

namespace {

bool ReadSpan(const nlohmann::json& j, Span* span) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_unsigned() || !j[1].is_number_unsigned()) {
    return false;
  }
  span->begin = j[0].get<uint32_t>();
  span->end = j[1].get<uint32_t>();
  return span->begin <= span->end;
}

}  // namespace

bool ComparisonFromJson(const nlohmann::json& j, Comparison* c, std::string* error) {
  auto fail = [error](const std::string& field) {
    *error = "comparison JSON: missing or malformed \"" + field + "\"";
    return false;
  };
  *c = Comparison{};
  if (!j.is_object()) return fail("{...}");
  auto verdict = j.find("verdict");
  if (verdict == j.end() || !verdict->is_string() ||
      !VerdictFromName(verdict->get_ref<const std::string&>(), &c->verdict)) {
    return fail("verdict");
  }
  auto number = [&j](const char* key, const char* sub, double* out) {
    auto it = j.find(key);
    if (it == j.end()) return false;
    if (sub != nullptr) {
      if (!it->is_object() || !it->contains(sub)) return false;
      it = it->find(sub);
    }
    if (!it->is_number()) return false;
    *out = it->get<double>();
    return true;
  };
  if (!number("score", nullptr, &c->score)) return fail("score");
  if (!number("coverage", "a", &c->coverage_a) || !number("coverage", "b", &c->coverage_b)) {
    return fail("coverage");
  }
  auto passages = j.find("passages");
  if (passages == j.end() || !passages->is_array()) return fail("passages");
  for (const nlohmann::json& p : *passages) {
    Passage passage;
    if (!p.is_object() || !p.contains("a") || !p.contains("b") || !ReadSpan(p["a"], &passage.a) ||
        !ReadSpan(p["b"], &passage.b) || !p.contains("similarity") || !p["similarity"].is_number()) {
      return fail("passages");
    }
    passage.similarity = p["similarity"].get<double>();
    if (p.contains("rows")) {
      for (const nlohmann::json& r : p["rows"]) {
        AlignedSentences row;
        if (!r.is_object() || !r.contains("a") || !r.contains("b") || !ReadSpan(r["a"], &row.a) ||
            !ReadSpan(r["b"], &row.b)) {
          return fail("rows");
        }
        row.similarity = r.value("similarity", 0.0);
        passage.rows.push_back(row);
      }
    }
    c->passages.push_back(std::move(passage));
  }
  auto source = j.find("source");
  if (source != j.end() && source->is_string()) {
    const std::string& side = source->get_ref<const std::string&>();
    if (side != "a" && side != "b") return fail("source");
    c->source = side == "a" ? Side::kA : Side::kB;
  }
  auto reason = j.find("source_reason");
  if (reason != j.end() && reason->is_string()) {
    // Reasons are string_views into static text: the known one is taken.
    for (std::string_view known : kSourceReasons) {
      if (known == reason->get_ref<const std::string&>()) c->source_reason = known;
    }
    if (c->source_reason.empty()) return fail("source_reason");
  }
  for (auto [key, out] : {std::pair{"lang_a", &c->lang_a}, std::pair{"lang_b", &c->lang_b}}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) *out = it->get<std::string>();
  }
  auto translated = j.find("translated");
  if (translated != j.end() && translated->is_boolean()) c->translated = translated->get<bool>();
  return true;
}

void AddPivots(const Document& a, const Document& b, nlohmann::json* j) {
  if (!a.translated && !b.translated) return;
  (*j)["pivot"] = {{"a", a.translated ? nlohmann::json(a.text) : nlohmann::json(nullptr)},
                   {"b", b.translated ? nlohmann::json(b.text) : nlohmann::json(nullptr)}};
}

nlohmann::json StringOrNull(std::string_view s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(s));
}

std::string DumpLine(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string JsonString(std::string_view s) {
  // Invalid UTF-8 is rare (texts read from JSON are valid): nlohmann
  // replaces it, and its rules are not repeated here.
  if (!simdjson::validate_utf8(s.data(), s.size())) return DumpLine(std::string(s));
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
  return out;
}

}  // namespace retold

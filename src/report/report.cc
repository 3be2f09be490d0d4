#include "report/report.h"

#include "retold_web_assets.h"

namespace retold {
namespace {

// JSON inside <script> must not be able to close the element or open a
// comment ("</script>", "<!--"): every <, > and & is written as a \u escape,
// which JSON allows inside strings (the only place they can occur).
std::string ScriptSafe(const nlohmann::json& data) {
  std::string json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Page(const std::string& subtitle, const nlohmann::json& data) {
  std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>retold report</title>\n<style>";
  html += web::k_viewer_css;
  html += "</style></head>\n<body><header><h1>retold</h1><span></span></header>\n<main id=\"main\"></main>\n";
  html += "<script type=\"application/json\" id=\"retold-data\">" + ScriptSafe(data) + "</script>\n<script>";
  html += web::k_viewer_js;
  html += "</script>\n<script>document.querySelector('header span').textContent = " +
          ScriptSafe(nlohmann::json(subtitle)) + ";</script>\n<script>";
  html += web::k_report_js;
  html += "</script>\n</body></html>\n";
  return html;
}

}  // namespace

std::string PairReport(const std::string& name_a, const std::string& text_a,
                       const std::string& name_b, const std::string& text_b,
                       const nlohmann::json& result) {
  nlohmann::json data = {{"kind", "pair"},
                         {"a", {{"name", name_a}, {"text", text_a}}},
                         {"b", {{"name", name_b}, {"text", text_b}}},
                         {"result", result}};
  return Page(name_a + "  vs  " + name_b, data);
}

std::string DedupReport(const nlohmann::json& pairs, const nlohmann::json& clusters,
                        const nlohmann::json& recurring, const nlohmann::json& documents) {
  nlohmann::json data = {{"kind", "dedup"}, {"pairs", pairs}, {"clusters", clusters},
                         {"recurring", recurring}, {"documents", documents}};
  return Page("deduplication report", data);
}

}  // namespace retold

// Self-contained HTML reports: the viewer's CSS and JavaScript and the data
// inlined in one file that any browser opens without a network.
#ifndef RETOLD_REPORT_REPORT_H_
#define RETOLD_REPORT_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace retold {

// The page for one pair. `result` is the JSON of compare --json.
std::string PairReport(const std::string& name_a, const std::string& text_a,
                       const std::string& name_b, const std::string& text_b,
                       const nlohmann::json& result);

// The page for a dedup run: `pairs`, `clusters` and `recurring` as in
// pairs.jsonl, clusters.jsonl and recurring.jsonl, `documents` an object
// id -> text.
std::string DedupReport(const nlohmann::json& pairs, const nlohmann::json& clusters,
                        const nlohmann::json& recurring,
                        const nlohmann::json& documents);

}  // namespace retold

#endif  // RETOLD_REPORT_REPORT_H_

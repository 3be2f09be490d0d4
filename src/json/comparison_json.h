// The JSON form of a comparison, one home for every front end: the CLI's
// --json and dedup outputs, the HTTP service and the Python module all
// write it through these calls, so the shape cannot drift between them.
#ifndef RETOLD_JSON_COMPARISON_JSON_H_
#define RETOLD_JSON_COMPARISON_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "retold/compare.h"

namespace retold {

// {"verdict", "score", "coverage": {"a", "b"}, "passages": [...], "source",
// "source_reason"} with offsets as half-open byte ranges. Paths or ids are
// added by the caller. With `rows`, each passage also lists its aligned
// sentences (for viewers).
nlohmann::json ComparisonToJson(const Comparison& c, bool rows = false);

// Adds "pivot": {"a": TEXT or null, "b": ...} to `j` when either document
// was compared through its English translation: the translation, for a
// reader who wants to see what was compared (the passages' offsets stay
// in the originals).
void AddPivots(const Document& a, const Document& b, nlohmann::json* j);

// The reverse, for comparisons that crossed a process boundary (a
// distributed run's workers send verified pairs to the driver in this
// form): reads what ComparisonToJson wrote, rows included when present.
// False with `error` naming the field when `j` is not of that shape.
bool ComparisonFromJson(const nlohmann::json& j, Comparison* c, std::string* error);

// The string, or null when it is empty (a reason nothing decided).
nlohmann::json StringOrNull(std::string_view s);

// One line of JSON; invalid UTF-8 in strings is replaced, never thrown on.
std::string DumpLine(const nlohmann::json& j);

// `s` as a JSON string, quotes included, exactly as DumpLine writes it,
// without building a json value first: for lines of many long strings
// (recurring passages' ids, documents' texts), put together by hand.
std::string JsonString(std::string_view s);

}  // namespace retold

#endif  // RETOLD_JSON_COMPARISON_JSON_H_

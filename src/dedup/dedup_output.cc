#include "dedup/dedup_output.h"

#include <future>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "common/output_file.h"
#include "corpus/text_checks.h"
#include "dedup/strip_reused.h"
#include "json/comparison_json.h"

namespace retold {

namespace {

nlohmann::json IdOrNull(const DedupResult& r, uint32_t document) {
  return document == kNoDocument ? nlohmann::json(nullptr) : nlohmann::json(r.ids[document]);
}

}  // namespace

bool WriteDedupOutputs(const DedupResult& r, const std::string& dir, std::string* error) {
  // The recurring passages and the members' texts are most of the bytes;
  // they are written on threads of their own while pairs and families are
  // written here.
  OutputFile recurring(dir + "/recurring.jsonl"), documents(dir + "/documents.jsonl");
  auto recurring_written = std::async(std::launch::async, [&] {
    for (size_t k = 0; k < r.recurring.size(); ++k) {
      const RecurringText& t = r.recurring[k];
      nlohmann::json ids = nlohmann::json::array(), spans = nlohmann::json::array();
      for (uint32_t d : t.documents) ids.push_back(r.ids[d]);
      for (const Span& s : t.spans) spans.push_back({s.begin, s.end});
      recurring.WriteLine(DumpLine({{"passage", k + 1},
                                    {"documents", t.documents.size()},
                                    {"text", t.text},
                                    {"in", r.ids[t.documents.front()]},
                                    {"spans", std::move(spans)},
                                    {"ids", std::move(ids)}}));
    }
  });
  // The texts of family members, so that `retold report --dedup DIR` can
  // show them side by side without the corpus.
  auto documents_written = std::async(std::launch::async, [&] {
    for (const auto& [index, text] : r.member_texts) {
      documents.WriteLine(DumpLine({{"id", r.ids[index]}, {"text", text}}));
    }
  });
  OutputFile pairs(dir + "/pairs.jsonl");
  // Partial pairs by document, for the families' "shares" lists.
  std::unordered_map<uint32_t, std::vector<const DedupPair*>> partial_of;
  for (const DedupPair& p : r.pairs) {
    nlohmann::json j = {{"a", r.ids[p.a]}, {"b", r.ids[p.b]}};
    j.update(ComparisonToJson(p.comparison));
    j["source"] = IdOrNull(r, p.source);
    j["source_reason"] = StringOrNull(p.source_reason);
    pairs.WriteLine(DumpLine(j));
    if (!IsWholeDocument(p.comparison.verdict)) {
      partial_of[p.a].push_back(&p);
      partial_of[p.b].push_back(&p);
    }
  }
  OutputFile clusters(dir + "/clusters.jsonl");
  for (const DedupFamily& f : r.families) {
    for (const DedupMember& m : f.members) {
      nlohmann::json shares = nlohmann::json::array();
      for (const DedupPair* p : partial_of[m.document]) {
        uint32_t other = p->a == m.document ? p->b : p->a;
        shares.push_back({{"id", r.ids[other]},
                          {"cluster", r.family_of[other]},
                          {"source", IdOrNull(r, p->source)}});
      }
      clusters.WriteLine(DumpLine({{"id", r.ids[m.document]},
                                   {"cluster", f.id},
                                   {"size", f.members.size()},
                                   {"original", m.original},
                                   {"original_basis", StringOrNull(f.original_basis)},
                                   {"relation", m.relation},
                                   {"kept", m.kept},
                                   {"shares", std::move(shares)}}));
    }
  }
  recurring_written.get();
  documents_written.get();
  for (OutputFile* file : {&pairs, &clusters, &recurring, &documents}) {
    if (!file->Finish()) {
      *error = file->error();
      return false;
    }
  }
  for (OutputFile* file : {&pairs, &clusters, &recurring, &documents}) {
    if (!file->Commit()) {
      *error = file->error();
      return false;
    }
  }
  return true;
}

std::string KeptLine(const Record& record) {
  if (!record.line.empty()) return record.line;
  nlohmann::json j = {{"id", record.id}, {"text", record.text}};
  if (!record.date.empty()) j["date"] = record.date;
  return DumpLine(j);
}

bool WriteKept(const std::vector<std::string>& inputs, const ReaderOptions& reader_options,
               const DedupResult& r, const std::string& path, const KeepOptions& keep_options,
               KeepStats* stats, std::string* error) {
  std::vector<bool> kept(r.documents, true);
  for (const DedupFamily& f : r.families) {
    for (const DedupMember& m : f.members) {
      if (!m.kept) kept[m.document] = false;
    }
  }
  std::unique_ptr<ReusedPassages> reused;
  if (keep_options.strip_reused) reused = std::make_unique<ReusedPassages>(r, kept, keep_options.min_reused_bytes);
  OutputFile out(path);
  ReaderOptions options = reader_options;
  options.keep_line = true;
  CorpusReader reader(inputs, options);
  Record record;
  *stats = {};
  for (uint32_t d = 0; reader.Next(&record); ++d) {
    if (d >= kept.size() || r.ids[d] != record.id) {
      *error = record.origin + ": the input changed since it was first read";
      return false;
    }
    size_t removed = reused ? reused->Strip(d, &record.text) : 0;
    if (!kept[d]) continue;
    if (removed > 0) {
      if (IsBlank(record.text)) {
        ++stats->emptied;
        continue;
      }
      ++stats->stripped;
      stats->stripped_bytes += removed;
      if (!record.line.empty()) {  // the record as read, with its new text
        nlohmann::json j = nlohmann::json::parse(record.line, nullptr, false);
        if (j.is_object()) {
          j[reader_options.text_field] = record.text;
          record.line = DumpLine(j);
        } else {
          record.line.clear();
        }
      }
    }
    out.WriteLine(KeptLine(record));
    ++stats->kept;
  }
  if (!reader.error().empty()) {
    *error = reader.error();
    return false;
  }
  if (!out.Commit()) {
    *error = out.error();
    return false;
  }
  return true;
}

}  // namespace retold

#include "dedup/dedup_output.h"

#include <future>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "common/output_file.h"
#include "common/parallel.h"
#include "corpus/text_checks.h"
#include "dedup/strip_reused.h"
#include "json/comparison_json.h"

namespace retold {

namespace {

nlohmann::json IdOrNull(const DedupResult& r, uint32_t document) {
  return document == kNoDocument ? nlohmann::json(nullptr) : nlohmann::json(r.ids[document]);
}

}  // namespace

DedupOutputs::DedupOutputs(const std::string& dir)
    : pairs_(dir + "/pairs.jsonl"),
      clusters_(dir + "/clusters.jsonl"),
      recurring_(dir + "/recurring.jsonl"),
      documents_(dir + "/documents.jsonl") {}

void DedupOutputs::WritePairs(const DedupResult& r) {
  // The texts of family members, so that `retold report --dedup DIR` can
  // show them side by side without the corpus.
  // (On a thread of its own: they are most of these bytes.)
  auto documents_written = std::async(std::launch::async, [&] {
    for (const auto& [index, text] : r.member_texts) {
      documents_.WriteLine("{\"id\":" + JsonString(r.ids[index]) + ",\"text\":" + JsonString(text) + "}");
    }
    documents_.Finish();
  });
  // Partial pairs by document, for the families' "shares" lists.
  std::unordered_map<uint32_t, std::vector<const DedupPair*>> partial_of;
  for (const DedupPair& p : r.pairs) {
    nlohmann::json j = {{"a", r.ids[p.a]}, {"b", r.ids[p.b]}};
    j.update(ComparisonToJson(p.comparison));
    j["source"] = IdOrNull(r, p.source);
    j["source_reason"] = StringOrNull(p.source_reason);
    pairs_.WriteLine(DumpLine(j));
    if (!IsWholeDocument(p.comparison.verdict)) {
      partial_of[p.a].push_back(&p);
      partial_of[p.b].push_back(&p);
    }
  }
  pairs_.Finish();
  for (const DedupFamily& f : r.families) {
    for (const DedupMember& m : f.members) {
      nlohmann::json shares = nlohmann::json::array();
      for (const DedupPair* p : partial_of[m.document]) {
        uint32_t other = p->a == m.document ? p->b : p->a;
        shares.push_back({{"id", r.ids[other]},
                          {"cluster", r.family_of[other]},
                          {"source", IdOrNull(r, p->source)}});
      }
      clusters_.WriteLine(DumpLine({{"id", r.ids[m.document]},
                                    {"cluster", f.id},
                                    {"size", f.members.size()},
                                    {"original", m.original},
                                    {"original_basis", StringOrNull(f.original_basis)},
                                    {"relation", m.relation},
                                    {"kept", m.kept},
                                    {"shares", std::move(shares)}}));
    }
  }
  clusters_.Finish();
  documents_written.get();
}

void DedupOutputs::WriteRecurring(const DedupResult& r, unsigned threads) {
  // Lines of many ids each (a passage can be in thousands of documents):
  // each id is quoted once, and the lines are put together as strings
  // with the keys in the order nlohmann::json gives them, a block of them
  // on every core, then written in order.
  std::vector<std::string> quoted(r.ids.size());
  ParallelForChunks(r.ids.size(), kLinesPerTask, threads, [&](size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) quoted[d] = JsonString(r.ids[d]);
  });
  auto format = [&](size_t k, std::string* out) {
    const RecurringText& t = r.recurring[k];
    *out += "{\"documents\":";
    *out += std::to_string(t.documents.size());
    *out += ",\"ids\":[";
    // The ids are read in no order from a table larger than a core's
    // cache: asked for all at once, their waits overlap.
    for (uint32_t d : t.documents) __builtin_prefetch(&quoted[d]);
    for (size_t i = 0; i < t.documents.size(); ++i) {
      if (i > 0) *out += ',';
      *out += quoted[t.documents[i]];
    }
    *out += "],\"in\":";
    *out += quoted[t.documents.front()];
    *out += ",\"passage\":";
    *out += std::to_string(k + 1);
    *out += ",\"spans\":[";
    for (size_t i = 0; i < t.spans.size(); ++i) {
      *out += i > 0 ? ",[" : "[";
      *out += std::to_string(t.spans[i].begin);
      *out += ',';
      *out += std::to_string(t.spans[i].end);
      *out += ']';
    }
    *out += "],\"text\":";
    *out += JsonString(t.text);
    *out += "}\n";
  };
  // A few blocks a thread at a time, so that what waits to be written
  // stays small.
  const size_t per_round = size_t{4} * std::max(1u, threads);
  std::vector<std::string> blocks(per_round);
  for (size_t first = 0; first < r.recurring.size(); first += per_round * kLinesPerTask) {
    const size_t end = std::min(r.recurring.size(), first + per_round * kLinesPerTask);
    ParallelForChunks(end - first, kLinesPerTask, threads, [&](size_t begin, size_t stop) {
      std::string& block = blocks[begin / kLinesPerTask];
      block.clear();
      for (size_t k = first + begin; k < first + stop; ++k) format(k, &block);
    });
    for (size_t b = 0; b * kLinesPerTask < end - first; ++b) recurring_.Write(blocks[b]);
    recurring_.StartWriteback();
  }
  recurring_.Finish();  // its sync waits for the disk, not for the other files
}

bool DedupOutputs::Commit(std::string* error) {
  for (OutputFile* file : {&pairs_, &clusters_, &recurring_, &documents_}) {
    if (!file->Finish()) {
      *error = file->error();
      return false;
    }
  }
  for (OutputFile* file : {&pairs_, &clusters_, &recurring_, &documents_}) {
    if (!file->Commit()) {
      *error = file->error();
      return false;
    }
  }
  return true;
}

bool WriteDedupOutputs(const DedupResult& r, const std::string& dir, std::string* error) {
  // The recurring passages are written on a thread of their own while the
  // rest is written here.
  DedupOutputs outputs(dir);
  auto recurring_written = std::async(std::launch::async, [&] { outputs.WriteRecurring(r, 1); });
  outputs.WritePairs(r);
  recurring_written.get();
  return outputs.Commit(error);
}

std::string KeptLine(const Record& record) {
  if (!record.line.empty()) return record.line;
  nlohmann::json j = {{"id", record.id}, {"text", record.text}};
  if (!record.date.empty()) j["date"] = record.date;
  return DumpLine(j);
}

namespace {

// WriteKept when every record's line has a place in the input: the kept
// lines are copied as bytes, in runs of neighbouring lines, with no JSON
// read or written, and by the kernel, never read here. A line break must
// still stand at both ends of each run, or the input changed since it was
// read.
bool CopyKeptLines(const std::vector<std::string>& inputs, const ReaderOptions& reader_options,
                   const DedupResult& r, const std::vector<bool>& kept, OutputFile* out, KeepStats* stats,
                   std::string* error) {
  constexpr uint64_t kMaxRun = uint64_t{64} << 20;
  RecordFetcher fetch(inputs, reader_options);
  auto changed = [&](uint32_t input, uint64_t offset) {
    *error = inputs[input] + ": at byte " + std::to_string(offset) + ": the input changed since it was first read";
    return false;
  };
  std::string edge;
  // Is byte `at` of the input a line break (with `at_end`, one that ends
  // a line: a CRLF's CR too, or the input's end)?
  auto line_break_at = [&](uint32_t input, uint64_t at, bool at_end) {
    edge.clear();
    std::string ignored;
    if (!fetch.ReadBytes(input, at, 1, &edge, &ignored)) return at_end;
    return edge[0] == '\n' || (at_end && edge[0] == '\r');
  };
  for (uint32_t d = 0; d < r.documents;) {
    if (!kept[d]) {
      ++d;
      continue;
    }
    const RecordPlace& first = r.places[d];
    uint32_t end = d + 1;
    uint64_t run_end = first.offset + first.bytes;
    while (end < r.documents && kept[end] && r.places[end].input == first.input &&
           r.places[end].offset == run_end + 1 && run_end - first.offset < kMaxRun) {
      run_end = r.places[end].offset + r.places[end].bytes;
      ++end;
    }
    if ((first.offset > 0 && !line_break_at(first.input, first.offset - 1, false)) ||
        !line_break_at(first.input, run_end, true)) {
      return changed(first.input, first.offset);
    }
    const uint64_t bytes = run_end - first.offset;
    if (out->CopyFrom(fetch.FileDescriptor(first.input), first.offset, bytes) != bytes) {
      if (!out->ok()) {
        *error = out->error();
        return false;
      }
      return changed(first.input, first.offset);
    }
    out->Write("\n");
    stats->kept += end - d;
    d = end;
  }
  return true;
}

bool CommitKept(const KeepOptions& keep_options, OutputFile* out, std::string* error) {
  if (!out->Finish()) {
    *error = out->error();
    return false;
  }
  if (keep_options.commit_if && !keep_options.commit_if()) {
    error->clear();
    return false;
  }
  if (!out->Commit()) {
    *error = out->error();
    return false;
  }
  return true;
}

}  // namespace

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
  OutputFile out(path, OutputFile::Mode::kDirect);  // most of a run's bytes, not read back here
  *stats = {};
  if (!reused && !r.places.empty()) {
    if (!CopyKeptLines(inputs, reader_options, r, kept, &out, stats, error)) return false;
    return CommitKept(keep_options, &out, error);
  }
  ReaderOptions options = reader_options;
  options.keep_line = true;
  CorpusReader reader(inputs, options);
  Record record;
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
  return CommitKept(keep_options, &out, error);
}

}  // namespace retold

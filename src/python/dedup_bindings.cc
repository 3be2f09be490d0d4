// Corpus runs from Python: the whole of `retold dedup` on files, and the
// pieces a distributed run (python/retold/dask.py) puts together around the
// stages of retold/dedup.h.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "dedup/dedup_output.h"
#include "json/comparison_json.h"
#include "retold/dedup.h"
#include "retold/lexicon.h"
#include "retold/word_counts.h"
#include "python/errors.h"

namespace py = pybind11;

namespace retold::python {

namespace {

// What the driver of a distributed run gathers from its workers, made into
// the DedupResult that `retold dedup` would have built, and written by the
// same writer.
class Assembly {
 public:
  Assembly(std::vector<std::string> ids, const std::vector<std::string>& dates,
           const std::vector<uint32_t>& text_bytes) {
    if (dates.size() != ids.size() || text_bytes.size() != ids.size()) {
      throw py::value_error("ids, dates and text_bytes differ in length");
    }
    result_.ids = std::move(ids);
    result_.documents = result_.ids.size();
    for (size_t i = 0; i < dates.size(); ++i) facts_.push_back({dates[i], text_bytes[i]});
  }

  void AddExact(const std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
    for (auto [a, b] : pairs) Check(a), Check(b);
    exact_.insert(exact_.end(), pairs.begin(), pairs.end());
  }

  // Lines from Comparer.verify_pairs.
  void AddVerified(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      DedupPair p;
      std::string error;
      if (j.is_discarded() || !j.contains("a") || !j.contains("b") || !j["a"].is_number_unsigned() ||
          !j["b"].is_number_unsigned() || !ComparisonFromJson(j, &p.comparison, &error)) {
        throw py::value_error("verified pair: " + (error.empty() ? "not a pair line" : error));
      }
      p.a = j["a"].get<uint32_t>();
      p.b = j["b"].get<uint32_t>();
      Check(p.a), Check(p.b);
      verified_.push_back(std::move(p));
    }
  }

  void AddRecurring(const std::vector<uint32_t>& documents,
                    const std::vector<std::pair<uint32_t, uint32_t>>& spans, const py::bytes& text) {
    RecurringText r;
    for (uint32_t d : documents) Check(d);
    r.documents = documents;
    for (auto [b, e] : spans) r.spans.push_back({b, e});
    r.text = text;
    result_.recurring.push_back(std::move(r));
  }

  // Pairs, families and --keep's choices; returns the family members,
  // whose texts documents.jsonl holds.
  std::vector<uint32_t> Build() {
    py::gil_scoped_release release;
    // The verifier's date rule is applied again here, as Run does, from
    // the facts (CollectPairs decides the source of each derived pair).
    CollectPairs(std::move(verified_), exact_, facts_, &result_);
    BuildFamilies(facts_, &result_);
    std::vector<uint32_t> members;
    for (const DedupFamily& f : result_.families) {
      for (const DedupMember& m : f.members) members.push_back(m.document);
    }
    return members;
  }

  void SetMemberTexts(std::map<uint32_t, std::string> texts) {
    for (const DedupFamily& f : result_.families) {
      for (const DedupMember& m : f.members) {
        auto it = texts.find(m.document);
        if (it == texts.end()) throw py::key_error("no text for family member " + result_.ids[m.document]);
        result_.member_texts.emplace_back(m.document, std::move(it->second));
      }
    }
  }

  void Write(const std::string& dir) {
    std::string error;
    bool ok;
    {
      py::gil_scoped_release release;
      ok = WriteDedupOutputs(result_, dir, &error);
    }
    if (!ok) throw OsError(error);
  }

  std::vector<uint32_t> Dropped() const {
    std::vector<uint32_t> out;
    for (const DedupFamily& f : result_.families) {
      for (const DedupMember& m : f.members) {
        if (!m.kept) out.push_back(m.document);
      }
    }
    return out;
  }

  size_t pairs() const { return result_.pairs.size(); }

 private:
  void Check(uint32_t d) const {
    if (d >= result_.ids.size()) throw py::index_error("document index out of range");
  }
  DedupResult result_;
  std::vector<DocumentFacts> facts_;
  std::vector<DedupPair> verified_;
  std::vector<std::pair<uint32_t, uint32_t>> exact_;
};

py::dict RunDedup(const std::vector<std::string>& inputs, const std::string& out, bool lexical_only,
                  unsigned threads, const std::string& id_field, const std::string& text_field,
                  const std::string& date_field, bool skip_bad, const std::string& keep,
                  const std::string& lexicon_path) {
  std::unique_ptr<Lexicon> lexicon;
  std::string error;
  if (!lexical_only) {
    lexicon = Lexicon::Open(lexicon_path, &error);
    if (!lexicon) throw OsError(error);
  }
  DedupOptions options;
  options.lexical_only = lexical_only;
  options.threads = threads;
  options.reader.id_field = id_field;
  options.reader.text_field = text_field;
  options.reader.date_field = date_field;
  options.reader.skip_bad = skip_bad;
  DedupResult result;
  size_t kept = 0;
  bool ran, wrote = false, kept_ok = true;
  {
    py::gil_scoped_release release;
    Deduplicator dedup(lexicon.get(), options);
    ran = dedup.Run(inputs, &result, &error);
    if (ran) wrote = WriteDedupOutputs(result, out, &error);
    KeepStats stats;
    if (ran && wrote && !keep.empty()) kept_ok = WriteKept(inputs, options.reader, result, keep, {}, &stats, &error);
    kept = stats.kept;
  }
  if (!ran) throw py::value_error(error);
  if (!wrote || !kept_ok) throw OsError(error);
  py::dict d;
  d["documents"] = result.documents;
  d["skipped"] = result.skipped;
  d["candidate_pairs"] = result.candidate_pairs;
  d["pairs"] = result.pairs.size();
  d["recurring"] = result.recurring.size();
  d["kept"] = keep.empty() ? py::none() : py::cast(kept);
  return d;
}

// The records of `inputs` as dicts {"id", "text", "date"}, read by the
// corpus reader (directories, JSONL, gzip, zstd; a byte range of a plain
// JSONL file, see ReaderOptions). Invalid UTF-8 is replaced (Python
// strings cannot hold it).
// How a Dask worker reads its piece of the inputs (see ReaderOptions).
ReaderOptions PieceOptions(const std::string& id_field, const std::string& text_field,
                           const std::string& date_field, uint64_t range_begin, uint64_t range_end,
                           size_t range_first_line) {
  ReaderOptions options;
  options.id_field = id_field;
  options.text_field = text_field;
  options.date_field = date_field;
  options.range_begin = range_begin;
  options.range_end = range_end;
  options.range_first_line = range_first_line;
  return options;
}

py::list ReadCorpus(const std::vector<std::string>& inputs, const std::string& id_field,
                    const std::string& text_field, const std::string& date_field, uint64_t range_begin,
                    uint64_t range_end, size_t range_first_line) {
  CorpusReader reader(inputs, PieceOptions(id_field, text_field, date_field, range_begin, range_end,
                                           range_first_line));
  py::list out;
  Record r;
  while (true) {
    bool more;
    {
      py::gil_scoped_release release;
      more = reader.Next(&r);
    }
    if (!more) break;
    py::dict d;
    d["id"] = py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(r.id.data(), r.id.size(), "replace"));
    d["text"] = py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(r.text.data(), r.text.size(), "replace"));
    d["date"] = r.date.empty() ? py::none() : py::cast(r.date);
    out.append(d);
  }
  if (!reader.error().empty()) throw py::value_error(reader.error());
  return out;
}

}  // namespace

void DefineDedupBindings(py::module_& m) {
  m.def("read_corpus", &ReadCorpus, py::arg("inputs"), py::arg("id_field"), py::arg("text_field"),
        py::arg("date_field"), py::arg("range_begin") = 0, py::arg("range_end") = UINT64_MAX,
        py::arg("range_first_line") = 1);
  m.def("run_dedup", &RunDedup, py::arg("inputs"), py::arg("out"), py::arg("lexical_only"),
        py::arg("threads"), py::arg("id_field"), py::arg("text_field"), py::arg("date_field"),
        py::arg("skip_bad"), py::arg("keep"), py::arg("lexicon"));
  m.def("merge_word_counts", [](const std::vector<py::bytes>& tables) {
    std::vector<std::string> data(tables.begin(), tables.end());
    WordCounts all;
    {
      py::gil_scoped_release release;
      for (const std::string& d : data) {
        WordCounts part;
        if (!part.FromBytes(d)) throw py::value_error("merge_word_counts: not a word count table");
        all.Merge(part);
      }
    }
    return py::bytes(all.ToBytes());
  });
  m.def("kept_lines",
        [](const std::string& path, uint64_t begin, uint64_t end, size_t first_line, const std::string& id_field,
           const std::string& text_field, const std::string& date_field, const std::set<std::string>& dropped) {
          // --keep's lines for one piece of an input, as WriteKept writes them.
          ReaderOptions options = PieceOptions(id_field, text_field, date_field, begin, end, first_line);
          options.keep_line = true;
          std::vector<std::string> lines;
          std::string error;
          {
            py::gil_scoped_release release;
            CorpusReader reader({path}, options);
            Record r;
            while (reader.Next(&r)) {
              if (!dropped.contains(r.id)) lines.push_back(KeptLine(r));
            }
            error = reader.error();
          }
          if (!error.empty()) throw py::value_error(error);
          return lines;
        },
        py::arg("path"), py::arg("begin"), py::arg("end"), py::arg("first_line"), py::arg("id_field"),
        py::arg("text_field"), py::arg("date_field"), py::arg("dropped"));
  py::class_<Assembly>(m, "Assembly")
      .def(py::init<std::vector<std::string>, const std::vector<std::string>&, const std::vector<uint32_t>&>(),
           py::arg("ids"), py::arg("dates"), py::arg("text_bytes"))
      .def("add_exact", &Assembly::AddExact)
      .def("add_verified", &Assembly::AddVerified)
      .def("add_recurring", &Assembly::AddRecurring)
      .def("build", &Assembly::Build)
      .def("set_member_texts", &Assembly::SetMemberTexts)
      .def("write", &Assembly::Write)
      .def("dropped", &Assembly::Dropped)
      .def_property_readonly("pairs", &Assembly::pairs);
}

}  // namespace retold::python

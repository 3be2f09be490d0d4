// The Python module `retold` (its compiled half, retold._core): thin
// bindings over the library. The Pythonic layer, docstrings for users and
// the type stubs live in python/retold/.
//
// Two rules hold throughout:
// - Offsets handed to Python are indices into the Python strings (code
//   points), converted from the library's byte offsets; a[p.a[0]:p.a[1]]
//   is the passage.
// - Every call that analyses text releases the GIL, so a thread pool runs
//   on every core; arguments are converted before and results after.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus/text_checks.h"
#include "dedup/dedup_output.h"
#include "json/comparison_json.h"
#include "retold/candidates.h"
#include "retold/compare.h"
#include "retold/dedup.h"
#include "retold/fingerprint.h"
#include "retold/index.h"
#include "retold/lexicon.h"
#include "python/errors.h"
#include "python/print.h"

namespace py = pybind11;

namespace retold::python {

namespace {

using Range = std::pair<size_t, size_t>;



struct PyRow {
  Range a, b;
  double similarity = 0;
};

struct PyPassage {
  Range a, b;
  double similarity = 0;
  std::vector<PyRow> rows;
};

// A Comparison as Python sees it: str indices, strings for enums.
struct PyComparison {
  std::string verdict;
  double score = 0, coverage_a = 0, coverage_b = 0;
  std::vector<PyPassage> passages;
  std::optional<std::string> source;  // "a", "b" or None
  std::optional<std::string> source_reason;
  std::optional<std::string> lang_a, lang_b;  // ISO 639-1, None when unknown
  bool translated = false;                    // compared across languages
  std::optional<std::string> a_id, b_id;  // set by dedup-style callers
};

// Byte offsets of a UTF-8 string to code point indices. Offsets are looked
// up after one pass that records, every 64 bytes, how many code points
// precede; each lookup then counts at most 63 bytes.
class CharIndex {
 public:
  explicit CharIndex(const std::string& text) : text_(text) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      if (i % kStride == 0) marks_.push_back(count);
      count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    }
    total_ = count;
  }
  size_t operator()(size_t byte) const {
    if (byte >= text_.size()) return total_;
    size_t block = byte / kStride, count = marks_[block];
    for (size_t i = block * kStride; i < byte; ++i) {
      count += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    }
    return count;
  }

 private:
  static constexpr size_t kStride = 64;
  const std::string& text_;
  std::vector<size_t> marks_;
  size_t total_ = 0;
};

PyComparison ToPython(const Comparison& c, const std::string& a, const std::string& b) {
  CharIndex ia(a), ib(b);
  PyComparison out;
  out.verdict = std::string(VerdictName(c.verdict));
  out.score = c.score;
  out.coverage_a = c.coverage_a;
  out.coverage_b = c.coverage_b;
  for (const Passage& p : c.passages) {
    PyPassage q{{ia(p.a.begin), ia(p.a.end)}, {ib(p.b.begin), ib(p.b.end)}, p.similarity, {}};
    for (const AlignedSentences& r : p.rows) {
      q.rows.push_back({{ia(r.a.begin), ia(r.a.end)}, {ib(r.b.begin), ib(r.b.end)}, r.similarity});
    }
    out.passages.push_back(std::move(q));
  }
  if (c.source != Side::kUnknown) out.source = c.source == Side::kA ? "a" : "b";
  if (!c.source_reason.empty()) out.source_reason = std::string(c.source_reason);
  if (!c.lang_a.empty()) out.lang_a = c.lang_a;
  if (!c.lang_b.empty()) out.lang_b = c.lang_b;
  out.translated = c.translated;
  return out;
}

// Figures rounded as the command line's JSON rounds them.
double Round4(double x) { return std::round(x * 10000.0) / 10000.0; }

py::dict RangeDict(Range a, Range b, double similarity) {
  py::dict d;
  d["a"] = py::make_tuple(a.first, a.second);
  d["b"] = py::make_tuple(b.first, b.second);
  d["similarity"] = Round4(similarity);
  return d;
}

// The JSON shape of `compare --json`, with str indices for offsets.
py::dict ToDict(const PyComparison& c, bool rows) {
  py::dict d;
  if (c.a_id) d["a"] = *c.a_id;
  if (c.b_id) d["b"] = *c.b_id;
  d["verdict"] = c.verdict;
  d["score"] = Round4(c.score);
  py::dict coverage;
  coverage["a"] = Round4(c.coverage_a);
  coverage["b"] = Round4(c.coverage_b);
  d["coverage"] = coverage;
  py::list passages;
  for (const PyPassage& p : c.passages) {
    py::dict pd = RangeDict(p.a, p.b, p.similarity);
    if (rows) {
      py::list rl;
      for (const PyRow& r : p.rows) rl.append(RangeDict(r.a, r.b, r.similarity));
      pd["rows"] = rl;
    }
    passages.append(pd);
  }
  d["passages"] = passages;
  d["source"] = c.source ? py::cast(*c.source) : py::none();
  d["source_reason"] = c.source_reason ? py::cast(*c.source_reason) : py::none();
  d["lang_a"] = c.lang_a ? py::cast(*c.lang_a) : py::none();
  d["lang_b"] = c.lang_b ? py::cast(*c.lang_b) : py::none();
  d["translated"] = c.translated;
  return d;
}

// The checks `retold compare` makes on a file, with the same words.
void CheckText(const char* name, const std::string& text, size_t max_bytes) {
  auto fail = [name](const std::string& why) { throw py::value_error(std::string(name) + ": " + why); };
  if (text.empty()) fail("text is empty");
  if (text.size() > max_bytes) {
    fail("text is " + std::to_string(text.size()) + " bytes, over the limit of " +
         std::to_string(max_bytes) + " (max_bytes)");
  }
  if (LooksBinary(text)) fail("looks like binary data, not text");
  if (IsBlank(text)) fail("text holds only white space");
}

// Lexicons are opened once per path and shared by every Comparer.
std::shared_ptr<const Lexicon> OpenShared(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Lexicon>> open;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = open[path];
  if (!slot) {
    std::string error;
    std::unique_ptr<Lexicon> lexicon = Lexicon::Open(path, &error);
    if (!lexicon) {
      open.erase(path);
      throw OsError(error);
    }
    slot = std::move(lexicon);
  }
  return slot;
}

// One lexicon and its Comparer; const calls are safe from any thread.
class PyComparer {
 public:
  PyComparer(const std::string& lexicon_path, size_t max_bytes)
      : lexicon_(lexicon_path.empty() ? nullptr : OpenShared(lexicon_path)),
        comparer_(lexicon_.get()),
        max_bytes_(max_bytes) {}

  PyComparison Compare(const std::string& a, const std::string& b) const {
    CheckText("a", a, max_bytes_);
    CheckText("b", b, max_bytes_);
    py::gil_scoped_release release;
    return ToPython(comparer_.Compare(a, b), a, b);
  }

  // Compare, with the date rule of corpus runs: the earlier of two
  // different dates is the source.
  PyComparison Verify(const std::string& a, const std::string& b, const std::string& date_a,
                      const std::string& date_b) const {
    CheckText("a", a, max_bytes_);
    CheckText("b", b, max_bytes_);
    py::gil_scoped_release release;
    DedupPair pair = VerifyPair(comparer_, 0, comparer_.Analyze(a), {date_a, 0}, 1,
                                comparer_.Analyze(b), {date_b, 0});
    if (pair.source == kNoDocument) {
      pair.comparison.source = Side::kUnknown;
      pair.comparison.source_reason = {};
    } else {
      pair.comparison.source = pair.source == 0 ? Side::kA : Side::kB;
      pair.comparison.source_reason = pair.source_reason;
    }
    return ToPython(pair.comparison, a, b);
  }

  DocumentPrint Print(const std::string& text, bool lexical_only, WordCounts* word_counts = nullptr) const {
    CheckText("text", text, max_bytes_);
    py::gil_scoped_release release;
    return PrintDocument(comparer_, text, lexical_only, word_counts);
  }

  // For distributed runs: verifies candidate pairs (document indexes into
  // `texts`) and returns each related pair as one JSON line in the shape
  // of pairs.jsonl, with indexes for ids (see ComparisonFromJson). The
  // dated source is decided again on the driver (CollectPairs).
  std::vector<std::string> VerifyPairs(const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                       const std::map<uint32_t, std::string>& texts,
                                       const std::map<uint32_t, std::string>& dates,
                                       const std::optional<py::bytes>& word_counts) const {
    for (auto [a, b] : pairs) {
      if (!texts.contains(a) || !texts.contains(b)) throw py::key_error("a pair's text is missing");
    }
    // The corpus's word counts, as dedup's verification has them.
    WordCounts corpus;
    if (word_counts && !corpus.FromBytes(std::string(*word_counts))) {
      throw py::value_error("word_counts: not a word count table");
    }
    // Lexical mode's counts are a sample (the documents of candidate
    // pairs) that only re-judges whole copies left open, as dedup does.
    CompareOptions options;
    options.corpus_words = word_counts && !lexical_only() ? &corpus : nullptr;
    const Comparer verifier(lexicon_.get(), options);
    py::gil_scoped_release release;
    std::vector<std::string> lines;
    std::map<uint32_t, Document> analysed;
    auto doc = [&](uint32_t d) -> const Document& {
      auto it = analysed.find(d);
      if (it == analysed.end()) it = analysed.emplace(d, verifier.Analyze(texts.at(d))).first;
      return it->second;
    };
    auto date = [&](uint32_t d) {
      auto it = dates.find(d);
      return it == dates.end() ? std::string() : it->second;
    };
    for (auto [a, b] : pairs) {
      DedupPair p = VerifyPair(verifier, a, doc(a), {date(a), 0}, b, doc(b), {date(b), 0});
      if (p.comparison.verdict == Verdict::kUnrelated) continue;
      if (word_counts && lexical_only()) JudgeSourceFromSample(corpus, doc(a), {date(a), 0}, doc(b), {date(b), 0}, &p);
      nlohmann::json j = {{"a", a}, {"b", b}};
      j.update(ComparisonToJson(p.comparison));
      lines.push_back(DumpLine(j));
      if (analysed.size() > 256) analysed.clear();
    }
    return lines;
  }

  const Comparer& comparer() const { return comparer_; }
  bool lexical_only() const { return lexicon_ == nullptr; }

 private:
  std::shared_ptr<const Lexicon> lexicon_;
  Comparer comparer_;
  size_t max_bytes_;
};

py::bytes FingerprintBytes(const Fingerprint& f) {
  std::string out;
  auto put32 = [&out](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  put32(f.text_bytes);
  put32(static_cast<uint32_t>(f.lexical.size()));
  put32(static_cast<uint32_t>(f.skeleton.size()));
  put32(static_cast<uint32_t>(f.winnow.size()));
  for (uint32_t v : f.lexical) put32(v);
  for (uint32_t v : f.skeleton) put32(v);
  for (uint32_t v : f.winnow) put32(v);
  for (uint16_t v : f.winnow_sentence) out.append(reinterpret_cast<const char*>(&v), 2);
  return py::bytes(out);
}

Fingerprint FingerprintFromBytes(const py::bytes& data) {
  std::string s = data;
  size_t at = 0;
  auto get32 = [&]() {
    if (at + 4 > s.size()) throw py::value_error("fingerprint bytes are truncated");
    uint32_t v;
    std::memcpy(&v, s.data() + at, 4);
    at += 4;
    return v;
  };
  Fingerprint f;
  f.text_bytes = get32();
  uint32_t nl = get32(), ns = get32(), nw = get32();
  if (nl > kLexicalHashes || ns > kSkeletonHashes || s.size() != 16 + 4 * (size_t{nl} + ns + nw) + 2 * size_t{nw}) {
    throw py::value_error("fingerprint bytes are malformed");
  }
  for (uint32_t i = 0; i < nl; ++i) f.lexical.push_back(get32());
  for (uint32_t i = 0; i < ns; ++i) f.skeleton.push_back(get32());
  for (uint32_t i = 0; i < nw; ++i) f.winnow.push_back(get32());
  for (uint32_t i = 0; i < nw; ++i) {
    uint16_t v;
    std::memcpy(&v, s.data() + at, 2);
    at += 2;
    f.winnow_sentence.push_back(v);
  }
  return f;
}

// A DocumentPrint as retold.Fingerprint holds it: the content hash as 16 bytes.
PyPrint ToPyPrint(DocumentPrint p) {
  std::string hash(16, '\0');
  std::memcpy(hash.data(), &p.hash_low, 8);
  std::memcpy(hash.data() + 8, &p.hash_high, 8);
  return PyPrint{std::move(p.fingerprint), std::move(hash)};
}

// The index, one SQLite connection; calls are serialised by a mutex and run
// without the GIL.
class PyIndex {
 public:
  PyIndex(const std::string& path, bool read_only, const std::string& lexicon_path)
      : lexicon_(lexicon_path.empty() ? nullptr : OpenShared(lexicon_path)) {
    std::string error;
    index_ = Index::Open(path, lexicon_.get(), read_only ? Index::kReadOnly : Index::kReadWrite, &error);
    if (!index_) throw OsError(error);
  }

  py::dict Add(const std::vector<Record>& records, unsigned threads) {
    for (const Record& r : records) {
      if (r.id.empty()) throw py::value_error(r.origin + ": id is empty");
      CheckText(r.origin.c_str(), r.text, size_t{64} << 20);
    }
    AddStats stats;
    std::string error;
    bool ok;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      ok = Open()->Add(records, threads, &stats, &error);
    }
    if (!ok) throw OsError(error);
    py::dict d;
    d["added"] = stats.added;
    d["updated"] = stats.updated;
    return d;
  }

  std::vector<std::pair<std::string, PyComparison>> Query(const std::string& text, size_t limit) {
    CheckText("text", text, size_t{64} << 20);
    std::vector<IndexMatch> matches;
    std::string error;
    std::vector<std::pair<std::string, PyComparison>> out;
    bool ok;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      ok = Open()->Query(text, limit, &matches, &error);
      Record stored;
      for (const IndexMatch& m : matches) {
        std::string ignored;
        std::string other = Open()->Get(m.id, &stored, &ignored) ? stored.text : std::string();
        PyComparison c = ToPython(m.comparison, text, other);
        c.b_id = m.id;
        out.emplace_back(m.date, std::move(c));
      }
    }
    if (!ok) throw OsError(error);
    return out;
  }

  bool Remove(const std::string& id) {
    bool found = false;
    std::string error;
    bool ok;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      ok = Open()->Remove(id, &found, &error);
    }
    if (!ok) throw OsError(error);
    return found;
  }

  void Optimize() {
    std::string error;
    bool ok;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      ok = Open()->MergeKeys(&error);
    }
    if (!ok) throw OsError(error);
  }

  std::optional<py::dict> Get(const std::string& id) {
    Record r;
    std::string error;
    bool found;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      found = Open()->Get(id, &r, &error);
    }
    if (!error.empty()) throw OsError(error);
    if (!found) return std::nullopt;
    py::dict d;
    d["id"] = r.id;
    d["text"] = r.text;
    d["date"] = r.date.empty() ? py::none() : py::cast(r.date);
    return d;
  }

  py::dict Stats() {
    IndexStats s;
    std::string error;
    bool ok;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      ok = Open()->Stats(&s, &error);
    }
    if (!ok) throw OsError(error);
    py::dict d;
    d["documents"] = s.documents;
    d["keys"] = s.keys;
    d["text_bytes"] = s.text_bytes;
    d["file_bytes"] = s.file_bytes;
    return d;
  }

  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    index_.reset();
  }

 private:
  Index* Open() {
    if (!index_) throw std::runtime_error("the index is closed");
    return index_.get();
  }
  std::shared_ptr<const Lexicon> lexicon_;
  std::unique_ptr<Index> index_;
  std::mutex mutex_;
};

std::vector<Record> RecordsFrom(const py::iterable& records) {
  std::vector<Record> out;
  size_t n = 0;
  for (py::handle h : records) {
    ++n;
    std::string where = "record " + std::to_string(n);
    if (!py::isinstance<py::dict>(h)) throw py::type_error(where + ": not a dict");
    py::dict d = py::reinterpret_borrow<py::dict>(h);
    Record r;
    r.origin = where;
    for (auto [field, target] : {std::pair{"id", &r.id}, {"text", &r.text}}) {
      if (!d.contains(field) || !py::isinstance<py::str>(d[field])) {
        throw py::value_error(where + ": field \"" + field + "\" is missing or not a string");
      }
      *target = d[field].cast<std::string>();
    }
    if (d.contains("date") && !d["date"].is_none()) r.date = py::str(d["date"]).cast<std::string>();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

void DefineDedupBindings(py::module_& m);
void DefineCandidateBindings(py::module_& m);

void DefineCoreBindings(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const OsError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });

  py::class_<PyRow>(m, "Row")
      .def_readonly("a", &PyRow::a)
      .def_readonly("b", &PyRow::b)
      .def_readonly("similarity", &PyRow::similarity)
      .def("__repr__", [](const PyRow& r) {
        return "Row(a=" + py::repr(py::cast(r.a)).cast<std::string>() + ", b=" +
               py::repr(py::cast(r.b)).cast<std::string>() + ")";
      });
  py::class_<PyPassage>(m, "Passage")
      .def_readonly("a", &PyPassage::a)
      .def_readonly("b", &PyPassage::b)
      .def_readonly("similarity", &PyPassage::similarity)
      .def_readonly("rows", &PyPassage::rows)
      .def("__repr__", [](const PyPassage& p) {
        return "Passage(a=" + py::repr(py::cast(p.a)).cast<std::string>() + ", b=" +
               py::repr(py::cast(p.b)).cast<std::string>() + ", similarity=" +
               std::to_string(p.similarity).substr(0, 5) + ")";
      });
  py::class_<PyComparison>(m, "Comparison")
      .def_readonly("verdict", &PyComparison::verdict)
      .def_readonly("score", &PyComparison::score)
      .def_readonly("coverage_a", &PyComparison::coverage_a)
      .def_readonly("coverage_b", &PyComparison::coverage_b)
      .def_readonly("passages", &PyComparison::passages)
      .def_readonly("source", &PyComparison::source)
      .def_readonly("source_reason", &PyComparison::source_reason)
      .def_readonly("lang_a", &PyComparison::lang_a)
      .def_readonly("lang_b", &PyComparison::lang_b)
      .def_readonly("translated", &PyComparison::translated)
      .def_readonly("id", &PyComparison::b_id)
      .def("to_dict", &ToDict, py::arg("rows") = false)
      .def("__repr__", [](const PyComparison& c) {
        return "Comparison(verdict='" + c.verdict + "', score=" + std::to_string(c.score).substr(0, 5) +
               ", passages=" + std::to_string(c.passages.size()) + ")";
      });

  py::class_<PyPrint>(m, "Fingerprint")
      .def_property_readonly("lexical", [](const PyPrint& p) { return p.fingerprint.lexical; })
      .def_property_readonly("skeleton", [](const PyPrint& p) { return p.fingerprint.skeleton; })
      .def_property_readonly("winnow", [](const PyPrint& p) { return p.fingerprint.winnow; })
      .def_property_readonly("winnow_sentence", [](const PyPrint& p) { return p.fingerprint.winnow_sentence; })
      .def_property_readonly("text_bytes", [](const PyPrint& p) { return p.fingerprint.text_bytes; })
      .def_property_readonly("content_hash", [](const PyPrint& p) { return py::bytes(p.content_hash); })
      .def("to_bytes", [](const PyPrint& p) {
        return py::bytes(std::string(p.content_hash) + std::string(FingerprintBytes(p.fingerprint)));
      })
      .def_static("from_bytes", [](const py::bytes& b) {
        std::string s = b;
        if (s.size() < 16) throw py::value_error("fingerprint bytes are truncated");
        return PyPrint{FingerprintFromBytes(py::bytes(s.substr(16))), s.substr(0, 16)};
      })
      .def(py::pickle([](const PyPrint& p) {
             return py::make_tuple(py::bytes(p.content_hash), FingerprintBytes(p.fingerprint));
           },
           [](const py::tuple& t) {
             if (t.size() != 2) throw py::value_error("bad Fingerprint state");
             return PyPrint{FingerprintFromBytes(t[1].cast<py::bytes>()), t[0].cast<std::string>()};
           }));

  py::class_<PyComparer>(m, "Comparer")
      .def(py::init<const std::string&, size_t>(), py::arg("lexicon"), py::arg("max_bytes"))
      .def("compare", &PyComparer::Compare, py::arg("a"), py::arg("b"))
      .def("verify", &PyComparer::Verify, py::arg("a"), py::arg("b"), py::arg("date_a") = "",
           py::arg("date_b") = "")
      .def("fingerprint",
           [](const PyComparer& c, const std::string& text, bool lexical_only) {
             return ToPyPrint(c.Print(text, lexical_only));
           },
           py::arg("text"), py::arg("lexical_only") = false)
      .def("fingerprint_many",
           [](const PyComparer& c, const std::vector<std::string>& texts, bool lexical_only) {
             // A partition's fingerprints, and (full mode) the word counts
             // of its documents, as bytes for merge_word_counts.
             WordCounts counts;
             std::vector<PyPrint> prints;
             for (const std::string& text : texts) {
               prints.push_back(ToPyPrint(c.Print(text, lexical_only, lexical_only ? nullptr : &counts)));
             }
             return py::make_tuple(prints, py::bytes(counts.ToBytes()));
           },
           py::arg("texts"), py::arg("lexical_only"))
      .def("count_words",
           [](const PyComparer& c, const std::vector<std::string>& texts) {
             // How many of these documents use each word, as bytes for
             // merge_word_counts (lexical mode's sample for verify_pairs).
             WordCounts counts;
             {
               py::gil_scoped_release release;
               for (const std::string& text : texts) counts.AddDocument(c.comparer().Analyze(text));
             }
             return py::bytes(counts.ToBytes());
           },
           py::arg("texts"))
      .def("verify_pairs", &PyComparer::VerifyPairs, py::arg("pairs"), py::arg("texts"), py::arg("dates"),
           py::arg("word_counts") = std::nullopt)
      .def("place_recurring",
           [](const PyComparer&, const std::vector<uint16_t>& sentences, const std::string& text,
              bool lexical_only) {
             RecurringPassage passage;
             passage.sentences = sentences;
             RecurringText out;
             {
               py::gil_scoped_release release;
               PlaceRecurring(passage, text, SentenceSpans(text, lexical_only), &out);
             }
             std::vector<std::pair<uint32_t, uint32_t>> spans;
             for (const Span& s : out.spans) spans.emplace_back(s.begin, s.end);
             return py::make_tuple(spans, py::bytes(out.text));
           },
           py::arg("sentences"), py::arg("text"), py::arg("lexical_only"));

  py::class_<PyIndex>(m, "Index")
      .def(py::init<const std::string&, bool, const std::string&>(), py::arg("path"),
           py::arg("read_only"), py::arg("lexicon"))
      .def("add", [](PyIndex& i, const py::iterable& records, unsigned threads) {
             return i.Add(RecordsFrom(records), threads);
           }, py::arg("records"), py::arg("threads") = 0)
      .def("query", &PyIndex::Query, py::arg("text"), py::arg("limit") = 10)
      .def("remove", &PyIndex::Remove, py::arg("id"))
      .def("optimize", &PyIndex::Optimize)
      .def("get", &PyIndex::Get, py::arg("id"))
      .def("stats", &PyIndex::Stats)
      .def("close", &PyIndex::Close);

}

}  // namespace retold::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "retold's compiled core; use the `retold` package.";
  retold::python::DefineCoreBindings(m);
  retold::python::DefineDedupBindings(m);
  retold::python::DefineCandidateBindings(m);
}

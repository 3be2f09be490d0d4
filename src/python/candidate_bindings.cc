// Candidate search from Python: on one machine (find_candidates), or in the
// steps of retold/candidates.h for a run whose keys are shuffled between
// machines (python/retold/dask.py). What travels between the steps is
// bytes, in layouts private to this file: keys with the skeleton
// signatures their part needs, pair evidence, recurring groups.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "python/print.h"
#include "retold/candidates.h"

namespace py = pybind11;

namespace retold::python {
namespace {

CandidateOptions Options(bool lexical_only) {
  CandidateOptions options;
  options.lexical_only = lexical_only;
  return options;
}

// Appends and reads plain values; a short read is a malformed blob.
class Writer {
 public:
  template <typename T>
  void Put(const T& v) {
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename T>
  void PutVector(const std::vector<T>& v) {
    Put(static_cast<uint32_t>(v.size()));
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  py::bytes Bytes() const { return py::bytes(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string data) : data_(std::move(data)) {}
  template <typename T>
  T Get() {
    T v;
    Need(sizeof v);
    std::memcpy(&v, data_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  template <typename T>
  std::vector<T> GetVector() {
    uint32_t n = Get<uint32_t>();
    Need(size_t{n} * sizeof(T));
    std::vector<T> v(n);
    std::memcpy(v.data(), data_.data() + at_, size_t{n} * sizeof(T));
    at_ += size_t{n} * sizeof(T);
    return v;
  }
  bool done() const { return at_ == data_.size(); }

 private:
  void Need(size_t n) const {
    if (at_ + n > data_.size()) throw py::value_error("candidate search: malformed data between steps");
  }
  std::string data_;
  size_t at_ = 0;
};

// Step 1 for one partition of documents (indexes first_doc, first_doc + 1,
// ...): a blob per key part with the keys that fall in it and the
// skeleton signatures of the documents holding skeleton keys there.
// Documents in `skip` (byte-identical twins) contribute no keys.
std::vector<py::bytes> KeyParts(const std::vector<const PyPrint*>& prints, uint32_t first_doc,
                                const std::vector<uint32_t>& skip, bool lexical_only, uint32_t parts) {
  std::vector<py::bytes> out;
  std::vector<std::string> blobs(parts);
  {
    py::gil_scoped_release release;
    std::vector<char> skipped(prints.size(), 0);
    for (uint32_t d : skip) {
      if (d >= first_doc && d - first_doc < prints.size()) skipped[d - first_doc] = 1;
    }
    std::vector<CandidateKey> keys;
    for (uint32_t p = 0; p < parts; ++p) {
      keys.clear();
      std::vector<uint32_t> skeleton_docs;
      for (size_t i = 0; i < prints.size(); ++i) {
        if (skipped[i] || prints[i] == nullptr) continue;
        size_t before = keys.size();
        CandidateKeys(prints[i]->fingerprint, first_doc + static_cast<uint32_t>(i), lexical_only, p, parts, &keys);
        for (size_t k = before; k < keys.size(); ++k) {
          if (KindOfKey(keys[k]) == kSkeletonBandKey) {
            skeleton_docs.push_back(static_cast<uint32_t>(i));
            break;
          }
        }
      }
      Writer w;
      w.PutVector(keys);
      w.Put(static_cast<uint32_t>(skeleton_docs.size()));
      for (uint32_t i : skeleton_docs) {
        w.Put(first_doc + i);
        w.PutVector(prints[i]->fingerprint.skeleton);
      }
      blobs[p] = std::string(w.Bytes());
    }
  }
  for (std::string& b : blobs) out.emplace_back(b);
  return out;
}

// Step 2 for one key part, from the blobs every partition made for it:
// pair evidence split into `pair_parts` blobs, and the recurring groups.
py::tuple ScanPart(const std::vector<py::bytes>& blobs, bool lexical_only, uint32_t pair_parts) {
  std::vector<std::string> data(blobs.begin(), blobs.end());
  std::vector<std::string> evidence_blobs(pair_parts);
  std::string recurring_blob;
  {
    py::gil_scoped_release release;
    std::vector<CandidateKey> keys;
    std::unordered_map<uint32_t, std::vector<uint32_t>> skeletons;
    for (std::string& d : data) {
      Reader r(std::move(d));
      std::vector<CandidateKey> part = r.GetVector<CandidateKey>();
      keys.insert(keys.end(), part.begin(), part.end());
      uint32_t n = r.Get<uint32_t>();
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t doc = r.Get<uint32_t>();
        skeletons[doc] = r.GetVector<uint32_t>();
      }
      if (!r.done()) throw std::runtime_error("candidate search: trailing data between steps");
    }
    static const std::vector<uint32_t> kNone;
    SkeletonLookup skeleton_of = [&skeletons](uint32_t doc) -> const std::vector<uint32_t>& {
      auto it = skeletons.find(doc);
      return it == skeletons.end() ? kNone : it->second;
    };
    KeyPartEvidence evidence;
    ScanKeyPart(&keys, Options(lexical_only), skeleton_of, &evidence);
    std::vector<std::vector<PairEvidence>> by_part(pair_parts);
    for (const PairEvidence& e : evidence.evidence) by_part[PairPartOf(e.pair, pair_parts)].push_back(e);
    for (uint32_t q = 0; q < pair_parts; ++q) {
      Writer w;
      w.PutVector(by_part[q]);
      evidence_blobs[q] = std::string(w.Bytes());
    }
    Writer w;
    w.Put(static_cast<uint32_t>(evidence.recurring.size()));
    for (const RecurringPassage& passage : evidence.recurring) {
      w.PutVector(passage.documents);
      w.Put(passage.hashes);
      w.PutVector(passage.sentences);
    }
    recurring_blob = std::string(w.Bytes());
  }
  py::list evidence_out;
  for (const std::string& b : evidence_blobs) evidence_out.append(py::bytes(b));
  return py::make_tuple(evidence_out, py::bytes(recurring_blob));
}

// Step 3 for one pair part.
std::vector<std::pair<uint32_t, uint32_t>> MergePart(const std::vector<py::bytes>& blobs, bool lexical_only) {
  std::vector<std::string> data(blobs.begin(), blobs.end());
  py::gil_scoped_release release;
  std::vector<PairEvidence> evidence;
  for (std::string& d : data) {
    Reader r(std::move(d));
    std::vector<PairEvidence> part = r.GetVector<PairEvidence>();
    evidence.insert(evidence.end(), part.begin(), part.end());
  }
  return MergeEvidence(&evidence, Options(lexical_only));
}

py::list Passages(const std::vector<RecurringPassage>& recurring) {
  py::list passages;
  for (const RecurringPassage& r : recurring) passages.append(py::make_tuple(r.documents, r.sentences));
  return passages;
}

// Step 4, from every key part's recurring blob.
py::list JoinParts(const std::vector<py::bytes>& blobs) {
  std::vector<std::string> data(blobs.begin(), blobs.end());
  std::vector<RecurringPassage> groups;
  {
    py::gil_scoped_release release;
    for (std::string& d : data) {
      Reader r(std::move(d));
      uint32_t n = r.Get<uint32_t>();
      for (uint32_t i = 0; i < n; ++i) {
        RecurringPassage p;
        p.documents = r.GetVector<uint32_t>();
        p.hashes = r.Get<uint32_t>();
        p.sentences = r.GetVector<uint16_t>();
        groups.push_back(std::move(p));
      }
    }
    JoinRecurring(&groups);
  }
  return Passages(groups);
}

}  // namespace

void DefineCandidateBindings(py::module_& m) {
  m.def("find_candidates",
        [](const std::vector<const PyPrint*>& prints, bool lexical_only, unsigned threads) {
          std::vector<Fingerprint> fingerprints;
          fingerprints.reserve(prints.size());
          for (const PyPrint* p : prints) fingerprints.push_back(p ? p->fingerprint : Fingerprint{});
          std::vector<std::pair<uint32_t, uint32_t>> pairs;
          std::vector<RecurringPassage> recurring;
          {
            py::gil_scoped_release release;
            CandidateOptions options = Options(lexical_only);
            options.threads = threads;
            pairs = FindCandidates(fingerprints, options, nullptr, &recurring);
            JoinRecurring(&recurring, threads);
          }
          return py::make_tuple(pairs, Passages(recurring));
        },
        py::arg("fingerprints"), py::arg("lexical_only"), py::arg("threads") = 1);
  m.def("candidate_key_parts", &KeyParts, py::arg("prints"), py::arg("first_doc"), py::arg("skip"),
        py::arg("lexical_only"), py::arg("parts"));
  m.def("scan_key_part", &ScanPart, py::arg("blobs"), py::arg("lexical_only"), py::arg("pair_parts"));
  m.def("merge_pair_part", &MergePart, py::arg("blobs"), py::arg("lexical_only"));
  m.def("join_recurring", &JoinParts, py::arg("blobs"));
}

}  // namespace retold::python

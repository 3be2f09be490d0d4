// retold-build-lexicon WORDNET_DIR OUT_FILE
//
// Compiles the WordNet 3.0 database (Debian package wordnet-base) into the
// flat file described in lexicon_format.h. Runs once at build time, so it
// favours clarity over speed.
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "lexicon/lexicon_format.h"

namespace {

// How many senses of each part of speech count as a word's meaning. WordNet
// lists senses by frequency; the tail of a very polysemous word ("break" has
// 75) would make it a synonym of half the dictionary.
constexpr size_t kStrongSensesPerPos = 5;
constexpr size_t kWeakSourceSensesPerPos = 3;
constexpr size_t kMaxWeakKeys = 40;

struct Synset {
  std::vector<std::string> related;  // "pos:offset" of related synsets
};

struct Word {
  std::vector<uint32_t> strong;
  std::vector<uint32_t> weak;
  uint32_t corpus_count = 0;
};

std::string SynsetName(char pos, const std::string& offset) {
  if (pos == 's') pos = 'a';  // satellites live in the adjective file
  return std::string(1, pos) + ":" + offset;
}

bool IsSingleWord(const std::string& lemma) {
  if (lemma.empty() || lemma.size() > 60) return false;
  for (char c : lemma) {
    if (c == '_' || c == ' ') return false;
  }
  return true;
}

class Builder {
 public:
  explicit Builder(std::string dir) : dir_(std::move(dir)) {}

  bool Run(const std::string& out_path) {
    static const char* kPos[] = {"noun", "verb", "adj", "adv"};
    static const char kPosChar[] = {'n', 'v', 'a', 'r'};
    for (int i = 0; i < 4; ++i) {
      if (!ReadData(kPos[i], kPosChar[i])) return false;
    }
    for (int i = 0; i < 4; ++i) {
      if (!ReadIndex(kPos[i], kPosChar[i])) return false;
    }
    ReadCounts();
    for (int i = 0; i < 4; ++i) ReadExceptions(kPos[i]);
    AddRegularInflections();
    return Write(out_path);
  }

 private:
  uint32_t SynsetId(const std::string& name) {
    auto [it, inserted] = synset_ids_.emplace(name, 0);
    if (inserted) it->second = static_cast<uint32_t>(synset_ids_.size());
    return it->second;
  }

  bool ReadData(const char* pos_name, char pos) {
    std::ifstream in(dir_ + "/data." + pos_name);
    if (!in) {
      std::cerr << "retold-build-lexicon: cannot read " << dir_ << "/data." << pos_name << "\n";
      return false;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;  // licence header
      std::istringstream fields(line);
      std::string offset, lex_file, type, word_count_hex;
      fields >> offset >> lex_file >> type >> word_count_hex;
      int word_count = std::stoi(word_count_hex, nullptr, 16);
      for (int w = 0; w < word_count; ++w) {
        std::string word, lex_id;
        fields >> word >> lex_id;
      }
      int pointer_count = 0;
      fields >> pointer_count;
      Synset& synset = synsets_[SynsetName(pos, offset)];
      for (int p = 0; p < pointer_count; ++p) {
        std::string symbol, target, target_pos, source_target;
        fields >> symbol >> target >> target_pos >> source_target;
        // Hypernyms, similar-to, derivation, pertainyms, also-see, attribute
        // and participles: the relations a thesaurus folds into "synonyms".
        if (symbol == "@" || symbol == "@i" || symbol == "&" || symbol == "+" ||
            symbol == "\\" || symbol == "^" || symbol == "=" || symbol == "<") {
          synset.related.push_back(SynsetName(target_pos[0], target));
        }
      }
    }
    return true;
  }

  bool ReadIndex(const char* pos_name, char pos) {
    std::ifstream in(dir_ + "/index." + pos_name);
    if (!in) {
      std::cerr << "retold-build-lexicon: cannot read " << dir_ << "/index." << pos_name << "\n";
      return false;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;
      std::istringstream fields(line);
      std::string lemma, p;
      int synset_count = 0, pointer_count = 0;
      fields >> lemma >> p >> synset_count >> pointer_count;
      for (int i = 0; i < pointer_count; ++i) {
        std::string symbol;
        fields >> symbol;
      }
      int sense_count = 0, tagged = 0;
      fields >> sense_count >> tagged;
      std::vector<std::string> offsets(synset_count);
      for (auto& o : offsets) fields >> o;
      if (!IsSingleWord(lemma)) continue;
      Word& word = words_[lemma];
      for (size_t i = 0; i < offsets.size(); ++i) {
        std::string name = SynsetName(pos, offsets[i]);
        if (i < kStrongSensesPerPos) word.strong.push_back(SynsetId(name));
        if (i < kWeakSourceSensesPerPos) {
          auto it = synsets_.find(name);
          if (it == synsets_.end()) continue;
          for (const auto& rel : it->second.related) word.weak.push_back(SynsetId(rel));
        }
      }
    }
    return true;
  }

  // cntlist.rev: "lemma%ss_type:... sense_number tag_count". The tag counts
  // come from SemCor (a sense-tagged slice of the Brown corpus) and are the
  // only word frequencies in the package; they tell common words from rare.
  void ReadCounts() {
    std::ifstream in(dir_ + "/cntlist.rev");
    std::string key;
    int sense = 0, count = 0;
    while (in >> key >> sense >> count) {
      std::string lemma = key.substr(0, key.find('%'));
      auto it = words_.find(lemma);
      if (it != words_.end()) it->second.corpus_count += static_cast<uint32_t>(count);
    }
  }

  // "inflected base..." lines: irregular forms ("went" -> "go") get the keys
  // of their base forms, so lookups need no morphology for them.
  void ReadExceptions(const char* pos_name) {
    std::ifstream in(dir_ + "/" + pos_name + ".exc");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string form, base;
      fields >> form;
      if (!IsSingleWord(form)) continue;
      while (fields >> base) {
        auto it = words_.find(base);
        if (it == words_.end() || base == form) continue;
        Word copy = it->second;  // copy: the map may rehash below
        Word& target = words_[form];
        target.strong.insert(target.strong.end(), copy.strong.begin(), copy.strong.end());
        target.weak.insert(target.weak.end(), copy.weak.begin(), copy.weak.end());
        target.corpus_count = std::max(target.corpus_count, copy.corpus_count);
      }
    }
  }

  // The inverse of WordNet's detachment rules: every lemma gets the regular
  // plural, verb and comparative forms that are not words of their own.
  // Nonsense forms ("happinesses") cost a few bytes and never match text.
  void AddRegularInflections() {
    std::map<std::string, std::string> forms;  // form -> lemma
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    for (const auto& [lemma, word] : words_) {
      if (lemma.size() < 2 || !std::all_of(lemma.begin(), lemma.end(), [](char c) {
            return c >= 'a' && c <= 'z';
          })) {
        continue;
      }
      char last = lemma.back();
      std::string stem = lemma.substr(0, lemma.size() - 1);
      std::vector<std::string> out;
      bool sibilant = last == 's' || last == 'x' || last == 'z' || lemma.ends_with("ch") ||
                      lemma.ends_with("sh");
      bool consonant_y = last == 'y' && !vowel(lemma[lemma.size() - 2]);
      out.push_back(sibilant ? lemma + "es" : consonant_y ? stem + "ies" : lemma + "s");
      if (lemma.ends_with("man")) out.push_back(lemma.substr(0, lemma.size() - 3) + "men");
      if (last == 'e') {
        out.insert(out.end(), {lemma + "d", stem + "ing", lemma + "r", lemma + "st"});
      } else if (consonant_y) {
        out.insert(out.end(), {stem + "ied", lemma + "ing", stem + "ier", stem + "iest"});
      } else {
        out.insert(out.end(), {lemma + "ed", lemma + "ing", lemma + "er", lemma + "est"});
        // Short consonant-vowel-consonant words double: "stop", "stopped".
        size_t n = lemma.size();
        if (n >= 3 && !vowel(last) && last != 'w' && last != 'x' && last != 'y' &&
            vowel(lemma[n - 2]) && !vowel(lemma[n - 3])) {
          std::string doubled = lemma + last;
          out.insert(out.end(), {doubled + "ed", doubled + "ing", doubled + "er", doubled + "est"});
        }
      }
      for (auto& form : out) {
        if (!words_.contains(form)) forms.emplace(form, lemma);
      }
    }
    for (const auto& [form, lemma] : forms) aliases_[form] = lemma;
  }

  static void Dedup(std::vector<uint32_t>& v) {
    std::vector<uint32_t> out;
    std::set<uint32_t> seen;
    for (uint32_t k : v) {
      if (seen.insert(k).second) out.push_back(k);
    }
    v.swap(out);
  }

  bool Write(const std::string& path) {
    using namespace retold::lexfmt;
    std::vector<std::string> names;
    names.reserve(words_.size());
    for (auto& [name, word] : words_) names.push_back(name);
    std::sort(names.begin(), names.end());

    std::vector<WordEntry> entries;
    std::vector<uint32_t> keys;
    std::string strings;
    for (const auto& name : names) {
      Word& word = words_[name];
      Dedup(word.strong);
      Dedup(word.weak);
      // A weak key that is also strong adds nothing.
      std::erase_if(word.weak, [&](uint32_t k) {
        return std::find(word.strong.begin(), word.strong.end(), k) != word.strong.end();
      });
      if (word.strong.size() > 255) word.strong.resize(255);
      if (word.weak.size() > kMaxWeakKeys) word.weak.resize(kMaxWeakKeys);
      WordEntry e{};
      e.string_offset = static_cast<uint32_t>(strings.size());
      e.string_length = static_cast<uint16_t>(name.size());
      e.strong_count = static_cast<uint8_t>(word.strong.size());
      e.weak_count = static_cast<uint8_t>(word.weak.size());
      e.keys_offset = static_cast<uint32_t>(keys.size());
      e.corpus_count = word.corpus_count;
      strings += name;
      keys.insert(keys.end(), word.strong.begin(), word.strong.end());
      keys.insert(keys.end(), word.weak.begin(), word.weak.end());
      entries.push_back(e);
    }

    std::map<std::string, uint32_t> index_of;
    for (uint32_t i = 0; i < names.size(); ++i) index_of[names[i]] = i;
    for (const auto& [form, lemma] : aliases_) {
      WordEntry e = entries[index_of.at(lemma)];
      e.string_offset = static_cast<uint32_t>(strings.size());
      e.string_length = static_cast<uint16_t>(form.size());
      strings += form;
      entries.push_back(e);
      names.push_back(form);
    }

    uint32_t slot_count = 1;
    while (slot_count < entries.size() * 2) slot_count <<= 1;
    std::vector<Slot> slots(slot_count, Slot{0, 0});
    for (uint32_t i = 0; i < entries.size(); ++i) {
      const std::string& name = names[i];
      uint64_t h = XXH3_64bits_withSeed(name.data(), name.size(), SlotHashSeed());
      uint32_t s = static_cast<uint32_t>(h) & (slot_count - 1);
      while (slots[s].word != 0) s = (s + 1) & (slot_count - 1);
      slots[s] = Slot{i + 1, static_cast<uint32_t>(h >> 32)};
    }

    auto align8 = [](uint64_t x) { return (x + 7) & ~uint64_t{7}; };
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kLexiconVersion;
    h.word_count = static_cast<uint32_t>(entries.size());
    h.slot_count = slot_count;
    h.key_count = static_cast<uint32_t>(keys.size());
    h.slots_offset = align8(sizeof(Header));
    h.words_offset = align8(h.slots_offset + slots.size() * sizeof(Slot));
    h.keys_offset = align8(h.words_offset + entries.size() * sizeof(WordEntry));
    h.strings_offset = align8(h.keys_offset + keys.size() * sizeof(uint32_t));
    h.strings_size = strings.size();
    h.file_size = h.strings_offset + strings.size();

    std::string tmp = path + ".tmp";
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    auto pad_to = [&](uint64_t offset) {
      while (static_cast<uint64_t>(out.tellp()) < offset) out.put('\0');
    };
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    pad_to(h.slots_offset);
    out.write(reinterpret_cast<const char*>(slots.data()), slots.size() * sizeof(Slot));
    pad_to(h.words_offset);
    out.write(reinterpret_cast<const char*>(entries.data()), entries.size() * sizeof(WordEntry));
    pad_to(h.keys_offset);
    out.write(reinterpret_cast<const char*>(keys.data()), keys.size() * sizeof(uint32_t));
    pad_to(h.strings_offset);
    out.write(strings.data(), strings.size());
    out.close();
    if (!out || std::rename(tmp.c_str(), path.c_str()) != 0) {
      std::cerr << "retold-build-lexicon: cannot write " << path << "\n";
      return false;
    }
    std::cout << "retold-build-lexicon: " << entries.size() << " words and forms, " << keys.size()
              << " keys, " << synset_ids_.size() << " synsets -> " << path << "\n";
    return true;
  }

  std::string dir_;
  std::unordered_map<std::string, Synset> synsets_;
  std::unordered_map<std::string, uint32_t> synset_ids_;
  std::map<std::string, Word> words_;
  std::map<std::string, std::string> aliases_;  // inflected form -> lemma
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: retold-build-lexicon WORDNET_DIR OUT_FILE\n";
    return 2;
  }
  return Builder(argv[1]).Run(argv[2]) ? 0 : 1;
}

#include "retold/lexicon.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "lexicon/lexicon_format.h"

#ifndef RETOLD_INSTALLED_LEXICON
#define RETOLD_INSTALLED_LEXICON "/usr/local/share/retold/retold.lex"
#endif

namespace retold {
namespace {

const lexfmt::Header& HeaderOf(const unsigned char* data) {
  return *reinterpret_cast<const lexfmt::Header*>(data);
}

bool SectionFits(uint64_t offset, uint64_t bytes, uint64_t size) {
  return offset <= size && bytes <= size - offset;
}

}  // namespace

Lexicon::~Lexicon() {
  if (data_ != nullptr) munmap(const_cast<unsigned char*>(data_), size_);
}

std::unique_ptr<Lexicon> Lexicon::Open(const std::string& path, std::string* error) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<Lexicon> {
    if (error) *error = "lexicon " + path + ": " + why;
    return nullptr;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("not a regular file");
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(lexfmt::Header)) {
    ::close(fd);
    return fail("file too short (rebuild it with retold-build-lexicon)");
  }
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return fail(std::string("mmap: ") + std::strerror(errno));
  std::unique_ptr<Lexicon> lexicon(new Lexicon());
  lexicon->data_ = static_cast<const unsigned char*>(map);
  lexicon->size_ = size;

  const lexfmt::Header& h = HeaderOf(lexicon->data_);
  if (std::memcmp(h.magic, lexfmt::kMagic, sizeof lexfmt::kMagic) != 0) {
    return fail("not a retold lexicon");
  }
  if (h.version != lexfmt::kLexiconVersion) {
    return fail("lexicon version " + std::to_string(h.version) + ", this program reads " +
                std::to_string(lexfmt::kLexiconVersion) + " (rebuild it)");
  }
  bool ok = h.file_size == size && (h.slot_count & (h.slot_count - 1)) == 0 &&
            h.slot_count > 0 &&
            SectionFits(h.slots_offset, uint64_t{h.slot_count} * sizeof(lexfmt::Slot), size) &&
            SectionFits(h.words_offset, uint64_t{h.word_count} * sizeof(lexfmt::WordEntry), size) &&
            SectionFits(h.keys_offset, uint64_t{h.key_count} * 4, size) &&
            SectionFits(h.strings_offset, h.strings_size, size);
  if (!ok) return fail("file is truncated or damaged (rebuild it)");
  return lexicon;
}

std::string Lexicon::DefaultPath() {
  if (const char* env = std::getenv("RETOLD_LEXICON"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = exe.parent_path() / "retold.lex";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  return RETOLD_INSTALLED_LEXICON;
}

size_t Lexicon::word_count() const { return HeaderOf(data_).word_count; }

uint32_t Lexicon::FindExact(std::string_view word) const {
  const lexfmt::Header& h = HeaderOf(data_);
  const auto* slots = reinterpret_cast<const lexfmt::Slot*>(data_ + h.slots_offset);
  const auto* words = reinterpret_cast<const lexfmt::WordEntry*>(data_ + h.words_offset);
  const char* strings = reinterpret_cast<const char*>(data_ + h.strings_offset);
  uint32_t mask = h.slot_count - 1;
  uint64_t hash = XXH3_64bits_withSeed(word.data(), word.size(), lexfmt::SlotHashSeed());
  uint32_t s = static_cast<uint32_t>(hash) & mask;
  uint32_t tag = static_cast<uint32_t>(hash >> 32);
  for (uint32_t probes = 0; probes < h.slot_count; ++probes, s = (s + 1) & mask) {
    uint32_t slot = slots[s].word;
    if (slot == 0 || slot > h.word_count) return 0;
    if (slots[s].tag != tag) continue;
    const lexfmt::WordEntry& e = words[slot - 1];
    if (uint64_t{e.string_offset} + e.string_length > h.strings_size) return 0;
    if (std::string_view(strings + e.string_offset, e.string_length) == word) return slot;
  }
  return 0;
}

WordSense Lexicon::Entry(uint32_t id) const {
  const lexfmt::Header& h = HeaderOf(data_);
  if (id == 0 || id > h.word_count) return {};
  const auto* words = reinterpret_cast<const lexfmt::WordEntry*>(data_ + h.words_offset);
  const auto* keys = reinterpret_cast<const uint32_t*>(data_ + h.keys_offset);
  const lexfmt::WordEntry& e = words[id - 1];
  if (uint64_t{e.keys_offset} + e.strong_count + e.weak_count > h.key_count) return {};
  WordSense sense;
  sense.strong = {keys + e.keys_offset, e.strong_count};
  sense.weak = {keys + e.keys_offset + e.strong_count, e.weak_count};
  sense.corpus_count = e.corpus_count;
  sense.found = true;
  return sense;
}

uint32_t Lexicon::Find(std::string_view word) const {
  if (word.empty() || word.size() > 64) return 0;
  return FindExact(word);
}

}  // namespace retold

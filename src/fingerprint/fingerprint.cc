#include "retold/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <memory>
#include <type_traits>

#include "fingerprint/minhash.h"

namespace retold {
namespace {

constexpr size_t kShingleWords = 5;
constexpr size_t kMinSkeletonTokens = 4;

uint64_t Mix(uint64_t x) { return Mix64(x); }

std::vector<uint32_t> MinHash(const std::vector<uint64_t>& hashes, size_t bins) {
  MinHasher h(bins);
  h.AddAll(hashes);
  return h.Finish();
}

uint64_t Rotate(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// The hash of five words in a row (a shingle), from the words' hashes:
// each word is rotated by its place, so the order of the words counts,
// and the xor of the five is mixed once.
static_assert(kShingleWords == 5);
uint64_t ShingleOf(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4) {
  return Mix(Rotate(w0, 1) ^ Rotate(w1, 14) ^ Rotate(w2, 27) ^ Rotate(w3, 40) ^ Rotate(w4, 53));
}

// Winnowing (Schleimer, Wilkerson, Aiken 2003): the minimum of each window
// of kWinnowWindow consecutive shingle hashes, rightmost on ties, recorded
// when it changes; before a whole window has been seen the windows are the
// prefixes, so a short document still gets its minimum. The minima come
// from van Herk and Gil-Werman's blocks: cut the sequence into blocks of a
// window's length, and a window's minimum is the smaller of the minimum
// from its start to its block's end and the minimum from the next block's
// start to its end. That is three comparisons a shingle whatever the
// hashes, where keeping a running minimum branched on every one and
// searched the window again each time its minimum left.
void Winnow(const std::vector<uint64_t>& shingles, const std::vector<uint16_t>& places,
            Fingerprint* f) {
  const size_t n = shingles.size();
  if (n == 0) return;
  constexpr size_t w = kWinnowWindow;
  // In segments, so that a huge document's scratch stays small; a
  // segment's windows reach back w - 1 shingles into the one before.
  constexpr size_t kSegment = size_t{1} << 14;
  const size_t most = std::min(n, kSegment) + w;
  auto scratch = std::make_unique_for_overwrite<uint64_t[]>(3 * most);
  uint64_t* prefix = scratch.get();
  uint64_t* suffix = prefix + most;
  uint64_t* segment_picks = suffix + most;  // hash << 16 | place
  std::vector<uint64_t> picked;
  picked.reserve(n / 4 + 1);
  uint64_t last = 0;  // no key is 0: a position would have to be UINT32_MAX
  for (size_t begin = 0; begin < n; begin += kSegment) {
    const size_t end = std::min(begin + kSegment, n);
    const size_t base = begin >= w - 1 ? begin - (w - 1) : 0;
    const size_t length = end - base;
    // Keys (in suffix, until the blocks make them minima): the hash above,
    // the position reversed below, so the least key is the least hash at
    // its rightmost position.
    for (size_t i = 0; i < length; ++i) suffix[i] = (shingles[base + i] >> 32 << 32) | (UINT32_MAX - (base + i));
    for (size_t block = 0; block < length; block += w) {
      size_t block_end = std::min(block + w, length);
      prefix[block] = suffix[block];
      for (size_t i = block + 1; i < block_end; ++i) prefix[i] = std::min(prefix[i - 1], suffix[i]);
      for (size_t i = block_end - 1; i > block; --i) suffix[i - 1] = std::min(suffix[i], suffix[i - 1]);
    }
    // Each window's minimum is written down; the count moves on only when
    // it differs from the one before (a branch there would be a coin toss).
    size_t count = 0;
    for (size_t p = begin; p < end; ++p) {
      const size_t q = p - base;
      uint64_t m = p + 1 < w ? prefix[q] : std::min(suffix[q + 1 - w], prefix[q]);
      segment_picks[count] = (m >> 32 << 16) | places[UINT32_MAX - static_cast<uint32_t>(m)];
      count += m != last;
      last = m;
    }
    picked.insert(picked.end(), segment_picks, segment_picks + count);
  }
  const size_t count = picked.size();
  // Each hash once, with the lowest place it was picked in, in the order
  // first picked: a table of the hashes seen (open addressing, at most
  // half full) finds the few picked twice (a 5-gram the document repeats).
  // Sorting them instead cost a third of the fingerprint.
  size_t slots = 16;
  while (slots < 2 * count) slots <<= 1;
  auto table = std::make_unique<uint32_t[]>(slots);  // 1 + index in winnow; 0 is empty
  f->winnow.reserve(count);
  f->winnow_sentence.reserve(count);
  for (size_t k = 0; k < count; ++k) {
    uint32_t h = static_cast<uint32_t>(picked[k] >> 16);
    uint16_t place = static_cast<uint16_t>(picked[k]);
    for (size_t s = (h * 0x9E3779B1u) & (slots - 1);; s = (s + 1) & (slots - 1)) {
      if (table[s] == 0) {
        table[s] = static_cast<uint32_t>(f->winnow.size()) + 1;
        f->winnow.push_back(h);
        f->winnow_sentence.push_back(place);
        break;
      }
      if (f->winnow[table[s] - 1] == h) {
        uint16_t& kept = f->winnow_sentence[table[s] - 1];
        kept = std::min(kept, place);
        break;
      }
    }
  }
}

// Words are hashed eight bytes at a time, their case folded in all eight
// at once (SWAR, as words are found where SSE2 is missing): a few
// instructions per word instead of a branch per byte.
static_assert(std::endian::native == std::endian::little, "byte k of a loaded word is bits 8k..8k+7");
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Eight bytes of the text from i; zeros (not word bytes) past its end.
uint64_t Load8(std::string_view text, size_t i) {
  uint64_t x = 0;
  if (i + 8 <= text.size()) {
    std::memcpy(&x, text.data() + i, 8);
  } else if (i < text.size()) {
    std::memcpy(&x, text.data() + i, text.size() - i);
  }
  return x;
}

// The high bit of each byte that is in [lo, hi], for bytes below 0x80.
constexpr uint64_t InRange(uint64_t low_bits, unsigned char lo, unsigned char hi) {
  return (low_bits + (0x80 - lo) * kOnes) & ~(low_bits + (0x80 - hi - 1) * kOnes) & kHighBits;
}

#if !defined(__SSE2__)
// The high bit of each word byte: an ASCII letter or digit, or any byte of
// a UTF-8 sequence.
uint64_t WordBytes(uint64_t x) {
  uint64_t low = x & ~kHighBits;
  return (x & kHighBits) | InRange(low | 0x20 * kOnes, 'a', 'z') | InRange(low, '0', '9');
}
#endif

uint64_t FoldAsciiCase(uint64_t x) {
  uint64_t upper = InRange(x & ~kHighBits, 'A', 'Z') & ~x;
  return x | upper >> 2;  // 0x80 >> 2 is the case bit
}

// A well-mixed hash of the word [begin, end), ASCII case folded: the
// length, then eight bytes at a time, each mixed in. A word of up to 16
// bytes (most are) is read as two words and the hash taken from one mix or
// two as its length says, where a loop would guess wrong on the length.
uint64_t WordHash(std::string_view text, size_t begin, size_t end) {
  const size_t length = end - begin;
  if (length <= 16 && begin + 16 <= text.size()) {
    uint64_t x0, x1;
    std::memcpy(&x0, text.data() + begin, 8);
    std::memcpy(&x1, text.data() + begin + 8, 8);
    x0 &= length >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * length)) - 1;
    x1 &= length >= 16 ? ~uint64_t{0} : length > 8 ? (uint64_t{1} << (8 * (length - 8))) - 1 : 0;
    const uint64_t one = Mix(length ^ FoldAsciiCase(x0));
    const uint64_t two = Mix(one ^ FoldAsciiCase(x1));
    return length > 8 ? two : one;
  }
  uint64_t h = length;
  for (size_t i = begin; i < end; i += 8) {
    uint64_t x = Load8(text, i);
    if (end - i < 8) x &= (uint64_t{1} << (8 * (end - i))) - 1;
    h = Mix(h ^ FoldAsciiCase(x));
  }
  return h;
}

// Does the gap of non-word bytes [from, to) end a sentence? A full stop,
// question or exclamation mark followed by space and a capital or digit, or
// a blank line; not the full stop of an initial ("U.S.") or of a common
// abbreviation ("Mr.", "Inc."), which is how wire copy breaks most naive
// splitters.
bool GapEndsSentence(std::string_view text, size_t word_begin, size_t from, size_t to) {
  // Most gaps are a space or ", ": no mark, no end.
  bool marked = false;
  for (size_t i = from; i < to && !marked; ++i) {
    char c = text[i];
    marked = c == '.' || c == '!' || c == '?' || c == '\n';
  }
  if (!marked) return false;
  for (size_t i = from; i + 1 < to; ++i) {
    if (text[i] == '\n' && text[i + 1] == '\n') return true;
  }
  if (to >= text.size()) return false;
  unsigned char next = static_cast<unsigned char>(text[to]);
  if (!((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') || next >= 0x80)) return false;
  bool stop = false, spaced = false;
  for (size_t i = from; i < to && !spaced; ++i) {
    char c = text[i];
    if (c == '.' || c == '!' || c == '?') {
      stop = true;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      spaced = stop;
    } else if (c != '"' && c != '\'' && c != ')' && c != ']') {
      stop = false;
    }
  }
  if (!spaced) return false;
  std::string_view word = text.substr(word_begin, from - word_begin);
  if (text[from] != '.') return true;
  if (word.size() <= 1) return false;  // an initial
  if (word.size() > 4) return true;
  char lower[4];
  for (size_t k = 0; k < word.size(); ++k) {
    const char c = word[k];
    lower[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;  // ASCII only, as the list is
  }
  std::string_view folded(lower, word.size());
  static constexpr std::string_view kAbbreviations[] = {
      "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "gen",
      "sen", "rep", "gov", "prof", "jan", "feb", "aug", "sept", "oct", "nov", "dec"};
  for (std::string_view a : kAbbreviations) {
    if (folded == a) return false;
  }
  return true;
}

// A winnowed hash's place: the sentence its 5-gram ends in, with
// kWinnowCrossesSentence when the 5-gram began in the sentence before (a
// shared one means two sentences in a row are shared).
uint16_t WinnowPlace(uint32_t first_sentence, uint32_t last_sentence) {
  uint16_t place = static_cast<uint16_t>(std::min<uint32_t>(last_sentence, kWinnowSentenceMask));
  return first_sentence != last_sentence ? place | kWinnowCrossesSentence : place;
}

// Of the 64 bytes of the text from `base`, one bit each: set in `words`
// for a word byte (zeros past the end of the text are not), and in `marks`
// for a byte that may end a sentence ('.', '!', '?', a line break): a gap
// without one ends none, and is not looked at again.
struct BlockMasks {
  uint64_t words = 0;
  uint64_t marks = 0;
};

#if defined(__SSE2__)
// Sixteen bytes at a time: a letter is a byte that, with the case bit set,
// is in 'a'..'z'; SSE2 compares signed bytes only, so each range is moved
// to start at -128 and a byte is in it when below -128 + its length. Bytes
// from 0x80 (UTF-8) have their high bit set already, as the mask wants.
BlockMasks Masks(std::string_view text, size_t base) {
  alignas(16) unsigned char tail[64];
  const unsigned char* p;
  if (base + 64 <= text.size()) {
    p = reinterpret_cast<const unsigned char*>(text.data()) + base;
  } else {
    std::memset(tail, 0, 64);
    if (base < text.size()) std::memcpy(tail, text.data() + base, text.size() - base);
    p = tail;
  }
  BlockMasks m;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(0x80 - 'a')), _mm_set1_epi8(-128 + 26));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '0')), _mm_set1_epi8(-128 + 10));
    __m128i mark = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
                                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
    m.words |= uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(v, _mm_or_si128(letter, digit))))} << (16 * k);
    m.marks |= uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(mark))} << (16 * k);
  }
  return m;
}

#else
BlockMasks Masks(std::string_view text, size_t base) {
  BlockMasks m;
  for (size_t k = 0; k < 8; ++k) {
    // The high bit of each byte down to bit 0, and the eight gathered into
    // the top byte by one multiplication.
    uint64_t high = WordBytes(Load8(text, base + 8 * k)) >> 7;
    m.words |= (high * 0x0102040810204080ULL >> 56) << (8 * k);
  }
  m.marks = ~uint64_t{0};  // any byte may be one: every gap is looked at
  return m;
}

#endif

// Calls word(begin, end, sentence) for each word of the text, numbering
// sentences as GapEndsSentence splits them. LexicalFingerprint and
// LexicalSentenceStarts both read the text through it, so the sentence a
// winnowed hash names is the sentence a recurring passage is placed in.
// The text is read in blocks of 64 bytes, each made a mask of its word
// bytes; the words' starts and ends are then the mask's changes, found
// by counting zeros, with no branch on the length of a word.
// A `word` that returns bool stops the reading when it returns false.
template <typename WordFn>
void ScanWords(std::string_view text, WordFn&& word) {
  uint32_t sentence = 0;
  const size_t n = text.size();
  bool in_word = false;
  bool first = true;
  size_t word_begin = 0, word_end = 0, previous_begin = 0;
  // Bytes past the end are not word bytes, so the block that holds the
  // end (one past it when the text fills its last block) ends the last word.
  for (size_t base = 0; base <= n; base += 64) {
    const BlockMasks masks = Masks(text, base);
    const uint64_t mask = masks.words;
    // Bit i set where byte i starts or ends a word: its word bit differs
    // from the byte before's (the last byte of the block before for bit 0).
    uint64_t changes = mask ^ ((mask << 1) | (in_word ? 1 : 0));
    while (changes != 0) {
      size_t at = base + static_cast<size_t>(std::countr_zero(changes));
      changes &= changes - 1;
      if (!in_word) {
        // Most gaps hold no mark that could end a sentence (a space, ", ").
        bool unmarked = word_end >= base && (masks.marks >> (word_end - base) &
                                             ((uint64_t{1} << (at - word_end)) - 1)) == 0;
        if (!first && !unmarked && GapEndsSentence(text, previous_begin, word_end, at)) ++sentence;
        first = false;
        word_begin = at;
      } else {
        word_end = at;
        if constexpr (std::is_same_v<decltype(word(word_begin, word_end, sentence)), bool>) {
          if (!word(word_begin, word_end, sentence)) return;
        } else {
          word(word_begin, word_end, sentence);
        }
        previous_begin = word_begin;
      }
      in_word = !in_word;
    }
  }
}

}  // namespace

Fingerprint LexicalFingerprint(std::string_view text) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(text.size());
  std::vector<uint64_t> shingles;
  std::vector<uint16_t> places;
  shingles.reserve(text.size() / 5 + 1);
  places.reserve(text.size() / 5 + 1);
  // The words' hashes and sentences are gathered a block at a time and
  // then made shingles in a loop of their own: the scan's loop keeps its
  // state in registers, the shingles' loop has no branches, and the block
  // stays in the core's cache. The last four words of a block start the next.
  constexpr size_t kBlock = 1024, kCarried = kShingleWords - 1;
  uint64_t word_hash[kBlock];
  uint32_t word_sentence[kBlock];
  size_t held = 0;
  auto shingle_block = [&] {
    const size_t count = held > kCarried ? held - kCarried : 0, first = shingles.size();
    shingles.resize(first + count);
    places.resize(first + count);
    uint64_t* shingle = shingles.data() + first;
    uint16_t* place = places.data() + first;
    for (size_t i = 0; i < count; ++i) {
      const uint64_t* w = word_hash + i;
      shingle[i] = ShingleOf(w[0], w[1], w[2], w[3], w[4]);
      place[i] = WinnowPlace(word_sentence[i], word_sentence[i + kCarried]);
    }
    const size_t carried = std::min(held, kCarried);
    std::copy(word_hash + held - carried, word_hash + held, word_hash);
    std::copy(word_sentence + held - carried, word_sentence + held, word_sentence);
    held = carried;
  };
  ScanWords(text, [&](size_t begin, size_t end, uint32_t sentence) {
    word_hash[held] = WordHash(text, begin, end);
    word_sentence[held] = sentence;
    if (++held == kBlock) shingle_block();
  });
  shingle_block();
  f.lexical = MinHash(shingles, kLexicalHashes);
  Winnow(shingles, places, &f);
  return f;
}

std::vector<uint32_t> LexicalSentenceStarts(std::string_view text, size_t limit) {
  std::vector<uint32_t> starts{0};
  uint32_t current = 0;
  ScanWords(text, [&](size_t begin, size_t, uint32_t sentence) {
    if (sentence != current) starts.push_back(static_cast<uint32_t>(begin));
    current = sentence;
    return starts.size() < limit;
  });
  return starts;
}

Fingerprint FullFingerprint(const Document& doc) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(doc.text.size());
  MinHasher skeleton(kSkeletonHashes);
  std::vector<uint64_t> shingles;
  std::vector<uint16_t> places;
  shingles.reserve(doc.tokens.size());
  places.reserve(doc.tokens.size());
  uint64_t previous_immutable = 0;
  size_t immutables = 0;
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const Token& t = doc.tokens[i];
    if (i + 1 >= kShingleWords) {
      const Token* w = &t - (kShingleWords - 1);
      shingles.push_back(ShingleOf(w[0].term, w[1].term, w[2].term, w[3].term, w[4].term));
      places.push_back(WinnowPlace(w[0].sentence, t.sentence));
    }
    if (t.weight <= 0 || !(t.is_name || t.is_number)) continue;
    // Pairs of consecutive immutables: their order survives rewriting.
    if (immutables++ > 0) skeleton.Add(Mix(previous_immutable * 31 + t.stem));
    previous_immutable = t.stem;
  }
  f.lexical = MinHash(shingles, kLexicalHashes);
  if (immutables >= kMinSkeletonTokens) f.skeleton = skeleton.Finish();
  Winnow(shingles, places, &f);
  return f;
}

double EstimateJaccard(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  if (x.empty() || y.empty() || x.size() != y.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < x.size(); ++i) equal += x[i] == y[i];
  return static_cast<double>(equal) / static_cast<double>(x.size());
}

}  // namespace retold

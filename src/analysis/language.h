// Which language a text is in, and whether retold can translate it to
// English (its pivot: everything is aligned in English).
#ifndef RETOLD_ANALYSIS_LANGUAGE_H_
#define RETOLD_ANALYSIS_LANGUAGE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace retold {

// The ISO 639-1 code of the text's language ("en", "es", "de", ...) by
// libexttextcat's character n-gram profiles, read from the first few
// kilobytes; empty when the text is too short or matches no profile well,
// "en" whenever English is among the profiles it matches about as well.
// With `candidates`, also how many profiles matched about as well (1 for a
// clear answer; a price table matches four or five).
std::string IdentifyLanguage(std::string_view text, size_t* candidates = nullptr);

// The Apertium mode that translates `language` into English ("spa-eng"),
// or empty when no such pair is installed.
std::string PivotMode(std::string_view language);

// The language's English name, for messages ("Spanish"); the code itself
// when unknown.
std::string LanguageName(std::string_view language);

}  // namespace retold

#endif  // RETOLD_ANALYSIS_LANGUAGE_H_

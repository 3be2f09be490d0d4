#include "analysis/translate.h"

#include <gtest/gtest.h>

#include <string>

#include "analysis/language.h"
#include "retold/compare.h"
#include "testing/test_support.h"

namespace retold {
namespace {

const std::string kEnglish =
    "The city council approved a new tram line on Tuesday after a long debate about its cost. "
    "The line will connect the old harbour with the university campus and the main hospital. "
    "Construction will begin next spring and is expected to take three years. "
    "The mayor said the project would reduce traffic in the centre and help local shops.";
const std::string kSpanish =
    "El ayuntamiento aprobó el martes una nueva línea de tranvía después de un largo debate sobre su coste. "
    "La línea conectará el viejo puerto con el campus de la universidad y el hospital principal. "
    "Las obras empezarán la próxima primavera y se espera que duren tres años. "
    "El alcalde dijo que el proyecto reducirá el tráfico en el centro y ayudará a las tiendas locales.";

class Translate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PivotMode("es").empty()) GTEST_SKIP() << "apertium-eng-spa is not installed (scripts/setup.sh installs it)";
  }
  const Comparer& comparer() {
    static const Comparer c(testing::TestLexicon());
    return c;
  }
};

TEST_F(Translate, ASpanishTranslationOfAnEnglishStoryIsACopy) {
  Document es = comparer().Analyze(kSpanish);
  EXPECT_EQ(es.language, "es");
  EXPECT_TRUE(es.translated);
  Comparison c = comparer().Compare(comparer().Analyze(kEnglish), es);
  EXPECT_NE(c.verdict, Verdict::kUnrelated);
  EXPECT_TRUE(c.translated);
  EXPECT_EQ(c.lang_a, "en");
  EXPECT_EQ(c.lang_b, "es");
  ASSERT_FALSE(c.passages.empty());
  // Offsets are into the Spanish original, sentence-exact.
  EXPECT_EQ(c.passages.front().b.begin, 0u);
  EXPECT_EQ(c.passages.back().b.end, kSpanish.size());
  EXPECT_GE(c.coverage_b, 0.9);
}

TEST_F(Translate, ASpanishParagraphInsideAnEnglishStoryIsTranslatedAlone) {
  std::string before =
      "Gardeners across the northern valleys are preparing for an unusually late frost this spring, "
      "according to the regional weather office. Farmers in the lower valleys have already lost part of "
      "their early potato crop, and the cooperative has asked the ministry for help with seed for a second "
      "planting. Beekeepers worry that the cold will keep their colonies inside during the first "
      "flowering.\n\n";
  std::string after =
      "\n\nOrchard owners said they would cover young apple trees with fleece at night if "
      "temperatures fall below freezing. The weather office expects milder air from the south by the end of "
      "the month, but warned that night frosts could return in the high meadows well into May. Schools in "
      "two villages will open an hour later while the roads stay icy.";
  std::string mixed = before + kSpanish + after;
  Document doc = comparer().Analyze(mixed);
  EXPECT_TRUE(doc.translated);
  Comparison c = comparer().Compare(comparer().Analyze(kEnglish), doc);
  EXPECT_EQ(c.verdict, Verdict::kPartial);
  EXPECT_TRUE(c.translated);
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].b.begin, before.size());
  EXPECT_LE(c.passages[0].b.end, before.size() + kSpanish.size() + 2);
  EXPECT_GE(c.passages[0].b.end, before.size() + kSpanish.size() * 3 / 4);
}

TEST_F(Translate, EnglishTextIsLeftAsItIs) {
  Document doc = comparer().Analyze(kEnglish);
  EXPECT_EQ(doc.language, "en");
  EXPECT_FALSE(doc.translated);
  EXPECT_EQ(doc.text, kEnglish);
}

TEST_F(Translate, ALanguageWithoutAPairIsNamedNotAnError) {
  std::string german =
      "Die Stadtverwaltung hat am Dienstag beschlossen, eine neue Straßenbahnlinie zu bauen, die den alten "
      "Hafen mit der Universität verbindet und einen Streit von fast vier Jahren beendet.";
  if (!PivotMode("de").empty()) GTEST_SKIP() << "a German pair is installed here";
  Document doc = comparer().Analyze(german);
  EXPECT_EQ(doc.language, "de");
  EXPECT_FALSE(doc.translated);
  EXPECT_NE(doc.translation_error.find("German"), std::string::npos);
  EXPECT_EQ(comparer().Compare(comparer().Analyze(kEnglish), doc).verdict, Verdict::kUnrelated);
}

}  // namespace
}  // namespace retold

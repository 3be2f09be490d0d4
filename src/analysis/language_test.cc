#include "analysis/language.h"

#include <gtest/gtest.h>

namespace retold {
namespace {

TEST(Language, TellsEnglishSpanishAndCatalanApart) {
  EXPECT_EQ(IdentifyLanguage("The central bank raised its main interest rate on Thursday, saying that "
                             "inflation had stayed above its target for most of the year."),
            "en");
  EXPECT_EQ(IdentifyLanguage("El banco central subió el jueves su principal tipo de interés y dijo que la "
                             "inflación se había mantenido por encima de su objetivo durante casi todo el año."),
            "es");
  EXPECT_EQ(IdentifyLanguage("El banc central va apujar dijous el seu principal tipus d'interès i va dir que "
                             "la inflació s'havia mantingut per sobre del seu objectiu durant gairebé tot l'any."),
            "ca");
}

TEST(Language, TooShortOrEmptyIsUnknown) {
  EXPECT_EQ(IdentifyLanguage(""), "");
  EXPECT_EQ(IdentifyLanguage("ok"), "");
}

TEST(Language, PivotModesOfInstalledPairs) {
  EXPECT_EQ(PivotMode("en"), "");
  EXPECT_EQ(PivotMode("xx"), "");
  if (PivotMode("es").empty()) GTEST_SKIP() << "apertium-eng-spa is not installed (scripts/setup.sh installs it)";
  EXPECT_EQ(PivotMode("es"), "spa-eng");
  EXPECT_EQ(LanguageName("es"), "Spanish");
}

}  // namespace
}  // namespace retold

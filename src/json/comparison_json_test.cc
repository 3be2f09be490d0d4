#include "json/comparison_json.h"

#include <gtest/gtest.h>

namespace retold {
namespace {

// JsonString writes what DumpLine writes for the same string: every
// escape, text beyond ASCII, and invalid UTF-8 (replaced).
TEST(JsonString, WritesWhatDumpLineWrites) {
  std::string every_byte;
  for (int c = 1; c < 128; ++c) every_byte += static_cast<char>(c);
  const std::vector<std::string> cases = {
      "",
      "plain words",
      "a \"quote\" and a back\\slash",
      "tab\there, line\nbreak, cr\r, bell\a, \b\f and \x1f, del \x7f",
      std::string("a nul \0 inside", 14),
      "caf\xc3\xa9, \xe2\x80\x94 dash, \xf0\x9f\x98\x80 emoji",
      "broken \xc3 utf-8 \xff\xfe and a lone \x80",
      every_byte,
  };
  for (const std::string& s : cases) {
    EXPECT_EQ(JsonString(s), DumpLine(nlohmann::json(s))) << s;
  }
}

}  // namespace
}  // namespace retold

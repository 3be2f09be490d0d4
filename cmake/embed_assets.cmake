# Writes OUT, a C++ header holding each file of ASSETS (in DIR) as a
# std::string_view, so the program serves and embeds them without reading
# anything at run time. Run with cmake -P.
set(content "// Generated from web/ by cmake/embed_assets.cmake. Do not edit.\n#pragma once\n#include <string_view>\nnamespace retold::web {\n")
string(REPLACE "," ";" ASSETS "${ASSETS}")  # passed comma-separated
foreach(asset ${ASSETS})
  file(READ "${DIR}/${asset}" text)
  string(MAKE_C_IDENTIFIER "${asset}" name)
  string(APPEND content "inline constexpr std::string_view k_${name} = R\"retold_asset(${text})retold_asset\";\n")
endforeach()
string(APPEND content "}  // namespace retold::web\n")
file(WRITE "${OUT}.tmp" "${content}")
file(RENAME "${OUT}.tmp" "${OUT}")

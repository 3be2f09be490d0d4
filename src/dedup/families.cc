#include "dedup/families.h"

#include <algorithm>
#include <unordered_map>

namespace retold {

std::vector<Family> BuildFamilies(size_t documents,
                                  const std::vector<std::pair<uint32_t, uint32_t>>& links,
                                  const std::vector<MemberFacts>& facts) {
  UnionFind sets(documents);
  for (auto [a, b] : links) sets.Union(a, b);
  std::unordered_map<uint32_t, size_t> family_of_root;
  std::vector<Family> families;
  std::vector<uint32_t> touched;
  for (auto [a, b] : links) {
    touched.push_back(a);
    touched.push_back(b);
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (uint32_t d : touched) {
    uint32_t root = sets.Find(d);
    auto [it, inserted] = family_of_root.emplace(root, families.size());
    if (inserted) families.push_back({d, {}});
    families[it->second].members.push_back(d);
  }
  auto better = [&](uint32_t x, uint32_t y) {  // is x a likelier original than y?
    const MemberFacts& fx = facts[x];
    const MemberFacts& fy = facts[y];
    if (fx.date.empty() != fy.date.empty()) return !fx.date.empty();
    if (fx.date != fy.date) return fx.date < fy.date;
    if (fx.text_bytes != fy.text_bytes) return fx.text_bytes > fy.text_bytes;
    return x < y;
  };
  for (Family& f : families) {
    f.original = *std::min_element(f.members.begin(), f.members.end(), better);
  }
  return families;
}

}  // namespace retold

// Families of copies: union-find over whole-document relations, the
// original from the pairs' sources, and what --keep may drop. Declared in
// retold/dedup.h.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/union_find.h"
#include "retold/dedup.h"

namespace retold {
namespace {

// The member the family's pairs name as source most often, net of the
// times it is named a copy; ties and families whose pairs never decide fall
// back to the earliest date, then to the first document read.
uint32_t ChooseOriginal(const std::vector<uint32_t>& members, const std::vector<const DedupPair*>& pairs,
                        const std::vector<DocumentFacts>& facts, std::string_view* basis) {
  std::map<uint32_t, int> score;
  std::map<uint32_t, std::string_view> reason;
  for (const DedupPair* p : pairs) {
    if (p->source == kNoDocument) continue;
    uint32_t copy = p->source == p->a ? p->b : p->a;
    ++score[p->source];
    --score[copy];
    if (reason[p->source].empty() || p->source_reason == "date") reason[p->source] = p->source_reason;
  }
  uint32_t best = kNoDocument;
  int best_score = 0;
  bool tie = false;
  for (auto [doc, s] : score) {
    if (s > best_score) {
      best = doc, best_score = s, tie = false;
    } else if (s == best_score && s > 0) {
      tie = true;
    }
  }
  if (best != kNoDocument && !tie) {
    *basis = reason[best];
    return best;
  }
  uint32_t earliest = kNoDocument;
  bool unique = true;
  for (uint32_t m : members) {
    const std::string& d = facts[m].date;
    if (d.empty()) continue;
    if (earliest == kNoDocument || d < facts[earliest].date) {
      earliest = m, unique = true;
    } else if (d == facts[earliest].date) {
      unique = false;
    }
  }
  if (earliest != kNoDocument && unique) {
    *basis = "date";
    return earliest;
  }
  *basis = {};
  return members.front();
}

}  // namespace

void BuildFamilies(const std::vector<DocumentFacts>& facts, DedupResult* result) {
  const size_t n = facts.size();
  UnionFind sets(n);
  std::vector<char> linked(n, 0);
  for (const DedupPair& p : result->pairs) {
    linked[p.a] = linked[p.b] = 1;
    if (IsWholeDocument(p.comparison.verdict)) sets.Union(p.a, p.b);
  }
  // Families in order of their first member; lone documents with a partial
  // relation are families of one, so every partial pair links two families.
  std::unordered_map<uint32_t, size_t> family_of_root;
  std::vector<std::vector<uint32_t>> members;
  for (uint32_t d = 0; d < n; ++d) {
    if (!linked[d]) continue;
    auto [it, fresh] = family_of_root.emplace(sets.Find(d), members.size());
    if (fresh) members.emplace_back();
    members[it->second].push_back(d);
  }
  std::vector<std::vector<const DedupPair*>> whole_pairs(members.size());
  result->family_of.assign(n, 0);
  for (size_t f = 0; f < members.size(); ++f) {
    for (uint32_t d : members[f]) result->family_of[d] = static_cast<uint32_t>(f + 1);
  }
  for (const DedupPair& p : result->pairs) {
    if (IsWholeDocument(p.comparison.verdict)) whole_pairs[result->family_of[p.a] - 1].push_back(&p);
  }

  result->families.clear();
  for (size_t f = 0; f < members.size(); ++f) {
    DedupFamily family;
    family.id = static_cast<uint32_t>(f + 1);
    uint32_t original = ChooseOriginal(members[f], whole_pairs[f], facts, &family.original_basis);
    // Each member's direct relation to the original, and to any member
    // kept so far: a member is dropped only as a whole copy of a kept one.
    std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, Verdict>>> whole_of;
    for (const DedupPair* p : whole_pairs[f]) {
      whole_of[p->a].emplace_back(p->b, p->comparison.verdict);
      whole_of[p->b].emplace_back(p->a, p->comparison.verdict);
    }
    std::vector<uint32_t> order{original};
    for (uint32_t m : members[f]) {
      if (m != original) order.push_back(m);
    }
    std::unordered_set<uint32_t> kept;
    for (uint32_t m : order) {
      DedupMember member{m, m == original, m == original ? "original" : "indirect", true};
      for (auto [other, verdict] : whole_of[m]) {
        if (other == original) member.relation = std::string(VerdictName(verdict));
        if (kept.contains(other)) member.kept = false;
      }
      if (member.kept) kept.insert(m);
      family.members.push_back(std::move(member));
    }
    result->families.push_back(std::move(family));
  }
}

}  // namespace retold

// ClassificationSuggestion: keyword counting over the taxonomy.
#include "intake/classification_suggestion.h"

namespace rexian {
namespace {

// How well a keyword list matches a text.
struct Score {
  std::size_t keywords = 0;  // distinct keywords found
  std::size_t chars = 0;     // their total length in bytes
  bool operator>(const Score& o) const {
    return keywords != o.keywords ? keywords > o.keywords : chars > o.chars;
  }
};

Score ScoreOf(const std::vector<std::string>& keywords, std::string_view text) {
  Score score;
  for (const std::string& keyword : keywords) {
    if (!keyword.empty() && text.find(keyword) != std::string_view::npos) {
      ++score.keywords;
      score.chars += keyword.size();
    }
  }
  return score;
}

}  // namespace

std::optional<ticket::Classification> SuggestClassification(const Taxonomy& taxonomy,
                                                            std::string_view text) {
  const Domain* best_domain = nullptr;
  const SubCategory* best_sub = nullptr;
  Score best;
  for (const Domain& domain : taxonomy.domains()) {
    for (const SubCategory& sub : domain.subcategories) {
      const Score score = ScoreOf(sub.keywords, text);
      if (score > best) {
        best = score;
        best_domain = &domain;
        best_sub = &sub;
      }
    }
  }
  if (best_sub == nullptr || taxonomy.types().empty()) return std::nullopt;
  return ticket::Classification{SuggestTypeKey(taxonomy, text), best_domain->key, best_sub->code};
}

std::string SuggestTypeKey(const Taxonomy& taxonomy, std::string_view text) {
  const TaxonomyType* best_type = &taxonomy.types().front();
  Score best;
  for (const TaxonomyType& type : taxonomy.types()) {
    const Score score = ScoreOf(type.keywords, text);
    if (score > best) {
      best = score;
      best_type = &type;
    }
  }
  return best_type->key;
}

}  // namespace rexian

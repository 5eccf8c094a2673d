// KeywordClassifier: one pass over the text, candidates by first character.
#include "intake/classification_suggestion.h"

namespace rexian {
namespace {

// Length of the UTF-8 sequence starting with `lead` (1 for anything odd).
std::size_t CharLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::string FirstChar(std::string_view s) {
  return std::string(s.substr(0, std::min(CharLength(static_cast<unsigned char>(s[0])), s.size())));
}

}  // namespace

KeywordClassifier::KeywordClassifier(const Taxonomy& taxonomy) : taxonomy_(taxonomy) {
  auto add = [this](const std::string& word, std::size_t owner, bool is_type) {
    if (word.empty()) return;
    by_first_char_[FirstChar(word)].push_back(keywords_.size());
    keywords_.push_back(Keyword{word, owner, is_type});
  };
  for (const Domain& domain : taxonomy.domains()) {
    for (const SubCategory& sub : domain.subcategories) {
      for (const std::string& word : sub.keywords) add(word, subcategories_.size(), false);
      subcategories_.emplace_back(&domain, &sub);
    }
  }
  for (const TaxonomyType& type : taxonomy.types()) {
    for (const std::string& word : type.keywords) add(word, types_.size(), true);
    types_.push_back(&type);
  }
}

void KeywordClassifier::Scan(std::string_view text, std::vector<unsigned char>* found) const {
  found->assign(keywords_.size(), 0);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = std::min(CharLength(static_cast<unsigned char>(text[i])), text.size() - i);
    auto candidates = by_first_char_.find(std::string(text.substr(i, n)));
    if (candidates != by_first_char_.end()) {
      for (std::size_t k : candidates->second) {
        if (text.substr(i).starts_with(keywords_[k].text)) (*found)[k] = 1;
      }
    }
    i += n;
  }
}

std::optional<ticket::Classification> KeywordClassifier::Suggest(std::string_view text) const {
  std::vector<unsigned char> found;
  Scan(text, &found);
  std::vector<Score> scores(subcategories_.size());
  for (std::size_t k = 0; k < keywords_.size(); ++k) {
    if (!found[k] || keywords_[k].is_type) continue;
    ++scores[keywords_[k].owner].keywords;
    scores[keywords_[k].owner].bytes += keywords_[k].text.size();
  }
  std::optional<std::size_t> best;
  for (std::size_t s = 0; s < scores.size(); ++s) {
    if (scores[s].keywords > 0 && (!best || scores[s] > scores[*best])) best = s;
  }
  if (!best || types_.empty()) return std::nullopt;
  const auto [domain, sub] = subcategories_[*best];
  return ticket::Classification{SuggestTypeKey(text), domain->key, sub->code};
}

std::string KeywordClassifier::SuggestTypeKey(std::string_view text) const {
  if (types_.empty()) return "";
  std::vector<unsigned char> found;
  Scan(text, &found);
  std::vector<Score> scores(types_.size());
  for (std::size_t k = 0; k < keywords_.size(); ++k) {
    if (!found[k] || !keywords_[k].is_type) continue;
    ++scores[keywords_[k].owner].keywords;
    scores[keywords_[k].owner].bytes += keywords_[k].text.size();
  }
  std::size_t best = 0;
  for (std::size_t t = 1; t < scores.size(); ++t) {
    if (scores[t] > scores[best]) best = t;
  }
  return types_[best]->key;
}

}  // namespace rexian

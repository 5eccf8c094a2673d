// KeywordClassifier: a first classification from the taxonomy's keywords.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rexian/config.h"
#include "rexian/ticket.h"

namespace rexian {

// Suggests classifications for request texts that arrive without one. Built
// once from a taxonomy (every keyword indexed by its first UTF-8 character,
// so a text is scanned once however many keywords there are); immutable and
// thread-safe afterwards.
class KeywordClassifier {
 public:
  // REQUIRES: `taxonomy` outlives the classifier.
  explicit KeywordClassifier(const Taxonomy& taxonomy);

  // The sub-category whose keywords occur most in `text` (distinct
  // keywords; a tie goes to the larger number of matched bytes, then to the
  // earlier sub-category in the taxonomy), its domain, and SuggestTypeKey's
  // type. nullopt when no sub-category keyword occurs: the ticket then opens
  // unclassified and an agent classifies it. Codes are spelled as the ticket
  // events spell them: type and domain keys, sub-category code.
  std::optional<ticket::Classification> Suggest(std::string_view text) const;

  // The key of the type whose cue words match best (same rule), or of the
  // first type ("help", the most frequent) when none does. "" when the
  // taxonomy has no type.
  std::string SuggestTypeKey(std::string_view text) const;

 private:
  struct Keyword {
    std::string text;
    std::size_t owner;  // index into subcategories_ or types_
    bool is_type;
  };
  struct Score {
    std::size_t keywords = 0;
    std::size_t bytes = 0;
    bool operator>(const Score& o) const {
      return keywords != o.keywords ? keywords > o.keywords : bytes > o.bytes;
    }
  };

  // Marks in `found` (one flag per keyword) every keyword occurring in `text`.
  void Scan(std::string_view text, std::vector<unsigned char>* found) const;

  const Taxonomy& taxonomy_;
  std::vector<std::pair<const Domain*, const SubCategory*>> subcategories_;
  std::vector<const TaxonomyType*> types_;
  std::vector<Keyword> keywords_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_char_;
};

}  // namespace rexian

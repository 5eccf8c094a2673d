// QuestionFilter: decides whether a viewer comment is a question for the
// hotline, or spam, a duplicate or noise.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "livestream/comment.h"

namespace rexian::live {

// The filter's settings (from the plugin options).
struct FilterRules {
  std::vector<std::string> spam_keywords;  // any of them in the text: spam
  bool links_are_spam = true;              // URLs, www., domain names: spam
  int max_repeated_chars = 5;              // a character more often in a row: spam
  int min_chars = 6;                       // fewer meaningful characters: noise
  std::vector<std::string> greetings;      // the text is only a greeting: noise
  std::int64_t duplicate_window_ms = 600000;
  double near_duplicate_similarity = 0.8;  // bigram Jaccard >= this: duplicate
  std::size_t remembered_questions = 500;  // accepted questions compared against
};

enum class Verdict { kAccept, kSpam, kDuplicate, kNoise };

// "accepted", "spam", "duplicate", "noise".
const char* VerdictName(Verdict verdict);

// The text as compared: lower-case ASCII, without white space, punctuation
// (ASCII and CJK) and Bilibili emoticon tokens ("[dog]"). UTF-8 in, UTF-8 out.
std::string NormaliseComment(std::string_view text);

// Holds the recent questions of one session. Not thread-safe: the session
// serialises calls.
class QuestionFilter {
 public:
  explicit QuestionFilter(FilterRules rules) : rules_(std::move(rules)) {}

  // Judges `comment` at `now_ms` (the comment's own time when known, for
  // replayable outcomes). An accepted comment is remembered for the
  // duplicate checks; a rejected one is not. `why` (may be null) receives a
  // short reason for the log ("keyword", "link", "repeated", "short",
  // "emoji", "greeting", "same viewer", "similar").
  Verdict Judge(const Comment& comment, std::int64_t now_ms, std::string* why = nullptr);

 private:
  struct Remembered {
    std::string uid;
    std::string normalised;
    std::vector<std::uint64_t> bigrams;  // sorted, unique
    std::int64_t at_ms = 0;
  };

  FilterRules rules_;
  std::deque<Remembered> recent_;
};

}  // namespace rexian::live

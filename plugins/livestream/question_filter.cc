// The spam, noise and duplicate rules.
#include "livestream/question_filter.h"

#include <algorithm>
#include <cctype>

namespace rexian::live {
namespace {

// UTF-8 to code points; an invalid or truncated sequence becomes U+FFFD.
std::vector<char32_t> Decode(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    char32_t cp = 0;
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    } else if ((b >> 5) == 0x6) {
      extra = 1;
      cp = b & 0x1f;
    } else if ((b >> 4) == 0xe) {
      extra = 2;
      cp = b & 0x0f;
    } else if ((b >> 3) == 0x1e) {
      extra = 3;
      cp = b & 0x07;
    } else {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    bool ok = i + extra < s.size();
    for (std::size_t k = 1; ok && k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xc0) == 0x80;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

void Encode(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

bool IsSpace(char32_t c) { return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x3000 || c == 0xa0; }

bool IsPunctuation(char32_t c) {
  if (c < 0x80) return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  return (c >= 0x3000 && c <= 0x303f) ||  // CJK symbols and punctuation (、。「」…)
         (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||  // full-width ！，：？
         (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) ||
         (c >= 0x2010 && c <= 0x206f) ||  // general punctuation (—…“”)
         c == 0xfffd || c == 0x200b || c == 0xfe0f || c == 0x200d;
}

// Emoji and pictographs: what viewers send instead of words.
bool IsEmoji(char32_t c) {
  return (c >= 0x1f000 && c <= 0x1faff) || (c >= 0x2600 && c <= 0x27bf) ||
         (c >= 0x2b00 && c <= 0x2bff) || (c >= 0x1f1e6 && c <= 0x1f1ff) || (c >= 0x2190 && c <= 0x21ff);
}

// Removes Bilibili emoticon tokens: "[" up to 12 characters "]".
std::vector<char32_t> WithoutEmoticons(const std::vector<char32_t>& cps) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == '[' || cps[i] == 0x3010) {
      std::size_t j = i + 1;
      while (j < cps.size() && j - i <= 13 && cps[j] != ']' && cps[j] != 0x3011) ++j;
      if (j < cps.size() && j - i <= 13) {
        i = j;
        continue;
      }
    }
    out.push_back(cps[i]);
  }
  return out;
}

std::vector<char32_t> Meaningful(std::string_view text) {
  std::vector<char32_t> out;
  for (char32_t c : WithoutEmoticons(Decode(text))) {
    if (IsSpace(c) || IsPunctuation(c)) continue;
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c >= 0xff21 && c <= 0xff3a) c = c - 0xff21 + 'a';  // full-width Latin
    if (c >= 0xff41 && c <= 0xff5a) c = c - 0xff41 + 'a';
    if (c >= 0xff10 && c <= 0xff19) c = c - 0xff10 + '0';
    out.push_back(c);
  }
  return out;
}

std::string ToUtf8(const std::vector<char32_t>& cps) {
  std::string out;
  for (char32_t c : cps) Encode(c, &out);
  return out;
}

std::vector<std::uint64_t> Bigrams(const std::vector<char32_t>& cps) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) out.push_back((std::uint64_t{cps[i]} << 32) | cps[i + 1]);
  if (cps.size() == 1) out.push_back(cps[0]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) { ++common; ++i; ++j; }
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

bool HasLink(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (lower.find("http://") != std::string::npos || lower.find("https://") != std::string::npos ||
      lower.find("www.") != std::string::npos) {
    return true;
  }
  // A bare domain name: letters/digits, a dot, then a common top-level domain.
  for (const char* tld : {".com", ".cn", ".net", ".top", ".xyz", ".cc", ".vip", ".io", ".org"}) {
    for (std::size_t at = lower.find(tld); at != std::string::npos; at = lower.find(tld, at + 1)) {
      const std::size_t end = at + std::string_view(tld).size();
      const bool word_before = at > 0 && (std::isalnum(static_cast<unsigned char>(lower[at - 1])) != 0);
      const bool word_after = end < lower.size() && std::isalpha(static_cast<unsigned char>(lower[end])) != 0;
      if (word_before && !word_after) return true;
    }
  }
  return false;
}

int LongestRun(const std::vector<char32_t>& cps) {
  int best = 0, run = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    run = i > 0 && cps[i] == cps[i - 1] ? run + 1 : 1;
    best = std::max(best, run);
  }
  return best;
}

Verdict Reject(Verdict v, const char* reason, std::string* why) {
  if (why != nullptr) *why = reason;
  return v;
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAccept: return "accepted";
    case Verdict::kSpam: return "spam";
    case Verdict::kDuplicate: return "duplicate";
    case Verdict::kNoise: return "noise";
  }
  return "?";
}

std::string NormaliseComment(std::string_view text) { return ToUtf8(Meaningful(text)); }

Verdict QuestionFilter::Judge(const Comment& comment, std::int64_t now_ms, std::string* why) {
  const std::vector<char32_t> meaningful = Meaningful(comment.text);
  const std::string normalised = ToUtf8(meaningful);

  for (const std::string& keyword : rules_.spam_keywords) {
    const std::string k = NormaliseComment(keyword);
    if (!k.empty() && normalised.find(k) != std::string::npos) return Reject(Verdict::kSpam, "keyword", why);
  }
  if (rules_.links_are_spam && HasLink(comment.text)) return Reject(Verdict::kSpam, "link", why);
  if (rules_.max_repeated_chars > 0 && LongestRun(Decode(comment.text)) > rules_.max_repeated_chars) {
    return Reject(Verdict::kSpam, "repeated", why);
  }

  std::vector<char32_t> words;
  bool only_emoji = true;
  for (char32_t c : meaningful) {
    if (!IsEmoji(c)) {
      words.push_back(c);
      only_emoji = false;
    }
  }
  if (only_emoji && !Decode(comment.text).empty()) return Reject(Verdict::kNoise, "emoji", why);
  const std::string words_text = ToUtf8(words);
  for (const std::string& greeting : rules_.greetings) {
    const std::string g = NormaliseComment(greeting);
    if (g.empty() || !words_text.starts_with(g)) continue;
    // A greeting and little else ("主播好", "市长好！！", "主播好呀") is noise.
    if (Decode(words_text).size() < Decode(g).size() + static_cast<std::size_t>(rules_.min_chars)) {
      return Reject(Verdict::kNoise, "greeting", why);
    }
  }
  if (static_cast<int>(words.size()) < rules_.min_chars) return Reject(Verdict::kNoise, "short", why);

  while (!recent_.empty() && now_ms - recent_.front().at_ms > rules_.duplicate_window_ms) recent_.pop_front();
  const std::vector<std::uint64_t> bigrams = Bigrams(meaningful);
  for (const Remembered& r : recent_) {
    if (r.uid == comment.uid && r.normalised == normalised) return Reject(Verdict::kDuplicate, "same viewer", why);
    if (Jaccard(r.bigrams, bigrams) >= rules_.near_duplicate_similarity) {
      return Reject(Verdict::kDuplicate, "similar", why);
    }
  }
  recent_.push_back(Remembered{comment.uid, normalised, bigrams, now_ms});
  while (recent_.size() > rules_.remembered_questions) recent_.pop_front();
  if (why != nullptr) why->clear();
  return Verdict::kAccept;
}

}  // namespace rexian::live

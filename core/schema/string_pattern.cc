// A JSON Schema "pattern", compiled once when its schema loads.
#include "string_pattern.h"

#include <algorithm>
#include <charconv>

namespace rexian::schema {
namespace {

constexpr std::uint32_t kMaxCount = 100000;  // larger {n,m} counts go to std::regex

bool IsSyntax(char c) {
  return std::string_view("^$\\.*+?()[]{}|/").find(c) != std::string_view::npos;
}

// Reads one possibly escaped character of a class or literal at body[*at]
// into *out (or, for \d, into *digits). False outside the linear subset.
bool ReadChar(std::string_view body, std::size_t* at, char* out, bool* digits) {
  *digits = false;
  if (*at >= body.size()) return false;
  char c = body[*at];
  if (c == '\\') {
    if (*at + 1 >= body.size()) return false;
    c = body[*at + 1];
    *at += 2;
    if (c == 'd') {
      *digits = true;
      return true;
    }
    if (!IsSyntax(c) && c != '-') return false;  // \w, \s, \b, \u.... : not linear
    *out = c;
    return true;
  }
  if (static_cast<unsigned char>(c) >= 0x80 || c < 0x20) return false;
  ++*at;
  *out = c;
  return true;
}

// Parses "[...]" at body[*at] (the '[' included) into *chars.
bool ReadClass(std::string_view body, std::size_t* at, std::bitset<128>* chars) {
  ++*at;  // '['
  if (*at < body.size() && body[*at] == '^') return false;  // negation matches non-ASCII
  bool any = false;
  while (*at < body.size() && body[*at] != ']') {
    char lo = 0;
    bool digits = false;
    if (!ReadChar(body, at, &lo, &digits)) return false;
    if (digits) {
      for (char d = '0'; d <= '9'; ++d) chars->set(static_cast<unsigned char>(d));
      any = true;
      continue;
    }
    char hi = lo;
    if (*at + 1 < body.size() && body[*at] == '-' && body[*at + 1] != ']') {
      ++*at;
      bool hi_digits = false;
      if (!ReadChar(body, at, &hi, &hi_digits) || hi_digits || hi < lo) return false;
    }
    for (int c = lo; c <= hi; ++c) chars->set(static_cast<unsigned char>(c));
    any = true;
  }
  if (*at >= body.size() || !any) return false;  // unterminated or "[]"
  ++*at;                                          // ']'
  return true;
}

bool ReadNumber(std::string_view body, std::size_t* at, std::uint32_t* value) {
  const char* first = body.data() + *at;
  const char* last = body.data() + body.size();
  auto [end, error] = std::from_chars(first, last, *value);
  if (error != std::errc() || end == first || *value > kMaxCount) return false;
  *at += static_cast<std::size_t>(end - first);
  return true;
}

// Parses an optional quantifier at body[*at] into min/max.
bool ReadQuantifier(std::string_view body, std::size_t* at, std::uint32_t* min,
                    std::uint32_t* max, std::uint32_t unbounded) {
  *min = *max = 1;
  if (*at >= body.size()) return true;
  switch (body[*at]) {
    case '?': *min = 0; *max = 1; ++*at; break;
    case '*': *min = 0; *max = unbounded; ++*at; break;
    case '+': *min = 1; *max = unbounded; ++*at; break;
    case '{': {
      ++*at;
      if (!ReadNumber(body, at, min)) return false;
      *max = *min;
      if (*at < body.size() && body[*at] == ',') {
        ++*at;
        *max = unbounded;
        if (*at < body.size() && body[*at] != '}' && !ReadNumber(body, at, max)) return false;
      }
      if (*at >= body.size() || body[*at] != '}' || *max < *min) return false;
      ++*at;
      break;
    }
    default: return true;
  }
  // A lazy "?" or a second quantifier: leave it to std::regex.
  return *at >= body.size() || (body[*at] != '?' && body[*at] != '*' && body[*at] != '+' &&
                                body[*at] != '{');
}

}  // namespace

Result<StringPattern> StringPattern::Compile(std::string_view pattern) {
  StringPattern compiled;
  compiled.source_ = std::string(pattern);
  const bool anchored = pattern.size() >= 2 && pattern.front() == '^' && pattern.back() == '$';
  if (anchored && ParseLinear(pattern.substr(1, pattern.size() - 2), &compiled.atoms_)) {
    return compiled;
  }
  compiled.atoms_.clear();
  try {
    compiled.regex_ = std::make_shared<const std::regex>(compiled.source_, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("pattern \"" + compiled.source_ +
                                   "\" is not a valid regular expression: " + e.what());
  }
  return compiled;
}

bool StringPattern::ParseLinear(std::string_view body, std::vector<Atom>* atoms) {
  // An escaped final '$' ("^a\$") was cut in half by the caller: refuse it.
  std::size_t trailing_backslashes = 0;
  while (trailing_backslashes < body.size() &&
         body[body.size() - 1 - trailing_backslashes] == '\\') {
    ++trailing_backslashes;
  }
  if (trailing_backslashes % 2 == 1) return false;

  std::size_t at = 0;
  while (at < body.size()) {
    Atom atom;
    if (body[at] == '[') {
      if (!ReadClass(body, &at, &atom.chars)) return false;
    } else {
      if (body[at] != '\\' && IsSyntax(body[at])) return false;  // . ( | ^ $ ... not linear
      char c = 0;
      bool digits = false;
      if (!ReadChar(body, &at, &c, &digits)) return false;
      if (digits) {
        for (char d = '0'; d <= '9'; ++d) atom.chars.set(static_cast<unsigned char>(d));
      } else {
        atom.chars.set(static_cast<unsigned char>(c));
      }
    }
    if (!ReadQuantifier(body, &at, &atom.min, &atom.max, kUnbounded)) return false;
    atoms->push_back(atom);
  }
  return true;
}

bool StringPattern::Matches(std::string_view text) const {
  if (regex_ == nullptr) return MatchesLinear(text);
  return std::regex_search(text.begin(), text.end(), *regex_);
}

// Which end positions each atom can reach, from the set the previous atom
// reached: an atom starting at p ends anywhere in [p + min, p + min(max, run)]
// where run counts the class's characters from p. Marking those intervals
// with a difference array keeps each atom O(text length): no backtracking.
bool StringPattern::MatchesLinear(std::string_view text) const {
  const std::size_t n = text.size();
  thread_local std::vector<std::uint8_t> reach;
  thread_local std::vector<std::uint32_t> run;
  thread_local std::vector<std::int32_t> delta;
  reach.assign(n + 1, 0);
  run.resize(n + 1);
  delta.resize(n + 2);
  reach[0] = 1;
  std::size_t first = 0;  // reachable positions lie in [first, last]
  std::size_t last = 0;
  for (const Atom& atom : atoms_) {
    run[n] = 0;
    for (std::size_t p = n; p-- > first;) {
      const auto c = static_cast<unsigned char>(text[p]);
      run[p] = (c < 128 && atom.chars.test(c)) ? run[p + 1] + 1 : 0;
    }
    std::fill(delta.begin() + static_cast<std::ptrdiff_t>(first), delta.end(), 0);
    std::size_t new_first = n + 1;
    std::size_t new_last = 0;
    for (std::size_t p = first; p <= last; ++p) {
      if (reach[p] == 0 || run[p] < atom.min) continue;
      const std::size_t lo = p + atom.min;
      const std::size_t hi = p + std::min<std::size_t>(atom.max, run[p]);
      ++delta[lo];
      --delta[hi + 1];
      new_first = std::min(new_first, lo);
      new_last = std::max(new_last, hi);
    }
    if (new_first > new_last) return false;
    std::fill(reach.begin() + static_cast<std::ptrdiff_t>(first), reach.end(), 0);
    std::int32_t open = 0;
    for (std::size_t p = new_first; p <= new_last; ++p) {
      open += delta[p];
      reach[p] = open > 0 ? 1 : 0;
    }
    first = new_first;
    last = new_last;
  }
  return last == n && reach[n] != 0;
}

}  // namespace rexian::schema

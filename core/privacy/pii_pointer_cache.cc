// A per-thread cache of parsed PII pointer lists, looked up by the lists' texts.
#include "privacy/pii_pointer_cache.h"

#include <deque>

namespace rexian::privacy {
namespace {

struct ParsedList {
  std::vector<std::string> texts;
  std::vector<PiiPointer> pointers;
};

}  // namespace

Result<const std::vector<PiiPointer>*> CachedPiiPointers(const std::vector<std::string>& texts) {
  // A deque: adding a list keeps the ones handed out where they are. Few lists (one per event type
  // with personal fields), so a linear search that mostly stops at the size or the first text.
  thread_local std::deque<ParsedList> cache;
  for (const ParsedList& list : cache) {
    if (list.texts == texts) return &list.pointers;
  }
  ParsedList list;
  list.pointers.reserve(texts.size());
  for (const std::string& text : texts) {
    Result<PiiPointer> pointer = PiiPointer::Parse(text);
    if (!pointer.ok()) return pointer.status();
    list.pointers.push_back(std::move(*pointer));
  }
  list.texts = texts;
  if (cache.size() >= kMaxCachedPointerLists) cache.clear();
  cache.push_back(std::move(list));
  return &cache.back().pointers;
}

}  // namespace rexian::privacy

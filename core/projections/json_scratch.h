// JsonScratch: parses event JSON into memory reused from one event to the next.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <deque>
#include <memory>
#include <string_view>

namespace rexian {

// Parses JSON objects into one monotonic arena that Reset hands back whole,
// so folding a batch of events allocates (almost) nothing per event: the
// arena's first block is kept from one Reset to the next. Not thread-safe;
// one per folding thread.
class JsonScratch {
 public:
  JsonScratch();
  JsonScratch(const JsonScratch&) = delete;
  JsonScratch& operator=(const JsonScratch&) = delete;

  // The object `text` holds, valid until the next Reset; null when `text`
  // is not JSON or not an object.
  const boost::json::object* ParseObject(std::string_view text);

  // Forgets every object parsed so far.
  void Reset();

 private:
  static constexpr std::size_t kBlockSize = 64 * 1024;
  std::unique_ptr<unsigned char[]> block_;
  boost::json::monotonic_resource arena_;
  std::deque<boost::json::value> values_;  // the parsed objects, at stable addresses
};

}  // namespace rexian

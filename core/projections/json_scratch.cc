// JsonScratch: Boost.JSON parsing into a reusable arena.
#include "projections/json_scratch.h"

#include <boost/json/parse.hpp>

namespace rexian {

JsonScratch::JsonScratch()
    : block_(new unsigned char[kBlockSize]), arena_(block_.get(), kBlockSize) {}

const boost::json::object* JsonScratch::ParseObject(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec, boost::json::storage_ptr(&arena_));
  if (ec || !value.is_object()) return nullptr;
  values_.push_back(std::move(value));
  return &values_.back().as_object();
}

void JsonScratch::Reset() {
  values_.clear();  // the arena's memory is freed below, all at once
  arena_.release();
}

}  // namespace rexian

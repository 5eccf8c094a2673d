// A fast yes/no check of an instance against a schema, ahead of valijson.
//
// valijson's visitor allocates per property (context vectors, std::sets of
// names, std::string copies) and was ~11 % of the simulator's CPU. FastCheck
// compiles the same draft-07 subset once into a tree of plain nodes and checks
// an instance without allocating, reproducing valijson 1.0's verdict with
// kStrongTypes over BoostJsonAdapter exactly (integer = an int64 value, a
// uint64 value is no number at all, strings end at their first NUL, lengths
// count UTF-8 code points). It only says yes or no: CompiledSchema runs
// valijson whenever FastCheck says no, so a false "no" costs time and a
// false "yes" would be a bug.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <vector>

#include "rexian/status.h"

namespace rexian::schema {

class FastCheck {
 public:
  // Compiles `prepared`, a schema document after PrepareForValijson (so its
  // "format" and "pattern" are kFormatKeyword and kPatternKeyword), which
  // must be one valijson accepts. Unsupported naming the keyword and where
  // it is when the document uses anything outside the subset implemented
  // here (listed in fast_check.cc): the caller then uses valijson alone.
  // Annotations valijson ignores ("title", "description", "x-pii", other
  // "x-" keys, "definitions" not referenced, ...) are ignored here too.
  static Result<std::unique_ptr<FastCheck>> Compile(const boost::json::value& prepared);

  FastCheck(const FastCheck&) = delete;
  FastCheck& operator=(const FastCheck&) = delete;
  ~FastCheck();

  // True exactly when valijson (kStrongTypes) accepts `instance`.
  // Thread-safe. Allocates nothing once StringPattern's per-thread buffers
  // have grown to the longest string seen, except inside the std::regex
  // search of a pattern outside StringPattern's linear subset (plugin-exec's
  // "patternProperties" "^.{1,256}$").
  bool Accepts(const boost::json::value& instance) const;

  // How many schema nodes were compiled (for tests).
  std::size_t node_count() const;

 private:
  struct Node;
  class Compiler;

  FastCheck();
  bool AcceptsAt(std::size_t node, const boost::json::value& instance) const;
  bool AcceptsObject(const Node& node, const boost::json::object& object) const;

  std::vector<Node> nodes_;  // nodes_[0] is the root
};

}  // namespace rexian::schema

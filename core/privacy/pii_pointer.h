// PII pointers: JSON Pointers (RFC 6901) in which "*" stands for every item of an array.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"

namespace rexian::privacy {

// A parsed PII pointer, e.g. "/attachments/*/name".
class PiiPointer {
 public:
  // InvalidArgument for "" (the whole document), a pointer not starting with "/", or a bad "~"
  // escape; the message quotes the pointer.
  static Result<PiiPointer> Parse(std::string_view text);

  // One place the pointer reaches in a payload.
  struct Match {
    std::string concrete;  // the pointer with "*" replaced by indices, e.g. "/attachments/0/name"
    boost::json::value* target;  // the value there, owned by the payload
  };

  // Appends every value of `payload` the pointer reaches. A "*" token expands over an array's items
  // (on an object it names the member "*"); a member or index that does not exist, or a path that
  // crosses a scalar, reaches nothing.
  void Expand(boost::json::value& payload, std::vector<Match>& out) const;

 private:
  explicit PiiPointer(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}
  void ExpandFrom(boost::json::value& at, std::size_t depth, std::string& concrete,
                  std::vector<Match>& out) const;

  std::vector<std::string> tokens_;  // unescaped reference tokens; "*" is the wildcard
};

// Appends `token` to `pointer` as one reference token, escaping "~" as "~0" and "/" as "~1".
void AppendPointerToken(std::string& pointer, std::string_view token);

}  // namespace rexian::privacy

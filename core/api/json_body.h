// JsonBody: typed access to a request's JSON object, naming the field on every error.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian::api {

// Reads members of a JSON request body. The first problem is remembered as
// an InvalidArgument whose message starts with the field's JSON pointer
// ("/citizen/id: expected a non-empty string"); later reads still return
// defaults, so a handler reads everything and checks status() once.
class JsonBody {
 public:
  // Parses `text` (an empty body reads as {}); a parse error or a non-object
  // becomes the status.
  explicit JsonBody(std::string_view text);
  JsonBody(const boost::json::object& object, std::string prefix);

  std::string Str(const char* key);                   // required, non-empty
  std::optional<std::string> OptStr(const char* key); // absent or null -> nullopt
  bool Bool(const char* key);
  std::optional<double> OptNumber(const char* key);
  std::optional<ticket::Time> OptTime(const char* key);
  ticket::Time TimeOf(const char* key);
  std::vector<std::string> StrList(const char* key);  // absent -> empty
  // A nested object; nullopt when absent.
  std::optional<JsonBody> Object(const char* key);
  bool Has(const char* key) const;
  // Fails when the body holds a member not in `known`.
  void OnlyKeys(std::initializer_list<const char*> known);

  // The first problem of this body or of nested bodies adopted with Adopt.
  const Status& status() const { return status_; }
  void Adopt(const JsonBody& nested);
  // Records a problem with `key` unless one is already recorded.
  void Fail(const char* key, const std::string& expected);
  const boost::json::object& object() const { return object_; }

 private:
  boost::json::object object_;
  std::string prefix_;
  Status status_;
};

}  // namespace rexian::api

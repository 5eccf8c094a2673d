// SchemaRegistry: the JSON Schemas every event, its metadata and every contact
// are validated against, loaded once from `schemas/`.
//
// Layout and rules: docs/schemas.md. Validation is JSON Schema draft-07 (via
// valijson, which never appears in this header); personal fields are the
// locations a schema marks "x-pii": true.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// One rule an instance broke: where (a JSON Pointer, "" for the whole value)
// and what, e.g. {"/citizen/id", "required property is missing"}. Personal
// values are never quoted in `rule`.
struct SchemaViolation {
  std::string pointer;
  std::string rule;
};

namespace schema {
class CompiledSchema;
}  // namespace schema

// Immutable after Load; every const method is thread-safe and may be called
// concurrently from any number of threads without external locking.
class SchemaRegistry {
 public:
  // Loads every schema under `schemas_dir`: events/<type>/v<N>.json,
  // metadata.schema.json and contact.schema.json. Each is parsed and compiled
  // once, here.
  //  - NotFound when `schemas_dir`, its events/ folder, metadata.schema.json
  //    or contact.schema.json does not exist.
  //  - InvalidArgument naming the file when a schema is malformed (invalid
  //    JSON with line:column, not draft-07, unsupported "format", bad
  //    "x-pii", unresolvable "$ref", ...), when a folder under events/ is not
  //    a valid event type name (lower-case dotted, e.g. "ticket.opened"),
  //    when a .json file there is not named v<N>.json, or when a type's
  //    versions do not run from v1 without gaps. Other files are ignored.
  static Result<std::unique_ptr<SchemaRegistry>> Load(const std::string& schemas_dir);

  SchemaRegistry(const SchemaRegistry&) = delete;
  SchemaRegistry& operator=(const SchemaRegistry&) = delete;
  ~SchemaRegistry();

  // True when a schema for `type` at `version` was loaded.
  bool HasEventType(std::string_view type, std::uint32_t version) const;

  // The highest version of `type`, or 0 if the type is unknown.
  std::uint32_t LatestVersion(std::string_view type) const;

  // Every (type, version) loaded, sorted by type, then version.
  std::vector<std::pair<std::string, std::uint32_t>> EventTypes() const;

  // Validates an event payload against its schema.
  //  - OK when it conforms.
  //  - NotFound("unknown event type 'x' version N").
  //  - InvalidArgument "<type> v<N>: <pointer>: <rule>[; ...]", e.g.
  //    "ticket.opened v1: /urgency: value \"asap\" is not one of [\"normal\", \"urgent\"]".
  //    Values of personal fields are never quoted in messages.
  Status ValidateEvent(std::string_view type, std::uint32_t version,
                       const boost::json::value& payload) const;

  // Validates event metadata against metadata.schema.json; messages start
  // with "metadata: ".
  Status ValidateMetadata(const boost::json::value& metadata) const;

  // Validates a channel's contact against contact.schema.json; messages start
  // with "contact: ".
  // With `violations`, every rule broken is also listed there.
  Status ValidateContact(const boost::json::value& contact,
                         std::vector<SchemaViolation>* violations = nullptr) const;

  // JSON pointers of the fields marked "x-pii": true, sorted, with "*"
  // standing for every array item, e.g. {"/attachments/*/name",
  // "/citizen/phone", "/text"}. A marked object covers everything inside it.
  // Empty if none or the type/version is unknown. The reference stays valid
  // for the registry's lifetime.
  const std::vector<std::string>& PersonalFields(std::string_view type,
                                                 std::uint32_t version) const;

  // Same for contact.schema.json.
  const std::vector<std::string>& ContactPersonalFields() const;

 private:
  SchemaRegistry();

  const schema::CompiledSchema* FindEvent(std::string_view type, std::uint32_t version) const;

  // Index i holds version i + 1 (versions are contiguous from 1).
  std::map<std::string, std::vector<std::unique_ptr<schema::CompiledSchema>>, std::less<>> events_;
  std::unique_ptr<schema::CompiledSchema> metadata_;
  std::unique_ptr<schema::CompiledSchema> contact_;
};

}  // namespace rexian

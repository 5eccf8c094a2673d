// Checks that the contacts the web plugin builds conform to
// schemas/contact.schema.json, with rexian's own validator.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <memory>

#include "rexian/schema_registry.h"

namespace rexian::web::testing {

inline const SchemaRegistry& Schemas() {
  static std::unique_ptr<SchemaRegistry> registry = [] {
    auto loaded = SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas");
    REQUIRE(loaded.ok());
    return std::move(*loaded);
  }();
  return *registry;
}

// Parses `contact_json`, REQUIREs it to be a valid contact, returns it.
inline boost::json::object ValidContact(const std::string& contact_json) {
  boost::json::value v = boost::json::parse(contact_json);
  Status s = Schemas().ValidateContact(v);
  INFO(contact_json);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return v.as_object();
}

}  // namespace rexian::web::testing

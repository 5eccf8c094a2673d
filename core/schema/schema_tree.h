// Walking a JSON Schema document as a tree of subschemas (draft-07 keywords).
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::schema {

// The node a local "$ref" chain starting at `node` ends at ("#/definitions/x"
// is resolved against `root`), or `node` itself when it has no "$ref".
// nullptr when a reference is not local, points nowhere, or loops.
const boost::json::object* ResolveLocalRef(const boost::json::value& root,
                                           const boost::json::object& node);

// The subschema that governs the instance location `tokens` (following
// "properties", "additionalProperties", "items" and local "$ref"), or nullptr
// when no single subschema does (composition keywords, boolean schemas, a
// location the schema does not describe).
const boost::json::object* SubschemaAt(const boost::json::value& root,
                                       const std::vector<std::string>& tokens);

// Calls `visit` with every direct subschema of `node` that is an object:
// the values of "properties", "patternProperties", "definitions" and schema
// "dependencies"; "additionalProperties", "items" (one or each),
// "additionalItems", "contains", "propertyNames", "not", "if", "then",
// "else"; each of "allOf", "anyOf", "oneOf". Stops at, and returns, the first
// non-OK status `visit` returns.
Status ForEachSubschema(boost::json::object& node,
                        const std::function<Status(boost::json::object&)>& visit);

}  // namespace rexian::schema

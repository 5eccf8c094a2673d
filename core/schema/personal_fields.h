// Finding the personal fields a schema marks with "x-pii": true.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::schema {

// JSON pointers of the instance locations `schema` marks "x-pii": true,
// sorted and without duplicates. A marked object or array covers everything
// inside it, so nothing below it is listed. "*" stands for every array item,
// e.g. "/attachments/*/name". Follows "properties", "items" (one or a
// tuple), "additionalItems", "allOf"/"anyOf"/"oneOf", "then"/"else" and local
// "$ref"s. InvalidArgument when an "x-pii" is not a boolean, marks the whole
// document, or sits below "additionalProperties"/"patternProperties" (object
// members are addressed by name only: mark the whole object instead), or when
// a "$ref" cannot be resolved.
Result<std::vector<std::string>> CollectPersonalFields(const boost::json::value& schema);

// True when the instance location `tokens` is, or lies inside, one of the
// `personal_fields` pointers ("*" matches any token).
bool IsPersonalLocation(const std::vector<std::string>& personal_fields,
                        const std::vector<std::string>& tokens);

}  // namespace rexian::schema

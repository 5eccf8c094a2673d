// Adapting a schema document for valijson before it is parsed.
#pragma once

#include <boost/json/value.hpp>

#include "rexian/status.h"

namespace rexian::schema {

// Prepares the schema `document` for valijson, in place:
//  - every "format" keyword is checked to be one rexian supports
//    (date-time, date, email) and renamed to kFormatKeyword, so our exact,
//    regex-free check runs instead of valijson's;
//  - every "pattern" is checked to compile as a std::regex (ECMAScript):
//    valijson would only find out while validating, by throwing.
// InvalidArgument naming the format or pattern otherwise.
Status PrepareForValijson(boost::json::value& document);

}  // namespace rexian::schema

// Reading a JSON file strictly, with syntax errors located as file:line:column.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "rexian/status.h"

namespace rexian::schema {

// Parses the whole file at `path` as one JSON text (no comments, no trailing
// commas). NotFound when the file cannot be opened; InvalidArgument
// "<path>:<line>:<column>: <what>" when it is not valid JSON.
Result<boost::json::value> ReadJsonFile(const std::string& path);

}  // namespace rexian::schema

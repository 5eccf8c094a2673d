// Answers of the JSON form endpoint: RFC 9457 problem+json, as rexian's own
// API answers errors.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "web/exchange.h"

namespace rexian::web {

// {"type": "https://rexian.dev/problems/<type>", "title", "status",
// "detail", ...extra}, content type application/problem+json.
HttpAnswer ProblemAnswer(int status, std::string_view type, std::string_view title,
                         std::string_view detail, const boost::json::object& extra = {});

// A JSON body with content type application/json.
HttpAnswer JsonAnswer(int status, const boost::json::object& body);

}  // namespace rexian::web

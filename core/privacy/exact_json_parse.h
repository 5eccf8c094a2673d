// ParseJsonExactly: JSON text to a Boost.JSON value with every double exactly as written.
//
// Boost.JSON 1.81's parser is fast but not correctly rounded: about one double in eight that it
// serialises (even plain coordinates such as 117.18470000000001) parses back one ulp off. A sealed
// field must open to exactly the value that was sealed, so doubles are re-read with
// std::from_chars (correctly rounded) from the number's text.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "rexian/status.h"

namespace rexian::privacy {

// The value `text` holds (standard JSON only, nesting up to 64 levels), or Corruption saying why
// not.
Result<boost::json::value> ParseJsonExactly(std::string_view text);

}  // namespace rexian::privacy

// Reading the scalars of a plugin's `config:` block: YAML scalars carry no
// type, so a number may arrive as "20" and a string as 20.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>

namespace rexian::plugin_kit {

// A scalar as text: a string as it is, a bool as "true"/"false", a number
// printed ("20", "0.5"). nullopt for null, arrays and objects.
std::optional<std::string> ScalarText(const boost::json::value& value);

// A finite number, given as a JSON number or as a string that is one
// entirely ("2.5"). nullopt otherwise (bools included).
std::optional<double> NumberOf(const boost::json::value& value);

// A bound as people write it: 1048576 rather than 1.04858e+06, 0.01 as is.
std::string NumberText(double number);

}  // namespace rexian::plugin_kit

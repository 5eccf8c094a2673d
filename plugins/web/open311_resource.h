// The last path segment of an Open311 URL: a resource name and its format.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "web/open311_document.h"

namespace rexian::web {

struct Resource {
  std::string name;  // "services", "0101", "320302-2025-0000042"
  std::optional<Format> format;  // nullopt: no extension, or one other than json/xml
};

// Splits "services.json" at its last '.': {"services", kJson}; ".xml" gives
// kXml; "services" or "services.csv" give no format (answered 400, in XML,
// the spec's required format).
Resource ParseResource(std::string_view segment);

}  // namespace rexian::web

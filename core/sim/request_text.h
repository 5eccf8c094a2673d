// RequestText: a citizen's words for a planned request, from the scenario's templates.
#pragma once

#include <string>

#include "sim/scenario.h"

namespace rexian::sim {

// What a citizen says, and where.
struct RequestWords {
  std::string text;
  std::string address;
};

// Fills one template of `subcategory` with places of `platform_code` (the
// city's when the platform has none), chosen by `seed`. Deterministic.
RequestWords ComposeRequest(const ScenarioTexts& texts, const std::string& subcategory,
                            const std::string& platform_code, const std::string& district_name,
                            std::uint32_t seed);

}  // namespace rexian::sim

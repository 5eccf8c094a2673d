// Scenario: the three loads web_intake compares in one invocation.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rexian::web_bench {

enum class Scenario : std::uint8_t {
  kWebForm,   // POST /web/requests: the web plugin's JSON form (the target)
  kContacts,  // POST /v1/contacts: the same contacts through the core intake, no plugin
  kHealthz,   // GET /healthz: the HTTP server alone, the ceiling of the other two
};

// "web", "contacts", "healthz": the names --scenarios takes.
std::string_view ScenarioName(Scenario scenario);

// "POST /web/requests", ...
std::string_view ScenarioRoute(Scenario scenario);

// The scenario named `name`; nullopt for an unknown name.
std::optional<Scenario> ScenarioNamed(std::string_view name);

}  // namespace rexian::web_bench

// Names and routes of the scenarios.
#include "scenario.h"

namespace rexian::web_bench {

std::string_view ScenarioName(Scenario scenario) {
  switch (scenario) {
    case Scenario::kWebForm: return "web";
    case Scenario::kContacts: return "contacts";
    case Scenario::kHealthz: return "healthz";
  }
  return "?";
}

std::string_view ScenarioRoute(Scenario scenario) {
  switch (scenario) {
    case Scenario::kWebForm: return "POST /web/requests";
    case Scenario::kContacts: return "POST /v1/contacts";
    case Scenario::kHealthz: return "GET /healthz";
  }
  return "?";
}

std::optional<Scenario> ScenarioNamed(std::string_view name) {
  for (Scenario s : {Scenario::kWebForm, Scenario::kContacts, Scenario::kHealthz}) {
    if (ScenarioName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace rexian::web_bench

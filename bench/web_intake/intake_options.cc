// The web_intake flag table.
#include "intake_options.h"

#include <filesystem>

#include "common/workspace.h"

namespace rexian::web_bench {
namespace {

constexpr const char* kAbout =
    "Starts `rexian serve` with the web channel plugin on a fresh store for each\n"
    "scenario and drives it over keep-alive HTTP on 127.0.0.1; every intake request\n"
    "is a new work order from a new citizen. Scenarios: web (POST /web/requests),\n"
    "contacts (POST /v1/contacts, the core intake without the plugin), healthz\n"
    "(GET /healthz, the HTTP ceiling). Only 201 new-ticket answers count.\n";

std::vector<bench::Flag> IntakeFlags(IntakeOptions* o) {
  std::vector<bench::Flag> flags;
  bench::AddHttpBenchFlags(&o->http, &flags);
  flags.push_back(bench::SecondsFlag("--duration",
                                     "seconds of load per scenario and run (default 20;\n0: "
                                     "until --requests)",
                                     0, 3600, &o->duration_seconds));
  flags.push_back(bench::CountFlag("--requests", "N",
                                   "at most N requests per scenario and run (default:\nno limit)",
                                   std::uint64_t{0}, std::uint64_t{100'000'000}, &o->requests));
  flags.push_back(bench::Flag{
      "--scenarios", "LIST", "comma-separated, run in this order within a run\n(default web,contacts,healthz)",
      [o](std::string_view value) {
        o->scenarios.clear();
        while (!value.empty()) {
          const std::size_t comma = value.find(',');
          const std::string_view name = value.substr(0, comma);
          auto s = ScenarioNamed(name);
          if (!s) {
            return Status::InvalidArgument("--scenarios: unknown scenario '" + std::string(name) +
                                           "' (web, contacts, healthz)");
          }
          o->scenarios.push_back(*s);
          value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        }
        return o->scenarios.empty() ? Status::InvalidArgument("--scenarios: empty list")
                                    : Status::OK();
      }});
  flags.push_back(bench::TextFlag("--texts", "PATH",
                                  "JSON lines with subject and text (default\n" +
                                      DefaultTextsPath() + ")",
                                  &o->texts));
  flags.push_back(bench::TextFlag("--note", "TEXT",
                                  "a sentence for the summary, e.g. which commit or\nworking-tree "
                                  "state was measured",
                                  &o->note));
  return flags;
}

}  // namespace

std::string DefaultTextsPath() {
  const std::filesystem::path beside_repository =
      std::filesystem::path(bench::SourceDirectory()) / ".." / "shared" / "data";
  return (beside_repository / "citizen-messages" / "messages.jsonl").lexically_normal().string();
}

std::string Usage() {
  IntakeOptions ignored;
  return bench::FlagUsage("web_intake", kAbout, IntakeFlags(&ignored));
}

Result<IntakeOptions> ParseIntakeOptions(int argc, char** argv) {
  IntakeOptions o;
  if (Status s = bench::ParseFlags(argc, argv, IntakeFlags(&o)); !s.ok()) return s;
  if (o.duration_seconds == 0 && o.requests == 0) {
    return Status::InvalidArgument("--duration 0 needs --requests N");
  }
  if (o.texts.empty()) o.texts = DefaultTextsPath();
  return o;
}

}  // namespace rexian::web_bench

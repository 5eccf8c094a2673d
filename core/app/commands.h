// The rexian subcommands. Each takes the arguments after its name and
// returns the process exit code: 0 success, 1 the operation failed (e.g.
// verify found corruption), 2 bad usage or configuration.
#pragma once

#include <string>
#include <vector>

namespace rexian::cli {

using Args = std::vector<std::string>;

int RunServe(const Args& args);
int RunTail(const Args& args);
int RunVerify(const Args& args);
int RunBackup(const Args& args);
int RunExport(const Args& args);
int RunImport(const Args& args);
int RunForget(const Args& args);
int RunRebuild(const Args& args);
int RunToken(const Args& args);
// `report --year YYYY`: the annual report (docs/statistics.md).
int RunReport(const Args& args);
// `simulate`: a scenario's requests through the intake (docs/simulator.md).
int RunSimulate(const Args& args);
// `plugin check`: runs one plugin through the standard scenario, prints a
// PASS/WARN/FAIL line per step; 0 only when no step failed.
int RunPlugin(const Args& args);

// Prints "rexian <command>: <message>" to stderr and returns `code`.
int Fail(const std::string& command, const std::string& message, int code);

inline constexpr const char* kDefaultConfig = "config/rexian.yaml";

}  // namespace rexian::cli

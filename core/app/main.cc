// rexian: the one binary; dispatches to a subcommand.
#include <cstdio>
#include <cstring>
#include <string>

#include "app/commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const rexian::cli::Args&);
  const char* summary;
};

const Command kCommands[] = {
    {"serve", rexian::cli::RunServe, "run the server: --config FILE"},
    {"tail", rexian::cli::RunTail,
     "print the log as JSON lines: [--from POS] [--follow] [--plaintext]"},
    {"verify", rexian::cli::RunVerify, "check the hash chain and the indexes"},
    {"backup", rexian::cli::RunBackup, "hot, consistent copy of log and keys: --to DIR"},
    {"export", rexian::cli::RunExport, "write the log as JSON lines: [--from POS] [--output FILE]"},
    {"import", rexian::cli::RunImport, "append exported JSON lines: [--input FILE]"},
    {"forget", rexian::cli::RunForget, "destroy a citizen's personal-data keys: CITIZEN"},
    {"simulate", rexian::cli::RunSimulate, "replay a scenario's years of requests: [--scale S]"},
    {"report", rexian::cli::RunReport, "the annual report: --year YYYY [--format md|json|html]"},
    {"rebuild", rexian::cli::RunRebuild, "drop the views and replay the log (server stopped)"},
    {"token", rexian::cli::RunToken, "new: print a fresh API token and the hash for config"},
    {"plugin", rexian::cli::RunPlugin,
     "check a channel plugin: check <plugin.so> | check -- <exec command...>"},
};

void Usage() {
  std::fprintf(stderr, "usage: rexian <command> [options]   (every command takes --config FILE,"
                       " default %s)\n\ncommands:\n", rexian::cli::kDefaultConfig);
  for (const Command& c : kCommands) std::fprintf(stderr, "  %-8s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0) {
    Usage();
    return argc < 2 ? 2 : 0;
  }
  rexian::cli::Args args(argv + 2, argv + argc);
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name) == 0) return c.run(args);
  }
  std::fprintf(stderr, "rexian: unknown command '%s'\n\n", argv[1]);
  Usage();
  return 2;
}

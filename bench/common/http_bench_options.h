// HttpBenchOptions: the options every HTTP benchmark against a `rexian serve` child shares, and their flags.
#pragma once

#include <string>
#include <vector>

#include "common/flags.h"
#include "common/load_generator.h"

namespace rexian::bench {

// Server and load shape. Defaults are the issues' target shape.
struct HttpBenchOptions {
  unsigned connections = 64;         // concurrent keep-alive connections
  std::string rexian;                // the server binary; empty: <build dir>/rexian
  std::string durability = "fsync";  // store.durability of the server
  unsigned io_threads = 2;           // server.io_threads of the server
  unsigned runs = 3;                 // runs, each on a fresh server and store
  Generator generator = Generator::kEpoll;
  bool keep = false;                 // keep the data directories after the runs
};

// Appends the flags of the fields above (--connections, --rexian,
// --durability, --io-threads, --runs, --generator, --keep) to `flags`.
// REQUIRES: `options` outlives the flags.
void AddHttpBenchFlags(HttpBenchOptions* options, std::vector<Flag>* flags);

}  // namespace rexian::bench

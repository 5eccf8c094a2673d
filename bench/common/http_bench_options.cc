// The shared flags' table entries.
#include "common/http_bench_options.h"

namespace rexian::bench {

void AddHttpBenchFlags(HttpBenchOptions* o, std::vector<Flag>* flags) {
  flags->push_back(CountFlag("--connections", "C", "concurrent keep-alive connections (default 64)",
                             1u, 10'000u, &o->connections));
  flags->push_back(TextFlag("--rexian", "PATH",
                            "the rexian binary (default: the one of this build)", &o->rexian));
  flags->push_back(ChoiceFlag("--durability", "store durability of the server (default fsync)",
                              {"fsync", "relaxed"}, &o->durability));
  flags->push_back(CountFlag("--io-threads", "T", "server.io_threads (default 2, as shipped)", 1u,
                             64u, &o->io_threads));
  flags->push_back(CountFlag("--runs", "R",
                             "runs, each on a fresh server; the median is reported\n(default 3)",
                             1u, 100u, &o->runs));
  flags->push_back(Flag{"--generator", "epoll|threads",
                        "one epoll thread (default) or a thread per\nconnection with the blocking "
                        "test client",
                        [o](std::string_view value) {
                          if (value == "epoll") {
                            o->generator = Generator::kEpoll;
                          } else if (value == "threads") {
                            o->generator = Generator::kThreads;
                          } else {
                            return Status::InvalidArgument(
                                "--generator: expected epoll or threads, got '" +
                                std::string(value) + "'");
                          }
                          return Status::OK();
                        }});
  flags->push_back(SwitchFlag("--keep", "keep the data directories (printed) after the runs",
                              &o->keep));
}

}  // namespace rexian::bench

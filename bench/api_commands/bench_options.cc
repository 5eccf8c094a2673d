// Parsing of the api_commands command line.
#include "bench_options.h"

#include <charconv>
#include <string_view>

namespace rexian::api_bench {
namespace {

Status ParseCount(std::string_view flag, std::string_view text, std::uint64_t min,
                  std::uint64_t max, std::uint64_t* out) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return Status::InvalidArgument(std::string(flag) + ": expected an integer from " +
                                   std::to_string(min) + " to " + std::to_string(max) +
                                   ", got '" + std::string(text) + "'");
  }
  *out = v;
  return Status::OK();
}

}  // namespace

std::string Usage() {
  return
      "usage: api_commands [flags]\n"
      "Starts `rexian serve` on a fresh store and drives work-order command cycles\n"
      "(open, dispatch, acknowledge, resolve, follow-up) over keep-alive HTTP.\n"
      "  --connections C          concurrent keep-alive connections (default 64)\n"
      "  --cycles N               cycles per run, 5 commands each (default 50000)\n"
      "  --citizens K             distinct citizen ids reused by the cycles (default 1000)\n"
      "  --rexian PATH            the rexian binary (default: the one of this build)\n"
      "  --durability fsync|relaxed   store durability of the server (default fsync)\n"
      "  --io-threads T           server.io_threads (default 2, as shipped)\n"
      "  --runs R                 runs, each on a fresh server; the median is reported\n"
      "                           (default 3)\n"
      "  --generator epoll|threads    one epoll thread (default) or a thread per\n"
      "                           connection with the blocking test client\n"
      "  --keep                   keep the data directories (printed) after the runs\n";
}

Result<BenchOptions> ParseBenchOptions(int argc, char** argv) {
  BenchOptions o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return Status::NotFound("help");
    if (flag == "--keep") {
      o.keep = true;
      continue;
    }
    if (!flag.starts_with("--") || Usage().find(std::string(flag) + " ") == std::string::npos) {
      return Status::InvalidArgument("unknown flag '" + std::string(flag) + "'");
    }
    if (i + 1 >= argc) return Status::InvalidArgument(std::string(flag) + ": missing value");
    std::string_view value = argv[++i];
    std::uint64_t n = 0;
    Status s;
    if (flag == "--connections") {
      if ((s = ParseCount(flag, value, 1, 10'000, &n)).ok()) o.connections = static_cast<unsigned>(n);
    } else if (flag == "--cycles") {
      // Five latencies of 8 bytes are kept per cycle.
      s = ParseCount(flag, value, 1, 100'000'000, &o.cycles);
    } else if (flag == "--citizens") {
      if ((s = ParseCount(flag, value, 1, 100'000'000, &n)).ok()) o.citizens = static_cast<unsigned>(n);
    } else if (flag == "--io-threads") {
      if ((s = ParseCount(flag, value, 1, 64, &n)).ok()) o.io_threads = static_cast<unsigned>(n);
    } else if (flag == "--runs") {
      if ((s = ParseCount(flag, value, 1, 100, &n)).ok()) o.runs = static_cast<unsigned>(n);
    } else if (flag == "--rexian") {
      o.rexian = std::string(value);
    } else if (flag == "--durability") {
      if (value == "fsync" || value == "relaxed") {
        o.durability = std::string(value);
      } else {
        s = Status::InvalidArgument("--durability: expected fsync or relaxed, got '" +
                                    std::string(value) + "'");
      }
    } else if (flag == "--generator") {
      if (value == "epoll") {
        o.generator = Generator::kEpoll;
      } else if (value == "threads") {
        o.generator = Generator::kThreads;
      } else {
        s = Status::InvalidArgument("--generator: expected epoll or threads, got '" +
                                    std::string(value) + "'");
      }
    } else {
      s = Status::InvalidArgument("unknown flag '" + std::string(flag) + "'");
    }
    if (!s.ok()) return s;
  }
  return o;
}

}  // namespace rexian::api_bench

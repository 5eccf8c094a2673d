// seal_fields_bench: CPU per event of SealFields + OpenFields on a typical ticket.opened payload,
// the current code against the baseline (the code before per-thread cipher contexts) in one run.
// Results: bench/seal_fields/results/.
#include <time.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "baseline_seal_fields.h"
#include "common/flags.h"
#include "rexian/privacy.h"
#include "rexian/schema_registry.h"

namespace rexian::bench {
namespace {

namespace json = boost::json;

struct Options {
  unsigned events = 2000;
  unsigned runs = 7;
  unsigned text_chars = 200;
  std::string only;  // "baseline" or "current" to run one code (for a profiler); empty: both
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double WallSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A ticket.opened payload as the web and phone channels make them: four personal fields present
// (citizen.channel_id, citizen.phone, ~text_chars Chinese characters of text, location.address).
json::value TicketOpened(unsigned text_chars, unsigned n) {
  static const char* const kSentence =
      "小区门口的路灯坏了三天，晚上很黑，老人出门不安全，希望尽快修理。";
  std::string text;
  while (text.size() < text_chars * 3) text += kSentence;  // 3 bytes per character
  text.resize(text_chars * 3);
  json::object p;
  p["number"] = "XZ2026-" + std::to_string(100000 + n);
  p["platform"] = "xuzhou";
  p["level"] = "city";
  p["channel"] = "web";
  p["contact"] = {{"channel_message_id", "web-" + std::to_string(n)},
                  {"received_at", "2026-11-28T04:35:00Z"}};
  p["citizen"] = {{"channel_id", "web-citizen-" + std::to_string(n % 5000)},
                  {"phone", "138" + std::to_string(10000000 + n)}};
  p["text"] = text;
  p["location"] = {{"address", "江苏省徐州市鼓楼区中山北路" + std::to_string(n % 300) + "号"},
                   {"district_code", "gulou"}};
  p["urgency"] = "normal";
  p["classification"] = {{"type", "help"}, {"domain", "urban_construction"}};
  return p;
}

struct Phase {
  std::vector<double> cpu_us;   // per event, one entry per run
  std::vector<double> wall_us;  // per event, one entry per run
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

using SealFn = Status (*)(json::value&, const std::vector<std::string>&, std::string_view,
                          const DataKey&, std::string_view);
using OpenFn = Status (*)(json::value&, KeyStore&, PiiAccess, std::string_view, std::size_t*,
                          std::size_t*);

struct Code {
  const char* name;
  SealFn seal;
  OpenFn open;
  Phase seal_phase;
  Phase open_phase;
  Phase both;
};

int Run(const Options& options) {
  Result<std::unique_ptr<SchemaRegistry>> schemas =
      SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas");
  if (!schemas.ok()) {
    std::fprintf(stderr, "schemas: %s\n", schemas.status().ToString().c_str());
    return 1;
  }
  const std::vector<std::string> pointers = (*schemas)->PersonalFields("ticket.opened", 1);
  std::string dir = (std::filesystem::temp_directory_path() / "seal_fields_bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return 1;
  Result<std::unique_ptr<KeyStore>> keys = KeyStore::Open(dir + "/keys");
  if (!keys.ok()) {
    std::fprintf(stderr, "key store: %s\n", keys.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> citizen_ids;
  std::vector<DataKey> citizen_keys;
  for (unsigned i = 0; i < 64; ++i) {
    citizen_ids.push_back("citizen-" + std::to_string(i));
    Result<DataKey> key = (*keys)->KeyFor(citizen_ids.back());
    if (!key.ok()) return 1;
    citizen_keys.push_back(*key);
  }
  std::vector<json::value> payloads;
  std::vector<std::string> event_ids;
  for (unsigned i = 0; i < options.events; ++i) {
    payloads.push_back(TicketOpened(options.text_chars, i));
    event_ids.push_back("0192f3a0-7c1e-7d3b-9e2a-" + std::to_string(100000000000 + i));
  }
  std::vector<std::size_t> opened(options.events);

  std::printf("seal_fields_bench: ticket.opened, %zu personal-field pointers:", pointers.size());
  for (const std::string& p : pointers) std::printf(" %s", p.c_str());
  std::printf("\n  payload %zu bytes (text %u characters), %u events per run, %u runs\n",
              json::serialize(payloads[0]).size(), options.text_chars, options.events,
              options.runs);

  Code codes[] = {{"baseline (2dcf3cb)", &BaselineSealFields, &BaselineOpenFields, {}, {}, {}},
                  {"current", &SealFields, &OpenFields, {}, {}, {}}};
  auto selected = [&](const Code& code) {
    return options.only.empty() || std::string_view(code.name).find(options.only) == 0;
  };
  // Within a run the two codes take turns every kChunk events (which goes first alternates), so
  // that other work on the shared machine weighs on both alike.
  constexpr unsigned kChunk = 50;
  for (unsigned run = 0; run < options.runs + 1; ++run) {  // run 0 warms up, not counted
    struct Totals {
      double seal_cpu = 0, seal_wall = 0, open_cpu = 0, open_wall = 0;
    } totals[2];
    std::vector<json::value> work[2] = {payloads, payloads};
    for (unsigned begin = 0, turn = 0; begin < options.events; begin += kChunk, ++turn) {
      const unsigned end = std::min(begin + kChunk, options.events);
      for (unsigned k = 0; k < 2; ++k) {
        const unsigned c = (k + turn) % 2;
        const Code& code = codes[c];
        if (!selected(code)) continue;
        double cpu0 = ThreadCpuSeconds();
        double wall0 = WallSeconds();
        for (unsigned i = begin; i < end; ++i) {
          const std::size_t citizen = i % citizen_keys.size();
          Status s = code.seal(work[c][i], pointers, citizen_ids[citizen], citizen_keys[citizen],
                               event_ids[i]);
          if (!s.ok()) {
            std::fprintf(stderr, "%s seal: %s\n", code.name, s.ToString().c_str());
            return 1;
          }
        }
        double cpu1 = ThreadCpuSeconds();
        double wall1 = WallSeconds();
        for (unsigned i = begin; i < end; ++i) {
          Status s = code.open(work[c][i], **keys, PiiAccess::kPlaintext, event_ids[i], &opened[i],
                               nullptr);
          if (!s.ok() || opened[i] != 4) {
            std::fprintf(stderr, "%s open: %s, %zu opened\n", code.name, s.ToString().c_str(),
                         opened[i]);
            return 1;
          }
        }
        double cpu2 = ThreadCpuSeconds();
        double wall2 = WallSeconds();
        totals[c].seal_cpu += cpu1 - cpu0;
        totals[c].seal_wall += wall1 - wall0;
        totals[c].open_cpu += cpu2 - cpu1;
        totals[c].open_wall += wall2 - wall1;
      }
    }
    for (unsigned c = 0; c < 2; ++c) {
      Code& code = codes[c];
      if (!selected(code)) continue;
      for (unsigned i = 0; i < options.events; ++i) {  // checked outside the timed loops
        if (work[c][i] != payloads[i]) {
          std::fprintf(stderr, "%s: event %u did not open to its payload\n", code.name, i);
          return 1;
        }
      }
      if (run == 0) continue;
      const double per_event = 1e6 / options.events;
      const Totals& t = totals[c];
      code.seal_phase.cpu_us.push_back(t.seal_cpu * per_event);
      code.seal_phase.wall_us.push_back(t.seal_wall * per_event);
      code.open_phase.cpu_us.push_back(t.open_cpu * per_event);
      code.open_phase.wall_us.push_back(t.open_wall * per_event);
      code.both.cpu_us.push_back((t.seal_cpu + t.open_cpu) * per_event);
      code.both.wall_us.push_back((t.seal_wall + t.open_wall) * per_event);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);

  std::printf("\nmedian of %u runs, µs per event (thread CPU time; wall time in brackets)\n",
              options.runs);
  std::printf("  %-20s %18s %18s %18s\n", "code", "SealFields", "OpenFields", "seal + open");
  for (const Code& code : codes) {
    if (code.both.cpu_us.empty()) continue;
    std::printf("  %-20s %9.2f [%6.2f] %9.2f [%6.2f] %9.2f [%6.2f]\n", code.name,
                Median(code.seal_phase.cpu_us), Median(code.seal_phase.wall_us),
                Median(code.open_phase.cpu_us), Median(code.open_phase.wall_us),
                Median(code.both.cpu_us), Median(code.both.wall_us));
  }
  if (!options.only.empty()) return 0;
  std::printf("  %-20s %17.2fx %17.2fx %17.2fx   (ratio of the medians)\n", "baseline / current",
              Median(codes[0].seal_phase.cpu_us) / Median(codes[1].seal_phase.cpu_us),
              Median(codes[0].open_phase.cpu_us) / Median(codes[1].open_phase.cpu_us),
              Median(codes[0].both.cpu_us) / Median(codes[1].both.cpu_us));
  // Each run of the baseline is paired with the current code's in the same run: the median of
  // those ratios is the figure least moved by other work on the machine.
  auto paired = [&](Phase Code::*phase) {
    std::vector<double> ratios;
    const std::vector<double>& base = (codes[0].*phase).cpu_us;
    const std::vector<double>& current = (codes[1].*phase).cpu_us;
    for (std::size_t i = 0; i < base.size(); ++i) ratios.push_back(base[i] / current[i]);
    return Median(ratios);
  };
  std::printf("  %-20s %17.2fx %17.2fx %17.2fx   (median of the per-run ratios)\n",
              "baseline / current", paired(&Code::seal_phase), paired(&Code::open_phase),
              paired(&Code::both));
  auto least = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
  std::printf("  fastest run, CPU µs per event: baseline %.2f + %.2f, current %.2f + %.2f\n",
              least(codes[0].seal_phase.cpu_us), least(codes[0].open_phase.cpu_us),
              least(codes[1].seal_phase.cpu_us), least(codes[1].open_phase.cpu_us));
  std::printf("\nper run, CPU µs per event (seal + open): ");
  for (const Code& code : codes) {
    std::printf("\n  %-20s", code.name);
    for (double v : code.both.cpu_us) std::printf(" %.2f", v);
  }
  std::printf("\n");
  return 0;
}

}  // namespace
}  // namespace rexian::bench

int main(int argc, char** argv) {
  using namespace rexian::bench;
  Options options;
  const std::vector<Flag> flags = {
      CountFlag("--events", "N", "events sealed and opened per run (default 2000)", 1u, 1000000u,
                &options.events),
      CountFlag("--runs", "R", "measured runs of each code; medians are reported (default 7)", 1u,
                1000u, &options.runs),
      CountFlag("--text-chars", "C", "Chinese characters in the text field (default 200)", 1u,
                10000u, &options.text_chars),
      ChoiceFlag("--only", "run one code only, e.g. under a profiler (default: both)",
                 {"baseline", "current"}, &options.only),
  };
  rexian::Status s = ParseFlags(argc, argv, flags);
  if (s.IsNotFound()) {
    std::printf("%s", FlagUsage("seal_fields_bench",
                                "CPU per event of SealFields + OpenFields, current code against "
                                "the baseline (2dcf3cb), in one run.",
                                flags)
                          .c_str());
    return 0;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 2;
  }
  return Run(options);
}

// `rexian simulate`: a scenario's years of requests, through the real intake and domain.
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "app/cli_args.h"
#include "app/commands.h"
#include "app/progress.h"
#include "app/runtime.h"
#include "app/views.h"
#include "intake/quarantine.h"
#include "sim/request_plan.h"
#include "sim/scenario.h"
#include "sim/sim_driver.h"

namespace rexian::cli {
namespace {

constexpr const char* kUsage =
    "usage: rexian simulate [--scenario FILE] [--scale S] [--targets-out FILE] [--plan-only] "
    "[--in-flight N] [--config FILE]";

}  // namespace

int RunSimulate(const Args& raw) {
  auto args = CliArgs::Parse(raw, {"config", "scenario", "scale", "targets-out", "in-flight"}, {"plan-only"});
  if (!args.ok()) return Fail("simulate", args.status().message() + "\n" + kUsage, 2);
  const std::string scenario_path = args->Get("scenario", "config/scenarios/xuzhou-2025.yaml");
  double scale = 1;
  try {
    scale = std::stod(args->Get("scale", "1"));
  } catch (const std::exception&) {
    return Fail("simulate", "--scale must be a number, e.g. 0.01", 2);
  }
  auto in_flight = args->GetUint("in-flight", 2048);
  if (!in_flight.ok() || *in_flight == 0) return Fail("simulate", "--in-flight must be a positive integer", 2);
  auto scenario = sim::LoadScenario(scenario_path);
  if (!scenario.ok()) return Fail("simulate", scenario.status().message(), 2);
  const bool plan_only = args->Has("plan-only");
  auto loaded = LoadConfig(args->Get("config", kDefaultConfig));
  if (!loaded.ok()) return Fail("simulate", loaded.status().ToString(), 2);

  const auto started = std::chrono::steady_clock::now();
  auto plan = sim::PlanSimulation(*scenario, *loaded, scale);
  if (!plan.ok()) return Fail("simulate", plan.status().message(), 2);
  const std::string targets = boost::json::serialize(plan->TargetsJson());
  if (args->Has("targets-out")) {
    std::ofstream out(args->Get("targets-out"), std::ios::binary);
    out << targets << "\n";
    if (!out.good()) return Fail("simulate", "cannot write '" + args->Get("targets-out") + "'", 1);
  }
  std::fprintf(stderr, "simulate: planned %zu requests (%s, scale %g) in %.1f s\n", plan->requests.size(),
               scenario->name.c_str(), scale,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (plan_only) {
    std::printf("%s\n", targets.c_str());
    return 0;
  }

  auto rt = OpenRuntime(args->Get("config", kDefaultConfig), RuntimeNeeds{true, true, true});
  if (!rt.ok()) return Fail("simulate", rt.status().ToString(), 2);
  const Config& config = (*rt)->config;
  auto views = Views::Open(config);
  if (!views.ok()) return Fail("simulate", views.status().ToString(), 1);
  EventStore* store = (*rt)->store.get();
  std::vector<std::unique_ptr<ProjectionRunner>> runners;
  for (Projection* view : (*views)->all()) {
    runners.push_back(std::make_unique<ProjectionRunner>(store, view));
    if (Status s = runners.back()->Start(); !s.ok()) return Fail("simulate", s.ToString(), 1);
  }
  auto secret = LoadPseudonymSecretFor(config.store);
  if (!secret.ok()) return Fail("simulate", "pseudonym secret: " + secret.status().ToString(), 1);
  std::atomic<std::int64_t> now{0};
  auto clock = [&now] { return ticket::Time(std::chrono::seconds(now.load())); };
  TicketService tickets((*rt)->log.get(), &config);
  Quarantine quarantine((*rt)->log.get(), clock, ConfiguredUtcOffset(config));
  // Enough intake workers that new citizens' keys commit in large groups.
  const std::size_t intake_workers = std::min<std::size_t>(*in_flight, 256);
  Intake intake(&tickets, (*views)->tickets(), &quarantine,
                IntakeOptions{clock, *secret, false, intake_workers});

  const std::uint64_t head_before = store->HeadPosition();
  Progress progress("simulate");
  const std::uint64_t total = plan->requests.size();
  sim::DriverOptions options;
  options.in_flight = static_cast<std::size_t>(*in_flight);
  options.progress = [&progress, total](std::uint64_t done) { progress.Update(done, total); };
  sim::SimulationDriver driver(*scenario, *plan, config, &intake, &tickets, &now, options);
  const auto driving = std::chrono::steady_clock::now();
  Status s = driver.Run(0, plan->requests.size());
  progress.Finish(driver.finished());
  if (!s.ok()) return Fail("simulate", s.ToString(), 1);
  const std::uint64_t head = store->HeadPosition();
  for (auto& runner : runners) {
    runner->WaitFor(head, std::chrono::minutes(30));
    runner->Stop();
    if (!runner->status().ok()) return Fail("simulate", runner->status().ToString(), 1);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - driving).count();
  std::printf("simulated %llu requests, %llu events in %.1f s (%.0f requests/s, %.0f events/s); "
              "log head %llu\n",
              static_cast<unsigned long long>(driver.finished()),
              static_cast<unsigned long long>(head - head_before), seconds,
              static_cast<double>(driver.finished()) / seconds,
              static_cast<double>(head - head_before) / seconds, static_cast<unsigned long long>(head));
  return 0;
}

}  // namespace rexian::cli

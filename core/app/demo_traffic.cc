// DemoTraffic: pacing the simulator's driver by the wall clock.
#include "app/demo_traffic.h"

#include <chrono>
#include <cstdio>

#include "sim/request_plan.h"
#include "sim/scenario.h"
#include "sim/sim_driver.h"

namespace rexian::cli {

struct DemoTraffic::State {
  sim::Scenario scenario;
  sim::SimulationPlan plan;
  std::atomic<std::int64_t> clock{0};
  const Config* config = nullptr;
  Intake* intake = nullptr;
  TicketService* tickets = nullptr;
  sim::DriverOptions driver_options;
  std::string prefix;
  std::unique_ptr<sim::SimulationDriver> driver;

  // A fresh driver whose contact ids cannot collide with an earlier round's.
  void Renew(int round) {
    driver.reset();
    driver_options.id_prefix = prefix + "r" + std::to_string(round);
    driver = std::make_unique<sim::SimulationDriver>(scenario, plan, *config, intake, tickets, &clock,
                                                     driver_options);
  }
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread thread;
};

Result<std::unique_ptr<DemoTraffic>> DemoTraffic::Start(const Config& config, Intake* intake,
                                                        TicketService* tickets, DemoOptions options) {
  if (!(options.requests_per_second > 0) || options.requests_per_second > 1000) {
    return Status::InvalidArgument("--demo-rate must be in (0, 1000] requests per second");
  }
  auto state = std::make_unique<State>();
  auto scenario = sim::LoadScenario(options.scenario_path);
  if (!scenario.ok()) return scenario.status();
  state->scenario = std::move(scenario).value();
  auto plan = sim::PlanSimulation(state->scenario, config, 0.01);
  if (!plan.ok()) return plan.status();
  state->plan = std::move(plan).value();
  state->config = &config;
  state->intake = intake;
  state->tickets = tickets;
  state->driver_options.live = true;
  state->driver_options.in_flight = 64;
  state->driver_options.threads = 2;
  const auto started = std::chrono::system_clock::now().time_since_epoch();
  state->prefix = "demo" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(started).count());
  state->Renew(0);
  State* s = state.get();
  const double rate = options.requests_per_second;
  s->thread = std::thread([s, rate] {
    const std::size_t total = s->plan.requests.size();
    std::size_t next = 0;
    int rounds = 0;
    double owed = 0;
    auto tick = std::chrono::steady_clock::now();
    for (;;) {
      {
        std::unique_lock lock(s->mu);
        tick += std::chrono::milliseconds(200);
        if (s->cv.wait_until(lock, tick, [s] { return s->stopping; })) return;
      }
      owed += rate / 5.0;
      const auto batch = static_cast<std::size_t>(owed);
      owed -= static_cast<double>(batch);
      if (batch == 0) continue;
      const std::size_t at = next % total;
      const std::size_t count = std::min(batch, total - at);
      Status st = s->driver->Run(at, count);
      next += count;
      if (!st.ok()) {
        std::fprintf(stderr, "rexian serve: demo traffic: %s\n", st.ToString().c_str());
      }
      if (!st.ok() || next % total == 0) s->Renew(++rounds);
    }
  });
  return std::unique_ptr<DemoTraffic>(new DemoTraffic(std::move(state)));
}

DemoTraffic::DemoTraffic(std::unique_ptr<State> state) : state_(std::move(state)) {}

DemoTraffic::~DemoTraffic() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
  }
  state_->cv.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace rexian::cli

// DemoTraffic: `serve --demo`, the scenario's requests sent live into the running server.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "intake/intake.h"
#include "rexian/config.h"
#include "service/ticket_service.h"

namespace rexian::cli {

struct DemoOptions {
  std::string scenario_path = "config/scenarios/xuzhou-2025.yaml";
  double requests_per_second = 5;  // (0, 1000]
};

// Plans the scenario at 1% scale and sends its requests through `intake`
// and `tickets` at the chosen rate, each living its whole life (dispatch,
// resolution, rating, ...) within seconds, timed by the wall clock, so the
// feed and the statistics move as soon as the server is up. Starts over
// with fresh contact ids when the plan runs out.
class DemoTraffic {
 public:
  // Loads and plans the scenario; errors name the scenario file and key.
  static Result<std::unique_ptr<DemoTraffic>> Start(const Config& config, Intake* intake,
                                                    TicketService* tickets, DemoOptions options);
  // Stops sending; requests in flight finish first.
  ~DemoTraffic();

 private:
  struct State;
  explicit DemoTraffic(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace rexian::cli

// SimulationDriver: sends a plan's requests through the real intake and ticket domain.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "intake/intake.h"
#include "intake/work_queue.h"
#include "service/ticket_service.h"
#include "sim/request_plan.h"
#include "sim/scenario.h"

namespace rexian::sim {

struct DriverOptions {
  std::size_t in_flight = 256;  // requests being worked on at once
  std::size_t threads = 8;      // workers running the requests' steps
  // Called now and then with requests finished so far.
  std::function<void(std::uint64_t done)> progress;
  // Live (serve --demo): every step happens now, by the wall clock, one
  // after the other, instead of at its planned time. Deadlines are met.
  bool live = false;
  // Prefix of the contacts' channel_message_id; a new one per live run, so
  // a second run is not taken for retries of the first.
  std::string id_prefix = "sim";
};

// The scenario's clock: each request's steps carry their own times (its
// receipt, dispatch, resolution, ...), so the log reads as if the year had
// happened. The intake reads "now" from `clock`, which the driver sets to
// the receipt time of the request it is submitting.
class SimulationDriver {
 public:
  // REQUIRES: everything outlives the driver; `intake` was built with a
  // clock returning *clock.
  SimulationDriver(const Scenario& scenario, const SimulationPlan& plan, const Config& config,
                   Intake* intake, TicketService* tickets, std::atomic<std::int64_t>* clock,
                   DriverOptions options);
  ~SimulationDriver();

  // Runs requests [first, first + count) of the plan, in order of receipt,
  // `in_flight` at a time; blocks until all are done. The first error stops
  // the run (requests in flight finish) and is returned, naming the request.
  Status Run(std::size_t first, std::size_t count);

  // Requests finished (all their steps durable) since construction.
  std::uint64_t finished() const { return finished_.load(); }

 private:
  struct Request;
  void Start(std::size_t index);
  void Step(std::shared_ptr<Request> r);
  void Execute(std::shared_ptr<Request> r, ticket::Command command, const ticket::Actor& actor,
               std::int64_t at, const char* step);
  void PlanAndExecute(std::shared_ptr<Request> r, const char* kind, std::int64_t at);
  void Finish(const std::shared_ptr<Request>& r, Status status);
  // `planned`, or the wall clock's now when live.
  std::int64_t When(std::int64_t planned) const;

  const Scenario& scenario_;
  const SimulationPlan& plan_;
  const Config& config_;
  Intake* intake_;
  TicketService* tickets_;
  std::atomic<std::int64_t>* clock_;
  DriverOptions options_;
  WorkQueue workers_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t active_ = 0;
  Status error_;
  std::atomic<std::uint64_t> finished_{0};
};

}  // namespace rexian::sim

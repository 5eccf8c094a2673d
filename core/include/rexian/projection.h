// Projection: a disposable view derived from the log, checkpointed with its state.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "rexian/event_store.h"

namespace rexian {

// A view built by folding the log. Implementations keep their state and
// their checkpoint in one store and update both in one transaction, so a
// crash never leaves a view ahead of or behind its checkpoint.
class Projection {
 public:
  virtual ~Projection() = default;

  // Stable name, used in logs, metrics and readiness ("tickets").
  virtual const char* name() const = 0;

  // Position of the last event applied; 0 when none.
  virtual std::uint64_t checkpoint() const = 0;

  // Applies `events` (in position order, every event of the log after
  // checkpoint(), including types the view ignores) and records the last
  // position as the checkpoint, atomically. On error nothing of the batch is
  // applied and the checkpoint stays.
  virtual Status Apply(const std::vector<RecordedEvent>& events) = 0;
};

// Feeds one projection from the store: catches up from its checkpoint, then
// follows the log live, applying events in batches (a batch closes when it
// reaches the head of the log or 2,048 events). Thread-safe.
class ProjectionRunner {
 public:
  // REQUIRES: store and projection outlive the runner.
  ProjectionRunner(EventStore* store, Projection* projection);
  ~ProjectionRunner();
  ProjectionRunner(const ProjectionRunner&) = delete;
  ProjectionRunner& operator=(const ProjectionRunner&) = delete;

  // Starts following the log from the projection's checkpoint.
  Status Start();
  // Stops; the events buffered but not yet applied are applied first.
  void Stop();

  // Blocks until the projection has applied `position` (true), the timeout
  // passes or the runner failed (false). Lets a caller read its own writes.
  bool WaitFor(std::uint64_t position, std::chrono::milliseconds timeout);

  // OK, or the error that stopped the projection.
  Status status() const;

 private:
  bool Deliver(const RecordedEvent& event);
  Status Flush();

  EventStore* store_;
  Projection* projection_;
  std::unique_ptr<Subscription> subscription_;
  std::vector<RecordedEvent> buffer_;  // touched only by the subscription thread
  mutable std::mutex mu_;
  std::condition_variable applied_cv_;
  Status status_;
};

}  // namespace rexian

// DeadlineWatcher: deadline warnings and overdue marks.
#include "service/deadline_watcher.h"

#include <future>

namespace rexian {
namespace {

std::string EventKey(const DueDeadline& due, const char* what) {
  return "watch-" + due.ticket_id + "-" +
         (due.stage == ticket::DeadlineStage::kResolution ? "r" : "a") + "-" +
         std::to_string(due.deadline.time_since_epoch().count()) + "-" + what;
}

}  // namespace

DeadlineWatcher::DeadlineWatcher(TicketView* view, TicketService* service,
                                 DeadlineWatcherOptions options)
    : view_(view), service_(service), options_(std::move(options)) {}

DeadlineWatcher::~DeadlineWatcher() { Stop(); }

void DeadlineWatcher::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void DeadlineWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeadlineWatcher::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (!options_.may_act || options_.may_act()) RunOnce(options_.clock());
    lock.lock();
    cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

std::size_t DeadlineWatcher::RunOnce(ticket::Time now) {
  std::vector<DueDeadline> due;
  view_->ForEachDue(now + options_.warn_before, [&](const DueDeadline& d) {
    due.push_back(d);
    return due.size() < 10000;
  });
  std::size_t written = 0;
  const ticket::Actor actor = ticket::SystemActor("deadline-watcher");
  for (const DueDeadline& d : due) {
    ticket::Command command = d.deadline <= now
                                  ? ticket::Command(ticket::MarkOverdue{d.stage, d.deadline})
                                  : ticket::Command(ticket::WarnDeadline{d.stage, d.deadline});
    const char* what = d.deadline <= now ? "overdue" : "warning";
    std::promise<Result<TicketCommandResult>> done;
    auto result = done.get_future();
    // Decided on the ticket's current stream (not the view, which may lag):
    // a deadline already warned or marked, or no longer in force, yields no
    // event or a domain error, both fine to ignore here.
    service_->Execute(d.ticket_id, std::nullopt, command, actor, now, EventKey(d, what),
                      [&done](Result<TicketCommandResult> r) { done.set_value(std::move(r)); });
    auto r = result.get();
    if (r.ok() && !r->events.empty() && !r->duplicate) ++written;
  }
  return written;
}

}  // namespace rexian

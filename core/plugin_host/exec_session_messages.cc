// ExecSession's half that speaks the protocol: each line from the child, and its answer.
#include <mutex>

#include "plugin_host/exec_plugin_metrics.h"
#include "plugin_host/exec_plugin_state.h"
#include "plugin_host/exec_session.h"
#include "rexian/plugin.h"

namespace rexian {
namespace {

// Malformed lines logged one by one per session; after that every 1000th.
constexpr std::uint64_t kMalformedLoggedInFull = 20;

// "/contact: expected an object" -> {"/contact", "expected an object"}.
FieldError SplitProblem(const std::string& problem) {
  const std::size_t colon = problem.find(": ");
  if (problem.empty() || problem[0] != '/' || colon == std::string::npos) return {"", problem};
  return {problem.substr(0, colon), problem.substr(colon + 2)};
}

}  // namespace

void ExecSession::OnLine(const FramedLine& line) {
  {
    std::lock_guard lock(state_->mu);
    ++state_->stats.lines_received;
  }
  if (line.oversize) {
    OnMalformed(line.number, "longer than the limit of " + std::to_string(options_.max_line_bytes) +
                                 " bytes (" + std::to_string(line.length) + "); discarded");
    return;
  }
  PluginMessage message = ParsePluginMessage(line.text);
  if (!message.problem.ok()) {
    std::string where = message.type == PluginMessageType::kUnknown
                            ? std::string()
                            : std::string(PluginMessageTypeName(message.type)) + ": ";
    OnMalformed(line.number, where + message.problem.message());
    AnswerMalformed(message);
    return;
  }
  switch (message.type) {
    case PluginMessageType::kReady:
      OnReady(message, line.number);
      break;
    case PluginMessageType::kSubmit:
      OnSubmit(message);
      break;
    case PluginMessageType::kDelivered: {
      const std::string error = "plugin '" + config_.name + "': " + message.error;
      Status status = message.ok      ? Status::OK()
                      : message.retry ? Status::Unavailable(error)
                                      : Status::InvalidArgument(error);
      FinishDelivery(std::string(message.id.get_string()), std::move(status), line.number);
      break;
    }
    case PluginMessageType::kLog:
      Log(message.level, message.message);
      break;
    case PluginMessageType::kQuery:
      if (child_->stdin_fd() >= 0) AnswerQuery(message);
      break;
    case PluginMessageType::kMetric:
      if (Status s = metrics_->Record(message); !s.ok())
        OnMalformed(line.number, "metric: " + s.message());
      break;
    case PluginMessageType::kUnknown:
      break;
  }
}

void ExecSession::OnMalformed(std::uint64_t line_number, const std::string& reason) {
  ++malformed_;
  {
    std::lock_guard lock(state_->mu);
    ++state_->stats.malformed_lines;
  }
  if (malformed_ <= kMalformedLoggedInFull || malformed_ % 1000 == 0) {
    std::string message = "child " + std::to_string(child_->pid()) + ", line " +
                          std::to_string(line_number) + " ignored: " + reason;
    if (malformed_ > kMalformedLoggedInFull) {
      message += " (" + std::to_string(malformed_) + " malformed lines so far; not all logged)";
    }
    Log(REXIAN_LOG_WARN, message);
  }
}

void ExecSession::AnswerMalformed(const PluginMessage& message) {
  if (message.type == PluginMessageType::kDelivered) {
    if (message.id.is_string()) {
      FinishDelivery(std::string(message.id.get_string()),
                     Status::Unavailable("plugin '" + config_.name +
                                         "' answered a delivery with a malformed message: " +
                                         message.problem.message()),
                     0);
    }
    return;
  }
  if (child_->stdin_fd() < 0) return;
  if (message.type == PluginMessageType::kSubmit) {
    SubmitOutcome outcome;
    outcome.status = Status::InvalidArgument("malformed submit: " + message.problem.message());
    outcome.errors.push_back(SplitProblem(message.problem.message()));
    unwritten_ += SubmittedLine(message.id, outcome);
  } else if (message.type == PluginMessageType::kQuery) {
    unwritten_ += ResultLine(message.id, message.problem);
  }
}

void ExecSession::AnswerQuery(const PluginMessage& message) {
  std::string line = ResultLine(message.id, ports_.query(message.query, message.args));
  if (line.size() > options_.max_line_bytes + 1) {
    // Lines are bounded both ways; the plugin can narrow the question.
    line = ResultLine(message.id,
                      Status::InvalidArgument("the answer is " + std::to_string(line.size()) +
                                              " bytes, more than max_line_bytes (" +
                                              std::to_string(options_.max_line_bytes) +
                                              "): ask for less (a smaller \"limit\")"));
  }
  unwritten_ += line;
}

void ExecSession::OnReady(const PluginMessage& message, std::uint64_t line_number) {
  if (ready_) {
    OnMalformed(line_number, "ready: sent twice");
    return;
  }
  ready_ = true;
  ready_at_ = Clock::now();
  {
    std::lock_guard lock(state_->mu);
    state_->ready = true;
    state_->ever_ready = true;
    state_->delivers = message.delivers_replies;
    state_->health = Status::OK();
  }
  state_->changed.notify_all();
  metrics_->SetUp(true);
  Log(REXIAN_LOG_INFO,
      "child " + std::to_string(child_->pid()) + " ready" +
          (message.plugin_version.empty() ? "" : " (version " + message.plugin_version + ")") +
          (message.delivers_replies ? "; delivers replies"
                                    : "; delivers no replies (its ready did not say "
                                      "\"deliver\": true)"));
}

void ExecSession::OnSubmit(PluginMessage& message) {
  if (stop_sent_) {
    if (child_->stdin_fd() < 0) return;
    SubmitOutcome outcome;
    outcome.status = Status::Unavailable(
        "the host is stopping this plugin: submit it again "
        "after the next start");
    unwritten_ += SubmittedLine(message.id, outcome);
    return;
  }
  {
    std::lock_guard lock(state_->mu);
    ++state_->submits_in_flight;
    ++state_->stats.submits;
  }
  // Runs on a store thread, possibly after this session (or the plugin) is
  // gone: it touches only the shared state, and only for the same child.
  auto done = [state = state_, metrics = metrics_, session = number_,
               id = message.id](SubmitOutcome outcome) {
    metrics->CountSubmit(outcome);
    std::string line = SubmittedLine(id, outcome);
    {
      std::lock_guard lock(state->mu);
      if (state->session != session) return;  // that child is gone: it will resubmit
      state->outbox += line;
      --state->submits_in_flight;
    }
    state->wakeup.Signal();
  };
  ports_.submit(std::move(message.contact_json), std::move(done));
}

void ExecSession::FinishDelivery(const std::string& id, Status status, std::uint64_t line_number) {
  DeliverCallback done;
  {
    std::lock_guard lock(state_->mu);
    auto it = state_->deliveries.find(id);
    if (it != state_->deliveries.end()) {
      done = std::move(it->second.done);
      state_->deliveries.erase(it);
      ++(status.ok() ? state_->stats.deliveries_ok : state_->stats.deliveries_failed);
    }
  }
  if (done) metrics_->CountDelivery(status);
  if (!done) {
    Log(REXIAN_LOG_WARN, "line " + std::to_string(line_number) +
                             ": answer to an unknown or timed-out delivery, ignored");
    return;
  }
  done(std::move(status));
}

}  // namespace rexian

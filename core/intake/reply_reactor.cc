// ReplyReactor: a polling loop over the view's due replies.
#include "intake/reply_reactor.h"

#include <boost/json.hpp>

#include "intake/json_member.h"
#include "domain/ticket_time.h"
#include "rexian/privacy.h"
#include "service/event_metadata.h"

namespace rexian {
namespace {

namespace json = boost::json;

// Whether a failure is worth another attempt.
bool Retryable(const Status& s) { return s.IsUnavailable() || s.IsNotFound() || s.IsDeadlineExceeded(); }

}  // namespace

ReplyReactor::ReplyReactor(ReplyView* view, ProjectionRunner* runner, EventLog* log,
                           ReplyTransport* transport, ReplyReactorOptions options)
    : view_(view), runner_(runner), log_(log), transport_(transport), options_(std::move(options)) {}

ReplyReactor::~ReplyReactor() { Stop(); }

void ReplyReactor::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void ReplyReactor::Stop(std::chrono::milliseconds grace) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    stopping_ = true;
    cv_.notify_all();
    cv_.wait_for(lock, grace, [this] { return in_flight_.empty(); });
  }
  if (thread_.joinable()) thread_.join();
}

std::size_t ReplyReactor::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_flight_.size();
}

void ReplyReactor::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const std::uint64_t applied = view_->checkpoint();
    for (auto it = settling_.begin(); it != settling_.end();) {
      it = it->second <= applied ? settling_.erase(it) : std::next(it);
    }
    const std::size_t room = options_.max_in_flight - std::min(options_.max_in_flight, in_flight_.size());
    if (room > 0 && (!options_.may_act || options_.may_act())) {
      lock.unlock();
      auto due = view_->Due(options_.clock(), room + settling_.size());
      lock.lock();
      if (due.ok()) {
        for (const PendingReply& pending : *due) {
          if (stopping_ || in_flight_.size() >= options_.max_in_flight) break;
          if (in_flight_.count(pending.delivery_id) || settling_.count(pending.delivery_id)) continue;
          in_flight_.insert(pending.delivery_id);
          lock.unlock();
          Attempt(pending);
          lock.lock();
        }
      }
    }
    cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

Result<Reply> ReplyReactor::Compose(const PendingReply& pending, std::string* ticket_number) {
  std::vector<RecordedEvent> events;
  if (Status s = log_->ReadStream(pending.ticket_id, 1, ~std::size_t{0}, PiiAccess::kPlaintext, &events);
      !s.ok()) {
    return s;
  }
  if (events.empty() || events.front().type != "ticket.opened") {
    return Status::InvalidArgument("ticket '" + pending.ticket_id + "' has no ticket.opened");
  }
  boost::system::error_code ec;
  json::value opened = json::parse(events.front().payload, ec);
  if (ec || !opened.is_object()) return Status::Corruption("ticket.opened of " + pending.ticket_id);
  const json::object& o = opened.as_object();
  *ticket_number = StringMember(o, "number");
  const json::value* citizen = o.if_contains("citizen");
  if (citizen == nullptr || !citizen->is_object()) {
    return Status::InvalidArgument("ticket " + *ticket_number + " has no citizen to answer");
  }
  for (const auto& member : citizen->as_object()) {
    if (member.value().is_string() && member.value().as_string() == kRedactedMarker) {
      return Status::InvalidArgument("the citizen of ticket " + *ticket_number +
                                     " was forgotten: their contact details are gone");
    }
  }
  Reply reply;
  reply.delivery_id = pending.delivery_id;
  reply.attempt = pending.failed_attempts + 1;
  reply.kind = pending.kind;
  reply.ticket_number = *ticket_number;
  if (const json::value* c = o.if_contains("contact"); c && c->is_object()) {
    reply.channel_message_id = StringMember(c->as_object(), "channel_message_id");
  }
  reply.citizen_json = json::serialize(*citizen);
  const std::string& n = *ticket_number;
  if (pending.kind == "acknowledgement") {
    reply.text = options_.signature + "您的诉求已受理，工单编号：" + n +
                 "。我们将按时限转交办理并答复您，请保持联系方式畅通。";
  } else if (pending.kind == "rating_request") {
    reply.text = options_.signature + "请您对工单" + n +
                 "的办理情况进行评价：回复1为满意，2为基本满意，3为不满意。感谢您的支持！";
  } else {
    std::string answer;
    for (const RecordedEvent& e : events) {
      if (e.position != pending.source_position) continue;
      json::value resolved = json::parse(e.payload, ec);
      if (!ec && resolved.is_object()) answer = StringMember(resolved.as_object(), "reply");
    }
    if (answer.empty() || answer == kRedactedMarker) {
      return Status::InvalidArgument("the resolution of ticket " + n + " has no reply to send");
    }
    reply.text = options_.signature + "您反映的诉求（工单编号：" + n + "）已办结。办理结果：" + answer;
  }
  return reply;
}

void ReplyReactor::Attempt(const PendingReply& pending) {
  std::string number;
  auto reply = Compose(pending, &number);
  const int attempt = pending.failed_attempts + 1;
  if (!reply.ok()) {
    Record(pending, number, attempt, reply.status());
    return;
  }
  transport_->Deliver(pending.channel, std::move(reply).value(),
                      [this, pending, number, attempt](Status outcome) {
                        Record(pending, number, attempt, outcome);
                      });
}

void ReplyReactor::Record(const PendingReply& pending, const std::string& ticket_number,
                          int attempt, const Status& outcome) {
  const std::string number = ticket_number.empty()
                                 ? pending.ticket_id.substr(std::string_view("ticket-").size())
                                 : ticket_number;
  json::object payload{{"delivery_id", pending.delivery_id},
                       {"kind", pending.kind},
                       {"ticket_number", number},
                       {"channel", pending.channel},
                       {"attempt", attempt}};
  const ticket::Time now = options_.clock();
  std::string type = "reply.sent";
  if (!outcome.ok()) {
    type = "reply.failed";
    const bool retry = Retryable(outcome) && attempt < options_.max_attempts;
    std::string reason = outcome.message().empty() ? outcome.ToString() : outcome.message();
    payload["reason"] = reason.substr(0, 2000);
    payload["retry"] = retry;
    if (retry) {
      auto backoff = options_.first_backoff * (std::int64_t{1} << std::min(attempt - 1, 20));
      if (backoff > options_.max_backoff) backoff = options_.max_backoff;
      payload["next_attempt_at"] = ticket::FormatTime(now + backoff, options_.utc_offset);
    }
  }
  AppendRequest request;
  request.stream_id = "reply-" + number;
  request.expected = ExpectedVersion::Any();
  NewEvent event;
  event.event_id = pending.delivery_id + "#" + std::to_string(attempt);
  event.type = type;
  event.schema_version = 1;
  event.payload = json::serialize(payload);
  event.metadata = EventMetadataJson(ticket::SystemActor("reply-reactor"), now, options_.utc_offset,
                                     "", pending.channel);
  request.events.push_back(std::move(event));
  const std::string id = pending.delivery_id;
  log_->AppendAsync(std::move(request), [this, id](AppendResult r) {
    Settle(id, r.status.ok() ? r.last_position : 0);
  });
}

void ReplyReactor::Settle(const std::string& delivery_id, std::uint64_t position) {
  std::lock_guard<std::mutex> lock(mu_);
  in_flight_.erase(delivery_id);
  // Until the view applied the outcome, the reply still looks owed: skip it.
  // An outcome that could not be recorded (position 0) is retried at once.
  if (position > 0) settling_[delivery_id] = position;
  cv_.notify_all();
}

}  // namespace rexian

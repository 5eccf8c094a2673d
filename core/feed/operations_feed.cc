// OperationsFeed: the live tail, the catch-up thread, the ticker and the WebSocket route.
#include "feed/operations_feed.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <shared_mutex>

#include "api/auth.h"
#include "feed/feed_messages.h"

namespace rexian::feed {
namespace {

namespace json = boost::json;

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Whether callbacks of sessions may still reach the feed; Stop clears it
// under the exclusive lock, so no callback runs into a destroyed feed.
struct FeedLifetime {
  std::shared_mutex mutex;
  bool alive = true;
};

constexpr int kDroppedCloseCode = 4000;

}  // namespace

FeedOptions FeedOptionsFrom(const FeedConfig& config) {
  FeedOptions options;
  options.heartbeat_interval = std::chrono::seconds(config.heartbeat_seconds);
  options.max_queued_messages = config.max_queued_messages;
  options.max_queued_bytes = config.max_queued_bytes;
  options.alert_window = std::chrono::seconds(config.alert_window_seconds);
  options.overdue_spike_threshold = config.overdue_spike_threshold;
  options.write_coalesce = std::chrono::milliseconds(config.write_coalesce_ms);
  options.socket_send_buffer_bytes = config.socket_send_buffer_bytes;
  return options;
}

struct OperationsFeed::Counters {
  Gauge clients_connected;
  Counter messages_sent;
  Counter clients_dropped;
  Counter alerts_raised;
  std::atomic<std::uint64_t> position{0};
  std::shared_ptr<FeedLifetime> lifetime = std::make_shared<FeedLifetime>();
};

struct OperationsFeed::Client {
  std::shared_ptr<WebSocketSession> session;
  FeedQuery query;
  PiiView view = PiiView::kMasked;
  std::string role;
  std::atomic<std::uint64_t> next{1};  // the next position this client expects
  std::atomic<bool> live{false};       // false while the catch-up thread feeds it
  std::atomic<bool> dropped{false};
  std::chrono::steady_clock::time_point last_heartbeat = std::chrono::steady_clock::now();
};

OperationsFeed::OperationsFeed(EventLog* log, const UserDirectory* users, FeedOptions options)
    : log_(log),
      users_(users),
      options_(std::move(options)),
      index_(options_.ticket_index_capacity, options_.ticket_lookup),
      detector_(options_.alert_window, options_.overdue_spike_threshold),
      counters_(std::make_shared<Counters>()) {}

OperationsFeed::~OperationsFeed() { Stop(); }

Status OperationsFeed::Start() {
  const std::uint64_t head = log_->store()->HeadPosition();
  {
    std::lock_guard lock(clients_mutex_);
    tail_position_ = head;
  }
  counters_->position.store(head);
  running_ = true;
  auto subscription = log_->store()->Subscribe(
      head + 1, [this](const RecordedEvent& event) { return OnEvent(event); });
  if (!subscription.ok()) {
    running_ = false;
    return subscription.status();
  }
  subscription_ = std::move(subscription).value();
  catch_up_thread_ = std::thread([this] { CatchUpLoop(); });
  ticker_thread_ = std::thread([this] { TickerLoop(); });
  return Status::OK();
}

void OperationsFeed::Stop() {
  std::lock_guard stop_lock(stop_mutex_);
  if (stopped_) return;
  stopped_ = true;
  running_ = false;
  {
    std::unique_lock lock(counters_->lifetime->mutex);
    counters_->lifetime->alive = false;
  }
  wake_.notify_all();
  if (subscription_) subscription_->Stop();
  if (catch_up_thread_.joinable()) catch_up_thread_.join();
  if (ticker_thread_.joinable()) ticker_thread_.join();
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(clients_mutex_);
    clients.swap(clients_);
  }
  for (auto& client : clients) client->session->Close(1001, "the feed is stopping");
  counters_->clients_connected.Set(0);
}

void OperationsFeed::AddRoute(HttpServer* server, std::string path) {
  server->RouteWebSocket(std::move(path),
                         [this](const HttpRequest& request) { return Accept(request); });
}

WebSocketAccept OperationsFeed::Accept(const HttpRequest& request) {
  WebSocketAccept accept;
  HttpResponse denied;
  const User* user = nullptr;
  std::optional<std::string> query_token = request.query_param("access_token");
  if (request.header("Authorization").empty() && query_token) {
    // Browsers cannot set headers on a WebSocket: the token may come in the query.
    HttpRequest with_header;
    with_header.headers.emplace_back("Authorization", "Bearer " + *query_token);
    user = api::Authenticate(with_header, *users_, &denied);
  } else {
    user = api::Authenticate(request, *users_, &denied);
  }
  if (user == nullptr) {
    accept.refusal = std::move(denied);
    return accept;
  }
  if (!api::RequireRole(*user, {Role::kOperator, Role::kSupervisor}, "watch the operations feed",
                        &denied)) {
    accept.refusal = std::move(denied);
    return accept;
  }
  auto query = ParseFeedQuery(request);
  if (!query.ok()) {
    accept.refusal =
        HttpResponse::Problem(400, "bad_request", "Bad Request", query.status().message());
    return accept;
  }
  if (!running_) {
    accept.refusal = HttpResponse::Problem(503, "unavailable", "Service Unavailable",
                                           "the operations feed is not running");
    return accept;
  }

  auto client = std::make_shared<Client>();
  client->query = std::move(query).value();
  client->view = user->personal_data ? PiiView::kPlaintext : PiiView::kMasked;
  client->role = RoleName(user->role);
  accept.limits.max_queued_messages = options_.max_queued_messages;
  accept.limits.max_queued_bytes = options_.max_queued_bytes;
  accept.limits.max_incoming_message_bytes = 4096;
  accept.limits.close_timeout = options_.close_timeout;
  accept.limits.write_coalesce = options_.write_coalesce;
  accept.limits.socket_send_buffer_bytes = options_.socket_send_buffer_bytes;
  std::shared_ptr<FeedLifetime> lifetime = counters_->lifetime;
  accept.on_open = [this, lifetime, client](std::shared_ptr<WebSocketSession> session) {
    std::shared_lock lock(lifetime->mutex);
    if (!lifetime->alive) return session->Close(1001, "the feed is stopping");
    client->session = std::move(session);
    Attach(client);
  };
  accept.on_message = [](std::string_view) {};  // the protocol has no client messages yet
  accept.on_close = [this, lifetime, raw = client.get()] {
    std::shared_lock lock(lifetime->mutex);
    if (lifetime->alive) Detach(raw);
  };
  return accept;
}

void OperationsFeed::Attach(const std::shared_ptr<Client>& client) {
  std::lock_guard lock(clients_mutex_);
  const FeedQuery& q = client->query;
  if (q.from_now || q.from_position >= tail_position_) {
    std::uint64_t after = q.from_now ? tail_position_ : q.from_position;
    client->next = after + 1;
    client->live = true;
  } else {
    client->next = q.from_position + 1;
    client->live = false;
  }
  clients_.push_back(client);
  counters_->clients_connected.Set(static_cast<double>(clients_.size()));
  std::uint64_t after = client->next - 1;
  SendControl(*client,
              HelloMessage(after, client->role, client->view,
                           static_cast<std::int64_t>(options_.heartbeat_interval.count())),
              after);
  if (!client->live) wake_.notify_all();
}

void OperationsFeed::Detach(const Client* client) {
  std::lock_guard lock(clients_mutex_);
  clients_.erase(std::remove_if(clients_.begin(), clients_.end(),
                                [client](const auto& c) { return c.get() == client; }),
                 clients_.end());
  counters_->clients_connected.Set(static_cast<double>(clients_.size()));
}

bool OperationsFeed::OnEvent(const RecordedEvent& event) {
  index_.Apply(event);
  std::optional<TicketFacts> facts;
  if (event.stream_id.rfind("ticket-", 0) == 0) facts = index_.Find(event.stream_id);
  if (event.type == "ticket.overdue") MaybeRaiseAlert(event, facts);
  RenderedEvent rendered(event, *log_, std::move(facts));
  std::lock_guard lock(clients_mutex_);
  tail_position_ = event.position;
  counters_->position.store(event.position);
  for (const auto& client : clients_) {
    if (!client->live || client->dropped) continue;
    if (event.position < client->next) continue;  // the catch-up already sent it
    client->next = event.position + 1;
    Deliver(*client, event, rendered);
  }
  return running_.load();
}

void OperationsFeed::Deliver(Client& client, const RecordedEvent& event, RenderedEvent& rendered) {
  if (rendered.is_alert()) {
    if (!client.query.alerts ||
        !client.query.filter.MatchesAlert(rendered.alert_platform(), rendered.alert_level())) {
      return;
    }
  } else if (!client.query.filter.Matches(rendered.subject())) {
    return;
  }
  std::shared_ptr<const std::string> text = rendered.Text(client.view);
  if (!text) return;
  switch (client.session->Send(std::move(text), event.position)) {
    case WebSocketSession::SendResult::kQueued:
      counters_->messages_sent.Inc();
      break;
    case WebSocketSession::SendResult::kFull:
      Drop(client, "the client fell behind: its queue reached " +
                       std::to_string(options_.max_queued_messages) + " messages or " +
                       std::to_string(options_.max_queued_bytes) + " bytes");
      break;
    case WebSocketSession::SendResult::kClosed:
      break;
  }
}

void OperationsFeed::SendControl(Client& client, std::string text, std::uint64_t tag) {
  auto shared = std::make_shared<const std::string>(std::move(text));
  switch (client.session->Send(std::move(shared), tag)) {
    case WebSocketSession::SendResult::kQueued:
      counters_->messages_sent.Inc();
      break;
    case WebSocketSession::SendResult::kFull:
      Drop(client, "the client fell behind: its queue is full");
      break;
    case WebSocketSession::SendResult::kClosed:
      break;
  }
}

void OperationsFeed::Drop(Client& client, std::string reason) {
  if (client.dropped.exchange(true)) return;
  counters_->clients_dropped.Inc();
  client.session->Close(kDroppedCloseCode, "slow consumer: resume from the last position",
                        [reason = std::move(reason)](std::uint64_t last_sent) {
                          return DroppedMessage(reason, last_sent);
                        });
}

void OperationsFeed::MaybeRaiseAlert(const RecordedEvent& event,
                                     const std::optional<TicketFacts>& facts) {
  std::string platform = facts && !facts->platform.empty() ? facts->platform : "unknown";
  std::optional<OverdueSpike> spike = detector_.Observe(platform, event.recorded_at_us);
  if (!spike || !options_.append_alerts) return;
  // The id comes from the event that crossed the threshold: a second raiser
  // (another node, a restarted feed replaying it) appends the same id and
  // finds the stream, so one spike is one alert.
  std::string id = "overdue_spike-" + platform + "-" + std::to_string(event.position);
  json::object payload{{"kind", "overdue_spike"},
                       {"platform", platform},
                       {"count", spike->count},
                       {"threshold", detector_.threshold()},
                       {"window_seconds", detector_.window().count()},
                       {"window_start", FormatUtcMicros(spike->window_start_us)},
                       {"window_end", FormatUtcMicros(spike->window_end_us)},
                       {"trigger_position", event.position}};
  if (facts && (facts->level == "city" || facts->level == "county")) payload["level"] = facts->level;
  json::object metadata{{"actor", json::object{{"user", "feed-overdue-spike"}, {"role", "system"}}},
                        {"occurred_at", FormatUtcMicros(event.recorded_at_us)},
                        {"causation_id", event.event_id}};
  AppendRequest request;
  request.stream_id = "alert-" + id;
  request.expected = ExpectedVersion::NoStream();
  request.events.push_back(NewEvent{"alert-" + id, "alert.raised", 1, json::serialize(metadata),
                                    json::serialize(payload)});
  // AppendAsync only queues: the tail thread never waits for the writer.
  log_->AppendAsync(std::move(request), [counters = counters_, id](AppendResult result) {
    if (result.status.ok() && !result.duplicate) {
      counters->alerts_raised.Inc();
    } else if (!result.status.ok() && !result.status.IsConflict()) {
      std::fprintf(stderr, "rexian feed: cannot append alert %s: %s\n", id.c_str(),
                   result.status.ToString().c_str());
    }
  });
}

void OperationsFeed::CatchUpLoop() {
  while (running_) {
    std::vector<std::shared_ptr<Client>> catching_up;
    {
      std::lock_guard lock(clients_mutex_);
      for (const auto& c : clients_) {
        if (!c->live && !c->dropped) catching_up.push_back(c);
      }
    }
    bool progressed = false;
    for (const auto& client : catching_up) progressed |= CatchUpStep(client);
    if (!progressed) {
      std::unique_lock lock(wake_mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(20));
    }
  }
}

bool OperationsFeed::CatchUpStep(const std::shared_ptr<Client>& client) {
  // Leave room for live traffic: the catch-up fills a client's queue to half
  // at most and goes on once the client has read some of it.
  auto queue_half_full = [&] {
    return client->session->queued_messages() * 2 >= options_.max_queued_messages ||
           client->session->queued_bytes() * 2 >= options_.max_queued_bytes;
  };
  if (queue_half_full()) return false;
  std::vector<RecordedEvent> batch;
  Status s = log_->store()->ReadAll(client->next, options_.catch_up_batch, &batch);
  if (!s.ok()) {
    std::lock_guard lock(clients_mutex_);
    Drop(*client, "the log could not be read: " + s.ToString());
    return false;
  }
  bool progressed = false;
  for (const RecordedEvent& event : batch) {
    if (client->dropped) return false;
    if (queue_half_full()) return progressed;  // the rest of the batch is read again later
    std::optional<TicketFacts> facts;
    if (event.stream_id.rfind("ticket-", 0) == 0) facts = index_.Find(event.stream_id);
    RenderedEvent rendered(event, *log_, std::move(facts));
    Deliver(*client, event, rendered);
    client->next = event.position + 1;
    progressed = true;
  }
  if (batch.size() < options_.catch_up_batch) {
    std::lock_guard lock(clients_mutex_);
    // Past the tail: the live tail takes over; it skips what was already sent.
    if (client->next > tail_position_) {
      client->live = true;
      return true;
    }
  }
  return progressed;
}

void OperationsFeed::TickerLoop() {
  auto next_tick = std::chrono::steady_clock::now() + options_.tick_interval;
  while (running_) {
    {
      std::unique_lock lock(wake_mutex_);
      wake_.wait_until(lock, next_tick, [this] { return !running_.load(); });
    }
    if (!running_) return;
    next_tick += options_.tick_interval;
    const auto now = std::chrono::steady_clock::now();
    if (next_tick < now) next_tick = now + options_.tick_interval;
    const std::int64_t now_us = NowMicros();
    detector_.Expire(now_us);
    std::shared_ptr<const std::string> stats;
    if (options_.stats_tick) {
      std::string body = options_.stats_tick();
      if (!body.empty()) stats = std::make_shared<const std::string>(StatsMessage(now_us, body));
    }
    std::lock_guard lock(clients_mutex_);
    for (const auto& client : clients_) {
      if (!client->live || client->dropped) continue;
      if (stats && client->query.stats) {
        if (client->session->Send(stats, 0) == WebSocketSession::SendResult::kFull) {
          Drop(*client, "the client fell behind: its queue is full");
          continue;
        }
        counters_->messages_sent.Inc();
      }
      if (now - client->last_heartbeat >= options_.heartbeat_interval) {
        client->last_heartbeat = now;
        std::uint64_t position = client->next - 1;
        SendControl(*client, HeartbeatMessage(now_us, position), position);
      }
    }
  }
}

void OperationsFeed::ExportMetrics(MetricsRegistry* registry) const {
  registry->AddCollector([counters = counters_](MetricsWriter& writer) {
    writer.WriteGauge("rexian_feed_clients_connected", "Operations feed clients connected now.",
                      counters->clients_connected.value());
    writer.WriteCounter("rexian_feed_messages_sent_total",
                        "Messages queued to operations feed clients, every type.",
                        static_cast<double>(counters->messages_sent.value()));
    writer.WriteCounter("rexian_feed_clients_dropped_total",
                        "Operations feed clients closed for falling behind.",
                        static_cast<double>(counters->clients_dropped.value()));
    writer.WriteCounter("rexian_feed_alerts_raised_total", "Alerts the feed appended to the log.",
                        static_cast<double>(counters->alerts_raised.value()));
    writer.WriteGauge("rexian_feed_position", "Last log position the feed's live tail processed.",
                      static_cast<double>(counters->position.load()));
  });
}

FeedStats OperationsFeed::stats() const {
  FeedStats s;
  {
    std::lock_guard lock(clients_mutex_);
    s.clients_connected = clients_.size();
  }
  s.messages_sent = counters_->messages_sent.value();
  s.clients_dropped = counters_->clients_dropped.value();
  s.alerts_raised = counters_->alerts_raised.value();
  s.position = counters_->position.load();
  return s;
}

}  // namespace rexian::feed

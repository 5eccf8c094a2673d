// FeedServer: a real LMDB log, key store, HttpServer and OperationsFeed on 127.0.0.1 for the feed tests.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <string>

#include "config/token_digest.h"
#include "feed/feed_client.h"
#include "feed/operations_feed.h"
#include "rexian/event_log.h"
#include "rexian/http.h"
#include "support/temp_dir.h"

namespace rexian::testing {

namespace json = boost::json;

inline const char* kOperatorToken = "feed-operator-token";
inline const char* kSupervisorToken = "feed-supervisor-token";  // personal_data: true
inline const char* kAgentToken = "feed-agent-token";

class FeedServer {
 public:
  explicit FeedServer(feed::FeedOptions options = {}) {
    std::vector<User> users{
        {"op", "operator", Role::kOperator, "3203", "", config_internal::TokenSha256Hex(kOperatorToken), false},
        {"sup", "supervisor", Role::kSupervisor, "3203", "",
         config_internal::TokenSha256Hex(kSupervisorToken), true},
        {"agent", "agent", Role::kAgent, "3203", "", config_internal::TokenSha256Hex(kAgentToken), true}};
    users_ = UserDirectory(std::move(users));
    LmdbStoreOptions store_options;
    store_options.path = dir_.sub("log");
    store_options.durability = Durability::kRelaxed;
    store_options.initial_map_bytes = 64ull << 20;
    store_ = std::move(OpenLmdbEventStore(store_options)).value();
    schemas_ = std::move(SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas")).value();
    keys_ = std::move(KeyStore::Open(dir_.sub("keys"))).value();
    log_ = std::make_unique<EventLog>(store_.get(), schemas_.get(), keys_.get());
    auto server = HttpServer::Start(HttpServerOptions{});
    REQUIRE(server.ok());
    server_ = std::move(server).value();
    feed_ = std::make_unique<feed::OperationsFeed>(log_.get(), &users_, std::move(options));
    REQUIRE(feed_->Start().ok());
    feed_->AddRoute(server_.get());
  }
  ~FeedServer() {
    feed_->Stop();
    server_->Stop();
    store_->Close();
  }

  std::uint16_t port() const { return server_->port(); }
  EventLog* log() { return log_.get(); }
  feed::OperationsFeed* feed() { return feed_.get(); }

  // Opens the feed with a bearer token; REQUIREs the upgrade to succeed.
  std::unique_ptr<FeedClient> Connect(const std::string& query, const std::string& token,
                                      int receive_buffer = 0, bool paused = false) {
    UpgradeRefusal refusal;
    auto client = FeedClient::Connect(port(), "/v1/feed" + query,
                                      {{"Authorization", std::string("Bearer ") + token}},
                                      &refusal, receive_buffer, paused);
    INFO(refusal.status << " " << refusal.body);
    REQUIRE(client != nullptr);
    return client;
  }

  // Appends ticket.opened for ticket-<number>; returns its position.
  std::uint64_t Open(const std::string& number, const std::string& phone = "13812345678",
                     const std::string& name = "张三丰", const std::string& level = "city",
                     const std::string& platform = "3203", const std::string& channel = "phone",
                     const std::string& domain = "transport") {
    json::object payload{
        {"number", number},
        {"platform", platform},
        {"level", level},
        {"channel", channel},
        {"text", "学校门口违章停车 call " + phone},
        {"urgency", "normal"},
        {"citizen", json::object{{"name", name}, {"phone", phone}}},
        {"classification", json::object{{"type", "complaint"}, {"domain", domain}}}};
    return Append("ticket-" + number, "ticket.opened", payload, "c-" + number, channel);
  }

  // Appends ticket.overdue for an opened ticket.
  std::uint64_t Overdue(const std::string& number, const std::string& department = "3203-019") {
    json::object payload{{"stage", "resolution"},
                         {"department", department},
                         {"deadline", "2025-05-06T10:00:00+08:00"}};
    return Append("ticket-" + number, "ticket.overdue", payload, "", "");
  }

  std::uint64_t Append(const std::string& stream, const std::string& type,
                       const json::object& payload, const std::string& citizen,
                       const std::string& channel) {
    json::object metadata{{"actor", json::object{{"user", "demo-agent"}, {"role", "agent"}}},
                          {"occurred_at", "2025-05-06T10:00:00+08:00"}};
    if (!citizen.empty()) metadata["citizen"] = citizen;
    if (!channel.empty()) metadata["channel"] = channel;
    AppendRequest request;
    request.stream_id = stream;
    request.events.push_back(
        NewEvent{"", type, 1, json::serialize(metadata), json::serialize(payload)});
    AppendResult result = log_->Append(std::move(request));
    INFO(result.status.ToString());
    REQUIRE(result.status.ok());
    return result.last_position;
  }

 private:
  TempDir dir_;
  UserDirectory users_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<SchemaRegistry> schemas_;
  std::unique_ptr<KeyStore> keys_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<feed::OperationsFeed> feed_;
};

// The next message of `client` whose "type" is `type` (others skipped), parsed; REQUIREs one within `timeout`.
inline json::object NextOfType(FeedClient& client, const std::string& type,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = client.Next(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!text) break;
    json::object message = json::parse(*text).as_object();
    if (message.at("type").as_string() == type) return message;
  }
  FAIL("no '" << type << "' message within the timeout");
  return {};
}

}  // namespace rexian::testing

// ApiServer: the real store, log, views, service and HTTP routes in one test process.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>

#include "api/intake_api.h"
#include "api/ticket_api.h"
#include "config/token_digest.h"
#include "domain/ticket_time.h"
#include "projections/ticket_view.h"
#include "rexian/event_log.h"
#include "rexian/http.h"
#include "server/http_client.h"
#include "service/deadline_watcher.h"
#include "service/ticket_service.h"
#include "support/temp_dir.h"

namespace rexian::testing {

namespace json = boost::json;

// Demo tokens of the shipped configuration (docs/configuration.md).
inline const char* kAgent = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";
inline const char* kTourism = "rxn_jprMoJDiL9zt-GsXrtqXmMgcOV9VkVr4CMOOeMB-f3c";  // dept 3203-019
inline const char* kSupervisor = "rxn_R02Dzs6Fy1tFxFH7BIlnhLGVjfhN4QxixKrhdEa3mKo";
inline const char* kOperator = "test-operator-token";
// Users added by the fixture.
inline const char* kHealth = "test-health-token";  // department 3203-020

// 2025-05-06 10:00 in Xuzhou, a Tuesday after the May Day holiday.
inline ticket::Time At(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  using namespace std::chrono;
  return sys_seconds{sys_days{year{y} / month{mo} / day{d}}} + hours{h - 8} + minutes{mi};
}

class ApiServer {
 public:
  ApiServer() {
    auto config = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
    INFO(config.status().ToString());
    REQUIRE(config.ok());
    config_ = std::move(config).value();
    std::vector<User> users = config_.users.users();
    users.push_back(User{"test-health", "health handler", Role::kDepartment, "3203", "3203-020",
                         config_internal::TokenSha256Hex(kHealth), false});
    users.push_back(User{"test-operator", "operator", Role::kOperator, "3203", "",
                         config_internal::TokenSha256Hex(kOperator), false});
    config_.users = UserDirectory(std::move(users));

    LmdbStoreOptions options;
    options.path = dir_.sub("log");
    store_ = std::move(OpenLmdbEventStore(options)).value();
    schemas_ = std::move(SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas")).value();
    keys_ = std::move(KeyStore::Open(dir_.sub("keys"))).value();
    log_ = std::make_unique<EventLog>(store_.get(), schemas_.get(), keys_.get());
    view_ = std::move(TicketView::Open(dir_.sub("views"), std::chrono::hours(8))).value();
    runner_ = std::make_unique<ProjectionRunner>(store_.get(), view_.get());
    REQUIRE(runner_->Start().ok());
    service_ = std::make_unique<TicketService>(log_.get(), &config_);
    context_ = api::TicketApiContext{&config_, service_.get(), view_.get(), runner_.get(),
                                     [this] { return now_.load(); }};
    auto server = HttpServer::Start(HttpServerOptions{});
    REQUIRE(server.ok());
    server_ = std::move(server).value();
    api::AddTicketRoutes(server_.get(), &context_);
    quarantine_ = std::make_unique<Quarantine>(log_.get(), [this] { return now_.load(); },
                                               std::chrono::hours(8));
    intake_ = std::make_unique<Intake>(service_.get(), view_.get(), quarantine_.get(),
                                       IntakeOptions{[this] { return now_.load(); },
                                                     std::string(32, 's'), true});
    intake_context_ = api::IntakeApiContext{&config_, intake_.get(), quarantine_.get()};
    api::AddIntakeRoutes(server_.get(), &intake_context_);
  }
  ~ApiServer() {
    server_->Stop();
    runner_->Stop();
    store_->Close();
  }

  std::uint16_t port() const { return server_->port(); }
  void SetNow(ticket::Time t) { now_.store(t); }
  ticket::Time now() const { return now_.load(); }

  // A request with a bearer token; body as JSON text.
  HttpClientResponse Call(const std::string& method, const std::string& target,
                          const std::string& token, const std::string& body = "",
                          HttpHeaderList headers = {}) {
    HttpClient client("127.0.0.1", port());
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return client.Request(method, target, body, headers);
  }

  // A command with If-Match; REQUIREs the expected status.
  json::object Command(const std::string& id, const std::string& action, const std::string& token,
                       std::uint64_t version, const std::string& body = "{}", int expect = 200) {
    auto r = Call("POST", "/v1/tickets/" + id + "/" + action, token, body,
                  {{"If-Match", "\"" + std::to_string(version) + "\""}});
    INFO(action << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == expect);
    return json::parse(r.body).as_object();
  }

  // Opens a ticket as the demo agent; returns the response body.
  json::object Open(const std::string& body) {
    auto r = Call("POST", "/v1/tickets", kAgent, body);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body).as_object();
  }

  // GET a ticket, reading our own write up to `position`.
  json::object Get(const std::string& id, std::uint64_t min_position, const std::string& token = kAgent) {
    auto r = Call("GET", "/v1/tickets/" + id + "?min_position=" + std::to_string(min_position), token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body).as_object();
  }

  EventStore* store() { return store_.get(); }
  TicketView* view() { return view_.get(); }
  TicketService* service() { return service_.get(); }
  Intake* intake() { return intake_.get(); }
  Quarantine* quarantine() { return quarantine_.get(); }
  ProjectionRunner* runner() { return runner_.get(); }
  const Config& config() const { return config_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  Config config_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<SchemaRegistry> schemas_;
  std::unique_ptr<KeyStore> keys_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<TicketView> view_;
  std::unique_ptr<ProjectionRunner> runner_;
  std::unique_ptr<TicketService> service_;
  std::atomic<ticket::Time> now_{At(2025, 5, 6, 10)};
  api::TicketApiContext context_;
  std::unique_ptr<Quarantine> quarantine_;
  std::unique_ptr<Intake> intake_;
  api::IntakeApiContext intake_context_;
  std::unique_ptr<HttpServer> server_;
};

inline std::uint64_t U(const json::value& v) { return v.to_number<std::uint64_t>(); }
inline std::string S(const json::value& v) { return std::string(v.as_string()); }

// A tourism complaint: routed to the city tourism bureau (3203-019).
inline const char* kTourismComplaint = R"({
  "channel": "phone",
  "citizen": {"id": "citizen-001", "name": "王先生", "phone": "13812341234"},
  "text": "云龙湖景区停车场乱收费，导游强制购物，请文旅部门处理",
  "location": {"address": "云龙湖景区南门"},
  "classification": {"type": "complaint", "domain": "education_culture_tourism", "subcategory": "0901"}
})";

}  // namespace rexian::testing

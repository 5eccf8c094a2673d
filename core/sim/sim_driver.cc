// SimulationDriver: each request's life as a chain of asynchronous steps.
#include "sim/sim_driver.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"
#include "sim/request_text.h"
#include "sim/sim_random.h"

namespace rexian::sim {
namespace {

namespace json = boost::json;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

ticket::Time At(std::int64_t unix_seconds) { return ticket::Time(std::chrono::seconds(unix_seconds)); }
std::int64_t Unix(ticket::Time t) { return t.time_since_epoch().count(); }

}  // namespace

// One request on its way: where it is in its life and what it learnt.
struct SimulationDriver::Request {
  std::size_t index = 0;
  const PlannedRequest* plan = nullptr;
  SimRandom rng{0};
  std::string id;          // "ticket-<number>"
  std::shared_ptr<LoadedTicket> ticket;  // kept current by ExecuteOn: read once
  std::string department;  // lead department of the current dispatch
  std::int64_t now = 0;    // time of the last step
  std::int64_t deadline = 0;
  int stage = 0;           // next step
  bool reopened = false;   // the reopening has happened
  int commands = 0;        // commands executed so far
};

SimulationDriver::SimulationDriver(const Scenario& scenario, const SimulationPlan& plan,
                                   const Config& config, Intake* intake, TicketService* tickets,
                                   std::atomic<std::int64_t>* clock, DriverOptions options)
    : scenario_(scenario), plan_(plan), config_(config), intake_(intake), tickets_(tickets),
      clock_(clock), options_(std::move(options)), workers_(options_.threads) {}

SimulationDriver::~SimulationDriver() { workers_.Shutdown(); }

Status SimulationDriver::Run(std::size_t first, std::size_t count) {
  const std::size_t end = std::min(plan_.requests.size(), first + count);
  for (std::size_t i = first; i < end; ++i) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return active_ < options_.in_flight || !error_.ok(); });
    if (!error_.ok()) break;
    ++active_;
    lock.unlock();
    Start(i);
    if (options_.progress && (i & 1023) == 0) options_.progress(finished_.load());
  }
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return active_ == 0; });
  return error_;
}

void SimulationDriver::Finish(const std::shared_ptr<Request>& r, Status status) {
  std::lock_guard lock(mu_);
  if (!status.ok() && error_.ok()) {
    error_ = Status::Corruption("simulated request " + std::to_string(r->index) + ": " + status.ToString());
  }
  if (status.ok()) finished_.fetch_add(1);
  --active_;
  cv_.notify_all();
}

std::int64_t SimulationDriver::When(std::int64_t planned) const {
  if (!options_.live) return planned;
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

void SimulationDriver::Start(std::size_t index) {
  auto r = std::make_shared<Request>();
  r->index = index;
  r->plan = &plan_.requests[index];
  r->rng = SimRandom(scenario_.seed ^ (0x5DEECE66Dull * (index + 1)));
  const PlannedRequest& p = *r->plan;
  const Platform& platform = config_.organisation.platforms()[p.platform];
  const std::string& sub = plan_.subcategories[p.subcategory];
  const SubCategory* sc = config_.taxonomy.FindSubCategory(sub);
  const std::chrono::minutes offset = config_.sla.utc_offset.value_or(std::chrono::hours(8));
  RequestWords words = ComposeRequest(scenario_.texts, sub, platform.code, platform.name_zh, p.text_seed);
  json::object contact{
      {"channel", plan_.channels[p.channel]},
      {"channel_message_id", options_.id_prefix + "-" + std::to_string(scenario_.seed) + "-" + std::to_string(index)},
      {"received_at", ticket::FormatTime(At(When(p.received_at)), offset)},
      {"citizen", json::object{{"id", "citizen-" + std::to_string(p.citizen)},
                               {"phone", "1" + std::to_string(3800000000ull + p.citizen % 100000000ull)}}},
      {"text", words.text},
      {"classification", json::object{{"type", config_.taxonomy.types()[p.type].code},
                                      {"domain", sc ? sc->domain_code : ""},
                                      {"subcategory", sub}}}};
  json::object location{{"address", words.address}};
  if (platform.level != PlatformLevel::kCity) location["district_code"] = platform.code;
  contact["location"] = std::move(location);
  r->now = When(p.received_at + 30);
  clock_->store(r->now);
  // Taken in at its own receipt time: submits run concurrently, so the shared
  // clock may already show a later request's time.
  intake_->Submit(ContactSource{"simulator", "", At(r->now)}, json::serialize(contact), [this, r](SubmitOutcome o) {
    if (!o.status.ok()) {
      return Finish(r, o.errors.empty() ? o.status : Status::InvalidArgument(o.ErrorJson()));
    }
    r->id = o.ticket_id;
    if (!workers_.Post([this, r] {
          auto loaded = tickets_->Load(r->id);
          if (!loaded.ok()) return Finish(r, loaded.status());
          r->ticket = std::make_shared<LoadedTicket>(std::move(loaded).value());
          Step(r);
        })) {
      Finish(r, Status::Unavailable("simulator stopping"));
    }
  });
}

void SimulationDriver::Execute(std::shared_ptr<Request> r, ticket::Command command,
                               const ticket::Actor& actor, std::int64_t at, const char* step) {
  at = When(at);
  r->now = at;
  // Unique per command of the request (a reopened request repeats stages).
  const std::string key = options_.id_prefix + "-" + std::to_string(scenario_.seed) + "-" + std::to_string(r->index) + "-" +
                          std::to_string(r->commands++) + "-" + step;
  tickets_->ExecuteOn(r->ticket, std::move(command), actor, At(at), key,
                      [this, r](Result<TicketCommandResult> result) {
                        if (!result.ok()) return Finish(r, result.status());
                        ++r->stage;
                        if (!workers_.Post([this, r] { Step(r); })) Finish(r, Status::Unavailable("simulator stopping"));
                      });
}

void SimulationDriver::PlanAndExecute(std::shared_ptr<Request> r, const char* kind, std::int64_t at) {
  at = When(at);
  DispatchRequest request;
  if (std::string_view(kind) == "reopen") request.reason = "市民对处理结果不满意，重新办理。";
  if (std::string_view(kind) == "redispatch") request.reason = "原承办单位退回，重新派单。";
  auto command = tickets_->PlanDispatch(*r->ticket, request, kind, At(at));
  if (!command.ok()) return Finish(r, command.status());
  if (auto* d = std::get_if<ticket::Dispatch>(&*command)) {
    r->department = d->assignment.lead_department;
    r->deadline = Unix(d->assignment.deadline);
  } else if (auto* d2 = std::get_if<ticket::Redispatch>(&*command)) {
    r->department = d2->assignment.lead_department;
    r->deadline = Unix(d2->assignment.deadline);
  } else if (auto* d3 = std::get_if<ticket::Reopen>(&*command)) {
    r->deadline = Unix(d3->deadline);
  }
  Execute(r, std::move(*command), ticket::UserActor("simulator", Role::kAgent), at, kind);
}

// The steps of a request's life, in order; `stage` says which is next.
void SimulationDriver::Step(std::shared_ptr<Request> r) {
  const PlannedRequest& p = *r->plan;
  const ticket::Actor agent = ticket::UserActor("simulator", Role::kAgent);
  const ticket::Actor supervisor = ticket::UserActor("simulator-supervisor", Role::kSupervisor);
  auto department = [&] { return ticket::UserActor("simulator-department", Role::kDepartment, r->department); };
  auto later = [&](std::int64_t from, std::int64_t span) {
    return r->now + from + static_cast<std::int64_t>(r->rng.Below(static_cast<std::uint64_t>(span)));
  };
  if (p.has(PlannedRequest::kAnswered)) {
    if (r->stage == 0) {
      return Execute(r, ticket::AnswerOnFirstContact{"已按知识库为市民解答。", std::nullopt}, agent, later(60, 600), "answer");
    }
    return Finish(r, Status::OK());
  }
  // Dispatched: 0 dispatch, 1 return?, 2 redispatch?, 3 acknowledge, 4 extension request?,
  // 5 extension approval?, 6 resolve, 7 follow-up, 8 reopen? (back to 3), 9 close.
  switch (r->stage) {
    case 0:
      return PlanAndExecute(r, "dispatch", later(300, 2400));
    case 1:
      if (!p.has(PlannedRequest::kReturned)) { r->stage = 3; return Step(r); }
      return Execute(r, ticket::Return{"不属于本单位职责范围，请重新派单。", ticket::ReturnReason::kNotOurRemit}, department(), later(1800, 3 * kHour), "return");
    case 2:
      return PlanAndExecute(r, "redispatch", later(600, kHour));
    case 3:
      return Execute(r, ticket::Acknowledge{}, department(), later(600, 2 * kHour), "acknowledge");
    case 4:
      if (!p.has(PlannedRequest::kExtended) || r->reopened) { r->stage = 6; return Step(r); }
      return Execute(r, ticket::RequestExtension{At(r->deadline + 3 * kDay), "需要协调多个部门，申请延期。"}, department(),
                     std::min(later(600, kHour), r->deadline - 60), "extension");
    case 5:
      r->deadline += 3 * kDay;
      return Execute(r, ticket::ApproveExtension{At(r->deadline), std::nullopt}, supervisor, later(60, 600), "approve");
    case 6: {
      // The final resolution meets the deadline or misses it as planned; a
      // first resolution before a reopening is on time.
      const bool on_time = p.has(PlannedRequest::kOnTime) || (p.has(PlannedRequest::kReopened) && !r->reopened);
      std::int64_t at;
      if (on_time) {
        const std::int64_t room = std::max<std::int64_t>(120, r->deadline - r->now - 60);
        at = r->now + 60 + static_cast<std::int64_t>(r->rng.Below(static_cast<std::uint64_t>(room)));
        at = std::min(at, r->deadline);
      } else {
        at = std::max(r->now, r->deadline) + kHour + static_cast<std::int64_t>(r->rng.Below(2 * kDay));
      }
      return Execute(r, ticket::Resolve{"已处理完毕，已电话回复市民。"}, department(), at, "resolve");
    }
    case 7: {
      const bool first_of_reopened = p.has(PlannedRequest::kReopened) && !r->reopened;
      const ticket::Rating rating = first_of_reopened ? ticket::Rating::kDissatisfied
                                   : p.rating == 1 ? ticket::Rating::kSatisfied
                                   : p.rating == 2 ? ticket::Rating::kBasicallySatisfied
                                                   : ticket::Rating::kDissatisfied;
      return Execute(r, ticket::RecordFollowUp{rating, rating != ticket::Rating::kDissatisfied, std::nullopt, ticket::FollowUpMethod::kPhone},
                     agent, later(kDay, 6 * kHour), "follow-up");
    }
    case 8:
      if (p.has(PlannedRequest::kReopened) && !r->reopened) {
        r->reopened = true;
        r->stage = 2;  // Execute's success moves on to 3, the acknowledgement
        return PlanAndExecute(r, "reopen", later(kHour, 4 * kHour));
      }
      return Execute(r, ticket::Close{std::nullopt}, agent, later(kHour, 2 * kHour), "close");
    default:
      return Finish(r, Status::OK());
  }
}

}  // namespace rexian::sim

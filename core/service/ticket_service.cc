// TicketService: load, decide, append for work orders.
#include "service/ticket_service.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"
#include "rexian/deadlines.h"
#include "rexian/routing.h"
#include "service/event_metadata.h"

namespace rexian {
namespace {

namespace json = boost::json;
using ticket::Time;

constexpr int kMaxNumberAttempts = 50;

int LocalYear(Time now, std::chrono::minutes offset) {
  auto local = std::chrono::floor<std::chrono::days>(now + offset);
  return static_cast<int>(std::chrono::year_month_day{local}.year());
}

Urgency ConfigUrgency(ticket::Urgency u) {
  return u == ticket::Urgency::kUrgent ? Urgency::kUrgent : Urgency::kNormal;
}

}  // namespace

TicketService::TicketService(EventLog* log, const Config* config)
    : log_(log),
      config_(config),
      numbers_(log->store()),
      utc_offset_(config->sla.utc_offset.value_or(std::chrono::hours(8))) {}

Result<LoadedTicket> TicketService::Load(std::string_view id, bool plaintext) {
  std::vector<RecordedEvent> events;
  Status s = log_->ReadStream(id, 1, ~std::size_t{0},
                              plaintext ? PiiAccess::kPlaintext : PiiAccess::kRedacted, &events);
  if (!s.ok()) return s;
  if (events.empty()) return Status::NotFound("no ticket '" + std::string(id) + "'");
  LoadedTicket loaded;
  loaded.id = std::string(id);
  for (const RecordedEvent& e : events) {
    boost::system::error_code ec;
    json::value metadata = json::parse(e.metadata, ec);
    json::value payload = json::parse(e.payload, ec);
    if (ec || !payload.is_object() || !metadata.is_object()) {
      return Status::Corruption("ticket '" + loaded.id + "' version " +
                                std::to_string(e.stream_version) + " is not JSON");
    }
    Time at{};
    if (const json::value* v = metadata.as_object().if_contains("occurred_at"); v && v->is_string()) {
      at = ticket::ParseTime(v->as_string()).value_or(Time{});
    }
    if (e.type == "ticket.opened") {
      if (const json::value* c = metadata.as_object().if_contains("citizen"); c && c->is_string()) {
        loaded.citizen = std::string(c->as_string());
      }
      if (const json::value* t = payload.as_object().if_contains("text"); t && t->is_string()) {
        loaded.text = std::string(t->as_string());
      }
    }
    ticket::Evolve(loaded.state, e.type, payload.as_object(), at);
  }
  return loaded;
}

Status TicketService::CheckClassification(const ticket::Classification& c) const {
  const Taxonomy& t = config_->taxonomy;
  if (t.FindTypeByKey(c.type_code) == nullptr) {
    return Status::InvalidArgument("classification.type: unknown type '" + c.type_code + "'");
  }
  const Domain* domain = t.FindDomainByKey(c.domain_code);
  if (domain == nullptr) {
    return Status::InvalidArgument("classification.domain: unknown domain '" + c.domain_code + "'");
  }
  if (c.subcategory_code) {
    const SubCategory* sub = t.FindSubCategory(*c.subcategory_code);
    if (sub == nullptr) {
      return Status::InvalidArgument("classification.subcategory: unknown sub-category '" +
                                     *c.subcategory_code + "'");
    }
    if (sub->domain_code != domain->code) {
      return Status::InvalidArgument("classification.subcategory: '" + *c.subcategory_code +
                                     "' belongs to another domain than '" + c.domain_code + "'");
    }
  }
  return Status::OK();
}

Result<TicketCommandResult> TicketService::FindWritten(const std::string& event_id) {
  auto position = log_->store()->PositionOf(event_id);
  if (!position.ok()) return position.status();
  auto event = log_->store()->ReadAt(*position);
  if (!event.ok()) return event.status();
  auto version = log_->store()->StreamVersion(event->stream_id);
  if (!version.ok()) return version.status();
  TicketCommandResult r;
  r.id = event->stream_id;
  r.number = r.id.substr(std::string_view("ticket-").size());
  r.version = *version;
  r.position = *position;
  r.events = {event->type};
  r.duplicate = true;
  return r;
}

void TicketService::Open(OpenTicketRequest request, const ticket::Actor& actor, Time now,
                         TicketCallback done) {
  const Platform* platform = config_->organisation.FindPlatform(request.open.platform_code);
  if (platform == nullptr) {
    done(Result<TicketCommandResult>(Status::InvalidArgument(
        "platform: unknown platform '" + request.open.platform_code + "'")));
    return;
  }
  request.open.level =
      platform->level == PlatformLevel::kCity ? ticket::Level::kCity : ticket::Level::kCounty;
  if (request.open.classification) {
    if (Status s = CheckClassification(*request.open.classification); !s.ok()) {
      done(Result<TicketCommandResult>(s));
      return;
    }
  }
  if (!request.idempotency_key.empty()) {
    auto earlier = FindWritten(request.idempotency_key + "#0");
    if (earlier.ok() || !earlier.status().IsNotFound()) {
      done(std::move(earlier));
      return;
    }
  }
  TryOpen(std::make_shared<OpenTicketRequest>(std::move(request)), actor, now, 0, std::move(done));
}

void TicketService::TryOpen(std::shared_ptr<OpenTicketRequest> request, ticket::Actor actor,
                            Time now, int attempt, TicketCallback done) {
  auto number = numbers_.Next(request->open.platform_code, LocalYear(now, utc_offset_));
  if (!number.ok()) {
    done(Result<TicketCommandResult>(number.status()));
    return;
  }
  request->open.number = *number;
  ticket::CommandContext context{actor, now, utc_offset_};
  auto events = ticket::Decide(ticket::TicketState{}, ticket::Command(request->open), context);
  if (!events.ok()) {
    done(Result<TicketCommandResult>(events.status()));
    return;
  }
  const std::string id = TicketNumbers::StreamOf(*number);
  AppendDecided(id, *number, request->citizen, ExpectedVersion::NoStream(), std::move(events).value(),
                actor, now, request->idempotency_key,
                [this, request, actor, now, attempt, done](Result<TicketCommandResult> r) {
                  if (!r.ok() && r.status().IsConflict() && attempt + 1 < kMaxNumberAttempts) {
                    // Someone else holds this number (another node): take the next.
                    TryOpen(request, actor, now, attempt + 1, done);
                  } else if (!r.ok() && r.status().IsInvalidArgument() &&
                             !request->idempotency_key.empty()) {
                    // A concurrent retry of the same request won the race.
                    done(FindWritten(request->idempotency_key + "#0"));
                  } else {
                    done(std::move(r));
                  }
                });
}

void TicketService::Execute(const std::string& id, std::optional<std::uint64_t> expected_version,
                            ticket::Command command, const ticket::Actor& actor, Time now,
                            const std::string& idempotency_key, TicketCallback done) {
  auto loaded = Load(id);
  if (!loaded.ok()) {
    done(Result<TicketCommandResult>(loaded.status()));
    return;
  }
  const std::uint64_t version = loaded->state.version;
  if (expected_version && *expected_version != version) {
    done(Result<TicketCommandResult>(Status::Conflict(
        "ticket '" + id + "' is at version " + std::to_string(version) +
        ", not the expected " + std::to_string(*expected_version))));
    return;
  }
  ExecuteOn(std::make_shared<LoadedTicket>(std::move(loaded).value()), std::move(command), actor,
            now, idempotency_key, std::move(done));
}

void TicketService::ExecuteOn(std::shared_ptr<LoadedTicket> known, ticket::Command command,
                              const ticket::Actor& actor, Time now,
                              const std::string& idempotency_key, TicketCallback done) {
  ticket::CommandContext context{actor, now, utc_offset_};
  auto events = ticket::Decide(known->state, command, context);
  if (!events.ok()) {
    done(Result<TicketCommandResult>(events.status()));
    return;
  }
  const ticket::TicketState& state = known->state;
  if (events->empty()) {
    done(TicketCommandResult{known->id, state.number, state.version, 0, {}, false});
    return;
  }
  // The payloads are serialised by AppendDecided; keep the objects to fold.
  auto decided = std::make_shared<std::vector<ticket::PendingEvent>>(*events);
  AppendDecided(known->id, state.number, known->citizen, ExpectedVersion::Exact(state.version),
                std::move(events).value(), actor, now, idempotency_key,
                [this, known, decided, now, done = std::move(done)](Result<TicketCommandResult> r) {
                  if (r.ok() && !r->duplicate) {
                    for (const ticket::PendingEvent& e : *decided) {
                      ticket::Evolve(known->state, e.type, e.payload, now);
                    }
                  } else if (r.ok()) {
                    // A retry of events written earlier: the stream is the truth.
                    auto reloaded = Load(known->id);
                    if (!reloaded.ok()) return done(Result<TicketCommandResult>(reloaded.status()));
                    known->state = std::move(reloaded->state);
                  }
                  done(std::move(r));
                });
}

void TicketService::AppendDecided(const std::string& id, const std::string& number,
                                  const std::string& citizen, ExpectedVersion expected,
                                  std::vector<ticket::PendingEvent> events,
                                  const ticket::Actor& actor, Time now,
                                  const std::string& idempotency_key, TicketCallback done) {
  AppendRequest request;
  request.stream_id = id;
  request.expected = expected;
  const std::string metadata = EventMetadataJson(actor, now, utc_offset_, citizen, {});
  std::vector<std::string> types;
  for (std::size_t i = 0; i < events.size(); ++i) {
    NewEvent e;
    if (!idempotency_key.empty()) e.event_id = idempotency_key + "#" + std::to_string(i);
    e.type = events[i].type;
    e.schema_version = events[i].schema_version;
    e.metadata = metadata;
    e.payload = json::serialize(events[i].payload);
    types.push_back(e.type);
    request.events.push_back(std::move(e));
  }
  log_->AppendAsync(std::move(request), [id, number, types = std::move(types),
                                         done = std::move(done)](AppendResult r) {
    if (!r.status.ok()) {
      if (r.status.IsConflict()) {
        done(Result<TicketCommandResult>(Status::Conflict(
            "ticket '" + id + "' changed meanwhile: it is at version " +
            std::to_string(r.stream_version))));
      } else {
        done(Result<TicketCommandResult>(r.status));
      }
      return;
    }
    done(TicketCommandResult{id, number, r.stream_version, r.last_position, types, r.duplicate});
  });
}

Result<ticket::Command> TicketService::PlanDispatch(const LoadedTicket& ticket,
                                                    const DispatchRequest& request,
                                                    std::string_view kind, Time now) {
  const ticket::TicketState& s = ticket.state;
  if (!s.classification) {
    return Status::Conflict("ticket " + s.number + " is '" + std::string(ticket::StatusName(s.status)) +
                            "': cannot '" + std::string(kind) + "' before it is classified");
  }
  const Organisation& org = config_->organisation;
  ticket::Assignment a;
  if (kind == "reopen") {
    a.lead_department = s.lead_department;
    a.assisting_departments = s.assisting_departments;
  } else if (request.lead_department) {
    if (org.FindDepartment(*request.lead_department) == nullptr) {
      return Status::InvalidArgument("lead_department: unknown department '" +
                                     *request.lead_department + "'");
    }
    a.lead_department = *request.lead_department;
    for (const std::string& d : request.assisting_departments) {
      if (org.FindDepartment(d) == nullptr) {
        return Status::InvalidArgument("assisting_departments: unknown department '" + d + "'");
      }
    }
    a.assisting_departments = request.assisting_departments;
  } else {
    RoutingRequest routing;
    routing.subcategory_code = s.classification->subcategory_code.value_or("");
    routing.location_code = s.platform_code;
    routing.text = ticket.text;
    routing.type = s.classification->type_code;
    routing.received_at = s.opened_at;
    auto decision = Route(*config_, routing);
    if (!decision.ok()) return decision.status();
    a.lead_department = decision->lead_department_code;
    a.assisting_departments = decision->assisting_department_codes;
    a.routing_rule_id = decision->rule_id;
  }
  SlaRequest sla;
  sla.type = s.classification->type_code;
  sla.domain = s.classification->domain_code;
  sla.subcategory_code = s.classification->subcategory_code.value_or("");
  sla.urgency = ConfigUrgency(s.urgency);
  sla.received_at = s.opened_at;
  sla.dispatched_at = now;
  auto deadline = ComputeSla(*config_, sla);
  if (!deadline.ok()) return deadline.status();
  a.deadline = deadline->deadline;
  a.acknowledge_deadline = deadline->acknowledge_by;
  a.sla_policy_id = deadline->policy_id;
  a.instructions = request.instructions;
  if (kind == "dispatch") return ticket::Command(ticket::Dispatch{a});
  if (kind == "redispatch") return ticket::Command(ticket::Redispatch{a, request.reason});
  return ticket::Command(ticket::Reopen{request.reason.value_or(""), a.deadline,
                                        a.acknowledge_deadline, a.sla_policy_id});
}

}  // namespace rexian

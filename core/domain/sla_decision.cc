// ComputeSla: the SLA policy that applies to a request, and its deadlines.
#include <algorithm>
#include <vector>

#include "rexian/deadlines.h"

namespace rexian {

namespace {

// A request's classification as taxonomy codes.
struct Classification {
  std::string type_code;
  std::string domain_code;       // may be empty
  std::string subcategory_code;  // may be empty
};

Result<Classification> Classify(const Taxonomy& taxonomy, const SlaRequest& request) {
  Classification out;
  const TaxonomyType* type = taxonomy.FindType(request.type);
  if (type == nullptr) type = taxonomy.FindTypeByKey(request.type);
  if (type == nullptr) {
    return Status::InvalidArgument("unknown request type \"" + request.type + "\"");
  }
  out.type_code = type->code;
  if (!request.domain.empty()) {
    const Domain* domain = taxonomy.FindDomain(request.domain);
    if (domain == nullptr) domain = taxonomy.FindDomainByKey(request.domain);
    if (domain == nullptr) {
      return Status::InvalidArgument("unknown domain \"" + request.domain + "\"");
    }
    out.domain_code = domain->code;
  }
  if (!request.subcategory_code.empty()) {
    const SubCategory* sub = taxonomy.FindSubCategory(request.subcategory_code);
    if (sub == nullptr) {
      return Status::InvalidArgument("unknown sub-category \"" + request.subcategory_code + "\"");
    }
    if (!out.domain_code.empty() && out.domain_code != sub->domain_code) {
      return Status::InvalidArgument("sub-category \"" + sub->code + "\" is not in domain \"" +
                                     request.domain + "\"");
    }
    out.domain_code = sub->domain_code;
    out.subcategory_code = sub->code;
  }
  return out;
}

// An empty condition list accepts anything; otherwise the value must be listed.
bool Accepts(const std::vector<std::string>& condition, const std::string& value) {
  return condition.empty() ||
         std::find(condition.begin(), condition.end(), value) != condition.end();
}

// Every condition but during_holiday, which needs the calendar.
bool MeetsClassification(const SlaMatch& match, const Classification& request, Urgency urgency) {
  return Accepts(match.type_codes, request.type_code) &&
         Accepts(match.domain_codes, request.domain_code) &&
         Accepts(match.subcategory_codes, request.subcategory_code) &&
         (!match.urgency || *match.urgency == urgency);
}

// The end of the day of dispatch, or of the next day when dispatched at or
// after the policy's cutoff, or in the very last second of the day.
UtcTime SameDayDeadline(const SlaPolicy& policy, const DeadlineCalendar& calendar,
                        UtcTime dispatched_at) {
  const CivilDate day = calendar.LocalDate(dispatched_at);
  const auto time_of_day = dispatched_at - calendar.StartOfDay(day);
  const bool late = (policy.next_day_after && time_of_day >= *policy.next_day_after) ||
                    calendar.EndOfDay(day) <= dispatched_at;
  if (!late) return calendar.EndOfDay(day);
  return calendar.EndOfDay(CivilDate{std::chrono::sys_days{day} + std::chrono::days{1}});
}

Result<UtcTime> ResolveDeadline(const SlaPolicy& policy, const DeadlineCalendar& calendar,
                                UtcTime dispatched_at) {
  const ResolveLimit& limit = policy.resolve;
  switch (limit.kind) {
    case ResolveLimitKind::kWorkingDays: {
      auto deadline = calendar.AddWorkingDays(dispatched_at, limit.amount);
      // 0 working days from the last second of a working day: the next one.
      if (deadline.ok() && *deadline <= dispatched_at) {
        return calendar.AddWorkingDays(dispatched_at, 1);
      }
      return deadline;
    }
    case ResolveLimitKind::kSameDay:
      return SameDayDeadline(policy, calendar, dispatched_at);
    case ResolveLimitKind::kHours:
      return dispatched_at + std::chrono::hours{limit.amount};
  }
  return Status::InvalidArgument("unknown resolve limit");
}

}  // namespace

Result<SlaDecision> ComputeSla(const Config& config, const SlaRequest& request) {
  auto classified = Classify(config.taxonomy, request);
  if (!classified.ok()) return classified.status();
  if (config.sla.policies.empty()) {
    return Status::NotFound("no SLA policies are configured (the `sla` section)");
  }
  auto calendar = DeadlineCalendar::FromConfig(config);
  if (!calendar.ok()) return calendar.status();

  // Looked up at most once, and only when a policy asks.
  std::optional<Result<const Holiday*>> holiday;
  auto received_on_holiday = [&]() -> Result<bool> {
    if (!holiday) holiday = calendar->HolidayOn(calendar->LocalDate(request.received_at));
    if (!holiday->ok()) return holiday->status();
    return **holiday != nullptr;
  };

  // Most specific first (file order among equals, which LoadConfig keeps
  // from overlapping), so the first policy that applies is the one, and the
  // holiday is looked up only if a policy that could win asks for it.
  std::vector<const SlaPolicy*> candidates;
  for (const SlaPolicy& policy : config.sla.policies) candidates.push_back(&policy);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const SlaPolicy* a, const SlaPolicy* b) {
                     return a->match.Specificity() > b->match.Specificity();
                   });
  const SlaPolicy* chosen = nullptr;
  for (const SlaPolicy* policy : candidates) {
    if (!MeetsClassification(policy->match, *classified, request.urgency)) continue;
    if (policy->match.during_holiday) {
      auto on_holiday = received_on_holiday();
      if (!on_holiday.ok()) return on_holiday.status();
      if (*on_holiday != *policy->match.during_holiday) continue;
    }
    chosen = policy;
    break;
  }
  if (chosen == nullptr) {
    return Status::NotFound("no SLA policy applies to a request of type \"" + request.type + "\"");
  }

  auto deadline = ResolveDeadline(*chosen, *calendar, request.dispatched_at);
  if (!deadline.ok()) return deadline.status();
  SlaDecision decision{chosen->id, *deadline, std::nullopt, std::nullopt};
  if (chosen->dispatch_within_minutes) {
    decision.dispatch_by =
        request.received_at + std::chrono::minutes{*chosen->dispatch_within_minutes};
  }
  if (chosen->acknowledge_within_hours) {
    // Never after the deadline: acknowledging is part of resolving in time.
    decision.acknowledge_by = std::min(
        *deadline, request.dispatched_at + std::chrono::hours{*chosen->acknowledge_within_hours});
  }
  return decision;
}

Result<SlaDecision> ComputeSla(const Config& config, std::string_view type, std::string_view domain,
                               std::string_view subcategory_code, Urgency urgency,
                               UtcTime dispatched_at) {
  SlaRequest request;
  request.type = type;
  request.domain = domain;
  request.subcategory_code = subcategory_code;
  request.urgency = urgency;
  request.received_at = dispatched_at;
  request.dispatched_at = dispatched_at;
  return ComputeSla(config, request);
}

}  // namespace rexian

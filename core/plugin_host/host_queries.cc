// HostQueries: configuration sections and public ticket views as JSON, for plugins.
#include "plugin_host/host_queries.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"
#include "intake/intake.h"
#include "projections/ticket_view.h"
#include "rexian/config.h"
#include "rexian/event_log.h"

namespace rexian {

namespace {

namespace json = boost::json;

constexpr std::int64_t kDefaultLimit = 50;
constexpr std::int64_t kMaxLimit = 1000;
constexpr std::size_t kOpenScanBatch = 256;

json::array Strings(const std::vector<std::string>& strings) {
  json::array out;
  for (const std::string& s : strings) out.emplace_back(s);
  return out;
}

json::object TaxonomyJson(const Taxonomy& taxonomy) {
  json::array types;
  for (const TaxonomyType& t : taxonomy.types()) {
    types.push_back(json::object{{"code", t.code},
                                 {"key", t.key},
                                 {"name_zh", t.name_zh},
                                 {"name_en", t.name_en},
                                 {"keywords", Strings(t.keywords)}});
  }
  json::array domains;
  for (const Domain& d : taxonomy.domains()) {
    json::array subcategories;
    for (const SubCategory& s : d.subcategories) {
      subcategories.push_back(json::object{{"code", s.code},
                                           {"name_zh", s.name_zh},
                                           {"name_en", s.name_en},
                                           {"keywords", Strings(s.keywords)}});
    }
    domains.push_back(json::object{{"code", d.code},
                                   {"key", d.key},
                                   {"name_zh", d.name_zh},
                                   {"name_en", d.name_en},
                                   {"subcategories", std::move(subcategories)}});
  }
  return {{"types", std::move(types)}, {"domains", std::move(domains)}};
}

json::object OrganisationJson(const Organisation& organisation) {
  json::array platforms;
  for (const Platform& p : organisation.platforms()) {
    platforms.push_back(json::object{
        {"code", p.code},
        {"name_zh", p.name_zh},
        {"name_en", p.name_en},
        {"level", PlatformLevelName(p.level)},
        {"parent", p.parent_code.empty() ? json::value(nullptr) : json::value(p.parent_code)}});
  }
  json::array departments;
  for (const Department& d : organisation.departments()) {
    departments.push_back(json::object{{"code", d.code},
                                       {"kind", d.kind},
                                       {"name_zh", d.name_zh},
                                       {"name_en", d.name_en},
                                       {"platform", d.platform_code}});
  }
  return {{"platforms", std::move(platforms)}, {"departments", std::move(departments)}};
}

// The members of a ticket's public view that live only in its events: the
// latest department reply (the citizen's to read, hence sealed with the
// citizen's key and read in plaintext here) and the district named at intake.
struct StreamExtras {
  json::value reply = nullptr;
  json::value district_code = nullptr;
};

Result<StreamExtras> ReadExtras(const EventLog& log, const std::string& stream_id) {
  std::vector<RecordedEvent> events;
  Status s = log.ReadStream(stream_id, 1, ~std::size_t{0}, PiiAccess::kPlaintext, &events);
  if (!s.ok()) return s;
  StreamExtras extras;
  for (const RecordedEvent& e : events) {
    if (e.type != "ticket.opened" && e.type != "ticket.resolved") continue;
    boost::system::error_code ec;
    json::value payload = json::parse(e.payload, ec);
    if (ec || !payload.is_object()) {
      return Status::Corruption(stream_id + " v" + std::to_string(e.stream_version) +
                                ": payload is not a JSON object");
    }
    const json::object& p = payload.as_object();
    if (e.type == "ticket.resolved") {
      const json::value* reply = p.if_contains("reply");
      // A forgotten citizen's reply reads as the redaction marker: there is no reply to show.
      if (reply != nullptr && reply->is_string() && reply->as_string() != kRedactedMarker) {
        extras.reply = *reply;
      }
    } else if (const json::value* location = p.if_contains("location");
               location != nullptr && location->is_object()) {
      if (const json::value* code = location->as_object().if_contains("district_code")) {
        extras.district_code = *code;
      }
    }
  }
  return extras;
}

bool IsStatusName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ticket::TicketStatus::kMerged); ++i) {
    if (ticket::StatusName(static_cast<ticket::TicketStatus>(i)) == name) return true;
  }
  return false;
}

// A parsed list_tickets query.
struct ListQuery {
  TicketFilter filter;
  bool open_only = false;  // "status": "open"
  std::size_t limit = kDefaultLimit;
  std::string cursor;
};

Result<ListQuery> ParseListQuery(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return Status::InvalidArgument("query: expected a JSON object");
  }
  ListQuery q;
  for (const auto& [key, value] : parsed.as_object()) {
    const std::string name(key);
    if (name == "limit") {
      if (!value.is_int64() || value.as_int64() < 1 || value.as_int64() > kMaxLimit) {
        return Status::InvalidArgument("limit: expected an integer from 1 to 1000");
      }
      q.limit = static_cast<std::size_t>(value.as_int64());
      continue;
    }
    if (!value.is_string()) return Status::InvalidArgument(name + ": expected a string");
    std::string text_value(value.as_string());
    if (name == "channel") {
      q.filter.channel = text_value;
    } else if (name == "status") {
      if (text_value == "open") {
        q.open_only = true;
      } else if (IsStatusName(text_value)) {
        q.filter.status = text_value;
      } else {
        return Status::InvalidArgument(
            "status: expected \"open\", \"closed\" or a ticket status "
            "name, got \"" +
            text_value + "\"");
      }
    } else if (name == "type") {
      q.filter.type = text_value;
    } else if (name == "domain") {
      q.filter.domain = text_value;
    } else if (name == "subcategory") {
      q.filter.subcategory = text_value;
    } else if (name == "platform") {
      q.filter.platform = text_value;
    } else if (name == "department") {
      q.filter.department = text_value;
    } else if (name == "opened_from" || name == "opened_to") {
      auto time = ticket::ParseTime(text_value);
      if (!time) return Status::InvalidArgument(name + ": expected an RFC 3339 date-time");
      (name == "opened_from" ? q.filter.created_from : q.filter.created_to) = *time;
    } else if (name == "cursor") {
      q.cursor = text_value;
    } else {
      return Status::InvalidArgument("unknown member \"" + name + "\"");
    }
  }
  return q;
}

// Shared by GetTicket and ListTickets: one ticket's public view.
Result<json::object> PublicTicket(const TicketDocument& doc, const TicketView& view,
                                  const EventLog& log) {
  json::object ticket = TicketDocumentToJson(doc, view.utc_offset());
  ticket.erase("citizen");  // pseudonymous, but still about a person: not for channels
  auto extras = ReadExtras(log, doc.id);
  if (!extras.ok()) return extras.status();
  ticket["reply"] = std::move(extras->reply);
  ticket["district_code"] = std::move(extras->district_code);
  return ticket;
}

}  // namespace

HostQueries::HostQueries(const Config* config, Intake* intake, TicketView* view, EventLog* log)
    : config_(config), intake_(intake), view_(view), log_(log) {}

Result<std::string> HostQueries::ConfigSection(std::string_view section) const {
  if (section == "taxonomy") return json::serialize(TaxonomyJson(config_->taxonomy));
  if (section == "organisation") return json::serialize(OrganisationJson(config_->organisation));
  if (section == "server") {
    return json::serialize(json::object{{"utc_offset_minutes", view_->utc_offset().count()}});
  }
  return Status::NotFound("no configuration section \"" + std::string(section) +
                          "\" for plugins (taxonomy, organisation, server)");
}

Result<std::string> HostQueries::GetTicket(std::string_view id_or_number) const {
  auto doc = view_->Get(id_or_number);
  if (!doc.ok()) return doc.status();
  auto ticket = PublicTicket(*doc, *view_, *log_);
  if (!ticket.ok()) return ticket.status();
  return json::serialize(*ticket);
}

Result<std::string> HostQueries::ListTickets(std::string_view query_json) const {
  auto query = ParseListQuery(query_json);
  if (!query.ok()) return query.status();
  // "open" is "neither closed nor merged", which the view's filter cannot
  // say: page through the other conditions' matches and skip terminal ones.
  // The cursor handed out is the position of the last ticket returned, as
  // the view's own cursors are.
  std::vector<TicketDocument> items;
  bool more = false;
  std::string cursor = query->cursor;
  const std::size_t batch = query->open_only ? kOpenScanBatch : query->limit + 1;
  while (!more) {
    auto page = view_->List(query->filter, batch, cursor);
    if (!page.ok() && page.status().IsInvalidArgument()) {
      return Status::InvalidArgument("cursor: not a cursor list_tickets handed out");
    }
    if (!page.ok()) return page.status();
    for (TicketDocument& doc : page->items) {
      if (query->open_only && ticket::IsTerminal(doc.state.status)) continue;
      if (items.size() == query->limit) {
        more = true;
        break;
      }
      items.push_back(std::move(doc));
    }
    if (!page->next) break;
    cursor = *page->next;
  }
  json::array out;
  for (const TicketDocument& doc : items) {
    auto ticket = PublicTicket(doc, *view_, *log_);
    if (!ticket.ok()) return ticket.status();
    out.push_back(std::move(ticket).value());
  }
  json::object answer{{"items", std::move(out)}};
  answer["next"] =
      more ? json::value(std::to_string(items.back().opened_position)) : json::value(nullptr);
  return json::serialize(answer);
}

Result<std::string> HostQueries::FindContact(std::string_view channel,
                                             std::string_view channel_message_id) const {
  auto found = intake_->FindContact(channel, channel_message_id);
  if (!found.ok()) return found.status();
  return json::serialize(
      json::object{{"ticket_number", found->ticket_number}, {"ticket_id", found->ticket_id}});
}

}  // namespace rexian

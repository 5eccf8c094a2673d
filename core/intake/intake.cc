// Intake: validate, deduplicate, pseudonymise, classify, then open or add to a ticket.
#include "intake/intake.h"

#include <boost/json.hpp>
#include <regex>

#include "intake/classification_suggestion.h"
#include "intake/contact_reader.h"
#include "intake/quarantine.h"
#include "intake/work_queue.h"
#include "projections/ticket_view.h"
#include "rexian/digest.h"
#include "rexian/routing.h"
#include "rexian/schema_registry.h"
#include "service/ticket_service.h"

namespace rexian {
namespace {

namespace json = boost::json;

std::string NumberOf(const std::string& stream_id) {
  constexpr std::string_view kPrefix = "ticket-";
  return stream_id.rfind(kPrefix, 0) == 0 ? stream_id.substr(kPrefix.size()) : stream_id;
}

SubmitOutcome Accepted(const TicketCommandResult& r) {
  SubmitOutcome out;
  out.ticket_id = r.id;
  out.ticket_number = r.number.empty() ? NumberOf(r.id) : r.number;
  out.duplicate = r.duplicate;
  out.attached = !r.events.empty() && r.events.front() == "ticket.contact_added";
  out.position = r.duplicate ? 0 : r.position;
  return out;
}

SubmitOutcome Failed(Status status) {
  SubmitOutcome out;
  out.status = std::move(status);
  return out;
}

// Ticket numbers a citizen may quote: "320302-2025-0000042".
std::vector<std::string> QuotedNumbers(const std::string& text) {
  static const std::regex kNumber("[0-9]{4,6}-20[0-9]{2}-[0-9]{7}");
  std::vector<std::string> numbers;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kNumber);
       it != std::sregex_iterator() && numbers.size() < 5; ++it) {
    numbers.push_back(it->str());
  }
  return numbers;
}

}  // namespace

std::string ContactKey(std::string_view channel, std::string_view channel_message_id) {
  return "contact-" + Sha256Hex(std::string(channel) + "\n" + std::string(channel_message_id));
}

std::string PseudonymOf(std::string_view secret, std::string_view channel,
                        std::string_view channel_citizen_id) {
  return "c-" + HmacSha256Hex(secret, std::string(channel) + "\n" + std::string(channel_citizen_id))
                    .substr(0, 32);
}

struct Intake::Impl {
  Impl(TicketService* t, TicketView* v, Quarantine* q, IntakeOptions o)
      : tickets(t),
        view(v),
        quarantine(q),
        options(std::move(o)),
        classifier(t->config().taxonomy),
        workers(options.workers) {}

  TicketService* tickets;
  TicketView* view;
  Quarantine* quarantine;
  IntakeOptions options;
  KeywordClassifier classifier;
  WorkQueue workers;  // last: its threads use the members above

  // Collects every problem with the contact (schema, then configuration).
  std::optional<ContactFields> Check(const ContactSource& source, const std::string& raw,
                                     std::vector<FieldError>* errors) const;
  void Refuse(const ContactSource& source, const std::string& raw, std::vector<FieldError> errors,
              bool keep, SubmitCallback done) const;
  // The open ticket of the same citizen this contact follows up, if any.
  std::optional<std::string> FollowedUpTicket(const ContactFields& contact,
                                              const std::string& citizen) const;
  // Both write with `now` as the events' business time.
  void Attach(const std::string& ticket_id, ContactFields contact, const std::string& citizen,
              const std::string& key, ticket::Actor actor, ticket::Time now, SubmitCallback done);
  void Open(ContactFields contact, const std::string& citizen, const std::string& key,
            const ticket::Actor& actor, ticket::Time now, SubmitCallback done);
};

Intake::Intake(TicketService* tickets, TicketView* view, Quarantine* quarantine,
               IntakeOptions options)
    : impl_(std::make_unique<Impl>(tickets, view, quarantine, std::move(options))) {}

Intake::~Intake() { impl_->workers.Shutdown(); }

std::string Intake::Pseudonymize(std::string_view channel, std::string_view channel_citizen_id) const {
  return PseudonymOf(impl_->options.pseudonym_secret, channel, channel_citizen_id);
}

std::optional<ContactFields> Intake::Impl::Check(const ContactSource& source,
                                                 const std::string& raw,
                                                 std::vector<FieldError>* errors) const {
  boost::system::error_code ec;
  json::value doc = json::parse(raw, ec);
  if (ec) {
    errors->push_back({"", "not a JSON document: " + ec.message()});
    return std::nullopt;
  }
  if (!doc.is_object()) {
    errors->push_back({"", "must be a JSON object"});
    return std::nullopt;
  }
  std::vector<SchemaViolation> violations;
  if (!tickets->log()->schemas()->ValidateContact(doc, &violations).ok()) {
    for (SchemaViolation& v : violations) errors->push_back({std::move(v.pointer), std::move(v.rule)});
    if (errors->empty()) errors->push_back({"", "does not conform to contact.schema.json"});
    return std::nullopt;
  }
  ContactFields contact = ReadContact(doc.as_object(), tickets->config(), errors);
  if (!source.channel.empty() && contact.channel != source.channel) {
    errors->push_back({"/channel", "must be '" + source.channel + "', the channel of '" +
                                       source.name + "'"});
  }
  if (!errors->empty()) return std::nullopt;
  return contact;
}

void Intake::Impl::Refuse(const ContactSource& source, const std::string& raw,
                          std::vector<FieldError> errors, bool keep, SubmitCallback done) const {
  std::string message = "contact refused: ";
  for (std::size_t i = 0; i < errors.size() && i < 5; ++i) {
    if (i > 0) message += "; ";
    message += (errors[i].field.empty() ? std::string("(root)") : errors[i].field) + ": " +
               errors[i].message;
  }
  if (errors.size() > 5) message += "; and " + std::to_string(errors.size() - 5) + " more";
  SubmitOutcome out = Failed(Status::InvalidArgument(message));
  out.errors = std::move(errors);
  if (!keep || quarantine == nullptr) {
    done(std::move(out));
    return;
  }
  // Seal the raw text under the citizen's pseudonym when it names one, so
  // forgetting the citizen covers the quarantine too.
  std::string citizen;
  boost::system::error_code ec;
  const json::value doc = json::parse(raw, ec);
  if (!ec && doc.is_object()) {
    const json::object& o = doc.as_object();
    const json::value* channel = o.if_contains("channel");
    const json::value* who = o.if_contains("citizen");
    if (channel && channel->is_string() && who && who->is_object()) {
      const json::value* id = who->as_object().if_contains("id");
      if (id && id->is_string() && !id->as_string().empty()) {
        citizen = PseudonymOf(options.pseudonym_secret, channel->as_string(), id->as_string());
      }
    }
  }
  auto shared = std::make_shared<SubmitOutcome>(std::move(out));
  quarantine->Add(source, raw, shared->errors, citizen,
                  [shared, done = std::move(done)](Result<std::string> id) {
                    if (id.ok()) {
                      shared->quarantine_id = *id;
                    } else {
                      shared->status = Status::InvalidArgument(
                          shared->status.message() +
                          " (it could not be quarantined: " + id.status().message() + ")");
                    }
                    done(std::move(*shared));
                  });
}

std::optional<std::string> Intake::Impl::FollowedUpTicket(const ContactFields& contact,
                                                          const std::string& citizen) const {
  if (!options.attach_follow_ups || view == nullptr) return std::nullopt;
  std::vector<std::string> candidates;
  if (contact.follow_up_of) candidates.push_back(*contact.follow_up_of);
  for (std::string& n : QuotedNumbers(contact.text)) candidates.push_back(std::move(n));
  for (const std::string& number : candidates) {
    auto doc = view->Get(number);
    if (!doc.ok()) continue;
    if (doc->citizen == citizen && !ticket::IsTerminal(doc->state.status)) return doc->id;
  }
  return std::nullopt;
}

void Intake::Impl::Attach(const std::string& ticket_id, ContactFields contact,
                          const std::string& citizen, const std::string& key, ticket::Actor actor,
                          ticket::Time now, SubmitCallback done) {
  ticket::AddContact command{contact.channel, {contact.channel_message_id, contact.received_at},
                             contact.subject, contact.text, contact.location, contact.attachments};
  auto shared = std::make_shared<ContactFields>(std::move(contact));
  tickets->Execute(
      ticket_id, std::nullopt, ticket::Command(std::move(command)), actor, now, key,
      [this, shared, citizen, key, actor, now, done](Result<TicketCommandResult> r) mutable {
        if (r.ok()) {
          done(Accepted(*r));
        } else if (r.status().IsUnavailable() || r.status().IsNoSpace()) {
          done(Failed(r.status()));
        } else {
          // The ticket moved on (closed, merged, a concurrent command): the
          // contact becomes a ticket of its own rather than being lost.
          Open(std::move(*shared), citizen, key, actor, now, std::move(done));
        }
      });
}

void Intake::Impl::Open(ContactFields contact, const std::string& citizen, const std::string& key,
                        const ticket::Actor& actor, ticket::Time now, SubmitCallback done) {
  const Config& config = tickets->config();
  OpenTicketRequest request;
  ticket::Open& open = request.open;
  open.channel = contact.channel;
  open.contact = ticket::ContactReference{contact.channel_message_id, contact.received_at};
  open.citizen = contact.citizen;
  open.subject = contact.subject;
  open.text = contact.text;
  open.location = contact.location;
  open.urgency = contact.urgency;
  open.session_id = contact.session_id;
  open.attachments = contact.attachments;
  // The channel's suggestion, completed from the keywords; else the keywords alone.
  const std::optional<ticket::Classification> suggested =
      classifier.Suggest(contact.text);
  if (contact.classification) {
    ticket::Classification c = *contact.classification;
    if (c.type_code.empty()) c.type_code = classifier.SuggestTypeKey(contact.text);
    if (c.domain_code.empty() && suggested) {
      c.domain_code = suggested->domain_code;
      c.subcategory_code = suggested->subcategory_code;
    }
    if (!c.domain_code.empty()) open.classification = c;
  } else {
    open.classification = suggested;
  }
  const std::string location_code =
      contact.location ? contact.location->district_code.value_or("") : "";
  open.platform_code = LocatePlatform(config.organisation, location_code).code;
  request.citizen = citizen;
  request.idempotency_key = key;
  tickets->Open(std::move(request), actor, now,
                [done = std::move(done)](Result<TicketCommandResult> r) {
                  done(r.ok() ? Accepted(*r) : Failed(r.status()));
                });
}

void Intake::Submit(const ContactSource& source, std::string contact_json, SubmitCallback done,
                    QuarantinePolicy policy) {
  auto job = [this, source, json = std::move(contact_json), done, policy]() mutable {
    SubmitNow(source, std::move(json), std::move(done), policy);
  };
  if (!impl_->workers.Post(std::move(job))) {
    done(Failed(Status::Unavailable("intake is shutting down")));
  }
}

void Intake::SubmitNow(const ContactSource& source, std::string contact_json, SubmitCallback done,
                       QuarantinePolicy policy) {
  std::vector<FieldError> errors;
  std::optional<ContactFields> contact = impl_->Check(source, contact_json, &errors);
  if (!contact) {
    impl_->Refuse(source, contact_json, std::move(errors), policy == QuarantinePolicy::kKeep,
                  std::move(done));
    return;
  }
  const std::string key = ContactKey(contact->channel, contact->channel_message_id);
  // A retry: answer as the first time, write nothing.
  auto earlier = impl_->tickets->FindWritten(key + "#0");
  if (earlier.ok()) {
    done(Accepted(*earlier));
    return;
  }
  if (!earlier.status().IsNotFound()) {
    done(Failed(earlier.status()));
    return;
  }
  const std::string citizen = Pseudonymize(contact->channel, contact->citizen_channel_id);
  const ticket::Actor actor = ticket::SystemActor("intake:" + source.name.substr(0, 50));
  const ticket::Time now = source.taken_at.value_or(impl_->options.clock());
  if (auto followed = impl_->FollowedUpTicket(*contact, citizen)) {
    impl_->Attach(*followed, std::move(*contact), citizen, key, actor, now, std::move(done));
    return;
  }
  impl_->Open(std::move(*contact), citizen, key, actor, now, std::move(done));
}

Result<SubmitOutcome> Intake::FindContact(std::string_view channel,
                                          std::string_view channel_message_id) {
  auto written = impl_->tickets->FindWritten(ContactKey(channel, channel_message_id) + "#0");
  if (!written.ok()) {
    if (written.status().IsNotFound()) {
      return Status::NotFound("no contact '" + std::string(channel_message_id) +
                              "' was accepted on channel '" + std::string(channel) + "'");
    }
    return written.status();
  }
  return Accepted(*written);
}

}  // namespace rexian

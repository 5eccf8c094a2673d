// ContactReader: field by field, with the configuration's codes.
#include "intake/contact_reader.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"

namespace rexian {
namespace {

namespace json = boost::json;

// Members of a validated contact: present means well-typed.
std::optional<std::string> OptString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

std::optional<double> OptNumber(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

const json::object* OptObject(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

ticket::AttachmentKind KindOf(std::string_view kind) {
  if (kind == "voice") return ticket::AttachmentKind::kVoice;
  if (kind == "video") return ticket::AttachmentKind::kVideo;
  if (kind == "link") return ticket::AttachmentKind::kLink;
  if (kind == "file") return ticket::AttachmentKind::kFile;
  return ticket::AttachmentKind::kImage;
}

// Resolves the channel's suggested classification: type and domain by key
// or by code, a sub-category's domain when the domain is missing.
std::optional<ticket::Classification> ReadClassification(const json::object& c,
                                                         const Taxonomy& taxonomy,
                                                         std::vector<FieldError>* errors) {
  const auto type = OptString(c, "type");
  const auto domain = OptString(c, "domain");
  const auto sub = OptString(c, "subcategory");
  ticket::Classification out;
  if (type) {
    const TaxonomyType* t = taxonomy.FindTypeByKey(*type);
    if (t == nullptr) t = taxonomy.FindType(*type);
    if (t == nullptr) {
      errors->push_back({"/classification/type", "unknown type '" + *type + "'"});
    } else {
      out.type_code = t->key;
    }
  }
  const Domain* d = nullptr;
  if (domain) {
    d = taxonomy.FindDomainByKey(*domain);
    if (d == nullptr) d = taxonomy.FindDomain(*domain);
    if (d == nullptr) errors->push_back({"/classification/domain", "unknown domain '" + *domain + "'"});
  }
  if (sub) {
    const SubCategory* s = taxonomy.FindSubCategory(*sub);
    if (s == nullptr) {
      errors->push_back({"/classification/subcategory", "unknown sub-category '" + *sub + "'"});
    } else if (d != nullptr && s->domain_code != d->code) {
      errors->push_back({"/classification/subcategory",
                         "'" + *sub + "' is not in domain '" + *domain + "'"});
    } else {
      out.subcategory_code = s->code;
      if (d == nullptr) d = taxonomy.FindDomain(s->domain_code);
    }
  }
  if (d != nullptr) out.domain_code = d->key;
  return out;
}

}  // namespace

ContactFields ReadContact(const json::object& contact, const Config& config,
                          std::vector<FieldError>* errors) {
  ContactFields f;
  f.channel = OptString(contact, "channel").value_or("");
  f.channel_message_id = OptString(contact, "channel_message_id").value_or("");
  const auto received = ticket::ParseTime(OptString(contact, "received_at").value_or(""));
  if (!received) {
    errors->push_back({"/received_at", "must be an RFC 3339 date-time with an offset"});
  } else {
    f.received_at = *received;
  }
  if (const json::object* c = OptObject(contact, "citizen")) {
    f.citizen_channel_id = OptString(*c, "id").value_or("");
    f.citizen.channel_id = f.citizen_channel_id;
    f.citizen.name = OptString(*c, "name");
    f.citizen.phone = OptString(*c, "phone");
    f.citizen.wechat_openid = OptString(*c, "wechat_openid");
    f.citizen.email = OptString(*c, "email");
  }
  f.subject = OptString(contact, "subject");
  f.text = OptString(contact, "text").value_or("");
  if (const json::object* l = OptObject(contact, "location")) {
    ticket::Location location;
    location.address = OptString(*l, "address");
    location.lat = OptNumber(*l, "lat");
    location.lon = OptNumber(*l, "lon");
    location.district_code = OptString(*l, "district_code");
    if (location.district_code &&
        config.organisation.FindPlatform(*location.district_code) == nullptr) {
      errors->push_back({"/location/district_code",
                         "unknown platform code '" + *location.district_code + "'"});
    }
    if (location.address || location.lat || location.lon || location.district_code) {
      f.location = std::move(location);
    }
  }
  if (OptString(contact, "urgency").value_or("normal") == "urgent") {
    f.urgency = ticket::Urgency::kUrgent;
  }
  if (const json::object* c = OptObject(contact, "classification")) {
    f.classification = ReadClassification(*c, config.taxonomy, errors);
  }
  f.session_id = OptString(contact, "session_id");
  if (const json::value* a = contact.if_contains("attachments"); a && a->is_array()) {
    for (const json::value& item : a->as_array()) {
      if (!item.is_object()) continue;
      const json::object& o = item.as_object();
      f.attachments.push_back(ticket::Attachment{KindOf(OptString(o, "kind").value_or("")),
                                                 OptString(o, "ref").value_or(""),
                                                 OptString(o, "name")});
    }
  }
  f.follow_up_of = OptString(contact, "follow_up_of");
  return f;
}

}  // namespace rexian

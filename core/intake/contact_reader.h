// ContactReader: a schema-valid contact turned into what the ticket domain needs.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "intake/intake.h"
#include "rexian/config.h"
#include "rexian/ticket.h"

namespace rexian {

// One contact, read and checked against the configuration.
struct ContactFields {
  std::string channel;
  std::string channel_message_id;
  ticket::Time received_at{};
  std::string citizen_channel_id;  // personal: the channel's id of the citizen
  ticket::CitizenContact citizen;
  std::optional<std::string> subject;
  std::string text;
  std::optional<ticket::Location> location;
  ticket::Urgency urgency = ticket::Urgency::kNormal;
  // As the channel suggested it, normalised to type key, domain key and
  // sub-category code (a missing type or domain is inferred); nullopt when
  // the channel suggested nothing.
  std::optional<ticket::Classification> classification;
  std::optional<std::string> session_id;
  std::vector<ticket::Attachment> attachments;
  std::optional<std::string> follow_up_of;  // a ticket number
};

// Reads `contact`, which already conforms to schemas/contact.schema.json,
// and checks what the schema cannot: the classification codes exist in the
// taxonomy (types and domains by key or code) and agree with each other,
// the district code names a platform. Problems are appended to `errors`
// (JSON pointers into the contact); the returned fields are meaningful only
// when none was added.
ContactFields ReadContact(const boost::json::object& contact, const Config& config,
                          std::vector<FieldError>* errors);

}  // namespace rexian

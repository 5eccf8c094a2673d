// Valid example payloads for every shipped event type, metadata and contact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rexian::testing {

struct EventExample {
  std::string type;
  std::uint32_t version;
  std::string payload;  // JSON text
};

// At least one per shipped (type, version); several where optional parts vary.
const std::vector<EventExample>& ValidEventExamples();

// Valid metadata envelopes and contacts (JSON texts).
const std::vector<std::string>& ValidMetadataExamples();
const std::vector<std::string>& ValidContactExamples();

}  // namespace rexian::testing

// CitizenText: real citizens' requests read at run time, ready to paste into JSON bodies.
#pragma once

#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::web_bench {

// One message: its subject and text as JSON string literals (quoted and
// escaped), so a body is built by concatenation. `subject_json` is "" when
// the message has none.
struct CitizenText {
  std::string subject_json;
  std::string text_json;
};

// Reads `path`, JSON lines with string members `subject` and `text` (the
// layout of ../shared/data/citizen-messages/messages.jsonl; see its README).
// Skips lines without a text, texts over 10,000 characters and subjects over
// 200 (the contact schema's limits). NotFound when the file cannot be read or
// holds no usable line.
Result<std::vector<CitizenText>> LoadCitizenTexts(const std::string& path);

}  // namespace rexian::web_bench

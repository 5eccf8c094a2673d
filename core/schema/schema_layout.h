// The layout of a schemas/ folder: which event schema files it holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"

namespace rexian::schema {

// One events/<type>/v<N>.json file.
struct EventSchemaFile {
  std::string type;           // "ticket.opened"
  std::uint32_t version = 0;  // N >= 1
  std::string path;           // events_dir + "/" + type + "/v" + N + ".json"
};

// True for lower-case dotted names of at least two parts, each starting with
// a letter and made of [a-z0-9_], 64 characters at most: "ticket.opened".
bool IsValidEventTypeName(std::string_view type);

// Every event schema file under `events_dir`, sorted by type then version.
// NotFound when `events_dir` is not a directory. InvalidArgument naming the
// path for a folder that is not a valid type name, a .json file directly in
// `events_dir`, a .json file not named v<N>.json (N from 1, no leading
// zeros), or versions that do not run 1..N without gaps. Other files (notes,
// READMEs) are ignored.
Result<std::vector<EventSchemaFile>> ListEventSchemaFiles(const std::string& events_dir);

}  // namespace rexian::schema

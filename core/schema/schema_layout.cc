// The layout of a schemas/ folder: which event schema files it holds.
#include "schema_layout.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

namespace rexian::schema {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxTypeNameLength = 64;
constexpr std::uint32_t kMaxVersion = 1000000;

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "v12.json" -> 12; 0 when the name is not of that form.
std::uint32_t VersionFromFileName(std::string_view name) {
  constexpr std::string_view kSuffix = ".json";
  if (name.size() < 2 + kSuffix.size() || name.front() != 'v') return 0;
  if (name.substr(name.size() - kSuffix.size()) != kSuffix) return 0;
  const std::string_view digits = name.substr(1, name.size() - 1 - kSuffix.size());
  if (digits.empty() || digits.front() == '0') return 0;
  if (!std::all_of(digits.begin(), digits.end(), IsDigit)) return 0;
  std::uint32_t version = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || version > kMaxVersion) return 0;
  return version;
}

// Sorted names of the entries of `dir` (directory_iterator order is unspecified).
Result<std::vector<fs::directory_entry>> SortedEntries(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) return Status::IoError(dir.string() + ": cannot list: " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return entries;
}

}  // namespace

bool IsValidEventTypeName(std::string_view type) {
  if (type.empty() || type.size() > kMaxTypeNameLength) return false;
  int parts = 0;
  std::size_t start = 0;
  while (start <= type.size()) {
    std::size_t end = type.find('.', start);
    if (end == std::string_view::npos) end = type.size();
    const std::string_view part = type.substr(start, end - start);
    if (part.empty() || !IsLower(part.front())) return false;
    for (char c : part) {
      if (!IsLower(c) && !IsDigit(c) && c != '_') return false;
    }
    ++parts;
    start = end + 1;
  }
  return parts >= 2;
}

Result<std::vector<EventSchemaFile>> ListEventSchemaFiles(const std::string& events_dir) {
  std::error_code ec;
  if (!fs::is_directory(events_dir, ec)) {
    return Status::NotFound(events_dir + ": no such directory");
  }
  Result<std::vector<fs::directory_entry>> types = SortedEntries(events_dir);
  if (!types.ok()) return types.status();

  std::vector<EventSchemaFile> files;
  for (const fs::directory_entry& type_dir : *types) {
    const std::string type = type_dir.path().filename().string();
    if (!type_dir.is_directory(ec)) {
      if (type_dir.path().extension() != ".json") continue;  // notes, READMEs
      return Status::InvalidArgument(type_dir.path().string() +
                                     ": event schemas go in events/<type>/v<N>.json");
    }
    if (!IsValidEventTypeName(type)) {
      return Status::InvalidArgument(type_dir.path().string() +
                                     ": not a valid event type name (lower-case dotted, "
                                     "e.g. ticket.opened)");
    }
    Result<std::vector<fs::directory_entry>> entries = SortedEntries(type_dir.path());
    if (!entries.ok()) return entries.status();

    std::vector<EventSchemaFile> versions;
    for (const fs::directory_entry& entry : *entries) {
      if (entry.path().extension() != ".json") continue;
      const std::uint32_t version = VersionFromFileName(entry.path().filename().string());
      if (version == 0 || !entry.is_regular_file(ec)) {
        return Status::InvalidArgument(entry.path().string() +
                                       ": expected a file named v<N>.json (N = 1, 2, ...)");
      }
      versions.push_back({type, version, entry.path().string()});
    }
    if (versions.empty()) {
      return Status::InvalidArgument(type_dir.path().string() + ": no v1.json");
    }
    std::sort(versions.begin(), versions.end(),
              [](const auto& a, const auto& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < versions.size(); ++i) {
      if (versions[i].version != i + 1) {
        return Status::InvalidArgument(type_dir.path().string() + ": v" + std::to_string(i + 1) +
                                       ".json is missing (versions must run from v1 without "
                                       "gaps)");
      }
    }
    files.insert(files.end(), versions.begin(), versions.end());
  }
  return files;
}

}  // namespace rexian::schema

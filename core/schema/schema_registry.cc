// SchemaRegistry: loading schemas/ and validating against it.
#include "rexian/schema_registry.h"

#include <boost/json/value.hpp>

#include "compiled_schema.h"
#include "json_file.h"
#include "schema_layout.h"

namespace rexian {
namespace {

// Reads and compiles one schema file; errors are prefixed with its path.
Result<std::unique_ptr<schema::CompiledSchema>> LoadSchemaFile(const std::string& path,
                                                               std::string name) {
  Result<boost::json::value> document = schema::ReadJsonFile(path);
  if (!document.ok()) return document.status();  // already names the file
  Result<std::unique_ptr<schema::CompiledSchema>> compiled =
      schema::CompiledSchema::Compile(std::move(name), std::move(document).value());
  if (!compiled.ok()) return Status::InvalidArgument(path + ": " + compiled.status().message());
  return compiled;
}

const std::vector<std::string>& NoFields() {
  static const std::vector<std::string> kEmpty;
  return kEmpty;
}

}  // namespace

SchemaRegistry::SchemaRegistry() = default;
SchemaRegistry::~SchemaRegistry() = default;

Result<std::unique_ptr<SchemaRegistry>> SchemaRegistry::Load(const std::string& schemas_dir) {
  std::unique_ptr<SchemaRegistry> registry(new SchemaRegistry());
  const std::string root =
      schemas_dir.empty() || schemas_dir.back() == '/' ? schemas_dir : schemas_dir + "/";

  Result<std::vector<schema::EventSchemaFile>> files =
      schema::ListEventSchemaFiles(root + "events");
  if (!files.ok()) return files.status();

  auto metadata = LoadSchemaFile(root + "metadata.schema.json", "metadata");
  if (!metadata.ok()) return metadata.status();
  registry->metadata_ = std::move(metadata).value();

  auto contact = LoadSchemaFile(root + "contact.schema.json", "contact");
  if (!contact.ok()) return contact.status();
  registry->contact_ = std::move(contact).value();

  for (const schema::EventSchemaFile& file : *files) {
    auto compiled = LoadSchemaFile(file.path, file.type + " v" + std::to_string(file.version));
    if (!compiled.ok()) return compiled.status();
    // Files come sorted by version from 1 without gaps: append = index v-1.
    registry->events_[file.type].push_back(std::move(compiled).value());
  }
  return registry;
}

const schema::CompiledSchema* SchemaRegistry::FindEvent(std::string_view type,
                                                        std::uint32_t version) const {
  auto it = events_.find(type);
  if (it == events_.end() || version == 0 || version > it->second.size()) return nullptr;
  return it->second[version - 1].get();
}

bool SchemaRegistry::HasEventType(std::string_view type, std::uint32_t version) const {
  return FindEvent(type, version) != nullptr;
}

std::uint32_t SchemaRegistry::LatestVersion(std::string_view type) const {
  auto it = events_.find(type);
  return it == events_.end() ? 0 : static_cast<std::uint32_t>(it->second.size());
}

std::vector<std::pair<std::string, std::uint32_t>> SchemaRegistry::EventTypes() const {
  std::vector<std::pair<std::string, std::uint32_t>> types;
  for (const auto& [type, versions] : events_) {
    for (std::uint32_t v = 1; v <= versions.size(); ++v) types.emplace_back(type, v);
  }
  return types;
}

Status SchemaRegistry::ValidateEvent(std::string_view type, std::uint32_t version,
                                     const boost::json::value& payload) const {
  const schema::CompiledSchema* compiled = FindEvent(type, version);
  if (compiled == nullptr) {
    return Status::NotFound("unknown event type '" + std::string(type) + "' version " +
                            std::to_string(version));
  }
  return compiled->Validate(payload);
}

Status SchemaRegistry::ValidateMetadata(const boost::json::value& metadata) const {
  return metadata_->Validate(metadata);
}

Status SchemaRegistry::ValidateContact(const boost::json::value& contact,
                                       std::vector<SchemaViolation>* violations) const {
  return contact_->Validate(contact, violations);
}

const std::vector<std::string>& SchemaRegistry::PersonalFields(std::string_view type,
                                                               std::uint32_t version) const {
  const schema::CompiledSchema* compiled = FindEvent(type, version);
  return compiled ? compiled->personal_fields() : NoFields();
}

const std::vector<std::string>& SchemaRegistry::ContactPersonalFields() const {
  return contact_->personal_fields();
}

}  // namespace rexian

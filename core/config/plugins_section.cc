// The `plugins` section: the channel plugin instances `serve` loads.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "code_registry.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

namespace json = boost::json;

constexpr Choice<PluginKind> kKinds[] = {{"shared", PluginKind::kShared},
                                         {"exec", PluginKind::kExec}};

// The roles a plugin may act in: a channel (integrator) or, for a channel
// that stands in for the platform's own agents (the phone desk), agent.
constexpr Choice<Role> kActorRoles[] = {{"integrator", Role::kIntegrator},
                                        {"agent", Role::kAgent}};

// [a-z][a-z0-9_-]{1,31}: the contact schema's channel pattern, used for
// instance names too since the name is the default channel.
bool ChannelName(std::string_view s) {
  if (s.size() < 2 || s.size() > 32 || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

const TextRule kChannelName = {
    "a name of 2 to 32 characters from a-z, 0-9, _ and -, starting with a letter", ChannelName};

// A plain (unquoted) scalar that spells a whole 64-bit integer.
bool PlainInteger(const YAML::Node& node, std::int64_t* out) {
  if (node.Tag() != "?") return false;  // quoted: the author meant text
  const std::string& text = node.Scalar();
  const char* begin = text.data();
  if (!text.empty() && text[0] == '+') ++begin;
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), *out);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

// The JSON form of a YAML value under `config:`. Plain integers become
// numbers, plain true/false booleans, null null; every other scalar
// (decimals included) stays text, exactly as written, so that a plugin never
// sees a value YAML reinterpreted. Reports keys that are not scalars.
json::value ToJson(const ConfigNode& at, ConfigErrors* errors) {
  const YAML::Node& node = at.node;
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar: {
      std::int64_t number = 0;
      if (PlainInteger(node, &number)) return number;
      if (node.Tag() == "?" && (node.Scalar() == "true" || node.Scalar() == "false")) {
        return node.Scalar() == "true";
      }
      return json::string(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
      json::array items;
      std::size_t index = 0;
      for (const auto& child : node) items.push_back(ToJson(at.Item(child, index++), errors));
      return items;
    }
    case YAML::NodeType::Map: {
      json::object members;
      for (const auto& pair : node) {
        if (!pair.first.IsScalar()) {
          errors->Add(*at.file, pair.first.Mark().line + 1, at.path,
                      "expected a plain key, got " + DescribeValue(pair.first));
          continue;
        }
        const std::string key = pair.first.Scalar();
        if (members.contains(key)) {
          errors->Add(at.Field(pair.first, key), "duplicate key");
          continue;
        }
        members[key] = ToJson(at.Entry(pair.first, pair.second, key), errors);
      }
      return members;
    }
  }
  return nullptr;
}

// Reads `command`: a non-empty list of non-empty strings.
void ReadCommand(FieldReader* reader, ConfigErrors* errors, std::vector<std::string>* out) {
  for (const ConfigNode& item : reader->ReadNonEmptySequence("command", "argument")) {
    std::string argument;
    if (ReadText(item, kAnyText, errors, &argument)) out->push_back(std::move(argument));
  }
}

// Reports `key` when present: it belongs to the other kind.
void RefuseKey(FieldReader* reader, std::string_view key, const char* kind, ConfigErrors* errors) {
  if (auto value = reader->Child(key, Presence::kOptional)) {
    errors->Add(*value, std::string("expected no ") + std::string(key) + " for kind " + kind);
  }
}

}  // namespace

void ParsePluginsSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                         std::vector<PluginConfig>* plugins) {
  CodeRegistry names("plugin name");
  CodeRegistry channels("channel");
  for (const ConfigNode& item : ListSectionItems(parts, errors)) {
    FieldReader reader(
        item,
        {"name", "channel", "kind", "path", "command", "required", "stop_timeout_ms", "actor_role",
         "config"},
        errors);
    if (!reader.is_mapping()) continue;
    PluginConfig plugin;
    if (reader.ReadText("name", Presence::kRequired, kChannelName, &plugin.name)) {
      names.Register(plugin.name, *reader.Child("name", Presence::kRequired), errors);
    }
    if (reader.ReadText("channel", Presence::kOptional, kChannelName, &plugin.channel)) {
      channels.Register(plugin.channel, *reader.Child("channel", Presence::kOptional), errors);
    } else if (!reader.Child("channel", Presence::kOptional) && !plugin.name.empty()) {
      plugin.channel = plugin.name;
      channels.Register(plugin.channel, *reader.Child("name", Presence::kRequired), errors);
    }
    if (reader.ReadChoice<PluginKind>("kind", Presence::kRequired, kKinds, &plugin.kind)) {
      if (plugin.kind == PluginKind::kShared) {
        reader.ReadText("path", Presence::kRequired, kAnyText, &plugin.path);
        RefuseKey(&reader, "command", "shared", errors);
      } else {
        ReadCommand(&reader, errors, &plugin.command);
        RefuseKey(&reader, "path", "exec", errors);
      }
    }
    reader.ReadBool("required", Presence::kOptional, &plugin.required);
    reader.ReadChoice<Role>("actor_role", Presence::kOptional, kActorRoles, &plugin.actor_role);
    std::int64_t number = 0;
    if (reader.ReadInteger("stop_timeout_ms", Presence::kOptional, 10, 600000, &number)) {
      plugin.stop_timeout = std::chrono::milliseconds(number);
    }
    if (auto config = reader.Child("config", Presence::kOptional)) {
      if (config->node.IsMap()) {
        plugin.config_json = json::serialize(ToJson(*config, errors));
      } else if (!config->node.IsNull()) {  // "config:" with nothing under it is {}
        errors->Add(*config, "expected a mapping (the plugin's options), got " +
                                 DescribeValue(config->node));
      }
    }
    plugins->push_back(std::move(plugin));
  }
}

}  // namespace rexian::config_internal

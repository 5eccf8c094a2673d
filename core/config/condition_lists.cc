// Reading and resolving the value lists of SLA and routing conditions.
#include "condition_lists.h"

#include <algorithm>
#include <functional>

namespace rexian::config_internal {

namespace {

// Resolves one item's text to a code, or returns "" after reporting.
using Resolver = std::function<std::string(const ConfigNode& item, const std::string& text)>;

std::vector<std::string> ReadCodes(const std::vector<ConfigNode>& items, const TextRule& rule,
                                   const Resolver& resolve, ConfigErrors* errors) {
  std::vector<std::string> codes;
  std::vector<std::string> written;  // as written, for the duplicate message
  for (const ConfigNode& item : items) {
    std::string text;
    if (!ReadText(item, rule, errors, &text)) continue;
    std::string code = resolve ? resolve(item, text) : text;
    if (code.empty()) continue;
    const auto seen = std::find(codes.begin(), codes.end(), code);
    if (seen != codes.end()) {
      const std::string& first = written[static_cast<std::size_t>(seen - codes.begin())];
      errors->Add(item, "duplicate \"" + text + "\"" +
                            (first == text ? std::string() : " (same as \"" + first + "\")"));
      continue;
    }
    codes.push_back(std::move(code));
    written.push_back(std::move(text));
  }
  return codes;
}

// "expected <what>, got "<text>"", with a suggestion among `names`.
void ReportUnknown(const ConfigNode& item, const std::string& what, const std::string& text,
                   const std::vector<std::string>& names, ConfigErrors* errors) {
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string message = "expected " + what + ", got \"" + text + "\"";
  const std::string suggestion = ClosestName(text, candidates);
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  errors->Add(item, message);
}

}  // namespace

std::vector<ConfigNode> ReadConditionList(FieldReader* reader, std::string_view key,
                                          std::string_view item, ConfigErrors* errors) {
  auto value = reader->Child(key, Presence::kOptional);
  if (!value) return {};
  std::vector<ConfigNode> items = SequenceItems(*value, errors);
  if (items.empty() && value->node.IsSequence()) {
    errors->Add(*value, "expected at least one " + std::string(item) +
                            " (omit the key to set no condition), got an empty list");
  }
  return items;
}

std::vector<std::string> ReadTypeCodes(const std::vector<ConfigNode>& items,
                                       const Taxonomy* taxonomy, ConfigErrors* errors) {
  Resolver resolve;
  if (taxonomy != nullptr) {
    resolve = [&](const ConfigNode& item, const std::string& text) -> std::string {
      if (const TaxonomyType* type = taxonomy->FindTypeByKey(text)) return type->code;
      if (const TaxonomyType* type = taxonomy->FindType(text)) return type->code;
      std::vector<std::string> keys;
      for (const TaxonomyType& type : taxonomy->types()) keys.push_back(type.key);
      ReportUnknown(item, "a type key or code in taxonomy.types", text, keys, errors);
      return "";
    };
  }
  return ReadCodes(items, kAnyText, resolve, errors);
}

std::vector<std::string> ReadDomainCodes(const std::vector<ConfigNode>& items,
                                         const Taxonomy* taxonomy, ConfigErrors* errors) {
  Resolver resolve;
  if (taxonomy != nullptr) {
    resolve = [&](const ConfigNode& item, const std::string& text) -> std::string {
      if (const Domain* domain = taxonomy->FindDomainByKey(text)) return domain->code;
      if (const Domain* domain = taxonomy->FindDomain(text)) return domain->code;
      std::vector<std::string> keys;
      for (const Domain& domain : taxonomy->domains()) keys.push_back(domain.key);
      ReportUnknown(item, "a domain key or code in taxonomy.domains", text, keys, errors);
      return "";
    };
  }
  return ReadCodes(items, kAnyText, resolve, errors);
}

std::vector<std::string> ReadSubCategoryCodes(const std::vector<ConfigNode>& items,
                                              const Taxonomy* taxonomy, ConfigErrors* errors) {
  Resolver resolve;
  if (taxonomy != nullptr) {
    resolve = [&](const ConfigNode& item, const std::string& text) -> std::string {
      if (taxonomy->FindSubCategory(text) != nullptr) return text;
      errors->Add(item,
                  "expected the code of a sub-category in taxonomy.domains, got \"" + text + "\"");
      return "";
    };
  }
  return ReadCodes(items, kFourDigits, resolve, errors);
}

std::vector<std::string> ReadPlatformCodes(const std::vector<ConfigNode>& items,
                                           const Organisation* organisation, ConfigErrors* errors) {
  Resolver resolve;
  if (organisation != nullptr) {
    resolve = [&](const ConfigNode& item, const std::string& text) -> std::string {
      if (organisation->FindPlatform(text) != nullptr) return text;
      errors->Add(
          item, "expected the code of a platform in organisation.platforms, got \"" + text + "\"");
      return "";
    };
  }
  return ReadCodes(items, kPlatformCode, resolve, errors);
}

std::vector<std::string> ReadWords(const std::vector<ConfigNode>& items, ConfigErrors* errors) {
  return ReadCodes(items, kAnyText, nullptr, errors);
}

}  // namespace rexian::config_internal

// MaskSealedFields: walks the sealed and the revealed payload side by side.
#include "feed/pii_masking.h"

#include "rexian/privacy.h"

namespace rexian::feed {
namespace {

namespace json = boost::json;

bool IsSealed(const json::value& value) {
  return value.is_object() && value.as_object().size() == 1 && value.as_object().contains("$pii");
}

json::value MaskOne(std::string_view parent, std::string_view member, const json::value* plain) {
  if (plain == nullptr) return json::string(kMaskedMarker);
  if (plain->is_string() && plain->as_string() == kRedactedMarker) return *plain;
  if (plain->is_string()) {
    std::string_view text = plain->as_string();
    if (member == "phone") return json::string(MaskPhone(text));
    if (member == "name" && parent == "citizen") return json::string(MaskName(text));
  }
  return json::string(kMaskedMarker);
}

json::value Walk(const json::value& sealed, const json::value* revealed, std::string_view parent,
                 std::string_view member) {
  if (IsSealed(sealed)) return MaskOne(parent, member, revealed);
  if (sealed.is_object()) {
    json::object out;
    const json::object* plain = revealed && revealed->is_object() ? &revealed->as_object() : nullptr;
    for (const auto& [key, value] : sealed.as_object()) {
      const json::value* plain_value = plain ? plain->if_contains(key) : nullptr;
      out.emplace(key, Walk(value, plain_value, member, key));
    }
    return out;
  }
  if (sealed.is_array()) {
    json::array out;
    const json::array* plain = revealed && revealed->is_array() ? &revealed->as_array() : nullptr;
    const json::array& items = sealed.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const json::value* plain_value = plain && i < plain->size() ? &(*plain)[i] : nullptr;
      out.push_back(Walk(items[i], plain_value, parent, member));
    }
    return out;
  }
  return sealed;
}

}  // namespace

std::string MaskPhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  // China's country code is not part of the number the citizen knows.
  std::size_t start = phone.find_first_not_of(' ');
  if (start != std::string_view::npos && phone.substr(start, 3) == "+86") digits.erase(0, 2);
  else if (start != std::string_view::npos && phone.substr(start, 4) == "0086") digits.erase(0, 4);
  if (digits.size() < 8) return "****";
  return digits.substr(0, 3) + "****" + digits.substr(digits.size() - 4);
}

std::string MaskName(std::string_view name) {
  if (name.empty()) return "*";
  auto lead = static_cast<unsigned char>(name[0]);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (length > name.size()) length = name.size();
  return std::string(name.substr(0, length)) + "*";
}

json::value MaskSealedFields(const json::value& sealed, const json::value& revealed) {
  return Walk(sealed, &revealed, "", "");
}

}  // namespace rexian::feed

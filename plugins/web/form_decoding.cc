// Percent-decoding of form fields.
#include "web/form_decoding.h"

#include <cctype>

#include "web/text_checks.h"

namespace rexian::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one name or value; false on a malformed escape.
bool Unescape(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out->push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Expected<std::vector<FormField>> DecodeForm(std::string_view text) {
  std::vector<FormField> fields;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t amp = text.find('&', start);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view pair = text.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    FormField field;
    if (!Unescape(raw_name, &field.name) || !IsValidUtf8(field.name)) {
      return Failure{"a field name is not valid percent-encoded UTF-8"};
    }
    if (!Unescape(raw_value, &field.value)) {
      return Failure{field.name + ": malformed percent-encoding"};
    }
    if (!IsValidUtf8(field.value)) return Failure{field.name + ": not valid UTF-8"};
    fields.push_back(std::move(field));
  }
  return fields;
}

std::optional<std::string> FormFields::Get(std::string_view name) const {
  for (const FormField& f : fields_) {
    if (f.name == name && !f.value.empty()) return f.value;
  }
  return std::nullopt;
}

std::vector<std::string> FormFields::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const FormField& f : fields_) {
    if (f.name == name && !f.value.empty()) out.push_back(f.value);
  }
  return out;
}

bool IsFormContentType(std::string_view content_type) {
  std::size_t semi = content_type.find(';');
  if (Lower(Trim(content_type.substr(0, semi))) != "application/x-www-form-urlencoded") return false;
  while (semi != std::string_view::npos) {
    std::size_t next = content_type.find(';', semi + 1);
    std::string param = Lower(Trim(content_type.substr(semi + 1, next == std::string_view::npos
                                                                     ? std::string_view::npos
                                                                     : next - semi - 1)));
    if (param.starts_with("charset=")) {
      std::string charset = param.substr(8);
      if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
        charset = charset.substr(1, charset.size() - 2);
      }
      if (charset != "utf-8" && charset != "utf8") return false;
    }
    semi = next;
  }
  return true;
}

}  // namespace rexian::web

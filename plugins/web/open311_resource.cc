// Resource segment parsing.
#include "web/open311_resource.h"

namespace rexian::web {

Resource ParseResource(std::string_view segment) {
  Resource r;
  std::size_t dot = segment.rfind('.');
  if (dot == std::string_view::npos) {
    r.name = std::string(segment);
    return r;
  }
  r.name = std::string(segment.substr(0, dot));
  std::string_view ext = segment.substr(dot + 1);
  if (ext == "json") r.format = Format::kJson;
  else if (ext == "xml") r.format = Format::kXml;
  return r;
}

}  // namespace rexian::web

// Open311Node -> pugixml document -> text.
#include "web/open311_xml.h"

#include <pugixml.hpp>

#include "web/text_checks.h"

namespace rexian::web {
namespace {

void Append(pugi::xml_node parent, const Open311Node& node) {
  pugi::xml_node element = parent.append_child(node.name.c_str());
  if (node.kind == Open311Node::Kind::kObject || node.kind == Open311Node::Kind::kList) {
    for (const Open311Node& child : node.children) Append(element, child);
  } else if (node.kind != Open311Node::Kind::kNull) {
    element.text().set(XmlSafe(node.text).c_str());
  }
}

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

}  // namespace

std::string RenderXml(const Open311Node& root) {
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "utf-8";
  Append(doc, root);
  StringWriter writer;
  doc.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  return std::move(writer.out);
}

}  // namespace rexian::web

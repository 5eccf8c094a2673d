// Reading a JSON file strictly, with syntax errors located as file:line:column.
#include "json_file.h"

#include <boost/json/parser.hpp>
#include <fstream>
#include <sstream>

namespace rexian::schema {
namespace {

// "12:5" for the 1-based line and column of byte `offset` in `text`.
std::string LineAndColumn(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

Result<boost::json::value> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open file");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  const std::string text = contents.str();

  boost::json::parser parser;
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) {
    return Status::InvalidArgument(path + ":" + LineAndColumn(text, consumed) +
                                   ": invalid JSON: " + ec.message());
  }
  return parser.release();
}

}  // namespace rexian::schema

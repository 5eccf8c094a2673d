// Tolerant reads of stored payload members for Evolve: a missing or
// mistyped member reads as absent, never as an error (private to the domain).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/ticket.h"

namespace rexian::ticket {

std::optional<std::string> ReadString(const boost::json::object& object, std::string_view key);
// A non-negative integer that fits in 32 bits.
std::optional<std::uint32_t> ReadCount(const boost::json::object& object, std::string_view key);
std::optional<bool> ReadBool(const boost::json::object& object, std::string_view key);
// An RFC 3339 date-time member.
std::optional<Time> ReadTime(const boost::json::object& object, std::string_view key);
// The string items of an array member; empty when absent.
std::vector<std::string> ReadStrings(const boost::json::object& object, std::string_view key);
// nullptr when absent or not an object.
const boost::json::object* ReadObject(const boost::json::object& object, std::string_view key);
// {type, domain, subcategory?} members of `object`; nullopt without type and domain.
std::optional<Classification> ReadClassification(const boost::json::object& object);

}  // namespace rexian::ticket

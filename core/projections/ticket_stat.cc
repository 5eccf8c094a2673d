// TicketStat: its fixed storage encoding.
#include "projections/ticket_stat.h"

namespace rexian {
namespace {

void PutLe(std::string* out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint64_t GetLe(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  }
  return v;
}

}  // namespace

std::string EncodeTicketStat(const TicketStat& s) {
  std::string out;
  out.reserve(kTicketStatSize);
  PutLe(&out, static_cast<std::uint64_t>(s.received_at), 8);
  PutLe(&out, static_cast<std::uint64_t>(s.deadline), 8);
  for (CodeIndex c : {s.platform, s.channel, s.type, s.domain, s.subcategory, s.department}) {
    PutLe(&out, c, 2);
  }
  PutLe(&out, s.county, 1);
  PutLe(&out, s.flags, 1);
  PutLe(&out, s.rating, 1);
  PutLe(&out, s.reopen_count, 1);
  return out;
}

bool DecodeTicketStat(std::string_view b, TicketStat* s) {
  if (b.size() != kTicketStatSize) return false;
  s->received_at = static_cast<std::int64_t>(GetLe(b, 0, 8));
  s->deadline = static_cast<std::int64_t>(GetLe(b, 8, 8));
  CodeIndex* codes[] = {&s->platform, &s->channel, &s->type, &s->domain, &s->subcategory, &s->department};
  for (int i = 0; i < 6; ++i) *codes[i] = static_cast<CodeIndex>(GetLe(b, 16 + 2 * i, 2));
  s->county = static_cast<std::uint8_t>(GetLe(b, 28, 1));
  s->flags = static_cast<std::uint8_t>(GetLe(b, 29, 1));
  s->rating = static_cast<std::uint8_t>(GetLe(b, 30, 1));
  s->reopen_count = static_cast<std::uint8_t>(GetLe(b, 31, 1));
  return true;
}

}  // namespace rexian

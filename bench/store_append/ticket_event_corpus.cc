// Generation of the benchmark's ticket-like events.
#include "ticket_event_corpus.h"

#include <array>
#include <charconv>
#include <string_view>

namespace rexian::bench {
namespace {

// SplitMix64: a bijection on u64, so distinct indexes give distinct ids.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

void AppendHex(std::string* out, std::uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out->push_back(kHex[(v >> (4 * i)) & 0xf]);
}

void AppendNumber(std::string* out, std::uint64_t v, int min_digits = 1) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  (void)ec;
  for (int pad = min_digits - static_cast<int>(end - buf); pad > 0; --pad) out->push_back('0');
  out->append(buf, end);
}

// A UUID-shaped id, unique per index. Random: the first 64 bits are
// Mix(index), a bijection. Ordered: like UUIDv7, a 48-bit counter standing
// for the millisecond clock (here base + index), version 7, random bits.
void AppendEventId(std::string* out, std::uint64_t index, bool ordered) {
  std::uint64_t hi = Mix(index), lo = Mix(hi ^ 0x5bd1e995u);
  if (ordered) hi = ((0x0190'0000'0000ull + index) << 16) | 0x7000 | (hi & 0x0fff);
  AppendHex(out, hi >> 32, 8);
  out->push_back('-');
  AppendHex(out, hi >> 16, 4);
  out->push_back('-');
  AppendHex(out, hi, 4);
  out->push_back('-');
  AppendHex(out, lo >> 48, 4);
  out->push_back('-');
  AppendHex(out, lo, 12);
}

constexpr std::array<std::string_view, 6> kTypes = {
    "ticket.opened", "ticket.classified", "ticket.dispatched",
    "ticket.acknowledged", "ticket.progress_noted", "ticket.answered"};
constexpr std::array<std::string_view, 8> kDistricts = {
    "鼓楼区", "云龙区", "贾汪区", "泉山区", "铜山区", "丰县", "沛县", "睢宁县"};
constexpr std::array<std::string_view, 4> kChannels = {"phone", "wechat", "web", "livestream"};
// Free text the citizen gave; cut to fit the payload size.
constexpr std::array<std::string_view, 5> kTexts = {
    "小区门口长期占道经营，夜间烧烤油烟和噪音扰民，多次反映未解决，请尽快处理并回复。"
    "市民希望城管部门加强巡查，恢复人行道通行。",
    "路口红绿灯故障已两天，早晚高峰拥堵严重，行人过马路很危险，请交警部门尽快维修。"
    "附近学校放学时段尤其需要疏导。",
    "楼上住户装修长期在午休和夜间施工，噪音很大，与物业沟通无果，请求相关部门协调。"
    "家中有老人和婴儿，影响休息。",
    "自来水近一周水压偏低且水质发黄，影响日常生活，咨询供水公司何时检修恢复正常。"
    "希望给出明确的处理时间。",
    "公交站台遮雨棚破损漏雨，座椅松动，雨天候车很不方便，请公交公司派人维修。"
    "该站点客流量较大，存在安全隐患。"};

void AppendUtf8Cut(std::string* out, std::string_view text, std::size_t max_bytes) {
  // Stop on a character boundary (continuation bytes are 10xxxxxx).
  std::size_t n = std::min(max_bytes, text.size());
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xc0) == 0x80) --n;
  out->append(text.substr(0, n));
}

}  // namespace

TicketEventCorpus::TicketEventCorpus(std::size_t payload_bytes, std::uint64_t streams,
                                     bool ordered_ids)
    : payload_bytes_(payload_bytes), streams_(streams), ordered_ids_(ordered_ids) {}

std::uint64_t TicketEventCorpus::TicketFor(std::uint64_t append_index) const {
  return Mix(append_index ^ 0x7f4a7c15u) % streams_;
}

std::string TicketEventCorpus::StreamId(std::uint64_t ticket) const {
  std::string id = "ticket-3203-2025-";
  AppendNumber(&id, ticket + 1, 6);
  return id;
}

void TicketEventCorpus::MakeEvent(std::uint64_t index, std::uint64_t ticket,
                                  NewEvent* out) const {
  const std::uint64_t h = Mix(index);
  out->event_id.clear();
  AppendEventId(&out->event_id, index, ordered_ids_);
  out->type.assign(kTypes[index % kTypes.size()]);
  out->schema_version = 1;
  const std::string_view channel = kChannels[(h >> 8) % kChannels.size()];

  std::string& m = out->metadata;
  m.assign(R"({"actor":{"user":"intake","role":"system"},"occurred_at":"2025-03-)");
  AppendNumber(&m, 1 + (h >> 16) % 28, 2);
  m.push_back('T');
  AppendNumber(&m, (h >> 24) % 24, 2);
  m.push_back(':');
  AppendNumber(&m, (h >> 32) % 60, 2);
  m.push_back(':');
  AppendNumber(&m, (h >> 40) % 60, 2);
  m.append(R"(+08:00","channel":")");
  m.append(channel);
  m.append(R"(","correlation_id":")");
  AppendEventId(&m, ticket, false);
  m.append("\"}");

  // The fixed fields first, then "text" filled to exactly payload_bytes_.
  std::string& p = out->payload;
  p.assign(R"({"number":"3203-2025-)");
  AppendNumber(&p, ticket + 1, 6);
  p.append(R"(","platform":"xz-city","level":"city","channel":")");
  p.append(channel);
  p.append(R"(","district":")");
  p.append(kDistricts[(h >> 48) % kDistricts.size()]);
  p.append(R"(","urgency":")");
  p.append(h % 10 == 0 ? "urgent" : "normal");
  p.append(R"(","text":")");
  constexpr std::string_view kClose = "\"}";
  if (p.size() + kClose.size() > payload_bytes_) p.assign(R"({"text":")");  // tiny payloads
  const std::string_view text = kTexts[(h >> 56) % kTexts.size()];
  while (p.size() + kClose.size() < payload_bytes_) {
    std::size_t room = payload_bytes_ - kClose.size() - p.size();
    std::size_t before = p.size();
    AppendUtf8Cut(&p, text, room);
    if (p.size() == before) p.append(room, '.');  // less room than one character
  }
  p.append(kClose);
}

}  // namespace rexian::bench

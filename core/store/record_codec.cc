// Encoding and decoding of stored records (format 1).
#include "store/record_codec.h"

#include <cstring>

namespace rexian {
namespace {

constexpr std::uint8_t kRecordFormat = 1;
constexpr std::size_t kFixedSize = 1 + 8 + 4 + 8 + 32;

template <typename T>
void PutFixed(std::string* out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));  // x86-64 and aarch64 are little-endian
  out->append(buf, sizeof(T));
}

void PutString(std::string* out, const std::string& s) {
  PutFixed<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Fixed(T* v) {
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(v, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool Bytes(std::size_t n, std::string* out) {
    if (in_.size() < n) return false;
    out->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  bool String(std::string* out) {
    std::uint32_t n = 0;
    return Fixed(&n) && Bytes(n, out);
  }
  bool AtEnd() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

void EncodeRecord(const RecordedEvent& r, std::string* out) {
  out->clear();
  out->reserve(kFixedSize + 20 + r.stream_id.size() + r.event_id.size() + r.type.size() +
               r.metadata.size() + r.payload.size());
  PutFixed<std::uint8_t>(out, kRecordFormat);
  PutFixed<std::uint64_t>(out, r.stream_version);
  PutFixed<std::uint32_t>(out, r.schema_version);
  PutFixed<std::int64_t>(out, r.recorded_at_us);
  out->append(r.hash.size() == 32 ? r.hash : std::string(32, '\0'));
  PutString(out, r.stream_id);
  PutString(out, r.event_id);
  PutString(out, r.type);
  PutString(out, r.metadata);
  PutString(out, r.payload);
}

Status DecodeRecord(std::uint64_t position, std::string_view value, RecordedEvent* r) {
  Reader in(value);
  std::uint8_t format = 0;
  r->position = position;
  bool ok = in.Fixed(&format) && format == kRecordFormat && in.Fixed(&r->stream_version) &&
            in.Fixed(&r->schema_version) && in.Fixed(&r->recorded_at_us) &&
            in.Bytes(32, &r->hash) && in.String(&r->stream_id) && in.String(&r->event_id) &&
            in.String(&r->type) && in.String(&r->metadata) && in.String(&r->payload) &&
            in.AtEnd();
  if (!ok) {
    return Status::Corruption("record at position " + std::to_string(position) +
                              " is malformed (record format " + std::to_string(format) + ")");
  }
  return Status::OK();
}

}  // namespace rexian

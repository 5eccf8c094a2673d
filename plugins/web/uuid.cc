// UUIDv4 from RAND_bytes (RFC 9562, section 5.4).
#include "web/uuid.h"

#include <openssl/rand.h>

#include <cstdio>
#include <random>

namespace rexian::web {

std::string NewUuidV4() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // OpenSSL's generator failed (no entropy source): fall back to the OS's.
    std::random_device device;
    for (unsigned char& byte : b) byte = static_cast<unsigned char>(device());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

}  // namespace rexian::web

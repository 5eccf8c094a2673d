// zlib through zlib1g, brotli through libbrotlienc.
#include "livestream/bilibili_compress.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <cstdint>

namespace rexian::live {

std::string ZlibCompress(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress(reinterpret_cast<Bytef*>(out.data()), &size,
               reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size())) != Z_OK) {
    return "";
  }
  out.resize(size);
  return out;
}

std::string BrotliCompress(std::string_view data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                             data.size(), reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data()))) {
    return "";
  }
  out.resize(size);
  return out;
}

}  // namespace rexian::live

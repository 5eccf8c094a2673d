// Compressing bodies the way Bilibili's server does: for the tests' replay
// servers and the fuzzer's seeds (the plugin itself only decompresses).
#pragma once

#include <string>
#include <string_view>

namespace rexian::live {

// zlib (RFC 1950) and brotli (RFC 7932) of `data`. Return "" on failure.
std::string ZlibCompress(std::string_view data);
std::string BrotliCompress(std::string_view data);

}  // namespace rexian::live

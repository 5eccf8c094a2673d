# The libFuzzer targets, one rexian_fuzz_target() each (see README.md).
# SOURCES are relative to the repository root: the fuzz target's own file
# plus only the parser sources it exercises, never a whole library.
# LIBS are targets found in tests/fuzz/CMakeLists.txt (OpenSSL::Crypto,
# pugixml::pugixml, Boost::json, ZLIB::ZLIB, PkgConfig::BROTLIDEC).
# Each target's seeds live in tests/fuzz/corpus/<name>/.

# WeChat: the callback XML and the message plan built from it.
rexian_fuzz_target(wechat_xml
  SOURCES tests/fuzz/wechat_xml_fuzz.cc
          plugins/wechat/wechat_xml.cc
          plugins/wechat/message_plan.cc
  LIBS pugixml::pugixml Boost::json)

# WeChat: signature check and decryption of an Encrypt element, then the XML.
rexian_fuzz_target(wechat_decrypt
  SOURCES tests/fuzz/wechat_decrypt_fuzz.cc
          plugins/wechat/message_cipher.cc
          plugins/wechat/signature.cc
          plugins/wechat/wechat_xml.cc
  LIBS OpenSSL::Crypto pugixml::pugixml)

# Livestream: Bilibili live packets, decompressed and nested, then the
# comment commands inside.
rexian_fuzz_target(bilibili_packet
  SOURCES tests/fuzz/bilibili_packet_fuzz.cc
          plugins/livestream/bilibili_packet.cc
          plugins/livestream/bilibili_comments.cc
  LIBS ZLIB::ZLIB PkgConfig::BROTLIDEC Boost::json)

# Phone: the AMI byte stream (framing, "Key: Value" lines) and the call
# tracker that turns its events into call records.
rexian_fuzz_target(ami
  SOURCES tests/fuzz/ami_fuzz.cc
          plugins/phone/ami_message.cc
          plugins/phone/call_time.cc
          plugins/phone/call_tracker.cc
  LIBS Boost::json)

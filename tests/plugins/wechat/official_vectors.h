// The published test vectors of WeChat's message encryption samples
// (Tencent's WXBizMsgCrypt "cryptoDemo", wximg.gtimg.com/shake_tv/mpwiki/cryptoDemo.zip,
// linked from the official-account message encryption guide).
//
// Python sample, python/Sample.py (read from the copy in GitHub
// charlesXu86/Chatbot_CN, path Chatbot_Web/impl/weixin/Sample.py):
// token, EncodingAESKey, appid, timestamp, nonce, msg_signature and the
// Encrypt of an incoming text message.
//
// Java sample, Java/src/com/qq/weixin/mp/aes/WXBizMsgCryptTest.java (read
// from the copy in GitHub Wyl015/wuyiling, path
// work-test/src/main/resources/Utils/aes/WXBizMsgCryptTest.java): a
// deterministic encryption with the random prefix "aaaabbbbccccdddd".
#pragma once

namespace rexian::wechat::testing {

inline constexpr const char* kPyToken = "spamtest";
inline constexpr const char* kPyEncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
inline constexpr const char* kPyAppId = "wx2c2769f8efd9abc2";
inline constexpr const char* kPyTimestamp = "1409735669";
inline constexpr const char* kPyNonce = "1320562132";
inline constexpr const char* kPyMsgSignature = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
inline constexpr const char* kPyEncrypt =
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PG"
    "HQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6"
    "tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp"
    "3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhv"
    "Ql+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

inline constexpr const char* kJavaToken = "pamtest";
inline constexpr const char* kJavaEncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
inline constexpr const char* kJavaAppId = "wxb11529c136998cb6";
inline constexpr const char* kJavaRandom = "aaaabbbbccccdddd";
inline constexpr const char* kJavaReply = "我是中文abcd123";
inline constexpr const char* kJavaEncrypted =
    "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

}  // namespace rexian::wechat::testing

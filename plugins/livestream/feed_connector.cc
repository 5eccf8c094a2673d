// The connector loop: connect, auth, heartbeat, decode, reconnect.
#include "livestream/feed_connector.h"

#include <algorithm>

#include "livestream/bilibili_comments.h"
#include "livestream/bilibili_packet.h"
#include "livestream/json_feed.h"
#include "livestream/tcp_stream.h"
#include "livestream/websocket_client.h"

namespace rexian::live {
namespace {

constexpr std::chrono::milliseconds kSlice{200};
constexpr std::chrono::milliseconds kConnectTimeout{3000};

}  // namespace

FeedConnector::FeedConnector(FeedConfig feed, ConnectorSettings settings, ConnectorSinks sinks)
    : feed_(std::move(feed)), settings_(settings), sinks_(std::move(sinks)) {}

FeedConnector::~FeedConnector() { Stop(); }

void FeedConnector::Start() { thread_ = std::thread([this] { Run(); }); }

void FeedConnector::RequestStop() {
  {
    std::lock_guard lock(wait_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void FeedConnector::Stop() {
  RequestStop();
  if (thread_.joinable()) thread_.join();
}

void FeedConnector::Run() {
  std::chrono::milliseconds backoff = settings_.reconnect_min;
  while (!Stopping()) {
    bool received = false;
    std::string why;
    try {
      why = RunOnce(&received);
    } catch (const std::exception& e) {
      why = std::string("unexpected failure: ") + e.what();
    }
    if (Stopping()) break;
    if (received) backoff = settings_.reconnect_min;
    sinks_.count("feed_disconnects", "comment feed connections lost or refused (each is retried)");
    sinks_.log(REXIAN_LOG_WARN, "feed " + feed_.name + ": " + why + "; reconnecting in " +
                                    std::to_string(backoff.count()) + " ms");
    std::unique_lock lock(wait_mutex_);
    wake_.wait_for(lock, backoff, [this] { return stopping_.load(); });
    backoff = std::min(backoff * 2, settings_.reconnect_max);
  }
}

std::string FeedConnector::RunOnce(bool* received_data) {
  auto address = ParseFeedAddress(feed_.url);
  if (!address.ok()) return address.error();
  return address->scheme == "tcp" ? RunTcp(received_data) : RunWebSocket(received_data);
}

std::string FeedConnector::RunWebSocket(bool* received_data) {
  auto address = ParseFeedAddress(feed_.url);
  auto ws = WebSocketClient::Open(*address, kConnectTimeout, settings_.max_message_bytes);
  if (!ws.ok()) return ws.error();
  ++connections_;
  sinks_.log(REXIAN_LOG_INFO, "feed " + feed_.name + ": connected to " + feed_.url);
  const bool bilibili = feed_.kind == "bilibili";
  auto next_heartbeat = std::chrono::steady_clock::now();
  if (bilibili) {
    auto sent = ws->Send(BilibiliAuthPacket(feed_.room_id, feed_.uid, feed_.token), true);
    if (!sent.ok()) return "auth: " + sent.error();
  }
  while (!Stopping()) {
    if (bilibili && std::chrono::steady_clock::now() >= next_heartbeat) {
      auto sent = ws->Send(BilibiliHeartbeatPacket(), true);
      if (!sent.ok()) return "heartbeat: " + sent.error();
      next_heartbeat = std::chrono::steady_clock::now() + settings_.heartbeat;
    }
    auto message = ws->Receive(kSlice);
    if (!message.ok()) return message.error();
    if (!message->has_value()) continue;
    *received_data = true;
    if (bilibili) {
      if (std::string why = HandleBilibili((*message)->payload); !why.empty()) return why;
    } else {
      HandleJson((*message)->payload);
    }
  }
  return "stopped";
}

std::string FeedConnector::RunTcp(bool* received_data) {
  auto address = ParseFeedAddress(feed_.url);
  auto stream = TcpStream::Connect(address->host, address->port, kConnectTimeout);
  if (!stream.ok()) return stream.error();
  ++connections_;
  sinks_.log(REXIAN_LOG_INFO, "feed " + feed_.name + ": connected to " + feed_.url);
  if (auto sent = stream->WriteAll(BilibiliAuthPacket(feed_.room_id, feed_.uid, feed_.token), kConnectTimeout);
      !sent.ok()) {
    return "auth: " + sent.error();
  }
  auto next_heartbeat = std::chrono::steady_clock::now();
  std::string buffer;
  while (!Stopping()) {
    if (std::chrono::steady_clock::now() >= next_heartbeat) {
      if (auto sent = stream->WriteAll(BilibiliHeartbeatPacket(), kConnectTimeout); !sent.ok()) {
        return "heartbeat: " + sent.error();
      }
      next_heartbeat = std::chrono::steady_clock::now() + settings_.heartbeat;
    }
    auto read = stream->ReadSome(&buffer, kSlice);
    if (!read.ok()) return read.error();
    if (*read > 0) *received_data = true;
    // A TCP stream is cut into packets by the announced lengths; a length
    // that cannot be right loses the framing, so the connection is dropped.
    while (buffer.size() >= kBilibiliHeaderSize) {
      const std::uint32_t length = AnnouncedLength(buffer);
      if (length < kBilibiliHeaderSize || length > settings_.max_message_bytes) {
        sinks_.count("malformed_packets", "feed packets or messages that could not be decoded");
        return "framing lost: a packet announces " + std::to_string(length) + " bytes";
      }
      if (buffer.size() < length) break;
      const std::string packet = buffer.substr(0, length);
      buffer.erase(0, length);
      if (std::string why = HandleBilibili(packet); !why.empty()) return why;
    }
  }
  return "stopped";
}

std::string FeedConnector::HandleBilibili(std::string_view bytes) {
  BilibiliLimits limits;
  limits.max_packet_bytes = settings_.max_message_bytes;
  BilibiliDecoded decoded = DecodeBilibili(bytes, limits);
  if (!decoded.error.empty()) {
    sinks_.count("malformed_packets", "feed packets or messages that could not be decoded");
    sinks_.log(REXIAN_LOG_WARN, "feed " + feed_.name + ": malformed packet skipped: " + decoded.error);
  }
  for (BilibiliPacket& packet : decoded.packets) {
    switch (packet.operation) {
      case kOpAuthReply:
        if (!AuthAccepted(packet.body)) return "auth refused: " + packet.body.substr(0, 200);
        sinks_.log(REXIAN_LOG_INFO, "feed " + feed_.name + ": joined room " + std::to_string(feed_.room_id));
        break;
      case kOpHeartbeatReply:
        sinks_.count("heartbeat_replies", "heartbeat replies received from bilibili feeds");
        break;
      case kOpMessage:
        if (auto comment = CommentOfCommand(packet.body)) {
          sinks_.comment(std::move(*comment));
        } else {
          sinks_.count("other_commands", "feed commands that carry no viewer comment (gifts, entries, ...)");
        }
        break;
      default:
        sinks_.count("other_commands", "feed commands that carry no viewer comment (gifts, entries, ...)");
    }
  }
  return "";
}

void FeedConnector::HandleJson(std::string_view message) {
  if (auto comment = CommentOfFeedMessage(message)) {
    sinks_.comment(std::move(*comment));
    return;
  }
  sinks_.count("malformed_packets", "feed packets or messages that could not be decoded");
  sinks_.log(REXIAN_LOG_WARN, "feed " + feed_.name + ": message without uid and text skipped");
}

}  // namespace rexian::live

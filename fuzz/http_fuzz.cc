// Fuzzes HTTP request handling: `retold serve` runs in this process on a
// loopback port, and each input is sent as raw bytes on a new connection.
// A crash or sanitizer report in any handler ends the run; a hang trips the
// fuzzer's timeout; after each request the server must still answer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include "fuzz/fuzz_support.h"
#include "server/server.h"

namespace {

int g_port = 0;

int FreePort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

// True once `reply` holds a whole response (headers and Content-Length).
bool Complete(const std::string& reply) {
  size_t end = reply.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  size_t at = reply.find("Content-Length: ");
  if (at == std::string::npos || at > end) return true;
  size_t length = std::strtoul(reply.c_str() + at + 16, nullptr, 10);
  return reply.size() >= end + 4 + length;
}

// Sends `request` and reads the reply: until the server closes, or 100 ms
// pass without a first byte (an incomplete request the server still waits
// on), or 50 ms pass without more. (No half-close: cpp-httplib then drops
// the response of a keep-alive connection.)
std::string Exchange(const std::string& request, long first_byte_us = 100000) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(g_port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval first{first_byte_us / 1000000, first_byte_us % 1000000};
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &first, sizeof first);
  std::string reply;
  if (connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    size_t sent = 0;
    while (sent < request.size()) {
      ssize_t n = send(s, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    char buffer[4096];
    ssize_t n;
    while (!Complete(reply) && (n = recv(s, buffer, sizeof buffer, 0)) > 0) {
      reply.append(buffer, static_cast<size_t>(n));
      timeval more{0, 50000};
      setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &more, sizeof more);
    }
  }
  close(s);
  return reply;
}

void StartServer() {
  static retold::ServerOptions options;
  options.db = (std::filesystem::temp_directory_path() / ("retold-http-fuzz-" + std::to_string(getpid()) + ".db")).string();
  options.port = g_port = FreePort();
  options.quiet = true;
  options.max_body_bytes = 1 << 20;
  std::thread([] {
    std::string error;
    retold::Serve(options, retold::fuzz::FuzzLexicon(), &error);
  }).detach();
  for (int i = 0; i < 200; ++i) {
    std::string health = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000000);
    if (health.find("200 OK") != std::string::npos) return;
    usleep(50000);
  }
  abort();  // the server never came up
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool started = (StartServer(), true);
  (void)started;
  std::string reply = Exchange(std::string(reinterpret_cast<const char*>(data), size));
  // A slow request from the input may still be running: the health check
  // waits up to 10 s, so only a server that stopped answering fails.
  std::string health = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10000000);
  if (health.find("200 OK") == std::string::npos) {
    fprintf(stderr, "reply to the input:\n%s\nreply to /healthz:\n%s\n", reply.c_str(), health.c_str());
  }
  RETOLD_FUZZ_CHECK(health.find("200 OK") != std::string::npos);
  return 0;
}

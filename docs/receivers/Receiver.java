// A minimal CityComm webhook receiver in plain Java 11+ (JDK only: HttpServer, HmacSHA256), one file.
// Where Maven is at hand, the official library does the same check: com.standardwebhooks:standardwebhooks.
//
//   CITYCOMM_WEBHOOK_SECRET=whsec_... java Receiver.java 8080      (the JDK runs a single source file)
//
// In production put it behind your TLS-terminating proxy. It verifies the signature over the exact
// bytes received (never re-encoded JSON), refuses timestamps more than 5 minutes off, accepts any of
// several signatures (during a secret rotation CityComm signs with the new and the old secret),
// deduplicates on webhook-id, answers 204 at once and leaves the work to a queue (here: one JSON line
// per message in a spool file). tests/integration/test_webhook_receiver_java.py runs this file as it
// is against real signed deliveries.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class Receiver {
  private static final long TOLERANCE_SECONDS = 300;
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();  // production: a table, unique on webhook-id

  static boolean verify(byte[] key, String id, String timestamp, String signatures, byte[] body) throws Exception {
    if (id == null || timestamp == null || signatures == null || id.isEmpty() || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
    for (String signature : signatures.split(" ")) {
      String[] parts = signature.split(",", 2);
      if (parts.length == 2 && parts[0].equals("v1")
          && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
        return true;  // MessageDigest.isEqual compares in constant time
      }
    }
    return false;
  }

  public static void main(String[] args) throws Exception {
    String secret = System.getenv().getOrDefault("CITYCOMM_WEBHOOK_SECRET", "");
    byte[] key = Base64.getDecoder().decode(secret.replaceFirst("^whsec_", ""));
    Path spool = Path.of(System.getenv().getOrDefault("CITYCOMM_SPOOL", "citycomm-webhooks.jsonl"));
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", exchange -> handle(exchange, key, spool));
    server.start();
  }

  private static void handle(HttpExchange exchange, byte[] key, Path spool) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    var headers = exchange.getRequestHeaders();  // case-insensitive names
    String id = headers.getFirst("webhook-id");
    int status = 401;
    try {
      if (exchange.getRequestMethod().equals("POST")
          && verify(key, id, headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"), body)) {
        status = 204;
        if (SEEN.add(id)) {  // a retry or a redelivery repeats the webhook-id: do the work once
          synchronized (Receiver.class) {
            Files.write(spool, (new String(body, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          }
        }
      }
    } catch (Exception refused) {
      status = 401;
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}

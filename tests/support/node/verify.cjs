// Verifies webhooks with the official Standard Webhooks library for JavaScript.
// stdin: JSON [{"secret", "body", "headers"}]; stdout: JSON [{"ok", "type", "error"}], in order.
const path = require("node:path");
const { Webhook } = require(path.join(process.env.STANDARDWEBHOOKS_DIR, "node_modules", "standardwebhooks"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ secret, body, headers }) => {
    try {
      const message = new Webhook(secret).verify(body, headers);
      return { ok: true, type: message.type, error: null };
    } catch (error) {
      return { ok: false, type: null, error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});

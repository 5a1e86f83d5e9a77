<?php
// A minimal CityComm webhook receiver in plain PHP (no library: hash_hmac and hash_equals), for PHP 7.4+.
// Where Composer is at hand, the official library does the same check: standard-webhooks/standard-webhooks.
//
//   CITYCOMM_WEBHOOK_SECRET=whsec_... php -S 0.0.0.0:8080 receiver.php      (to try it locally)
//
// In production put it behind your web server (nginx + php-fpm, Apache) on https. It verifies the
// signature over the exact bytes received (never re-encoded JSON), refuses timestamps more than
// 5 minutes off, accepts any of several signatures (during a secret rotation CityComm signs with the
// new and the old secret), deduplicates on webhook-id, answers 204 at once and leaves the work to
// a queue (here: one JSON line per message in a spool file). tests/integration/test_webhook_receiver_php.py
// runs this file as it is against real signed deliveries.

const TOLERANCE_SECONDS = 300;

function citycomm_verify(string $secret, string $id, string $timestamp, string $signatures, string $body): bool
{
    if ($id === '' || !ctype_digit($timestamp) || abs(time() - (int) $timestamp) > TOLERANCE_SECONDS) {
        return false;
    }
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
    if ($key === false) {
        return false;
    }
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
    foreach (explode(' ', $signatures) as $signature) {
        [$version, $value] = array_pad(explode(',', $signature, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $value)) {
            return true;
        }
    }
    return false;
}

$body = file_get_contents('php://input');
$id = $_SERVER['HTTP_WEBHOOK_ID'] ?? '';
if ($_SERVER['REQUEST_METHOD'] !== 'POST' || !citycomm_verify(
    getenv('CITYCOMM_WEBHOOK_SECRET') ?: '',
    $id,
    $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '',
    $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '',
    $body
)) {
    http_response_code(401);
    exit;
}

// A retry or a redelivery repeats the webhook-id: do the work once. In production: a table with a
// unique key on webhook-id, kept a few days. Here: one file per id, created atomically ('x').
$seen = getenv('CITYCOMM_SEEN_DIR') ?: sys_get_temp_dir() . '/citycomm-seen';
@mkdir($seen, 0700, true);
$first = @fopen($seen . '/' . hash('sha256', $id), 'x');
if ($first !== false) {
    fclose($first);
    $spool = getenv('CITYCOMM_SPOOL') ?: sys_get_temp_dir() . '/citycomm-webhooks.jsonl';
    file_put_contents($spool, $body . "\n", FILE_APPEND | LOCK_EX);  // CityComm sends one line of JSON
}
http_response_code(204);

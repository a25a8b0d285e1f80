/*
 * What SQLCipher's OpenSSL provider pays per 4 KiB page, and how much of it is set-up.
 *
 *   gcc -O2 -o /tmp/page_cost scripts/bench/sqlcipher_page_cost.c -lcrypto && /tmp/page_cost
 *
 * "as SQLCipher calls it" repeats, per page, what sqlcipher_openssl_cipher / _hmac / _random
 * do in SQLCipher 4.20 against OpenSSL 3 (the bundled source of libsqlite3-sys): a new cipher
 * context and an implicit cipher fetch per page, an HMAC fetched, created and keyed per page,
 * the random IV and reserve. "bare" is the same work on reused contexts: the floor set by
 * AES-256-CBC (serial when encrypting) and SHA-256. Figures: docs/performance.md.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <time.h>

enum { PAGE = 4096, RESERVE = 48, IV = 16, USABLE = PAGE - RESERVE, N = 100000 };

static unsigned char key[32] = {1}, hmac_key[32] = {2}, iv[RESERVE], in[PAGE], out[PAGE], mac[32];
static const unsigned char pgno[4] = {7, 0, 0, 0};

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void report(const char *what, double started) {
  printf("%-48s %6.2f us/page\n", what, (seconds() - started) / N * 1e6);
}

/* As sqlcipher_openssl_cipher: everything set up for each page. */
static void cipher_per_call(int encrypt) {
  int len, tail;
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), NULL, NULL, NULL, encrypt);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, encrypt);
  EVP_CipherUpdate(ctx, out, &len, in, USABLE);
  EVP_CipherFinal_ex(ctx, out + len, &tail);
  EVP_CIPHER_CTX_free(ctx);
}

/* As sqlcipher_openssl_hmac: HMAC fetched, created and keyed for each page. */
static void hmac_per_call(void) {
  size_t len;
  OSSL_PARAM params[] = {OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, "sha256", 0), OSSL_PARAM_END};
  EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(hmac);
  EVP_MAC_init(ctx, hmac_key, sizeof hmac_key, params);
  EVP_MAC_update(ctx, out, USABLE + IV);
  EVP_MAC_update(ctx, pgno, sizeof pgno);
  EVP_MAC_final(ctx, NULL, &len, 0);
  EVP_MAC_final(ctx, mac, &len, len);
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(hmac);
}

int main(void) {
  double t;
  int len;
  size_t mac_len;

  t = seconds();
  for (int i = 0; i < N; i++) {
    RAND_bytes(iv, RESERVE);
    cipher_per_call(1);
    hmac_per_call();
  }
  report("encrypt a page, as SQLCipher calls it", t);
  t = seconds();
  for (int i = 0; i < N; i++) {
    hmac_per_call();
    cipher_per_call(0);
  }
  report("decrypt + verify a page, as SQLCipher calls it", t);

  EVP_CIPHER *aes = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
  EVP_CIPHER_CTX *cctx = EVP_CIPHER_CTX_new();
  t = seconds();
  for (int i = 0; i < N; i++) {
    EVP_CipherInit_ex2(cctx, aes, key, iv, 1, NULL);
    EVP_CIPHER_CTX_set_padding(cctx, 0);
    EVP_CipherUpdate(cctx, out, &len, in, USABLE);
  }
  report("bare AES-256-CBC encrypt", t);
  t = seconds();
  for (int i = 0; i < N; i++) {
    EVP_CipherInit_ex2(cctx, aes, key, iv, 0, NULL);
    EVP_CIPHER_CTX_set_padding(cctx, 0);
    EVP_CipherUpdate(cctx, out, &len, in, USABLE);
  }
  report("bare AES-256-CBC decrypt", t);

  OSSL_PARAM params[] = {OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, "sha256", 0), OSSL_PARAM_END};
  EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  EVP_MAC_CTX *mctx = EVP_MAC_CTX_new(hmac);
  EVP_MAC_init(mctx, hmac_key, sizeof hmac_key, params);
  t = seconds();
  for (int i = 0; i < N; i++) {
    EVP_MAC_init(mctx, NULL, 0, NULL);
    EVP_MAC_update(mctx, out, USABLE + IV);
    EVP_MAC_update(mctx, pgno, sizeof pgno);
    EVP_MAC_final(mctx, mac, &mac_len, sizeof mac);
  }
  report("bare HMAC-SHA256", t);
  t = seconds();
  for (int i = 0; i < N; i++) RAND_bytes(iv, RESERVE);
  report("random IV and reserve (48 bytes)", t);

  EVP_MAC_CTX_free(mctx);
  EVP_MAC_free(hmac);
  EVP_CIPHER_CTX_free(cctx);
  EVP_CIPHER_free(aes);
  return 0;
}

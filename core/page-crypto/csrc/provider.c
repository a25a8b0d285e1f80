/*
 * Pro Bono Desk: a SQLCipher crypto provider over OpenSSL 3 that keeps its OpenSSL objects
 * between pages.
 *
 * SQLCipher's stock OpenSSL provider (crypto_openssl.c) is written, in its own words, to be
 * "intentionally non-optimized": for every page it fetches the HMAC and AES implementations
 * by name, creates and frees a MAC context and a cipher context, and expands the keys again.
 * Under OpenSSL 3.0 that set-up costs about as much as the HMAC itself
 * (scripts/bench/sqlcipher_page_cost.c, docs/performance.md). Its header invites
 * applications that need more speed to write their own provider from it; this is that.
 *
 * What is the same as the stock provider: the algorithms and every byte they produce.
 * AES-256-CBC without padding, HMAC-SHA1/256/512, PBKDF2 and the random bytes all come from
 * the same OpenSSL calls, so a database written through one provider is read by the other
 * (the crate's tests write with each and read with the other).
 *
 * What is different:
 *  - Each SQLCipher codec context (one per open database) gets its own page_ctx holding a
 *    cipher context per direction and a MAC context per HMAC algorithm, keyed once. A page
 *    only sets the IV (cipher) or restarts from the keyed state (HMAC).
 *  - Random bytes (each written page's IV and reserve) are drawn from RAND_bytes 4 KiB at a
 *    time into a per-context pool; bytes handed out are wiped from the pool. A forked child
 *    (counted by a pthread_atfork handler) throws its copy of the pool away, so parent and
 *    child never hand out the same bytes.
 *  - The key material those contexts hold stays in memory, unmasked, while the database is
 *    open. SQLCipher 4.20 masks its own copy of the key between pages ("shield"); the
 *    application holds the same data key unmasked for as long as a vault is open, so this
 *    adds no key that was not already in memory. page_ctx (our copies of the keys, the
 *    pool) lives in SQLCipher's private heap, which SQLCipher locks into RAM and wipes on
 *    free; OpenSSL's key schedule and HMAC state live on OpenSSL's heap and are cleansed by
 *    EVP_*_free when the database closes.
 *
 * A codec context is used by one connection, and SQLite runs one thread at a time inside a
 * connection, so a page_ctx needs no lock.
 *
 * probono_page_crypto_register() runs known-answer tests of the cached paths (RFC 4231 and
 * RFC 2202 HMAC vectors, NIST SP 800-38A AES-256-CBC) before it registers anything; if one
 * fails, nothing is registered and SQLCipher keeps its stock provider.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "the page-crypto provider needs OpenSSL 3"
#endif

/* --- From SQLCipher 4.20's sqlcipher.h (the amalgamation bundled by libsqlite3-sys). ---
 * The layout must match exactly; the Rust side pins the SQLCipher version it was written
 * for and the round-trip tests would fail on any mismatch. */
typedef struct sqlcipher_provider sqlcipher_provider;
struct sqlcipher_provider {
  int (*init)(void);
  void (*shutdown)(void);
  const char *(*get_provider_name)(void *ctx);
  int (*add_random)(void *ctx, const void *buffer, int length);
  int (*random)(void *ctx, void *buffer, int length);
  int (*hmac)(void *ctx, int algorithm, const unsigned char *hmac_key, int key_sz, const unsigned char *in, int in_sz,
              const unsigned char *in2, int in2_sz, unsigned char *out);
  int (*kdf)(void *ctx, int algorithm, const unsigned char *pass, int pass_sz, const unsigned char *salt, int salt_sz,
             int workfactor, int key_sz, unsigned char *key);
  int (*cipher)(void *ctx, int mode, const unsigned char *key, int key_sz, const unsigned char *iv,
                const unsigned char *in, int in_sz, unsigned char *out);
  const char *(*get_cipher)(void *ctx);
  int (*get_key_sz)(void *ctx);
  int (*get_iv_sz)(void *ctx);
  int (*get_block_sz)(void *ctx);
  int (*get_hmac_sz)(void *ctx, int algorithm);
  int (*ctx_init)(void **ctx);
  int (*ctx_free)(void **ctx);
  int (*fips_status)(void *ctx);
  const char *(*get_provider_version)(void *ctx);
  sqlcipher_provider *next;
};

extern int sqlcipher_register_provider(sqlcipher_provider *p);
extern void *sqlcipher_malloc(unsigned long long size);
extern void sqlcipher_free(void *mem, unsigned long long size);

#define SQLITE_OK 0
#define SQLITE_ERROR 1
#define SQLITE_NOMEM 7

#define SQLCIPHER_DECRYPT 0
#define SQLCIPHER_ENCRYPT 1

#define SQLCIPHER_HMAC_SHA1 0
#define SQLCIPHER_HMAC_SHA256 1
#define SQLCIPHER_HMAC_SHA512 2

#define SQLCIPHER_PBKDF2_HMAC_SHA1 0
#define SQLCIPHER_PBKDF2_HMAC_SHA256 1
#define SQLCIPHER_PBKDF2_HMAC_SHA512 2
/* --- end of SQLCipher's definitions --- */

#define PROVIDER_NAME "openssl-probono"
#define KEY_MAX 64
#define HMAC_ALGORITHMS 3
#define POOL_SIZE 4096

typedef struct {
  EVP_CIPHER *aes;                          /* AES-256-CBC, fetched once */
  EVP_CIPHER_CTX *cipher[2];                /* [SQLCIPHER_DECRYPT], [SQLCIPHER_ENCRYPT] */
  unsigned char cipher_key[2][KEY_MAX];     /* the key each cipher context holds */
  int cipher_key_sz[2];                     /* 0: not keyed */
  EVP_MAC *mac;                             /* HMAC, fetched once */
  EVP_MAC_CTX *hmac[HMAC_ALGORITHMS];       /* keyed, restarted per page */
  unsigned char hmac_key[HMAC_ALGORITHMS][KEY_MAX];
  int hmac_key_sz[HMAC_ALGORITHMS];
  unsigned char pool[POOL_SIZE];            /* random bytes not yet handed out */
  int pool_left;
  unsigned long pool_forks;                 /* forks_seen when the pool was filled */
} page_ctx;

/* Incremented in the child after every fork(); a pool filled before a fork is not used. */
static volatile unsigned long forks_seen = 0;

static void count_fork_in_child(void) {
  forks_seen++;
}

static const char *digest_name(int algorithm) {
  switch (algorithm) {
  case SQLCIPHER_HMAC_SHA1:
    return "SHA1";
  case SQLCIPHER_HMAC_SHA256:
    return "SHA256";
  case SQLCIPHER_HMAC_SHA512:
    return "SHA512";
  default:
    return NULL;
  }
}

static int pc_get_hmac_sz(void *ctx, int algorithm);

static const char *pc_get_provider_name(void *ctx) {
  (void)ctx;
  return PROVIDER_NAME;
}

static const char *pc_get_provider_version(void *ctx) {
  (void)ctx;
  return OpenSSL_version(OPENSSL_VERSION);
}

static int pc_add_random(void *ctx, const void *buffer, int length) {
  (void)ctx;
  RAND_add(buffer, length, 0);
  return SQLITE_OK;
}

static int pc_random(void *vctx, void *buffer, int length) {
  page_ctx *c = vctx;
  unsigned char *from;
  if (length < 0) return SQLITE_ERROR;
  /* No context (or a large request, such as SQLCipher's start-up seeding): straight from
   * OpenSSL, as the stock provider does. */
  if (c == NULL || length > POOL_SIZE / 8) {
    if (RAND_bytes(buffer, length) != 1) {
      ERR_clear_error();
      return SQLITE_ERROR;
    }
    return SQLITE_OK;
  }
  if (c->pool_forks != forks_seen) {
    OPENSSL_cleanse(c->pool, POOL_SIZE);
    c->pool_left = 0;
  }
  if (c->pool_left < length) {
    c->pool_forks = forks_seen;
    if (RAND_bytes(c->pool, POOL_SIZE) != 1) {
      OPENSSL_cleanse(c->pool, POOL_SIZE);
      c->pool_left = 0;
      ERR_clear_error();
      return SQLITE_ERROR;
    }
    c->pool_left = POOL_SIZE;
  }
  from = c->pool + (POOL_SIZE - c->pool_left);
  memcpy(buffer, from, (size_t)length);
  OPENSSL_cleanse(from, (size_t)length);
  c->pool_left -= length;
  return SQLITE_OK;
}

static int pc_hmac(void *vctx, int algorithm, const unsigned char *hmac_key, int key_sz, const unsigned char *in,
                   int in_sz, const unsigned char *in2, int in2_sz, unsigned char *out) {
  page_ctx *c = vctx;
  const char *digest = digest_name(algorithm);
  EVP_MAC_CTX *h;
  size_t out_sz = 0;

  if (c == NULL || digest == NULL || in == NULL || hmac_key == NULL || key_sz <= 0 || key_sz > KEY_MAX || in_sz < 0 ||
      in2_sz < 0)
    return SQLITE_ERROR;
  if (c->mac == NULL && (c->mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL)) == NULL) goto error;
  if (c->hmac[algorithm] == NULL && (c->hmac[algorithm] = EVP_MAC_CTX_new(c->mac)) == NULL) goto error;
  h = c->hmac[algorithm];

  if (c->hmac_key_sz[algorithm] != key_sz || CRYPTO_memcmp(c->hmac_key[algorithm], hmac_key, (size_t)key_sz) != 0) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    c->hmac_key_sz[algorithm] = 0;
    if (!EVP_MAC_init(h, hmac_key, (size_t)key_sz, params)) goto error;
    memcpy(c->hmac_key[algorithm], hmac_key, (size_t)key_sz);
    c->hmac_key_sz[algorithm] = key_sz;
  } else if (!EVP_MAC_init(h, NULL, 0, NULL)) { /* restart from the keyed state */
    goto error;
  }
  if (!EVP_MAC_update(h, in, (size_t)in_sz)) goto error;
  if (in2 != NULL && !EVP_MAC_update(h, in2, (size_t)in2_sz)) goto error;
  if (!EVP_MAC_final(h, out, &out_sz, EVP_MAC_CTX_get_mac_size(h))) goto error;
  if ((int)out_sz != pc_get_hmac_sz(c, algorithm)) goto error;
  return SQLITE_OK;

error:
  c->hmac_key_sz[algorithm] = 0; /* key again next time */
  ERR_clear_error();
  return SQLITE_ERROR;
}

static int pc_kdf(void *ctx, int algorithm, const unsigned char *pass, int pass_sz, const unsigned char *salt,
                  int salt_sz, int workfactor, int key_sz, unsigned char *key) {
  const EVP_MD *md;
  (void)ctx;
  switch (algorithm) {
  case SQLCIPHER_PBKDF2_HMAC_SHA1:
    md = EVP_sha1();
    break;
  case SQLCIPHER_PBKDF2_HMAC_SHA256:
    md = EVP_sha256();
    break;
  case SQLCIPHER_PBKDF2_HMAC_SHA512:
    md = EVP_sha512();
    break;
  default:
    return SQLITE_ERROR;
  }
  if (!PKCS5_PBKDF2_HMAC((const char *)pass, pass_sz, salt, salt_sz, workfactor, md, key_sz, key)) {
    ERR_clear_error();
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

static int pc_cipher(void *vctx, int mode, const unsigned char *key, int key_sz, const unsigned char *iv,
                     const unsigned char *in, int in_sz, unsigned char *out) {
  page_ctx *c = vctx;
  int m = mode == SQLCIPHER_ENCRYPT ? SQLCIPHER_ENCRYPT : SQLCIPHER_DECRYPT;
  int n1 = 0, n2 = 0;
  EVP_CIPHER_CTX *e;

  if (c == NULL || key == NULL || iv == NULL || key_sz != 32 || in_sz < 0 || in_sz % 16 != 0) return SQLITE_ERROR;
  if (c->aes == NULL && (c->aes = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL)) == NULL) goto error;
  if (c->cipher[m] == NULL && (c->cipher[m] = EVP_CIPHER_CTX_new()) == NULL) goto error;
  e = c->cipher[m];

  if (c->cipher_key_sz[m] != key_sz || CRYPTO_memcmp(c->cipher_key[m], key, (size_t)key_sz) != 0) {
    c->cipher_key_sz[m] = 0;
    if (!EVP_CipherInit_ex2(e, c->aes, key, iv, m, NULL)) goto error;
    if (!EVP_CIPHER_CTX_set_padding(e, 0)) goto error;
    memcpy(c->cipher_key[m], key, (size_t)key_sz);
    c->cipher_key_sz[m] = key_sz;
  } else if (!EVP_CipherInit_ex2(e, NULL, NULL, iv, m, NULL)) { /* same key: new IV only */
    goto error;
  }
  if (!EVP_CipherUpdate(e, out, &n1, in, in_sz)) goto error;
  if (!EVP_CipherFinal_ex(e, out + n1, &n2)) goto error;
  if (n1 + n2 != in_sz) goto error;
  return SQLITE_OK;

error:
  c->cipher_key_sz[m] = 0;
  ERR_clear_error();
  return SQLITE_ERROR;
}

static const char *pc_get_cipher(void *ctx) {
  (void)ctx;
  return "AES-256-CBC";
}

static int pc_get_key_sz(void *ctx) {
  (void)ctx;
  return 32;
}

static int pc_get_iv_sz(void *ctx) {
  (void)ctx;
  return 16;
}

static int pc_get_block_sz(void *ctx) {
  (void)ctx;
  return 16;
}

static int pc_get_hmac_sz(void *ctx, int algorithm) {
  (void)ctx;
  switch (algorithm) {
  case SQLCIPHER_HMAC_SHA1:
    return 20;
  case SQLCIPHER_HMAC_SHA256:
    return 32;
  case SQLCIPHER_HMAC_SHA512:
    return 64;
  default:
    return 0;
  }
}

/* In SQLCipher's private heap: locked into RAM, wiped when freed. */
static int pc_ctx_init(void **ctx) {
  page_ctx *c = sqlcipher_malloc(sizeof(page_ctx));
  if (c == NULL) return SQLITE_NOMEM;
  memset(c, 0, sizeof(page_ctx));
  c->pool_forks = forks_seen;
  *ctx = c;
  return SQLITE_OK;
}

static int pc_ctx_free(void **ctx) {
  page_ctx *c;
  int i;
  if (ctx == NULL || *ctx == NULL) return SQLITE_OK;
  c = *ctx;
  for (i = 0; i < 2; i++) EVP_CIPHER_CTX_free(c->cipher[i]);
  for (i = 0; i < HMAC_ALGORITHMS; i++) EVP_MAC_CTX_free(c->hmac[i]);
  EVP_CIPHER_free(c->aes);
  EVP_MAC_free(c->mac);
  OPENSSL_cleanse(c, sizeof(page_ctx));
  sqlcipher_free(c, sizeof(page_ctx));
  *ctx = NULL;
  return SQLITE_OK;
}

static int pc_fips_status(void *ctx) {
  (void)ctx;
  return 0;
}

static void fill(sqlcipher_provider *p) {
  memset(p, 0, sizeof(*p));
  p->get_provider_name = pc_get_provider_name;
  p->add_random = pc_add_random;
  p->random = pc_random;
  p->hmac = pc_hmac;
  p->kdf = pc_kdf;
  p->cipher = pc_cipher;
  p->get_cipher = pc_get_cipher;
  p->get_key_sz = pc_get_key_sz;
  p->get_iv_sz = pc_get_iv_sz;
  p->get_block_sz = pc_get_block_sz;
  p->get_hmac_sz = pc_get_hmac_sz;
  p->ctx_init = pc_ctx_init;
  p->ctx_free = pc_ctx_free;
  p->fips_status = pc_fips_status;
  p->get_provider_version = pc_get_provider_version;
}

/* --- Known-answer tests of the cached paths. Each vector runs twice on one context, so the
 * second run goes through "same key, restart" rather than "new key". --- */

static int hex_byte(const char *s) {
  int v = 0, i;
  for (i = 0; i < 2; i++) {
    char ch = s[i];
    v <<= 4;
    if (ch >= '0' && ch <= '9') v |= ch - '0';
    else if (ch >= 'a' && ch <= 'f') v |= ch - 'a' + 10;
    else return -1;
  }
  return v;
}

/* Decodes hex into out (at most cap bytes); returns the length or -1. */
static int unhex(const char *hex, unsigned char *out, int cap) {
  int n = (int)strlen(hex) / 2, i;
  if (n > cap || (int)strlen(hex) % 2 != 0) return -1;
  for (i = 0; i < n; i++) {
    int b = hex_byte(hex + 2 * i);
    if (b < 0) return -1;
    out[i] = (unsigned char)b;
  }
  return n;
}

static int hmac_kat(page_ctx *c, int algorithm, const char *key_hex, const char *data, const char *tag_hex) {
  unsigned char key[KEY_MAX], want[64], got[64];
  int key_sz = unhex(key_hex, key, sizeof key), tag_sz = unhex(tag_hex, want, sizeof want), round;
  int data_sz = (int)strlen(data), split = data_sz / 2;
  if (key_sz <= 0 || tag_sz != pc_get_hmac_sz(c, algorithm)) return 0;
  for (round = 0; round < 2; round++) {
    memset(got, 0, sizeof got);
    /* in two pieces, as SQLCipher passes the page and then its number */
    if (pc_hmac(c, algorithm, key, key_sz, (const unsigned char *)data, split, (const unsigned char *)data + split,
                data_sz - split, got) != SQLITE_OK)
      return 0;
    if (CRYPTO_memcmp(got, want, (size_t)tag_sz) != 0) return 0;
  }
  return 1;
}

static int aes_kat(page_ctx *c) {
  /* NIST SP 800-38A F.2.5 / F.2.6, CBC-AES256 */
  static const char *key_hex = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
  static const char *iv_hex = "000102030405060708090a0b0c0d0e0f";
  static const char *plain_hex = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                 "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
  static const char *cipher_hex = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                                  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b";
  unsigned char key[32], other[32], iv[16], plain[64], cipher[64], out[64];
  int round;
  if (unhex(key_hex, key, 32) != 32 || unhex(iv_hex, iv, 16) != 16 || unhex(plain_hex, plain, 64) != 64 ||
      unhex(cipher_hex, cipher, 64) != 64)
    return 0;
  memset(other, 0x5a, sizeof other);
  for (round = 0; round < 2; round++) {
    /* the whole vector (round 0 keys the contexts, round 1 only sets the IV) */
    if (pc_cipher(c, SQLCIPHER_ENCRYPT, key, 32, iv, plain, 64, out) != SQLITE_OK || memcmp(out, cipher, 64) != 0)
      return 0;
    if (pc_cipher(c, SQLCIPHER_DECRYPT, key, 32, iv, cipher, 64, out) != SQLITE_OK || memcmp(out, plain, 64) != 0)
      return 0;
    /* a new IV on the same key: blocks 3-4 chain from ciphertext block 2 */
    if (pc_cipher(c, SQLCIPHER_ENCRYPT, key, 32, cipher + 16, plain + 32, 32, out) != SQLITE_OK ||
        memcmp(out, cipher + 32, 32) != 0)
      return 0;
    if (pc_cipher(c, SQLCIPHER_DECRYPT, key, 32, cipher + 16, cipher + 32, 32, out) != SQLITE_OK ||
        memcmp(out, plain + 32, 32) != 0)
      return 0;
    /* another key on the same contexts, so round 1 re-keys back to the vector's key */
    if (pc_cipher(c, SQLCIPHER_ENCRYPT, other, 32, iv, plain, 64, out) != SQLITE_OK || memcmp(out, cipher, 64) == 0)
      return 0;
    if (pc_cipher(c, SQLCIPHER_DECRYPT, other, 32, iv, out, 64, out) != SQLITE_OK || memcmp(out, plain, 64) != 0)
      return 0;
  }
  return 1;
}

static int self_test(void) {
  void *v = NULL;
  page_ctx *c;
  int ok;
  if (pc_ctx_init(&v) != SQLITE_OK) return 0;
  c = v;
  ok = aes_kat(c)
       /* RFC 2202 test case 2 */
       && hmac_kat(c, SQLCIPHER_HMAC_SHA1, "4a656665", "what do ya want for nothing?",
                   "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
       /* RFC 4231 test case 2 */
       && hmac_kat(c, SQLCIPHER_HMAC_SHA256, "4a656665", "what do ya want for nothing?",
                   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
       && hmac_kat(c, SQLCIPHER_HMAC_SHA512, "4a656665", "what do ya want for nothing?",
                   "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                   "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")
       /* RFC 4231 test case 1: a different key on the same contexts must re-key them */
       && hmac_kat(c, SQLCIPHER_HMAC_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
                   "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  pc_ctx_free(&v);
  return ok;
}

/* Registers the provider as SQLCipher's default, for every database keyed from now on.
 * SQLite must be initialised first (sqlite3_initialize), which sets up SQLCipher's heap and
 * mutexes. Returns SQLITE_OK, or an error with nothing registered: -1 when a known-answer
 * test failed. SQLCipher frees registered providers with sqlcipher_free at shutdown, so the
 * struct comes from sqlcipher_malloc. */
int probono_page_crypto_register(void) {
  sqlcipher_provider *p;
  int rc;
  if (!self_test()) return -1;
  if (pthread_atfork(NULL, NULL, count_fork_in_child) != 0) return SQLITE_ERROR;
  p = sqlcipher_malloc(sizeof(sqlcipher_provider));
  if (p == NULL) return SQLITE_NOMEM;
  fill(p);
  rc = sqlcipher_register_provider(p);
  if (rc != SQLITE_OK) sqlcipher_free(p, sizeof(sqlcipher_provider));
  return rc;
}

/* For tests and benchmarks: makes SQLCipher's stock OpenSSL provider the default again, or
 * this one. The stock provider stays on SQLCipher's list after registration, so it can be
 * found there. The caller serialises calls (the Rust side holds a mutex). */
int probono_page_crypto_use(int ours) {
  extern sqlcipher_provider *sqlcipher_get_provider(void);
  sqlcipher_provider *p = sqlcipher_get_provider();
  const char *want = ours ? PROVIDER_NAME : "openssl";
  for (; p != NULL; p = p->next) {
    if (p->get_provider_name != NULL && strcmp(p->get_provider_name(NULL), want) == 0)
      return sqlcipher_register_provider(p);
  }
  return SQLITE_ERROR;
}

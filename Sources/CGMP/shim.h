// Static inline wrappers for the parts of GMP that Swift cannot import:
// GMP's public names are macros (mpq_add -> __gmpq_add) and several accessors
// (mpq_numref, mpz_sgn, ...) are function-like macros, which Swift skips.
#ifndef ODERED_CGMP_SHIM_H
#define ODERED_CGMP_SHIM_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

static inline mpz_ptr odered_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr odered_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr odered_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr odered_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }
static inline int odered_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int odered_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }

static inline void odered_mpq_init(mpq_ptr q) { mpq_init(q); }
static inline void odered_mpq_clear(mpq_ptr q) { mpq_clear(q); }
static inline void odered_mpq_set(mpq_ptr r, mpq_srcptr a) { mpq_set(r, a); }
static inline void odered_mpq_canonicalize(mpq_ptr q) { mpq_canonicalize(q); }
static inline void odered_mpq_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_add(r, a, b); }
static inline void odered_mpq_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_sub(r, a, b); }
static inline void odered_mpq_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_mul(r, a, b); }
static inline void odered_mpq_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_div(r, a, b); }
static inline void odered_mpq_neg(mpq_ptr r, mpq_srcptr a) { mpq_neg(r, a); }
static inline void odered_mpq_abs(mpq_ptr r, mpq_srcptr a) { mpq_abs(r, a); }
static inline int odered_mpq_cmp(mpq_srcptr a, mpq_srcptr b) { return mpq_cmp(a, b); }
static inline double odered_mpq_get_d(mpq_srcptr a) { return mpq_get_d(a); }
static inline void odered_mpq_set_d(mpq_ptr r, double d) { mpq_set_d(r, d); }

/// Sets q = num/den from two int64 values (den != 0); canonicalizes.
static inline void odered_mpq_set_i64(mpq_ptr q, int64_t num, int64_t den) {
    mpz_import(mpq_numref(q), 1, 1, sizeof(uint64_t), 0, 0, &(uint64_t){ num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num });
    if (num < 0) mpz_neg(mpq_numref(q), mpq_numref(q));
    mpz_import(mpq_denref(q), 1, 1, sizeof(uint64_t), 0, 0, &(uint64_t){ den < 0 ? (uint64_t)0 - (uint64_t)den : (uint64_t)den });
    if (den < 0) mpz_neg(mpq_denref(q), mpq_denref(q));
    mpq_canonicalize(q);
}

/// Returns 1 and stores the value if z fits in int64 (excluding INT64_MIN), else 0.
static inline int odered_mpz_get_i64(mpz_srcptr z, int64_t *out) {
    if (mpz_sizeinbase(z, 2) > 63) return 0;
    uint64_t magnitude = 0;
    size_t count = 0;
    mpz_export(&magnitude, &count, 1, sizeof(uint64_t), 0, 0, z);
    if (count == 0) { *out = 0; return 1; }
    *out = mpz_sgn(z) < 0 ? -(int64_t)magnitude : (int64_t)magnitude;
    return 1;
}

static inline size_t odered_mpz_sizeinbase(mpz_srcptr z, int base) { return mpz_sizeinbase(z, base); }
static inline char *odered_mpz_get_str(char *buffer, int base, mpz_srcptr z) { return mpz_get_str(buffer, base, z); }
static inline int odered_mpz_set_str(mpz_ptr z, const char *text, int base) { return mpz_set_str(z, text, base); }
static inline void odered_mpz_ui_pow_ui(mpz_ptr r, unsigned long base, unsigned long exponent) { mpz_ui_pow_ui(r, base, exponent); }
static inline void odered_mpz_mul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_mul(r, a, b); }
static inline void odered_mpz_set(mpz_ptr r, mpz_srcptr a) { mpz_set(r, a); }
static inline void odered_mpz_set_ui(mpz_ptr r, unsigned long a) { mpz_set_ui(r, a); }
static inline void odered_mpz_neg(mpz_ptr r, mpz_srcptr a) { mpz_neg(r, a); }
static inline void odered_mpz_mul_2exp(mpz_ptr r, mpz_srcptr a, unsigned long e) { mpz_mul_2exp(r, a, e); }
static inline void odered_mpz_fdiv_qr(mpz_ptr q, mpz_ptr r, mpz_srcptr n, mpz_srcptr d) { mpz_fdiv_qr(q, r, n, d); }
static inline void odered_mpz_tdiv_qr(mpz_ptr q, mpz_ptr r, mpz_srcptr n, mpz_srcptr d) { mpz_tdiv_qr(q, r, n, d); }
static inline int odered_mpz_cmp(mpz_srcptr a, mpz_srcptr b) { return mpz_cmp(a, b); }
static inline void odered_mpz_init(mpz_ptr z) { mpz_init(z); }
static inline void odered_mpz_clear(mpz_ptr z) { mpz_clear(z); }
static inline void odered_mpz_abs(mpz_ptr r, mpz_srcptr a) { mpz_abs(r, a); }
static inline unsigned long odered_mpz_remove(mpz_ptr r, mpz_srcptr a, mpz_srcptr f) { return mpz_remove(r, a, f); }
static inline unsigned long odered_mpz_scan1(mpz_srcptr a, unsigned long start) { return mpz_scan1(a, start); }
static inline int odered_mpz_cmp_ui(mpz_srcptr a, unsigned long b) { return mpz_cmp_ui(a, b); }
static inline size_t odered_mpz_size(mpz_srcptr a) { return mpz_size(a); }
static inline mp_limb_t odered_mpz_getlimbn(mpz_srcptr a, mp_size_t n) { return mpz_getlimbn(a, n); }
static inline void odered_mpq_set_num_den(mpq_ptr q, mpz_srcptr num, mpz_srcptr den) {
    mpz_set(mpq_numref(q), num); mpz_set(mpq_denref(q), den); mpq_canonicalize(q);
}
/// Power of a rational with a non-negative exponent.
static inline void odered_mpq_pow_ui(mpq_ptr r, mpq_srcptr a, unsigned long e) {
    mpz_pow_ui(mpq_numref(r), mpq_numref(a), e);
    mpz_pow_ui(mpq_denref(r), mpq_denref(a), e);
}
/// r = the n-th root of the rational a when it is exact (numerator and denominator perfect n-th
/// powers; a >= 0 or n odd): returns 1; otherwise returns 0 and r is unspecified.
static inline int odered_mpq_root_exact(mpq_ptr r, mpq_srcptr a, unsigned long n) {
    if (n % 2 == 0 && mpq_sgn(a) < 0) return 0;
    if (!mpz_root(mpq_numref(r), mpq_numref(a), n)) return 0;
    if (!mpz_root(mpq_denref(r), mpq_denref(a), n)) return 0;
    return 1;
}
/// r = floor(a) as a rational integer.
static inline void odered_mpq_floor(mpq_ptr r, mpq_srcptr a) {
    mpz_fdiv_q(mpq_numref(r), mpq_numref(a), mpq_denref(a));
    mpz_set_ui(mpq_denref(r), 1);
}
#endif

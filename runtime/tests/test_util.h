/**
 * @file test_util.h
 * @brief Tiny helpers shared by the capsrt kernel unit tests: a seeded PRNG, tolerance comparison of a
 *        kernel's float output against a double reference, shape arithmetic, and CHECK counting.
 *
 * Each test program includes this header once, runs its checks and ends with
 * `return tu_finish("test_name");`, which prints "test_name: N checks passed, M failed" and returns a
 * non-zero exit status when any check failed.
 */
#ifndef CAPSRT_TESTS_TEST_UTIL_H
#define CAPSRT_TESTS_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capsrt/capsrt.h"

/** 1 on a bare-metal board (QEMU MPS2: 4 MB of RAM for data, heap and stack), whose tests skip the few cases
 *  with buffers larger than that (Sabour's 1152-capsule DigitCaps); the host runs every case. */
#if (defined(__arm__) || defined(__riscv)) && !defined(__linux__)
#define TU_BOARD 1
#else
#define TU_BOARD 0
#endif

static int tu_checks = 0;
static int tu_failed = 0;

/** Counts one check; prints the location and expression when it fails. */
#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        ++tu_checks;                                                                                                   \
        if (!(cond)) {                                                                                                 \
            ++tu_failed;                                                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                                   \
        }                                                                                                              \
    } while (0)

/** Prints the summary line and returns the process exit status. */
static inline int tu_finish(const char *name) {
    printf("%s: %d checks passed, %d failed\n", name, tu_checks - tu_failed, tu_failed);
    return tu_failed == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- PRNG (xorshift32, fixed seed) */

static uint32_t tu_rng_state = 0x12345678u;

static inline void tu_seed(uint32_t seed) { tu_rng_state = seed != 0 ? seed : 0x12345678u; }

static inline uint32_t tu_rand_u32(void) {
    uint32_t x = tu_rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    tu_rng_state = x;
    return x;
}

/** Uniform integer in [lo, hi]. */
static inline int32_t tu_rand_int(int32_t lo, int32_t hi) {
    const uint32_t span = (uint32_t)(hi - lo) + 1u;
    return lo + (int32_t)(tu_rand_u32() % span);
}

/** Uniform float in [lo, hi). */
static inline float tu_rand_float(float lo, float hi) {
    const double unit = (double)(tu_rand_u32() >> 8) / 16777216.0;
    return (float)((double)lo + unit * ((double)hi - (double)lo));
}

static inline void tu_fill(float *x, int32_t n, float lo, float hi) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = tu_rand_float(lo, hi);
}

/** Fills n floats with a recognizable pattern (to detect writes by rejected calls). */
static inline void tu_fill_sentinel(float *x, int32_t n) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = -12345.0f;
}

static inline int tu_is_sentinel(const float *x, int32_t n) {
    for (int32_t i = 0; i < n; ++i) {
        if (x[i] != -12345.0f)
            return 0;
    }
    return 1;
}

/** Zeroed memory for n elements of `size` bytes (at least one element); exits with status 2 when there is none. */
static inline void *tu_alloc_bytes(int32_t n, size_t size) {
    const size_t count = (size_t)(n > 0 ? n : 1);
    void *p = calloc(count, size);
    if (p == NULL) {
        fprintf(stderr, "out of memory (%lu bytes)\n", (unsigned long)(count * size));
        exit(2);
    }
    return p;
}

static inline float *tu_alloc(int32_t n) { return (float *)tu_alloc_bytes(n, sizeof(float)); }
static inline double *tu_alloc_d(int32_t n) { return (double *)tu_alloc_bytes(n, sizeof(double)); }

/* ---------------------------------------------------------------- comparison */

/**
 * Number of elements where |got - want| > rtol * |want| + atol (NaN matches NaN, inf matches the same
 * inf); prints the first few mismatches prefixed by what.
 */
static inline int
tu_mismatches(const char *what, const float *got, const double *want, int32_t n, double rtol, double atol) {
    int bad = 0;
    for (int32_t i = 0; i < n; ++i) {
        const double g = (double)got[i];
        const double w = want[i];
        int ok;
        if (isnan(w) || isnan(g))
            ok = isnan(w) && isnan(g);
        else if (isinf(w) || isinf(g))
            ok = g == w;
        else
            ok = fabs(g - w) <= rtol * fabs(w) + atol;
        if (!ok) {
            if (bad < 5)
                fprintf(stderr, "  %s: element %ld: got %.9g, want %.9g\n", what, (long)i, g, w);
            ++bad;
        }
    }
    return bad;
}

/** CHECKs that got matches want within the tolerances. */
#define CHECK_CLOSE(what, got, want, n, rtol, atol)                                                                    \
    CHECK(tu_mismatches((what), (got), (want), (n), (rtol), (atol)) == 0)

/** CHECKs that two float arrays are identical bit for bit. */
#define CHECK_BITS(got, want, n) CHECK(memcmp((got), (want), (size_t)(n) * sizeof(float)) == 0)

/* ---------------------------------------------------------------- shapes */

static inline int32_t tu_count(int32_t rank, const int32_t *dims) {
    int32_t c = 1;
    for (int32_t d = 0; d < rank; ++d)
        c *= dims[d];
    return c;
}

/** Splits linear index i of a row-major shape into coordinates. */
static inline void tu_unravel(int32_t i, int32_t rank, const int32_t *dims, int32_t *coords) {
    for (int32_t d = rank - 1; d >= 0; --d) {
        coords[d] = i % dims[d];
        i /= dims[d];
    }
}

/** Linear index of coordinates in a row-major shape. */
static inline int32_t tu_ravel(int32_t rank, const int32_t *dims, const int32_t *coords) {
    int32_t i = 0;
    for (int32_t d = 0; d < rank; ++d)
        i = i * dims[d] + coords[d];
    return i;
}

/** Copies a [n, c, h, w] tensor of elem-byte elements into a new [n, h, w, c] one (an NCHW image as NHWC, or
 *  OIHW convolution weights as OHWI with n = out_c, c = in_c / groups); the caller frees it. */
static inline void *tu_channels_last(const void *src, int32_t n, int32_t c, int32_t h, int32_t w, size_t elem) {
    char *dst = (char *)malloc((size_t)n * (size_t)c * (size_t)h * (size_t)w * elem + 1);
    for (int32_t i = 0; i < n * c * h * w; ++i) {
        const int32_t dims[4] = {n, c, h, w}, hwc_dims[4] = {n, h, w, c};
        int32_t at[4];
        tu_unravel(i, 4, dims, at);
        const int32_t hwc_at[4] = {at[0], at[2], at[3], at[1]};
        memcpy(dst + (size_t)tu_ravel(4, hwc_dims, hwc_at) * elem, (const char *)src + (size_t)i * elem, elem);
    }
    return dst;
}

#endif /* CAPSRT_TESTS_TEST_UTIL_H */

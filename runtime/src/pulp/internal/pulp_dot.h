/**
 * @file pulp_dot.h
 * @brief The register-blocked int8 dot products of the PULP kernels: four weight rows against two activation rows
 *        (convolution, fully connected: eight 4-way SDOTSP per four taps, 32 MACs from two activation and four
 *        weight word loads) or against one (capsule predictions: four SDOTSP, 16 MACs).
 */
#ifndef CAPSRT_PULP_INTERNAL_PULP_DOT_H
#define CAPSRT_PULP_INTERNAL_PULP_DOT_H

#include "pulp_simd.h"

/** Taps summed in int32 at a time: 65536 * 128 * 128 = 2^30. */
#define CAPS_PULP_DOT_CHUNK 65536

/**
 * sums[r][c] = sum over t < k of x_r[t] * w[c][t] (raw int8 values, no offsets) for the activation rows x_0, x_1
 * and the weight rows w[0 .. 3], exact: int32 over chunks of CAPS_PULP_DOT_CHUNK taps, int64 across them.
 * Words for the taps below k & ~3, bytes for the rest, so nothing past x_r[k - 1] or w[c][k - 1] is read.
 */
static inline void caps_pulp_dot_4x2(const int8_t *x0, const int8_t *x1, const int8_t *const w[4], int32_t k,
                                     int64_t sums[2][4]) {
    const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 4; ++c)
            sums[r][c] = 0;
    for (int32_t t0 = 0; t0 < k; t0 += CAPS_PULP_DOT_CHUNK) {
        const int32_t t1 = k - t0 < CAPS_PULP_DOT_CHUNK ? k : t0 + CAPS_PULP_DOT_CHUNK;
        const int32_t words_end = t0 + ((t1 - t0) & ~3);
        int32_t s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        int32_t t = t0;
        for (; t < words_end; t += 4) {
            const uint32_t a0 = caps_pulp_load4(x0 + t), a1 = caps_pulp_load4(x1 + t);
            const uint32_t b0 = caps_pulp_load4(w0 + t), b1 = caps_pulp_load4(w1 + t);
            const uint32_t b2 = caps_pulp_load4(w2 + t), b3 = caps_pulp_load4(w3 + t);
            s00 = caps_pulp_sdotsp4(a0, b0, s00);
            s01 = caps_pulp_sdotsp4(a0, b1, s01);
            s02 = caps_pulp_sdotsp4(a0, b2, s02);
            s03 = caps_pulp_sdotsp4(a0, b3, s03);
            s10 = caps_pulp_sdotsp4(a1, b0, s10);
            s11 = caps_pulp_sdotsp4(a1, b1, s11);
            s12 = caps_pulp_sdotsp4(a1, b2, s12);
            s13 = caps_pulp_sdotsp4(a1, b3, s13);
        }
        for (; t < t1; ++t) {
            const int32_t a0 = x0[t], a1 = x1[t];
            s00 += a0 * w0[t];
            s01 += a0 * w1[t];
            s02 += a0 * w2[t];
            s03 += a0 * w3[t];
            s10 += a1 * w0[t];
            s11 += a1 * w1[t];
            s12 += a1 * w2[t];
            s13 += a1 * w3[t];
        }
        sums[0][0] += s00;
        sums[0][1] += s01;
        sums[0][2] += s02;
        sums[0][3] += s03;
        sums[1][0] += s10;
        sums[1][1] += s11;
        sums[1][2] += s12;
        sums[1][3] += s13;
    }
}

/**
 * sums[c] = sum over t < k of x[t] * w[c][t] for one activation row and four weight rows, in int32: k * 2^14 must
 * stay below 2^31 (the callers' k is at most 131071). Four SDOTSP per four taps (16 MACs), words for the taps
 * below k & ~3, bytes for the rest.
 */
static inline void caps_pulp_dot_4x1(const int8_t *x, const int8_t *const w[4], int32_t k, int32_t sums[4]) {
    const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
    int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, t = 0;
    for (; t + 4 <= k; t += 4) {
        const uint32_t a = caps_pulp_load4(x + t);
        s0 = caps_pulp_sdotsp4(a, caps_pulp_load4(w0 + t), s0);
        s1 = caps_pulp_sdotsp4(a, caps_pulp_load4(w1 + t), s1);
        s2 = caps_pulp_sdotsp4(a, caps_pulp_load4(w2 + t), s2);
        s3 = caps_pulp_sdotsp4(a, caps_pulp_load4(w3 + t), s3);
    }
    for (; t < k; ++t) {
        const int32_t a = x[t];
        s0 += a * w0[t];
        s1 += a * w1[t];
        s2 += a * w2[t];
        s3 += a * w3[t];
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
}

/** The exact sum of the k int8 values at w (four at a time against a vector of ones). */
static inline int64_t caps_pulp_sum_s8(const int8_t *w, int32_t k) {
    int64_t total = 0;
    for (int32_t t0 = 0; t0 < k; t0 += CAPS_PULP_DOT_CHUNK) {
        const int32_t t1 = k - t0 < CAPS_PULP_DOT_CHUNK ? k : t0 + CAPS_PULP_DOT_CHUNK;
        const int32_t words_end = t0 + ((t1 - t0) & ~3);
        int32_t s = 0, t = t0;
        for (; t < words_end; t += 4)
            s = caps_pulp_sdotsp4(caps_pulp_load4(w + t), 0x01010101u, s);
        for (; t < t1; ++t)
            s += w[t];
        total += s;
    }
    return total;
}

#endif /* CAPSRT_PULP_INTERNAL_PULP_DOT_H */

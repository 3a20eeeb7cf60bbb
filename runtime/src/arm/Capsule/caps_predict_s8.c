/**
 * @file caps_predict_s8.c
 * @brief caps_predict_s8 for the Arm DSP extension: SMLAD dot products of each weight row with the input
 *        capsule and a requantization whose case analysis is done once per output capsule. Bit-exact with
 *        ref/Capsule/caps_predict_s8.c (same checks, the same exact int32 sums, the same requantization).
 *
 * The input capsule u_i is sign-extended once into halfword pairs (u0, u2), (u1, u3) per four elements (zero
 * beyond in_dim); each weight word then gives (w0, w2) and (w1, w3) with SXTB16 and two SMLADs. The capsule
 * lives on the stack for in_dim <= 64 (CapsNets use 4 to 16); larger capsules take the reference loop.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_quant.h"
#include "../../ref/internal/ref_s8.h"
#include "../internal/arm_dsp.h"

#define MAX_PACKED_DIM 64
#define MAX_PREPARED_CAPS 32

/** How one output capsule's requantization pair is applied (decided once per capsule, not per element). */
enum { RQ_SMALL, RQ_POW2, RQ_OTHER };

typedef struct {
    int32_t mode;
    int32_t multiplier, shift;      /* the pair, for RQ_OTHER */
    caps_arm_requant_small_t small; /* RQ_SMALL; n and half also serve RQ_POW2 */
} predict_rq_t;

/** The sums are below 2^30 in magnitude for in_dim <= 65535 (in_dim 2^14 per product). */
static predict_rq_t predict_rq_make(int32_t multiplier, int32_t shift, int32_t in_dim) {
    predict_rq_t r;
    r.multiplier = multiplier;
    r.shift = shift;
    const int small = caps_arm_requant_small_make(multiplier, shift, &r.small);
    r.mode = in_dim > 65535 ? RQ_OTHER : small ? RQ_SMALL : multiplier == 0 && shift < 0 ? RQ_POW2 : RQ_OTHER;
    return r;
}

/** caps_ref_requantize(acc, multiplier, shift) clamped to int8; RQ_POW2 is floor((acc + 2^(n-1)) / 2^n). */
static inline __attribute__((always_inline)) int8_t predict_rq_apply(int32_t acc, const predict_rq_t *r, int32_t mode) {
    if (mode == RQ_SMALL)
        return caps_arm_ssat8(caps_arm_requant_small_apply(acc, r->small));
    if (mode == RQ_POW2)
        return caps_arm_ssat8((acc + r->small.half) >> r->small.n);
    return (int8_t)caps_ref_clamp(caps_ref_requantize(acc, r->multiplier, r->shift), -128, 127);
}

/** The out_dim rows of one 4-D capsule pair: one weight word per row, u in two registers. */
static inline __attribute__((always_inline)) void
predict_rows_4(const int8_t *row, uint32_t u02, uint32_t u13, int32_t rows, const predict_rq_t *r, int32_t mode, int8_t *y) {
    for (int32_t o = 0; o < rows; ++o, row += 4) {
        const uint32_t word = caps_arm_load32(row);
        const int32_t acc = caps_arm_smlad(caps_arm_sxtb16_ror8(word), u13, caps_arm_smlad(caps_arm_sxtb16(word), u02, 0));
        y[o] = predict_rq_apply(acc, r, mode);
    }
}

/** Output capsule j of every input capsule of a 4-D layer: its requantization stays in registers over the
 *  input capsules (u word, the rows of W_ij, u_hat_j|i are strided by in_dim, out_caps * 4 * out_dim and
 *  out_caps * out_dim). Inlined once per mode. */
static inline __attribute__((always_inline)) void predict_column_4(const int8_t *u, const int8_t *w, int8_t *y,
                                                                   int32_t in_caps, int32_t out_caps, int32_t out_dim,
                                                                   const predict_rq_t *r, int32_t mode) {
    const int32_t w_stride = out_caps * 4 * out_dim, y_stride = out_caps * out_dim;
    for (int32_t i = 0; i < in_caps; ++i, u += 4, w += w_stride, y += y_stride) {
        const uint32_t word = caps_arm_load32(u);
        predict_rows_4(w, caps_arm_sxtb16(word), caps_arm_sxtb16_ror8(word), out_dim, r, mode, y);
    }
}

/** dot(row, u) for a row of in_dim int8 weights and the packed capsule (groups of two halfword pairs). */
static inline int32_t row_dot(const int8_t *row, const uint32_t *u_packed, int32_t in_dim) {
    const int32_t groups = in_dim / 4, rest = in_dim % 4;
    int32_t acc = 0;
    for (int32_t q = 0; q < groups; ++q) {
        const uint32_t w = caps_arm_load32(row + 4 * q);
        acc = caps_arm_smlad(caps_arm_sxtb16(w), u_packed[2 * q], acc);
        acc = caps_arm_smlad(caps_arm_sxtb16_ror8(w), u_packed[2 * q + 1], acc);
    }
    if (rest) {
        uint32_t w = 0;
        memcpy(&w, row + 4 * groups, (size_t)rest);
        acc = caps_arm_smlad(caps_arm_sxtb16(w), u_packed[2 * groups], acc);
        acc = caps_arm_smlad(caps_arm_sxtb16_ror8(w), u_packed[2 * groups + 1], acc);
    }
    return acc;
}

caps_status_t caps_predict_s8(const caps_predict_params_t *params,
                              const int8_t *u,
                              const int8_t *weights,
                              const int32_t *multiplier,
                              const int32_t *shift,
                              int8_t *u_hat) {
    const caps_status_t status = caps_ref_check_predict_s8(params, u, weights, multiplier, shift, u_hat);
    if (status != CAPS_OK)
        return status;
    const int32_t n = params->n, in_caps = params->in_caps, in_dim = params->in_dim;
    const int32_t out_caps = params->out_caps, out_dim = params->out_dim;
    const int32_t pair = out_dim * in_dim;
    uint32_t u_packed[MAX_PACKED_DIM / 2];
    predict_rq_t rqs[MAX_PREPARED_CAPS]; /* output capsules beyond these prepare their pair per input capsule */
    for (int32_t j = 0; j < out_caps && j < MAX_PREPARED_CAPS; ++j)
        rqs[j] = predict_rq_make(multiplier[j], shift[j], in_dim);
    if (in_dim == 4) { /* the common 4-D capsule: output capsule by output capsule, one weight word per row */
        for (int32_t b = 0; b < n; ++b) {
            for (int32_t j = 0; j < out_caps; ++j) {
                const predict_rq_t rq = j < MAX_PREPARED_CAPS ? rqs[j] : predict_rq_make(multiplier[j], shift[j], in_dim);
                const int8_t *ub = u + b * in_caps * 4, *wj = weights + j * 4 * out_dim;
                int8_t *yj = u_hat + b * in_caps * out_caps * out_dim + j * out_dim;
                if (rq.mode == RQ_SMALL)
                    predict_column_4(ub, wj, yj, in_caps, out_caps, out_dim, &rq, RQ_SMALL);
                else if (rq.mode == RQ_POW2)
                    predict_column_4(ub, wj, yj, in_caps, out_caps, out_dim, &rq, RQ_POW2);
                else
                    predict_column_4(ub, wj, yj, in_caps, out_caps, out_dim, &rq, RQ_OTHER);
            }
        }
        return CAPS_OK;
    }
    for (int32_t b = 0; b < n; ++b) {
        for (int32_t i = 0; i < in_caps; ++i) {
            const int8_t *ui = u + (b * in_caps + i) * in_dim;
            int8_t *out = u_hat + (b * in_caps + i) * out_caps * out_dim;
            const int8_t *w = weights + i * out_caps * pair;
            if (in_dim > MAX_PACKED_DIM) { /* the reference loop */
                for (int32_t r = 0; r < out_caps * out_dim; ++r) {
                    int32_t acc = 0;
                    for (int32_t k = 0; k < in_dim; ++k)
                        acc += (int32_t)w[r * in_dim + k] * (int32_t)ui[k];
                    const int32_t j = r / out_dim;
                    out[r] = (int8_t)caps_ref_clamp(caps_ref_requantize(acc, multiplier[j], shift[j]), -128, 127);
                }
                continue;
            }
            for (int32_t q = 0; q < (in_dim + 3) / 4; ++q) {
                uint32_t word = 0;
                if (in_dim - 4 * q >= 4)
                    word = caps_arm_load32(ui + 4 * q);
                else
                    memcpy(&word, ui + 4 * q, (size_t)(in_dim - 4 * q));
                u_packed[2 * q] = caps_arm_sxtb16(word);
                u_packed[2 * q + 1] = caps_arm_sxtb16_ror8(word);
            }
            for (int32_t j = 0; j < out_caps; ++j) {
                const predict_rq_t rq = j < MAX_PREPARED_CAPS ? rqs[j] : predict_rq_make(multiplier[j], shift[j], in_dim);
                for (int32_t o = 0; o < out_dim; ++o) {
                    const int32_t acc = row_dot(w + (j * out_dim + o) * in_dim, u_packed, in_dim);
                    out[j * out_dim + o] = predict_rq_apply(acc, &rq, rq.mode);
                }
            }
        }
    }
    return CAPS_OK;
}

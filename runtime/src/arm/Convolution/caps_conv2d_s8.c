/**
 * @file caps_conv2d_s8.c
 * @brief caps_conv2d_s8 for the Arm DSP extension (Cortex-M4 / M7 / M33): im2col into int16 columns and SMLAD
 *        dot products, two output positions by two output channels at a time; depthwise layers over a padded
 *        copy of each channel. Bit-exact with ref/Convolution/caps_conv2d_s8.c (same parameters, checks,
 *        accumulation and requantization).
 *
 * For each pair of output positions the receptive fields are gathered into the scratch as two columns of
 * k = in_c / groups * k_h * k_w int16 values x + input_offset (0 at padded taps, which is what the reference
 * kernel's skipped taps contribute), padded with zeros to a multiple of 4 and stored as (x0, x2, x1, x3) per
 * four taps to match SXTB16's (w0, w2), (w1, w3) split of four weights (arm_dsp.h). Weights stay in the
 * reference layout [out_c, in_c / groups, k_h, k_w]. Each weight word then feeds 4 SMLADs (2 positions x its
 * 2 halfword pairs), each column word 2 (2 channels): 16 MACs per 8 SMLADs, 6 loads and 4 extensions
 * (dot_2x2_groups). A chunk of channels' sums is then finished by their epilogues, prepared once per channel.
 *
 * NHWC inputs (CAPS_LAYOUT_NHWC_IN) gather their columns in the weights' [k_h][k_w][in_c / groups] order: each window
 * row is one run of bytes (k_w * in_c of them with one group and an undilated row inside the input), converted
 * four taps per word load and two SXTAB16s. Outputs are written with the layout's channel and position strides.
 *
 * Exactness: |(x + input_offset) * w| <= 255 * 128, so an int32 sum of up to 65536 taps cannot overflow; longer
 * reductions are summed in int32 over chunks of 65536 taps and the chunks in int64, then the bias is added and
 * the sum saturated to int32 exactly as the reference kernel does (caps_arm_epilogue_apply).
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_conv.h"
#include "../../ref/internal/ref_quant.h"
#include "../../ref/internal/ref_s8.h"
#include "../internal/arm_dsp.h"

/** Taps per int32 chunk (a multiple of 4): 65536 * 255 * 128 < 2^31. */
#define CHUNK_GROUPS 16384

/** Output channels whose epilogues are prepared at a time (on the stack). */
#define EPILOGUE_CHUNK 32

/** Position of natural tap j in a column: (x0, x2, x1, x3) per four taps. */
static inline int32_t column_slot(int32_t j) { return (j & ~3) | ((j & 1) << 1) | ((j >> 1) & 1); }

/** The input row and column of the first tap of output position `pixel` (row-major over out_h x out_w). */
static inline void window_start(const caps_conv2d_s8_params_t *p, int32_t pixel, int32_t *ih0, int32_t *iw0) {
    *ih0 = pixel / p->out_w * p->stride_h - p->pad_top;
    *iw0 = pixel % p->out_w * p->stride_w - p->pad_left;
}

/** The column of output position `pixel` (row-major over out_h x out_w) of one group's input channels. */
static void im2col(const caps_conv2d_s8_params_t *p,
                   const int8_t *in_group,
                   int32_t in_cpg,
                   int32_t pixel,
                   int32_t k_padded,
                   int16_t *col) {
    int32_t ih0, iw0;
    window_start(p, pixel, &ih0, &iw0);
    const int32_t in_plane = p->in_h * p->in_w;
    const int32_t offset = p->input_offset;
    const int inside = ih0 >= 0 && ih0 + (p->k_h - 1) * p->dil_h < p->in_h && iw0 >= 0 &&
                       iw0 + (p->k_w - 1) * p->dil_w < p->in_w;
    int32_t j = 0;
    for (int32_t ic = 0; ic < in_cpg; ++ic) {
        const int8_t *x_c = in_group + ic * in_plane;
        for (int32_t kh = 0; kh < p->k_h; ++kh) {
            const int32_t ih = ih0 + kh * p->dil_h;
            if (inside) {
                const int8_t *row = x_c + ih * p->in_w + iw0;
                for (int32_t kw = 0; kw < p->k_w; ++kw, ++j)
                    col[column_slot(j)] = (int16_t)(row[kw * p->dil_w] + offset);
                continue;
            }
            const int row_ok = ih >= 0 && ih < p->in_h;
            for (int32_t kw = 0; kw < p->k_w; ++kw, ++j) {
                const int32_t iw = iw0 + kw * p->dil_w;
                col[column_slot(j)] =
                    (int16_t)(row_ok && iw >= 0 && iw < p->in_w ? x_c[ih * p->in_w + iw] + offset : 0);
            }
        }
    }
    for (; j < k_padded; ++j)
        col[column_slot(j)] = 0;
}

/** The input offset of the window origin of output position `pixel` within a channel plane, or -1 when the
 *  window has a padded tap. */
static inline int32_t window_origin(const caps_conv2d_s8_params_t *p, int32_t pixel) {
    int32_t ih0, iw0;
    window_start(p, pixel, &ih0, &iw0);
    if (ih0 < 0 || ih0 + (p->k_h - 1) * p->dil_h >= p->in_h || iw0 < 0 || iw0 + (p->k_w - 1) * p->dil_w >= p->in_w)
        return -1;
    return ih0 * p->in_w + iw0;
}

/** Taps j .. j + n - 1 of a column from the bytes x[0 .. n) (+ input_offset, `offsets` holding it in both
 *  halfwords); four taps from a multiple of 4 on take one word load and two SXTAB16s. Returns j + n. */
static inline int32_t column_run(int16_t *col, int32_t j, const int8_t *x, int32_t n, uint32_t offsets, int32_t offset) {
    const int32_t end = j + n;
    for (; j < end && (j & 3) != 0; ++j, ++x)
        col[column_slot(j)] = (int16_t)(*x + offset);
    uint32_t *words = (uint32_t *)(void *)(col + j);
    for (; j + 4 <= end; j += 4, x += 4, words += 2) {
        const uint32_t v = caps_arm_load32(x);
        words[0] = caps_arm_sxtab16(offsets, v);
        words[1] = caps_arm_sxtab16_ror8(offsets, v);
    }
    for (; j < end; ++j, ++x)
        col[column_slot(j)] = (int16_t)(*x + offset);
    return end;
}

/** Taps j .. j + n - 1 of a column set to 0 (padding). Returns j + n. */
static inline int32_t column_zeros(int16_t *col, int32_t j, int32_t n) {
    const int32_t end = j + n;
    for (; j < end; ++j)
        col[column_slot(j)] = 0;
    return end;
}

/** The column of output position `pixel` of an NHWC layer, taps in the weights' [k_h][k_w][in_c / groups] order;
 *  in_group points at the group's first channel of the batch item's first input position. */
static void im2col_hwc(const caps_conv2d_s8_params_t *p,
                       const int8_t *in_group,
                       int32_t in_cpg,
                       int32_t pixel,
                       int32_t k_padded,
                       int16_t *col) {
    int32_t ih0, iw0;
    window_start(p, pixel, &ih0, &iw0);
    const int32_t offset = p->input_offset, in_c = p->in_c, row_bytes = p->in_w * in_c;
    const uint32_t half = (uint32_t)offset & 0xffffu, offsets = half | (half << 16);
    /* one group and an undilated row inside the input: a window row is k_w * in_c consecutive bytes */
    const int whole_rows = in_cpg == in_c && p->dil_w == 1 && iw0 >= 0 && iw0 + p->k_w <= p->in_w;
    int32_t j = 0;
    for (int32_t kh = 0; kh < p->k_h; ++kh) {
        const int32_t ih = ih0 + kh * p->dil_h;
        if (ih < 0 || ih >= p->in_h) {
            j = column_zeros(col, j, p->k_w * in_cpg);
            continue;
        }
        const int8_t *row = in_group + ih * row_bytes;
        if (whole_rows) {
            j = column_run(col, j, row + iw0 * in_c, p->k_w * in_c, offsets, offset);
            continue;
        }
        for (int32_t kw = 0; kw < p->k_w; ++kw) {
            const int32_t iw = iw0 + kw * p->dil_w;
            j = iw < 0 || iw >= p->in_w ? column_zeros(col, j, in_cpg)
                                        : column_run(col, j, row + iw * in_c, in_cpg, offsets, offset);
        }
    }
    column_zeros(col, j, k_padded - j);
}

/**
 * The columns of output positions pixel and pixel + 1 into col0 and col1 (pixel + 1 < out_h * out_w). When both
 * windows lie inside the input, the second is the first moved by a constant `step` bytes, so one walk over the
 * taps fills both: a 1x1 convolution whose two positions are adjacent bytes reads four channels as four
 * halfwords and forms both columns' words with SXTAB16; other kernels write tap by tap. Otherwise each column is
 * gathered by im2col.
 */
static void im2col_pair(const caps_conv2d_s8_params_t *p,
                        const int8_t *in_group,
                        int32_t in_cpg,
                        int32_t pixel,
                        int32_t k_padded,
                        int16_t *col0,
                        int16_t *col1) {
    const int32_t o0 = window_origin(p, pixel), o1 = window_origin(p, pixel + 1);
    if (o0 < 0 || o1 < 0) {
        im2col(p, in_group, in_cpg, pixel, k_padded, col0);
        im2col(p, in_group, in_cpg, pixel + 1, k_padded, col1);
        return;
    }
    const int32_t in_plane = p->in_h * p->in_w, offset = p->input_offset, step = o1 - o0;
    const int8_t *origin = in_group + o0;
    int32_t j = 0;
    if (p->k_h == 1 && p->k_w == 1 && step == 1) {
        const uint32_t half = (uint32_t)offset & 0xffffu, offsets = half | (half << 16);
        uint32_t *w0 = (uint32_t *)(void *)col0, *w1 = (uint32_t *)(void *)col1;
        for (; j + 4 <= in_cpg; j += 4, w0 += 2, w1 += 2) {
            const int8_t *x = origin + j * in_plane;
            uint16_t h0, h1, h2, h3;
            memcpy(&h0, x, 2);
            memcpy(&h1, x + in_plane, 2);
            memcpy(&h2, x + 2 * in_plane, 2);
            memcpy(&h3, x + 3 * in_plane, 2);
            const uint32_t x02 = (uint32_t)h0 | ((uint32_t)h2 << 16), x13 = (uint32_t)h1 | ((uint32_t)h3 << 16);
            w0[0] = caps_arm_sxtab16(offsets, x02);
            w0[1] = caps_arm_sxtab16(offsets, x13);
            w1[0] = caps_arm_sxtab16_ror8(offsets, x02);
            w1[1] = caps_arm_sxtab16_ror8(offsets, x13);
        }
        for (; j < in_cpg; ++j) {
            const int8_t *x = origin + j * in_plane;
            col0[column_slot(j)] = (int16_t)(x[0] + offset);
            col1[column_slot(j)] = (int16_t)(x[1] + offset);
        }
    } else {
        const int32_t row_step = p->dil_h * p->in_w, dil_w = p->dil_w;
        for (int32_t ic = 0; ic < in_cpg; ++ic) {
            const int8_t *row = origin + ic * in_plane;
            for (int32_t kh = 0; kh < p->k_h; ++kh, row += row_step) {
                for (int32_t kw = 0; kw < p->k_w; ++kw, ++j) {
                    const int8_t *x = row + kw * dil_w;
                    const int32_t slot = column_slot(j);
                    col0[slot] = (int16_t)(x[0] + offset);
                    col1[slot] = (int16_t)(x[step] + offset);
                }
            }
        }
    }
    for (; j < k_padded; ++j) {
        col0[column_slot(j)] = 0;
        col1[column_slot(j)] = 0;
    }
}

/**
 * a[2 * channel + position] += the products of n >= 1 groups of four taps: channel a's weights at w, channel b's
 * at w + w_step, position 0's column at c, position 1's at c + c_step bytes. Each weight word feeds 4 SMLADs
 * (2 positions x its 2 halfword pairs), each column word 2 (2 channels): 16 MACs in 18 instructions (6 loads,
 * 4 extensions, 8 SMLADs) plus the count every two groups. In assembly because the loop needs 14 registers, and
 * GCC 12 spills one when it schedules the C version itself.
 */
static inline __attribute__((always_inline)) void
dot_2x2_groups_inline(const int8_t *w, int32_t w_step, const int16_t *c, int32_t c_step, int32_t n, int32_t a[4]) {
    int32_t a00 = a[0], a01 = a[1], a10 = a[2], a11 = a[3];
    uint32_t wa, wb, x, wa02, wb02;
#define DOT_2X2_GROUP                                                                                                  \
    "ldr %[wb], [%[w], %[ws]]\n\t"                                                                                       \
    "ldr %[wa], [%[w]], #4\n\t"                                                                                          \
    "sxtb16 %[wa02], %[wa]\n\t"                                                                                          \
    "sxtb16 %[wa], %[wa], ror #8\n\t"                                                                                    \
    "sxtb16 %[wb02], %[wb]\n\t"                                                                                          \
    "sxtb16 %[wb], %[wb], ror #8\n\t"                                                                                    \
    "ldr %[x], [%[c], %[cs]]\n\t"                                                                                        \
    "smlad %[a01], %[wa02], %[x], %[a01]\n\t"                                                                            \
    "smlad %[a11], %[wb02], %[x], %[a11]\n\t"                                                                            \
    "ldr %[x], [%[c]], #4\n\t"                                                                                           \
    "smlad %[a00], %[wa02], %[x], %[a00]\n\t"                                                                            \
    "smlad %[a10], %[wb02], %[x], %[a10]\n\t"                                                                            \
    "ldr %[x], [%[c], %[cs]]\n\t"                                                                                        \
    "smlad %[a01], %[wa], %[x], %[a01]\n\t"                                                                              \
    "smlad %[a11], %[wb], %[x], %[a11]\n\t"                                                                              \
    "ldr %[x], [%[c]], #4\n\t"                                                                                           \
    "smlad %[a00], %[wa], %[x], %[a00]\n\t"                                                                              \
    "smlad %[a10], %[wb], %[x], %[a10]\n\t"
    /* an odd group first, then two per iteration */
    __asm__ volatile("tst %[n], #1\n\t"
                     "beq 2f\n\t" DOT_2X2_GROUP "subs %[n], %[n], #1\n\t"
                     "beq 3f\n"
                     "2:\n\t" DOT_2X2_GROUP DOT_2X2_GROUP "subs %[n], %[n], #2\n\t"
                     "bne 2b\n"
                     "3:"
                     : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [w] "+r"(w), [c] "+r"(c),
                       [n] "+r"(n), [wa] "=&r"(wa), [wb] "=&r"(wb), [x] "=&r"(x), [wa02] "=&r"(wa02),
                       [wb02] "=&r"(wb02)
                     : [ws] "r"(w_step), [cs] "r"(c_step)
                     : "cc", "memory");
    a[0] = a00;
    a[1] = a01;
    a[2] = a10;
    a[3] = a11;
#undef DOT_2X2_GROUP
}

static __attribute__((noinline)) void
dot_2x2_groups(const int8_t *w, int32_t w_step, const int16_t *c, int32_t c_step, int32_t n, int32_t a[4]) {
    dot_2x2_groups_inline(w, w_step, c, c_step, n, a);
}

/** acc[4 * q .. 4 * q + 3] = the sums of channel pairs q = 0 .. pairs - 1 (channels 2q and 2q + 1, weights k bytes
 *  apart from w + 2 q k) at both columns, over n groups of four taps: one call for a chunk's channels instead of
 *  one per pair. */
static __attribute__((noinline)) void
dot_2x2_pairs(const int8_t *w, int32_t k, const int16_t *c, int32_t c_step, int32_t n, int32_t pairs, int32_t *acc) {
    for (; pairs > 0; --pairs, w += 2 * k, acc += 4) {
        acc[0] = acc[1] = acc[2] = acc[3] = 0;
        dot_2x2_groups_inline(w, k, c, c_step, n, acc);
    }
}

/** a[4] += the products of the last k % 4 taps (weights zero-extended to a word; the columns are zero beyond k),
 *  with dot_2x2_groups' operands. */
static void dot_2x2_rest(const int8_t *w, int32_t w_step, const int16_t *c, int32_t c_step, int32_t k, int32_t a[4]) {
    const int32_t g = k / 4;
    int8_t words[2 * 4] = {0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(words, w + 4 * g, (size_t)(k % 4));
    memcpy(words + 4, w + w_step + 4 * g, (size_t)(k % 4));
    dot_2x2_groups(words, 4, c + 4 * g, c_step, 1, a);
}

/** a[4] = the exact sums of a 2x2 block over k <= 4 CHUNK_GROUPS taps (|sum| < 65536 * 255 * 128 < 2^31). */
static inline void dot_2x2(const int8_t *w, int32_t w_step, const int16_t *c, int32_t c_step, int32_t k, int32_t a[4]) {
    a[0] = a[1] = a[2] = a[3] = 0;
    if (k >= 4)
        dot_2x2_groups(w, w_step, c, c_step, k / 4, a);
    if (k % 4 != 0)
        dot_2x2_rest(w, w_step, c, c_step, k, a);
}

/** sums[4] of a 2x2 block over any k: int32 chunks of 4 CHUNK_GROUPS taps summed in int64. */
static void dot_2x2_long(const int8_t *w, int32_t w_step, const int16_t *c, int32_t c_step, int32_t k, int64_t sums[4]) {
    sums[0] = sums[1] = sums[2] = sums[3] = 0;
    for (int32_t t0 = 0; t0 < k; t0 += 4 * CHUNK_GROUPS) {
        int32_t a[4];
        dot_2x2(w + t0, w_step, c + t0, c_step, k - t0 < 4 * CHUNK_GROUPS ? k - t0 : 4 * CHUNK_GROUPS, a);
        for (int32_t t = 0; t < 4; ++t)
            sums[t] += a[t];
    }
}

/** The outputs of nc channels at one or two positions from their sums acc[2 * channel + position], written
 *  ch_step bytes apart per channel and px_step per position; the epilogue mode is tested once per channel. */
static __attribute__((noinline)) void epilogue_columns(const int32_t *acc, const caps_arm_epilogue_t *epi, int32_t nc, int two_pixels,
                             int32_t ch_step, int32_t px_step, const caps_conv2d_s8_params_t *p, int8_t *out) {
    const int32_t off = p->output_offset, lo = p->act_min, hi = p->act_max;
    for (int32_t j = 0; j < nc; ++j, out += ch_step) {
        const caps_arm_epilogue_t *e = &epi[j];
        if (e->mode == CAPS_ARM_EPILOGUE_SCALED) {
            const caps_arm_requant_small_t rq = e->rq;
            const int32_t y0 = caps_arm_requant_small_apply(acc[2 * j] + e->bias, rq) + off;
            out[0] = (int8_t)(y0 < lo ? lo : y0 > hi ? hi : y0);
            if (two_pixels) {
                const int32_t y1 = caps_arm_requant_small_apply(acc[2 * j + 1] + e->bias, rq) + off;
                out[px_step] = (int8_t)(y1 < lo ? lo : y1 > hi ? hi : y1);
            }
            continue;
        }
        out[0] = caps_arm_epilogue_apply(acc[2 * j], e, off, lo, hi);
        if (two_pixels)
            out[px_step] = caps_arm_epilogue_apply(acc[2 * j + 1], e, off, lo, hi);
    }
}

/** One row of three taps for two neighbouring outputs from the word x = (b0, b1, b2, b3) at the first one's
 *  window: acc0 += b0 w0 + b1 w1 + b2 w2, acc1 += b1 w0 + b2 w1 + b3 w2, with w02 = (w0, w2) halfwords and w1
 *  in the low halfword of w1. */
static inline void dw_row_pair(uint32_t x, uint32_t w02, uint32_t w1, int32_t *acc0, int32_t *acc1) {
    const uint32_t b02 = caps_arm_sxtb16(x), b13 = caps_arm_sxtb16_ror8(x);
    *acc0 = __smlabb((int32_t)b13, (int32_t)w1, caps_arm_smlad(b02, w02, *acc0));
    *acc1 = __smlatb((int32_t)b02, (int32_t)w1, caps_arm_smlad(b13, w02, *acc1));
}

/** The outputs of one channel of a 3x3 undilated depthwise layer with stride_w 1 over its padded plane, written
 *  `step` bytes apart: two outputs per step from one word of each of the three rows (an odd last output alone).
 *  Inlined once for the common epilogue mode, so that its loop holds no mode test. */
static inline __attribute__((always_inline)) void depthwise_3x3_body(const caps_conv2d_s8_params_t *p,
                                                                     const int8_t *plane,
                                                                     int32_t cols,
                                                                     const int8_t *w,
                                                                     int32_t offset_term,
                                                                     caps_arm_epilogue_t epi,
                                                                     int32_t mode,
                                                                     int32_t step,
                                                                     int8_t *out) {
    uint32_t w02[3], w1[3];
    for (int32_t t = 0; t < 3; ++t) {
        w02[t] = caps_arm_sxtb16((uint32_t)(uint8_t)w[3 * t] | ((uint32_t)(uint8_t)w[3 * t + 2] << 16));
        w1[t] = (uint32_t)(int32_t)w[3 * t + 1];
    }
    epi.mode = mode;
    const int32_t off = p->output_offset, lo = p->act_min, hi = p->act_max, out_h = p->out_h, out_w = p->out_w;
    const int32_t row_step = p->stride_h * cols;
    for (int32_t oh = 0; oh < out_h; ++oh) {
        const int8_t *r0 = plane + oh * row_step, *r1 = r0 + cols, *r2 = r1 + cols;
        int32_t ow = 0;
        for (; ow + 1 < out_w; ow += 2) {
            int32_t acc0 = offset_term, acc1 = offset_term;
            dw_row_pair(caps_arm_load32(r0 + ow), w02[0], w1[0], &acc0, &acc1);
            dw_row_pair(caps_arm_load32(r1 + ow), w02[1], w1[1], &acc0, &acc1);
            dw_row_pair(caps_arm_load32(r2 + ow), w02[2], w1[2], &acc0, &acc1);
            out[0] = caps_arm_epilogue_apply(acc0, &epi, off, lo, hi);
            out[step] = caps_arm_epilogue_apply(acc1, &epi, off, lo, hi);
            out += 2 * step;
        }
        if (ow < out_w) {
            const int32_t acc = r0[ow] * w[0] + r0[ow + 1] * w[1] + r0[ow + 2] * w[2] + r1[ow] * w[3] + r1[ow + 1] * w[4] +
                                r1[ow + 2] * w[5] + r2[ow] * w[6] + r2[ow + 1] * w[7] + r2[ow + 2] * w[8];
            *out = caps_arm_epilogue_apply(acc + offset_term, &epi, off, lo, hi);
            out += step;
        }
    }
}

static __attribute__((noinline)) void depthwise_3x3_rows(const caps_conv2d_s8_params_t *p,
                                                          const int8_t *plane,
                                                          int32_t cols,
                                                          const int8_t *w,
                                                          int32_t offset_term,
                                                          const caps_arm_epilogue_t *epi,
                                                          int32_t step,
                                                          int8_t *out) {
    if (epi->mode == CAPS_ARM_EPILOGUE_SCALED)
        depthwise_3x3_body(p, plane, cols, w, offset_term, *epi, CAPS_ARM_EPILOGUE_SCALED, step, out);
    else
        depthwise_3x3_body(p, plane, cols, w, offset_term, *epi, epi->mode, step, out);
}

/**
 * Depthwise convolution (one input and one output channel per group, window of at most 65536 taps, so the int32
 * sums are exact): no columns. Each channel is first copied into the scratch as a plane padded to every tap the
 * outputs read, the padding filled with -input_offset, so that a padded tap contributes (x + offset) w = 0 as the
 * reference kernel's skipped taps do; every window then sums x w over all its taps and adds offset * sum(w) once
 * (the same integer). 3x3 undilated windows keep their weights in registers. NHWC layers gather each channel's
 * plane with the channel stride and write its outputs out_c bytes apart.
 */
static void depthwise(const caps_conv2d_s8_params_t *p,
                      const int8_t *input,
                      const int8_t *weights,
                      const int32_t *bias,
                      const int32_t *multiplier,
                      const int32_t *shift,
                      int8_t *plane,
                      int8_t *output) {
    const int32_t taps = p->k_h * p->k_w;
    const int32_t rows = (int32_t)caps_ref_conv_span(p->out_h, p->stride_h, p->k_h, p->dil_h);
    const int32_t cols = (int32_t)caps_ref_conv_span(p->out_w, p->stride_w, p->k_w, p->dil_w);
    const int small3x3 = p->k_h == 3 && p->k_w == 3 && p->dil_h == 1 && p->dil_w == 1;
    const int8_t pad = (int8_t)-p->input_offset; /* in [-128, 127] */
    const int32_t max_sum = taps * 255 * 128;
    const int32_t off = p->output_offset, lo = p->act_min, hi = p->act_max;
    /* the input columns [c_lo, c_hi) of the plane are inside the input */
    const int32_t c_lo = p->pad_left < cols ? p->pad_left : cols;
    const int32_t c_hi = p->pad_left + p->in_w < cols ? p->pad_left + p->in_w : cols;
    const caps_ref_image_strides_t xs = caps_ref_image_strides(p->in_c, p->in_h, p->in_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    const caps_ref_image_strides_t ys = caps_ref_image_strides(p->out_c, p->out_h, p->out_w, p->layout & CAPS_LAYOUT_NHWC_OUT);
    const int32_t step = ys.w;
    for (int32_t b = 0; b < p->n; ++b) {
        for (int32_t c = 0; c < p->out_c; ++c) {
            const int8_t *x = input + b * xs.n + c * xs.c;
            int8_t *dst = plane;
            for (int32_t r = 0; r < rows; ++r) {
                const int32_t ih = r - p->pad_top;
                if (ih < 0 || ih >= p->in_h) {
                    for (int32_t q = 0; q < cols; ++q)
                        *dst++ = pad;
                    continue;
                }
                const int8_t *src = x + ih * xs.h - p->pad_left * xs.w;
                int32_t q = 0;
                for (; q < c_lo; ++q)
                    *dst++ = pad;
                if (xs.w == 1) {
                    memcpy(dst, src + q, (size_t)(c_hi - q));
                    dst += c_hi - q;
                    q = c_hi;
                }
                for (; q < c_hi; ++q)
                    *dst++ = src[q * xs.w];
                for (; q < cols; ++q)
                    *dst++ = pad;
            }
            const int8_t *w = weights + c * taps;
            int32_t w_sum = 0;
            for (int32_t t = 0; t < taps; ++t)
                w_sum += w[t];
            const caps_arm_epilogue_t epi = caps_arm_epilogue_make(bias != NULL ? bias[c] : 0, multiplier[c], shift[c], max_sum);
            const int32_t offset_term = p->input_offset * w_sum; /* |.| <= 128 * 128 * 65536 */
            int8_t *out = output + b * ys.n + c * ys.c;
            if (small3x3) {
                if (p->stride_w == 1) {
                    depthwise_3x3_rows(p, plane, cols, w, offset_term, &epi, step, out);
                    continue;
                }
                const int32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7],
                              w8 = w[8];
                for (int32_t oh = 0; oh < p->out_h; ++oh) {
                    const int8_t *r0 = plane + oh * p->stride_h * cols, *r1 = r0 + cols, *r2 = r1 + cols;
                    for (int32_t ow = 0; ow < p->out_w; ++ow, r0 += p->stride_w, r1 += p->stride_w, r2 += p->stride_w) {
                        const int32_t acc = r0[0] * w0 + r0[1] * w1 + r0[2] * w2 + r1[0] * w3 + r1[1] * w4 + r1[2] * w5 +
                                            r2[0] * w6 + r2[1] * w7 + r2[2] * w8;
                        *out = caps_arm_epilogue_apply(acc + offset_term, &epi, off, lo, hi);
                        out += step;
                    }
                }
                continue;
            }
            for (int32_t oh = 0; oh < p->out_h; ++oh) {
                for (int32_t ow = 0; ow < p->out_w; ++ow) {
                    const int8_t *origin = plane + oh * p->stride_h * cols + ow * p->stride_w;
                    int32_t acc = 0;
                    for (int32_t kh = 0; kh < p->k_h; ++kh) {
                        const int8_t *row = origin + kh * p->dil_h * cols;
                        for (int32_t kw = 0; kw < p->k_w; ++kw)
                            acc += row[kw * p->dil_w] * w[kh * p->k_w + kw];
                    }
                    *out = caps_arm_epilogue_apply(acc + offset_term, &epi, off, lo, hi);
                    out += step;
                }
            }
        }
    }
}

/** What conv_chunk needs of a generic convolution call. */
typedef struct {
    const caps_conv2d_s8_params_t *p;
    const int8_t *weights;
    int32_t k, k_padded, pixels;
    int32_t ch_step, px_step; /* output bytes between channels and between positions */
    int16_t *col0, *col1;
} conv_t;

/** The outputs of channels oc0 .. oc0 + nc - 1 (one chunk, epilogues in epi) at output positions pixel and
 *  pixel + 1 (when it exists), from the columns already gathered; out points at channel oc0, position pixel. */
static void conv_chunk(const conv_t *c, const caps_arm_epilogue_t *epi, int32_t oc0, int32_t nc, int32_t pixel, int8_t *out) {
    const caps_conv2d_s8_params_t *p = c->p;
    const int32_t k = c->k, off = p->output_offset, lo = p->act_min, hi = p->act_max;
    const int32_t ch_step = c->ch_step, px_step = c->px_step;
    const int two_pixels = pixel + 1 < c->pixels;
    const int32_t c_step = two_pixels ? c->k_padded * (int32_t)sizeof(int16_t) : 0; /* col1 - col0, bytes */
    int32_t acc[2 * EPILOGUE_CHUNK + 2]; /* [channel][position]; two spare for a lone last channel */
    int32_t j = 0;
    if (k <= 4 * CHUNK_GROUPS) {
        /* The pairs before the weight array's last channel load whole words past k (the bytes past k being the
         * next channel's weights times the columns' zero padding), all in one call. */
        int32_t pairs = nc / 2;
        if (oc0 + 2 * pairs >= p->out_c)
            --pairs;
        if (pairs > 0)
            dot_2x2_pairs(c->weights + oc0 * k, k, c->col0, c_step, c->k_padded / 4, pairs, acc);
        j = 2 * (pairs > 0 ? pairs : 0);
    }
    for (; j < nc; j += 2) {
        const int8_t *w = c->weights + (oc0 + j) * k;
        const int two_channels = j + 1 < nc;
        const int32_t w_step = two_channels ? k : 0; /* a lone channel is computed twice */
        if (k > 4 * CHUNK_GROUPS) {
            const caps_arm_epilogue_t *eb = &epi[two_channels ? j + 1 : j];
            int8_t *o = out + j * ch_step;
            int64_t sums[4];
            dot_2x2_long(w, w_step, c->col0, c_step, k, sums);
            o[0] = caps_arm_epilogue_apply(sums[0], &epi[j], off, lo, hi);
            if (two_pixels)
                o[px_step] = caps_arm_epilogue_apply(sums[1], &epi[j], off, lo, hi);
            if (two_channels) {
                o[ch_step] = caps_arm_epilogue_apply(sums[2], eb, off, lo, hi);
                if (two_pixels)
                    o[ch_step + px_step] = caps_arm_epilogue_apply(sums[3], eb, off, lo, hi);
            }
            continue;
        }
        int32_t *a = acc + 2 * j;
        if (oc0 + j + (two_channels ? 1 : 0) < p->out_c - 1) {
            /* Not the weight array's last channel: its k % 4 last taps load whole words, the bytes past k being
             * the next channel's weights times the columns' zero padding. */
            a[0] = a[1] = a[2] = a[3] = 0;
            dot_2x2_groups(w, w_step, c->col0, c_step, c->k_padded / 4, a);
        } else {
            dot_2x2(w, w_step, c->col0, c_step, k, a);
        }
    }
    if (k <= 4 * CHUNK_GROUPS)
        epilogue_columns(acc, epi, nc, two_pixels, ch_step, px_step, p, out);
}

caps_status_t caps_conv2d_s8(const caps_conv2d_s8_params_t *params,
                             const int8_t *input,
                             const int8_t *weights,
                             const int32_t *bias,
                             const int32_t *multiplier,
                             const int32_t *shift,
                             void *scratch,
                             int8_t *output) {
    if (caps_ref_check_conv2d_s8(params, input, weights, multiplier, shift, scratch, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_conv2d_s8_params_t *p = params;
    const int32_t in_cpg = p->in_c / p->groups, out_cpg = p->out_c / p->groups;
    const int32_t k = in_cpg * p->k_h * p->k_w, k_padded = (k + 3) / 4 * 4;
    const int32_t pixels = p->out_h * p->out_w;
    if (in_cpg == 1 && out_cpg == 1 && k <= CHUNK_GROUPS * 4) {
        depthwise(p, input, weights, bias, multiplier, shift, (int8_t *)scratch, output);
        return CAPS_OK;
    }
    conv_t c;
    c.p = p;
    c.weights = weights;
    c.k = k;
    c.k_padded = k_padded;
    c.pixels = pixels;
    c.ch_step = p->layout & CAPS_LAYOUT_NHWC_OUT ? 1 : pixels;
    c.px_step = p->layout & CAPS_LAYOUT_NHWC_OUT ? p->out_c : 1;
    c.col0 = (int16_t *)scratch;
    c.col1 = c.col0 + k_padded;
    const int64_t max_sum64 = (int64_t)k * 255 * 128;
    const int32_t max_sum = max_sum64 > INT32_MAX ? INT32_MAX : (int32_t)max_sum64;
    /* The channels' epilogues are prepared on the stack, EPILOGUE_CHUNK at a time. With more channels per group
     * than that, either the columns are gathered again for each chunk or the epilogues prepared again for each
     * pair of positions, whichever costs less (about 12 instructions per tap against 30 per channel; 1x1
     * layers gather four taps in about 14, NHWC layers in about 12). */
    /* With one input channel both layouts store the input (and the weights) alike: the NCHW gathers serve. */
    const int hwc_gather = (p->layout & CAPS_LAYOUT_NHWC_IN) && p->in_c > 1;
    const int32_t gather_cost = hwc_gather ? 3 * k : p->k_h * p->k_w == 1 ? 4 * k : 12 * k;
    const int chunks_outside = out_cpg > EPILOGUE_CHUNK && gather_cost < 30 * out_cpg;
    caps_arm_epilogue_t epi[EPILOGUE_CHUNK];
    for (int32_t b = 0; b < p->n; ++b) {
        for (int32_t g = 0; g < p->groups; ++g) {
            const int32_t group_step = p->layout & CAPS_LAYOUT_NHWC_IN ? in_cpg : in_cpg * p->in_h * p->in_w;
            const int8_t *in_group = input + b * p->in_c * p->in_h * p->in_w + g * group_step;
            int32_t prepared = -1; /* first channel of the chunk whose epilogues epi holds */
            for (int32_t outer = 0; outer < (chunks_outside ? out_cpg : 1); outer += EPILOGUE_CHUNK) {
                for (int32_t pixel = 0; pixel < pixels; pixel += 2) {
                    if (hwc_gather) {
                        im2col_hwc(p, in_group, in_cpg, pixel, k_padded, c.col0);
                        if (pixel + 1 < pixels)
                            im2col_hwc(p, in_group, in_cpg, pixel + 1, k_padded, c.col1);
                    } else if (pixel + 1 < pixels) {
                        im2col_pair(p, in_group, in_cpg, pixel, k_padded, c.col0, c.col1);
                    } else {
                        im2col(p, in_group, in_cpg, pixel, k_padded, c.col0);
                    }
                    for (int32_t c0 = outer; c0 < (chunks_outside ? outer + 1 : out_cpg); c0 += EPILOGUE_CHUNK) {
                        const int32_t nc = out_cpg - c0 < EPILOGUE_CHUNK ? out_cpg - c0 : EPILOGUE_CHUNK;
                        const int32_t oc0 = g * out_cpg + c0;
                        if (prepared != c0) {
                            for (int32_t j = 0; j < nc; ++j)
                                epi[j] = caps_arm_epilogue_make(bias != NULL ? bias[oc0 + j] : 0, multiplier[oc0 + j],
                                                                shift[oc0 + j], max_sum);
                            prepared = c0;
                        }
                        conv_chunk(&c, epi, oc0, nc, pixel,
                                   output + b * p->out_c * pixels + oc0 * c.ch_step + pixel * c.px_step);
                    }
                }
            }
        }
    }
    return CAPS_OK;
}

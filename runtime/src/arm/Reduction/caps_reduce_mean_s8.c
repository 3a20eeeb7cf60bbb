/**
 * @file caps_reduce_mean_s8.c
 * @brief caps_reduce_mean_s8 for the Arm DSP extension: when the reduced dims are the trailing ones (NCHW global
 *        average pooling over H and W), each output's elements are one contiguous run, summed four at a time with
 *        USADA8 on the bytes biased by 128; when they are a block of middle dims (NHWC global pooling: [n, h, w, c]
 *        over h and w), the rows of `inner` channels are summed down the block four channels at a time with
 *        SXTAB16 into halfword lanes (256 rows at most, |sum| <= 128 * 256, then widened); other reductions take
 *        the reference loop. The sum is exact in all, and the mean is the reference's rounding of it, so the
 *        output is bit-exact with ref/Reduction/caps_reduce_mean_s8.c.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_reduce.h"
#include "../../ref/internal/ref_s8.h"
#include "../internal/arm_dsp.h"

/** Runs summed per USADA8 accumulator: 2^24 bytes of at most 255 stay below 2^32. */
#define RUN_CHUNK ((int32_t)1 << 24)

/** The exact sum of n int8 values. */
static int64_t sum_s8(const int8_t *x, int32_t n) {
    int64_t total = 0;
    while (n > 0) {
        const int32_t m = n < RUN_CHUNK ? n : RUN_CHUNK;
        uint32_t biased = 0; /* sum of x + 128 */
        int32_t i = 0;
        for (; i + 4 <= m; i += 4)
            biased = __usada8(caps_arm_load32(x + i) ^ 0x80808080u, 0u, biased);
        for (; i < m; ++i)
            biased += (uint32_t)(x[i] + 128);
        total += (int64_t)biased - (int64_t)128 * m;
        x += m;
        n -= m;
    }
    return total;
}

/** Rows summed in halfword lanes before they are widened: 256 * 128 fits in int16. */
#define LANE_ROWS 256

/** out[c] = the mean of x[r * inner + c] over r < rows, for c < inner (the reference's rounding of the exact sum). */
static void mean_down_rows(const int8_t *x, int32_t rows, int32_t inner, int8_t *out) {
    int32_t c = 0;
    for (; c + 4 <= inner; c += 4) {
        int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int32_t r0 = 0; r0 < rows; r0 += LANE_ROWS) {
            const int32_t r1 = rows - r0 < LANE_ROWS ? rows : r0 + LANE_ROWS;
            uint32_t lanes02 = 0, lanes13 = 0; /* channels (c, c + 2) and (c + 1, c + 3) */
            const int8_t *p = x + r0 * inner + c;
            for (int32_t r = r0; r < r1; ++r, p += inner) {
                const uint32_t w = caps_arm_load32(p);
                lanes02 = caps_arm_sxtab16(lanes02, w);
                lanes13 = caps_arm_sxtab16_ror8(lanes13, w);
            }
            s0 += (int16_t)(lanes02 & 0xffffu);
            s2 += (int16_t)(lanes02 >> 16);
            s1 += (int16_t)(lanes13 & 0xffffu);
            s3 += (int16_t)(lanes13 >> 16);
        }
        out[c] = (int8_t)caps_ref_div_round_away(s0, rows);
        out[c + 1] = (int8_t)caps_ref_div_round_away(s1, rows);
        out[c + 2] = (int8_t)caps_ref_div_round_away(s2, rows);
        out[c + 3] = (int8_t)caps_ref_div_round_away(s3, rows);
    }
    for (; c < inner; ++c) {
        int64_t sum = 0;
        for (int32_t r = 0; r < rows; ++r)
            sum += x[r * inner + c];
        out[c] = (int8_t)caps_ref_div_round_away(sum, rows);
    }
}

caps_status_t caps_reduce_mean_s8(const caps_reduce_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_reduce(params, input, output) != CAPS_OK || params->axes_mask == 0)
        return caps_ref_reduce_s8(params, input, output, CAPS_REF_REDUCE_MEAN);
    /* the reduced dims one block [lo, hi]: the input is [outer, rows, inner] */
    const uint32_t mask = (uint32_t)params->axes_mask;
    int32_t lo = 0, hi = params->rank - 1;
    while (!(mask >> lo & 1u))
        ++lo;
    while (!(mask >> hi & 1u))
        --hi;
    if (mask != (((2u << hi) - 1u) & ~((1u << lo) - 1u)))
        return caps_ref_reduce_s8(params, input, output, CAPS_REF_REDUCE_MEAN);
    int32_t outer = 1, rows = 1, inner = 1; /* products of checked dims: each within the element count */
    for (int32_t d = 0; d < params->rank; ++d)
        *(d < lo ? &outer : d <= hi ? &rows : &inner) *= params->in_dims[d];
    for (int32_t o = 0; o < outer; ++o) {
        const int8_t *x = input + o * rows * inner;
        if (inner == 1)
            output[o] = (int8_t)caps_ref_div_round_away(sum_s8(x, rows), rows);
        else
            mean_down_rows(x, rows, inner, output + o * inner);
    }
    return CAPS_OK;
}

/**
 * @file caps_reduce_mean_s8.c
 * @brief caps_reduce_mean_s8 for the Arm DSP extension: when the reduced dims are the trailing ones (global
 *        average pooling over H and W), each output's elements are one contiguous run, summed four at a time with
 *        USADA8 on the bytes biased by 128; other reductions take the reference loop. The sum is exact in both,
 *        and the mean is the reference's rounding of it, so the output is bit-exact with
 *        ref/Reduction/caps_reduce_mean_s8.c.
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

caps_status_t caps_reduce_mean_s8(const caps_reduce_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_reduce(params, input, output) != CAPS_OK || params->axes_mask == 0)
        return caps_ref_reduce_s8(params, input, output, CAPS_REF_REDUCE_MEAN);
    /* the reduced dims trailing: the mask's bits are the top red_rank bits below rank */
    caps_ref_reduce_plan_t plan;
    caps_ref_reduce_plan(params, &plan);
    const uint32_t trailing = ((1u << params->rank) - 1u) & ~((1u << plan.kept_rank) - 1u);
    if ((uint32_t)params->axes_mask != trailing)
        return caps_ref_reduce_s8(params, input, output, CAPS_REF_REDUCE_MEAN);
    const int32_t count = plan.red_count, outputs = caps_ref_shape_count(plan.kept_rank, plan.kept_dims, 0);
    for (int32_t o = 0; o < outputs; ++o)
        output[o] = (int8_t)caps_ref_div_round_away(sum_s8(input + o * count, count), count);
    return CAPS_OK;
}

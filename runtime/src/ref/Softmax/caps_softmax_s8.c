/**
 * @file caps_softmax_s8.c
 * @brief caps_softmax_s8 - int8 softmax over one axis with TFLite's reference int8 semantics.
 *
 * The tensor is viewed as [outer, axis_size, inner]; each of the outer * inner lines (elements axis_size apart
 * by inner) is transformed as TFLite's reference_ops::Softmax<int8_t, int8_t> (output scale 1/256, zero point
 * -128), integer arithmetic only:
 *   mx   = max over the line;
 *   for each x with diff = x - mx >= diff_min:
 *        a = SRDHM(diff * 2^input_left_shift, input_multiplier)      exp argument, Q5.26
 *        sum += RoundingDivideByPOT(exp_on_negative_values(a), 12)   sum of exps, Q12.19
 *   r, b = GetReciprocal(sum, 12)                                   1 / sum = r 2^-b, r in Q0.31
 *   y    = clamp(RoundingDivideByPOT(SRDHM(r, exp(a)), b + 23) - 128, -128, 127), -128 where diff < diff_min.
 * The sum saturates instead of wrapping (only reachable with more than 4095 elements on the axis). Each input
 * element is read before the output element at its position is written, so the output may be the input.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

#include "../internal/ref_fixedpoint.h"
#include "../internal/ref_util.h"

/** The exp argument of a difference diff (<= 0) to the line maximum, Q5.26. */
static int32_t scaled_diff(const caps_softmax_s8_params_t *p, int32_t diff) {
    return caps_ref_doubling_high_mul(caps_ref_mul_by_pot(diff, p->input_left_shift), p->input_multiplier);
}

/**
 * int8 softmax; see capsrt.h.
 * @param params outer, axis_size, inner > 0 (product <= INT32_MAX); input_multiplier >= 0, input_left_shift in
 *               [0, 31], diff_min <= 0 (caps_softmax_s8_prepare)
 * @param input  [outer, axis_size, inner], any zero point
 * @param output [outer, axis_size, inner], scale 1/256, zero point -128; may be input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters (nothing is written then)
 */
caps_status_t caps_softmax_s8(const caps_softmax_s8_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_softmax_s8(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_softmax_s8_params_t *p = params;
    const int32_t step = p->inner;
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->inner; ++i) {
            const int32_t base = o * p->axis_size * p->inner + i;
            const int8_t *x = input + base;
            int8_t *y = output + base;
            int32_t mx = x[0];
            for (int32_t a = 1; a < p->axis_size; ++a) {
                if (x[a * step] > mx)
                    mx = x[a * step];
            }
            int32_t sum = 0; /* Q12.19 */
            for (int32_t a = 0; a < p->axis_size; ++a) {
                const int32_t diff = (int32_t)x[a * step] - mx;
                if (diff >= p->diff_min) {
                    const int32_t e = caps_ref_exp_on_negative_values(scaled_diff(p, diff));
                    sum = caps_ref_sat32((int64_t)sum + caps_ref_mul_by_pot(e, -12));
                }
            }
            int32_t bits_over_unit = 0;
            const int32_t scale = caps_ref_get_reciprocal(sum, 12, &bits_over_unit);
            for (int32_t a = 0; a < p->axis_size; ++a) {
                const int32_t diff = (int32_t)x[a * step] - mx;
                int32_t out = -128;
                if (diff >= p->diff_min) {
                    const int32_t e = caps_ref_exp_on_negative_values(scaled_diff(p, diff));
                    const int32_t unsat =
                        caps_ref_mul_by_pot(caps_ref_doubling_high_mul(scale, e), -(bits_over_unit + 31 - 8));
                    out = caps_ref_clamp(caps_ref_sat32((int64_t)unsat - 128), -128, 127);
                }
                y[a * step] = (int8_t)out;
            }
        }
    }
    return CAPS_OK;
}

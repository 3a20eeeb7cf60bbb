/**
 * @file caps_softmax_s8.c
 * @brief caps_softmax_s8 for the Arm DSP extension: TFLite's int8 softmax as ref/Softmax/caps_softmax_s8.c, with
 *        the fixed-point exp, the saturating sum (QADD) and the rounding shifts inline (arm_fixedpoint.h).
 *        Bit-exact with the reference.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_s8.h"

#include "../internal/arm_fixedpoint.h"

/** The exp argument of diff (in [-255, 0]) in Q5.26: SRDHM(diff * 2^left_shift saturated, multiplier >= 0). */
static inline int32_t scaled_diff(int32_t diff, int32_t left_shift, int32_t multiplier) {
    const int32_t shifted = left_shift <= 23 ? diff * ((int32_t)1 << left_shift) : caps_ref_mul_by_pot(diff, left_shift);
    return caps_arm_dhm(shifted, multiplier); /* multiplier >= 0: never INT32_MIN * INT32_MIN */
}

caps_status_t caps_softmax_s8(const caps_softmax_s8_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_softmax_s8(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_softmax_s8_params_t *p = params;
    const int32_t step = p->inner, ls = p->input_left_shift, mult = p->input_multiplier, diff_min = p->diff_min;
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->inner; ++i) {
            const int32_t base = o * p->axis_size * p->inner + i;
            const int8_t *x = input + base;
            int8_t *y = output + base;
            int32_t mx = x[0];
            for (int32_t a = 1; a < p->axis_size; ++a)
                mx = x[a * step] > mx ? x[a * step] : mx;
            int32_t sum = 0; /* Q12.19, saturating */
            for (int32_t a = 0; a < p->axis_size; ++a) {
                const int32_t diff = (int32_t)x[a * step] - mx;
                if (diff >= diff_min)
                    sum = __qadd(sum, caps_arm_rounding_divide_by_pot(
                                          caps_arm_exp_on_negative_values(scaled_diff(diff, ls, mult)), 12));
            }
            int32_t bits_over_unit = 0;
            const int32_t scale = caps_ref_get_reciprocal(sum, 12, &bits_over_unit);
            const int32_t n = bits_over_unit + 31 - 8; /* in [4, 34] */
            for (int32_t a = 0; a < p->axis_size; ++a) {
                const int32_t diff = (int32_t)x[a * step] - mx;
                int8_t out = -128;
                if (diff >= diff_min) {
                    const int32_t e = caps_arm_exp_on_negative_values(scaled_diff(diff, ls, mult));
                    const int32_t prod = caps_arm_dhm(scale, e); /* both >= 0 */
                    const int32_t unsat = n >= 1 && n <= 31 ? caps_arm_rounding_divide_by_pot(prod, n)
                                                            : caps_ref_mul_by_pot(prod, -n);
                    out = caps_arm_ssat8(unsat - 128); /* unsat >= 0 */
                }
                y[a * step] = out;
            }
        }
    }
    return CAPS_OK;
}

/**
 * @file caps_fc_s8.c
 * @brief caps_fc_s8 for the Arm DSP extension: two output features at a time, the input row offset and
 *        sign-extended by SXTAB16 as it is read, SMLAD with the SXTB16 halves of each weight word. Bit-exact with
 *        ref/MatMul/caps_fc_s8.c: same checks, exact sums (int32 over chunks of 65536 taps, |(x + offset) * w| <=
 *        255 * 128, then int64), same bias, saturation, requantization and clamp.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_quant.h"
#include "../../ref/internal/ref_s8.h"
#include "../internal/arm_dsp.h"

#define CHUNK_GROUPS 16384 /* 65536 taps per int32 sum */

/** sums[0..1] = dot(x + offset, wa / wb) over k taps, exact. */
static void dot_1x2(const int8_t *x, const int8_t *wa, const int8_t *wb, int32_t k, uint32_t offsets, int64_t sums[2]) {
    const int32_t groups = k / 4, rest = k % 4;
    int64_t sa = 0, sb = 0;
    int32_t q = 0;
    while (q < groups) {
        const int32_t end = groups - q > CHUNK_GROUPS ? q + CHUNK_GROUPS : groups;
        int32_t a = 0, b = 0;
        for (; q < end; ++q) {
            const uint32_t xw = caps_arm_load32(x + 4 * q);
            const uint32_t x02 = caps_arm_sxtab16(offsets, xw), x13 = caps_arm_sxtab16_ror8(offsets, xw);
            const uint32_t wa_word = caps_arm_load32(wa + 4 * q), wb_word = caps_arm_load32(wb + 4 * q);
            a = caps_arm_smlad(caps_arm_sxtb16(wa_word), x02, a);
            a = caps_arm_smlad(caps_arm_sxtb16_ror8(wa_word), x13, a);
            b = caps_arm_smlad(caps_arm_sxtb16(wb_word), x02, b);
            b = caps_arm_smlad(caps_arm_sxtb16_ror8(wb_word), x13, b);
        }
        sa += a;
        sb += b;
    }
    if (rest) { /* zero weights beyond k: the offset input there contributes nothing */
        uint32_t xw = 0, wa_word = 0, wb_word = 0;
        memcpy(&xw, x + 4 * groups, (size_t)rest);
        memcpy(&wa_word, wa + 4 * groups, (size_t)rest);
        memcpy(&wb_word, wb + 4 * groups, (size_t)rest);
        const uint32_t x02 = caps_arm_sxtab16(offsets, xw), x13 = caps_arm_sxtab16_ror8(offsets, xw);
        sa += caps_arm_smlad(caps_arm_sxtb16_ror8(wa_word), x13, caps_arm_smlad(caps_arm_sxtb16(wa_word), x02, 0));
        sb += caps_arm_smlad(caps_arm_sxtb16_ror8(wb_word), x13, caps_arm_smlad(caps_arm_sxtb16(wb_word), x02, 0));
    }
    sums[0] = sa;
    sums[1] = sb;
}

caps_status_t caps_fc_s8(const caps_fc_s8_params_t *params,
                         const int8_t *input,
                         const int8_t *weights,
                         const int32_t *bias,
                         const int32_t *multiplier,
                         const int32_t *shift,
                         int8_t *output) {
    if (caps_ref_check_fc_s8(params, input, weights, multiplier, shift, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_fc_s8_params_t *p = params;
    const uint32_t half = (uint32_t)p->input_offset & 0xffffu, offsets = half | (half << 16);
    const int64_t max_sum64 = (int64_t)p->k * 255 * 128; /* |(x + input_offset) w| <= 255 * 128 */
    const int32_t max_sum = max_sum64 > INT32_MAX ? INT32_MAX : (int32_t)max_sum64;
    for (int32_t i = 0; i < p->m; ++i) {
        const int8_t *x = input + i * p->k;
        for (int32_t j = 0; j < p->n; j += 2) {
            const int two = j + 1 < p->n;
            const int32_t jb = two ? j + 1 : j; /* a lone feature is computed twice, written once */
            int64_t sums[2];
            dot_1x2(x, weights + j * p->k, weights + jb * p->k, p->k, offsets, sums);
            for (int32_t t = 0; t <= (two ? 1 : 0); ++t) {
                const int32_t f = j + t;
                const caps_arm_epilogue_t e =
                    caps_arm_epilogue_make(bias != NULL ? bias[f] : 0, multiplier[f], shift[f], max_sum);
                output[i * p->n + f] = caps_arm_epilogue_apply(sums[t], &e, p->output_offset, p->act_min, p->act_max);
            }
        }
    }
    return CAPS_OK;
}
